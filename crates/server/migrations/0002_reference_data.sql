-- Reference data residents read (and cache on the device): grid contacts, stations and the
-- service catalogue. Nested lists that are only ever read whole are JSON text.

CREATE TABLE contacts (
    id         TEXT PRIMARY KEY,
    grid_id    TEXT NOT NULL REFERENCES grids (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('grid_worker', 'party_secretary', 'police', 'property',
                                             'doctor', 'volunteer_lead', 'cadre', 'other')),
    title      TEXT NOT NULL,
    phone      TEXT NOT NULL,
    wechat     TEXT,
    duty_hours TEXT,
    note       TEXT
);
CREATE INDEX contacts_by_grid ON contacts (grid_id, position);

CREATE TABLE stations (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    address      TEXT NOT NULL,
    lat          REAL,
    lng          REAL,
    phone        TEXT NOT NULL,
    open_hours   TEXT NOT NULL,  -- JSON: [{"days":[1..7],"open":"08:30","close":"20:30"}]
    amenities    TEXT NOT NULL,  -- JSON: ["charging", ...]
    updated_at   INTEGER NOT NULL
);

CREATE TABLE services (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    position     INTEGER NOT NULL,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('direct', 'proxy', 'special')),
    description  TEXT NOT NULL,
    sla_hours    INTEGER,
    fields       TEXT NOT NULL,  -- JSON: the contract's [Field]
    active       INTEGER NOT NULL DEFAULT 1,
    updated_at   INTEGER NOT NULL,
    UNIQUE (community_id, code)
);
