-- Counts the changes to a municipality's indicator set, so a server can keep the set in memory
-- and still see another server's edit at the next request.
ALTER TABLE assessment_settings ADD COLUMN indicator_revision BIGINT NOT NULL DEFAULT 0;
