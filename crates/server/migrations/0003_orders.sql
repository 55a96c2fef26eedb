-- Orders (service orders and micro-wishes) with the client's UUID as their id, and their
-- timelines. Times here are Unix milliseconds: the list cursor orders by them.

CREATE TABLE orders (
    id             TEXT PRIMARY KEY,       -- the client's UUID
    community_id   TEXT NOT NULL REFERENCES communities (id),
    owner_id       TEXT NOT NULL REFERENCES users (id),
    kind           TEXT NOT NULL CHECK (kind IN ('service', 'wish')),
    service_id     TEXT REFERENCES services (id),
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    address        TEXT,
    contact_phone  TEXT,
    preferred_time TEXT,
    attributes     TEXT NOT NULL,          -- JSON object
    status         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    assignee_id    TEXT REFERENCES users (id),
    rating         INTEGER,
    -- Hash of the create request: a retry with the same body is the same order.
    request_hash   TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX orders_by_update ON orders (community_id, updated_at, id);
CREATE INDEX orders_by_owner ON orders (owner_id);
CREATE INDEX orders_by_assignee ON orders (assignee_id);

CREATE TABLE order_events (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    id       TEXT NOT NULL UNIQUE,
    order_id TEXT NOT NULL REFERENCES orders (id),
    at       INTEGER NOT NULL,
    status   TEXT NOT NULL,
    action   TEXT NOT NULL,
    by_role  TEXT NOT NULL,
    note     TEXT
);
CREATE INDEX order_events_by_order ON order_events (order_id, seq);
