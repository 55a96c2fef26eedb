-- Issue 19, activities: what the service posts run every week, who signed up (a place,
-- or in line for one), and who came. Times are Unix seconds unless said.
CREATE TABLE activities (
    id               TEXT PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES communities (id),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    organiser        TEXT NOT NULL,
    station_id       TEXT REFERENCES stations (id),
    address          TEXT,
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL CHECK (ends_at > starts_at),
    signup_closes_at INTEGER NOT NULL CHECK (signup_closes_at <= starts_at),
    capacity         INTEGER NOT NULL CHECK (capacity > 0),
    audience         TEXT NOT NULL CHECK (audience IN ('everyone', 'elders', 'children_with_guardian')),
    cancelled        INTEGER NOT NULL DEFAULT 0,
    series_id        TEXT,                 -- the first activity of a repetition
    updated_at       INTEGER NOT NULL,
    CHECK (station_id IS NOT NULL OR address IS NOT NULL)
);
CREATE INDEX activities_by_start ON activities (community_id, starts_at);

-- One row per person coming: the account holder, or a child their guardian named.
-- `id` is the device's, so a resend is the same sign-up; `code` is what is shown at the
-- door, unique within the activity.
CREATE TABLE activity_signups (
    id              TEXT PRIMARY KEY,
    activity_id     TEXT NOT NULL REFERENCES activities (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    child_name      TEXT,
    state           TEXT NOT NULL CHECK (state IN ('confirmed', 'waitlisted')),
    created_ms      INTEGER NOT NULL,      -- Unix ms: first come, first served
    code            TEXT NOT NULL,
    checked_in_at   INTEGER,
    checked_in_by   TEXT REFERENCES users (id),
    UNIQUE (activity_id, code)
);
-- One sign-up per person coming, however many devices or ids ask.
CREATE UNIQUE INDEX activity_signups_once
    ON activity_signups (activity_id, user_id, COALESCE(child_name, ''));
CREATE INDEX activity_signups_by_person ON activity_signups (user_id);

-- The inbox's items may be about an activity (a place freed, a move, a cancellation) or,
-- for appointments, a booking. SQLite cannot change a CHECK: the table is made again.
CREATE TABLE inbox_again (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    order_id    TEXT,
    shift_id    TEXT,
    notice_id   TEXT,
    activity_id TEXT,
    booking_id  TEXT,
    title       TEXT NOT NULL,
    note        TEXT,
    at          INTEGER NOT NULL,
    read_at     INTEGER,
    seq         INTEGER NOT NULL UNIQUE,
    ring        TEXT NOT NULL DEFAULT 'waiting' CHECK (ring IN ('waiting', 'done')),
    ring_after  INTEGER NOT NULL DEFAULT 0,
    CHECK (order_id IS NOT NULL OR shift_id IS NOT NULL OR notice_id IS NOT NULL
           OR activity_id IS NOT NULL OR booking_id IS NOT NULL)
);
INSERT INTO inbox_again (id, user_id, kind, order_id, shift_id, notice_id, title, note, at,
                         read_at, seq, ring, ring_after)
    SELECT id, user_id, kind, order_id, shift_id, notice_id, title, note, at, read_at, seq,
           ring, ring_after
    FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_again RENAME TO inbox;
CREATE INDEX inbox_by_person ON inbox (user_id, seq);
CREATE INDEX inbox_unread ON inbox (user_id) WHERE read_at IS NULL;
CREATE INDEX inbox_to_ring ON inbox (ring_after) WHERE ring = 'waiting';
