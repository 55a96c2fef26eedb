-- The community, its grids, the people who use Yizhan, and how they sign in.
-- Times are Unix seconds (UTC): comparisons in SQL stay simple; the API formats RFC 3339.

CREATE TABLE communities (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    district     TEXT NOT NULL,
    hotline      TEXT NOT NULL,
    announcement TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL
);

CREATE TABLE grids (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    name         TEXT NOT NULL,
    area         TEXT NOT NULL,
    -- Order within the community: "the community's first grid" receives new residents.
    position     INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    phone        TEXT NOT NULL UNIQUE,   -- 11-digit mainland mobile, normalised
    name         TEXT NOT NULL,
    community_id TEXT NOT NULL REFERENCES communities (id),
    grid_id      TEXT REFERENCES grids (id),
    address      TEXT,
    created_at   INTEGER NOT NULL
);

-- Every user is a resident; further roles are rows here.
CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('resident', 'volunteer', 'dispatcher', 'admin')),
    PRIMARY KEY (user_id, role)
);

-- One-time codes, stored hashed. Rows are kept for an hour to count the per-phone limit.
CREATE TABLE sign_in_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    phone      TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX sign_in_codes_by_phone ON sign_in_codes (phone, created_at);

-- Wrong codes in a row, per phone; five lock the phone for a while.
CREATE TABLE sign_in_failures (
    phone        TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until INTEGER
);

-- Bearer tokens, stored hashed: a stolen database does not sign anyone in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_by_user ON sessions (user_id);
