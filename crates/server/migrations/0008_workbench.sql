-- Issue 17: a staff workbench, and orders filed for residents who cannot file them.

-- Notices: several, each shown between two community dates (both included; NULL is
-- open-ended), pinned ones first. The community's one announcement becomes the first
-- of them; `GET /community` goes on answering `announcement` from the notices.
CREATE TABLE notices (
    community_id TEXT NOT NULL REFERENCES communities (id),
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    starts_on    TEXT,              -- YYYY-MM-DD
    ends_on      TEXT,              -- YYYY-MM-DD
    pinned       INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL,  -- Unix milliseconds: the newest of a second is first
    PRIMARY KEY (community_id, id)
) WITHOUT ROWID;
INSERT INTO notices (community_id, id, title, body, pinned, updated_at)
    SELECT id, 'announcement', '社区公告', trim(announcement), 1, updated_at * 1000
    FROM communities WHERE trim(announcement) <> '';

-- The notices show in two whole reads: `/notices`, and `/community` (its announcement).
INSERT INTO reference_versions (whole, version) VALUES ('notices', 0);
CREATE TRIGGER notices_insert_moves_notices AFTER INSERT ON notices BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole IN ('notices', 'community');
END;
CREATE TRIGGER notices_update_moves_notices AFTER UPDATE ON notices BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole IN ('notices', 'community');
END;
CREATE TRIGGER notices_delete_moves_notices AFTER DELETE ON notices BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole IN ('notices', 'community');
END;

-- Whether residents choose their own grid (`PUT /me`); otherwise staff set it.
ALTER TABLE communities ADD COLUMN residents_choose_grid INTEGER NOT NULL DEFAULT 0;

-- Shifts made together as a series, and whether those who signed up came (NULL: not
-- marked; an ended shift not marked counts in the record of service, one marked 0 not).
ALTER TABLE shifts ADD COLUMN series_id TEXT;
CREATE INDEX shifts_by_series ON shifts (series_id, starts_at) WHERE series_id IS NOT NULL;
ALTER TABLE shift_signups ADD COLUMN attended INTEGER;
ALTER TABLE shift_signups ADD COLUMN attendance_by TEXT REFERENCES users (id);
ALTER TABLE shift_signups ADD COLUMN attendance_at INTEGER;

-- People: an admin deactivates an account (its sessions end, its sign-in is refused);
-- the role grid_worker (网格员). A CHECK cannot be altered: the table is made anew.
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
CREATE TABLE user_roles_17 (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('resident', 'volunteer', 'grid_worker', 'dispatcher', 'admin')),
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_17 (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_17 RENAME TO user_roles;

-- Orders filed on a resident's behalf (事务代办): who filed them, and how the request
-- came ('phone', 'visit', 'counter'). The filer sees them as the owner does.
ALTER TABLE orders ADD COLUMN filed_by_id TEXT REFERENCES users (id);
ALTER TABLE orders ADD COLUMN filed_channel TEXT;
CREATE INDEX orders_by_filer ON orders (filed_by_id) WHERE filed_by_id IS NOT NULL;
