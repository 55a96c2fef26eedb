-- Issue 19: a station's hours on dates that differ from its week (core's
-- `model::DatedHours`, as JSON): a holiday closed, a 红色周末 or evening opened longer, a
-- one-off closure. None before this version.
ALTER TABLE stations ADD COLUMN exceptions TEXT NOT NULL DEFAULT '[]';
