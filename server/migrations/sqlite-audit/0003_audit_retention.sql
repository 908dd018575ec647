-- SECURITY L2, R3: the audit tables stay append-only, with one exception: the retention job
-- deletes rows older than the audit log's period. SQLite has no roles, so the exception is a
-- path of its own: in one transaction the job writes a permit naming the instant it deletes
-- before, deletes the older rows, and removes the permit again; the triggers let a DELETE
-- through only for a row older than a permit's instant. The application's code never writes
-- the permit, so its ordinary path is refused as before (and any DELETE that reaches a newer
-- row fails whole). Anyone who can write the file can still drop a trigger: on SQLite the
-- file's permissions are the limit (docs/SECURITY.md, L2).
CREATE TABLE audit_prune_permit (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    before BIGINT NOT NULL
);

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit WHERE OLD.at < before)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

DROP TRIGGER audit_child_reads_no_delete;
CREATE TRIGGER audit_child_reads_no_delete BEFORE DELETE ON audit_child_reads
WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit WHERE OLD.at < before)
BEGIN
    SELECT RAISE(ABORT, 'audit_child_reads is append-only');
END;

-- An index entry goes with its read: by the time of the read it points at.
DROP TRIGGER audit_child_index_no_delete;
CREATE TRIGGER audit_child_index_no_delete BEFORE DELETE ON audit_child_index
WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit p, audit_child_reads r
                 WHERE r.id = OLD.read_id AND r.at < p.before)
BEGIN
    SELECT RAISE(ABORT, 'audit_child_index is append-only');
END;
