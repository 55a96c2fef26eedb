-- Volunteer duty rotas and who signed up. Times are Unix seconds.
CREATE TABLE shifts (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    title        TEXT NOT NULL,
    team         TEXT NOT NULL,
    station_id   TEXT REFERENCES stations (id),
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL CHECK (ends_at > starts_at),
    capacity     INTEGER NOT NULL CHECK (capacity > 0),
    cancelled    INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX shifts_by_start ON shifts (community_id, starts_at);

CREATE TABLE shift_signups (
    shift_id   TEXT NOT NULL REFERENCES shifts (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (shift_id, user_id)
);
