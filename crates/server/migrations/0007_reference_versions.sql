-- Issue 16: the whole reference reads (/community, /services, /grids, /stations) are kept
-- serialised in memory. This counter moves, in the writing transaction itself, with every
-- write to what one of them shows, whoever makes it (the API, a sqlite3 shell, a restore
-- script): a kept answer is used only while its counter has not moved, which one indexed
-- read tells, instead of reading and serialising every row again.
CREATE TABLE reference_versions (
    whole   TEXT PRIMARY KEY,  -- 'community', 'services', 'grids' (and their contacts), 'stations'
    version INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO reference_versions (whole, version)
    VALUES ('community', 0), ('services', 0), ('grids', 0), ('stations', 0);

CREATE TRIGGER communities_insert_moves_community AFTER INSERT ON communities BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'community';
END;
CREATE TRIGGER communities_update_moves_community AFTER UPDATE ON communities BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'community';
END;
CREATE TRIGGER communities_delete_moves_community AFTER DELETE ON communities BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'community';
END;
CREATE TRIGGER services_insert_moves_services AFTER INSERT ON services BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'services';
END;
CREATE TRIGGER services_update_moves_services AFTER UPDATE ON services BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'services';
END;
CREATE TRIGGER services_delete_moves_services AFTER DELETE ON services BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'services';
END;
CREATE TRIGGER grids_insert_moves_grids AFTER INSERT ON grids BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'grids';
END;
CREATE TRIGGER grids_update_moves_grids AFTER UPDATE ON grids BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'grids';
END;
CREATE TRIGGER grids_delete_moves_grids AFTER DELETE ON grids BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'grids';
END;
CREATE TRIGGER contacts_insert_moves_grids AFTER INSERT ON contacts BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'grids';
END;
CREATE TRIGGER contacts_update_moves_grids AFTER UPDATE ON contacts BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'grids';
END;
CREATE TRIGGER contacts_delete_moves_grids AFTER DELETE ON contacts BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'grids';
END;
CREATE TRIGGER stations_insert_moves_stations AFTER INSERT ON stations BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'stations';
END;
CREATE TRIGGER stations_update_moves_stations AFTER UPDATE ON stations BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'stations';
END;
CREATE TRIGGER stations_delete_moves_stations AFTER DELETE ON stations BEGIN
    UPDATE reference_versions SET version = version + 1 WHERE whole = 'stations';
END;
