-- Issue 13: cursors that follow commit order, tombstones for whoever held an order, the
-- fingerprint of a create as it was sent, and facts about the database itself.

-- The change sequence: every write to an order takes the next number inside its write
-- transaction, so the numbers are in commit order whatever the writers' clocks said. A
-- device resumes after the last number it stored and can miss nothing committed later.
ALTER TABLE orders ADD COLUMN seq INTEGER;
UPDATE orders SET seq = (
    SELECT ranked.n FROM (
        SELECT id, ROW_NUMBER() OVER (ORDER BY updated_at, id) AS n FROM orders
    ) AS ranked
    WHERE ranked.id = orders.id
);
CREATE UNIQUE INDEX orders_by_seq ON orders (seq);
CREATE INDEX orders_by_community_seq ON orders (community_id, seq);

-- The create request as the client sent it (canonical JSON, hashed): a resend is
-- recognised by what was sent, not by how this server version stores it. Orders made
-- before this column keep being recognised by `request_hash`.
ALTER TABLE orders ADD COLUMN request_fingerprint TEXT;

-- Everyone an order was ever sent to (dispatch) or who claimed it: when it leaves their
-- sight (declined, reopened, given to someone else) their device gets a tombstone.
CREATE TABLE order_holders (
    order_id TEXT NOT NULL REFERENCES orders (id),
    user_id  TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (order_id, user_id)
) WITHOUT ROWID;
INSERT INTO order_holders (order_id, user_id)
    SELECT id, assignee_id FROM orders WHERE assignee_id IS NOT NULL;

-- Facts about this database: whether it was seeded as the demo community.
CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO server_meta (key, value)
    SELECT 'demo_seeded', '1' FROM communities WHERE id = 'c-yuhua';

-- Sign-in attempts by client address and in all, for the budgets beyond one phone's:
-- one address asking codes for many phones, or guessing codes for many phones.
CREATE TABLE sign_in_attempts (
    scope TEXT NOT NULL,     -- 'addr:<ip>', or 'all'
    kind  TEXT NOT NULL,     -- 'code' (a code sent) or 'failure' (a wrong code)
    at    INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_by_scope ON sign_in_attempts (scope, kind, at);

-- The session a code signed in, so that a resend of the same code after a lost answer
-- signs in again (the earlier, unseen session revoked) instead of "wrong code".
ALTER TABLE sign_in_codes ADD COLUMN session_hash TEXT;

-- Sessions end after a while unused as well as at their absolute expiry.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;

-- What was done to people and their data, by whom: role grants, deletions, lockouts.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    actor_id TEXT,               -- the user who acted; NULL for the server itself
    action   TEXT NOT NULL,      -- 'roles_set', 'order_deleted', 'phone_locked', 'signed_out_everywhere'
    subject  TEXT NOT NULL,      -- whom or what it was done to (an id, a masked phone)
    detail   TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at);
