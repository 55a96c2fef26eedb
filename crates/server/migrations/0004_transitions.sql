-- Transition ids the server has applied: a resent transition is answered, not applied twice.
CREATE TABLE order_transitions (
    id       TEXT PRIMARY KEY,   -- the client's UUID
    order_id TEXT NOT NULL REFERENCES orders (id),
    user_id  TEXT NOT NULL REFERENCES users (id),
    at       INTEGER NOT NULL
);
