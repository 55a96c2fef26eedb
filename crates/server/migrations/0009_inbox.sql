-- Issue 18: what people are told. One row per person per event and kind: its id is the
-- event's id and the person's, so a resent step, or two copies of it, tell nobody twice.
-- `seq` is the inbox's change sequence, taken inside the write transaction: a new item
-- and an item read (on any of the person's devices) both take the next number, and a
-- device pulls what changed after the number it last saw.
CREATE TABLE inbox (
    id       TEXT PRIMARY KEY,            -- '<event id>:<user id>'
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    order_id TEXT NOT NULL,
    title    TEXT NOT NULL,
    note     TEXT,
    at       INTEGER NOT NULL,            -- Unix milliseconds of the event
    read_at  INTEGER,
    seq      INTEGER NOT NULL UNIQUE
);
CREATE INDEX inbox_by_person ON inbox (user_id, seq);
CREATE INDEX inbox_unread ON inbox (user_id) WHERE read_at IS NULL;
