-- Issue 19, appointments (预约): things residents book in slots — a service at the post,
-- a home visit, equipment lent for days, a room for an hour — and the bookings. Times
-- are Unix seconds unless said.
CREATE TABLE bookables (
    id              TEXT PRIMARY KEY,
    community_id    TEXT NOT NULL REFERENCES communities (id),
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('consultation', 'home_visit', 'equipment', 'room')),
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    provider        TEXT NOT NULL,
    station_id      TEXT REFERENCES stations (id),
    address         TEXT,
    rules           TEXT NOT NULL,         -- JSON: core's Vec<SlotRule>
    capacity        INTEGER NOT NULL CHECK (capacity > 0),
    loan_days       INTEGER,
    ahead_days      INTEGER NOT NULL CHECK (ahead_days > 0),
    eligibility     TEXT NOT NULL DEFAULT '{}',  -- JSON: core's Eligibility
    retired         INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX bookables_by_community ON bookables (community_id, position);

-- One row per booking. `id` is the device's, so a resend is the same booking; one
-- person books a slot once however many ids ask. `holds_until` is when the unit it
-- takes is free again: the slot's end, or a loan's last day. A cancelled booking stays,
-- so that a late resend of it is answered rather than booked again.
CREATE TABLE bookings (
    id           TEXT PRIMARY KEY,
    bookable_id  TEXT NOT NULL REFERENCES bookables (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL CHECK (ends_at > starts_at),
    holds_until  INTEGER NOT NULL CHECK (holds_until >= ends_at),
    state        TEXT NOT NULL DEFAULT 'booked'
                 CHECK (state IN ('booked', 'done', 'no_show', 'cancelled')),
    created_ms   INTEGER NOT NULL,
    marked_by    TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX bookings_once ON bookings (bookable_id, user_id, starts_at)
    WHERE state != 'cancelled';
CREATE INDEX bookings_by_time ON bookings (bookable_id, starts_at);
CREATE INDEX bookings_by_person ON bookings (user_id, starts_at);

-- The year of birth, where the community holds it: a bookable thing for residents of
-- an age (the barber's visits, 80 and over) asks for it.
ALTER TABLE users ADD COLUMN birth_year INTEGER;
