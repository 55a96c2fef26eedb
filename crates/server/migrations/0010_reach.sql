-- Issue 18, reaching people beyond the inbox.
--
-- The inbox gets items about a shift (reminders, changes) or a notice, not only an
-- order, and, per item, whether it
-- still has to ring the person's phones: 'waiting' until the delivery loop claims it
-- ('done', before anything is sent: a crash loses a ring, never doubles one; the inbox
-- keeps the item either way), not before `ring_after` (Unix ms; quiet hours move it).
CREATE TABLE inbox_reach (
    id         TEXT PRIMARY KEY,            -- '<event id>:<user id>'
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    order_id   TEXT,
    shift_id   TEXT,
    notice_id  TEXT,
    title      TEXT NOT NULL,
    note       TEXT,
    at         INTEGER NOT NULL,            -- Unix milliseconds of the event
    read_at    INTEGER,
    seq        INTEGER NOT NULL UNIQUE,
    ring       TEXT NOT NULL DEFAULT 'waiting' CHECK (ring IN ('waiting', 'done')),
    ring_after INTEGER NOT NULL DEFAULT 0,
    CHECK (order_id IS NOT NULL OR shift_id IS NOT NULL OR notice_id IS NOT NULL)
);
-- Items told before this version were seen (or not) in the app: none rings now.
INSERT INTO inbox_reach (id, user_id, kind, order_id, title, note, at, read_at, seq, ring)
    SELECT id, user_id, kind, order_id, title, note, at, read_at, seq, 'done' FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_reach RENAME TO inbox;
CREATE INDEX inbox_by_person ON inbox (user_id, seq);
CREATE INDEX inbox_unread ON inbox (user_id) WHERE read_at IS NULL;
CREATE INDEX inbox_to_ring ON inbox (ring_after) WHERE ring = 'waiting';

-- What each person chose (core's `reach::ReachSettings`, as JSON); no row: the defaults.
CREATE TABLE reach_settings (
    user_id  TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    settings TEXT NOT NULL
);

-- A device's Web Push subscription. The endpoint is the device's: signing in as someone
-- else on it moves it to them.
CREATE TABLE push_subscriptions (
    endpoint   TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    p256dh     TEXT NOT NULL,               -- base64url, as the browser gives it
    auth       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX push_by_person ON push_subscriptions (user_id);

-- Texts sent to each person, kept a day to count the per-person limit.
CREATE TABLE texts_sent (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at      INTEGER NOT NULL                -- Unix seconds
);
CREATE INDEX texts_sent_by_person ON texts_sent (user_id, at);

-- Keys the server made for itself (the VAPID key pair), kept with the data so that
-- every instance and every restore signs with the same one.
CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Whether everyone was told of a notice: once, when its first day comes (a notice made
-- for next week is news next week). Notices already up were seen on the board.
ALTER TABLE notices ADD COLUMN announced INTEGER NOT NULL DEFAULT 1;

-- Orders whose dispatchers were told they are past the time their service promised:
-- told once, and not looked at again.
CREATE TABLE overdue_told (
    order_id TEXT PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE
);
-- Orders already past their promised time when this version arrives were in the queue,
-- marked overdue, all along: not news now. (The rule is core's `work::promised_by` and
-- `is_overdue`: past created_at plus the service's hours.)
INSERT INTO overdue_told (order_id)
    SELECT o.id FROM orders o JOIN services s ON s.id = o.service_id
    WHERE s.sla_hours IS NOT NULL
      AND o.created_at + s.sla_hours * 3600000 < CAST(strftime('%s', 'now') AS INTEGER) * 1000;
