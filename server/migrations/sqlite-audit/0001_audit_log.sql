-- The audit log of a SQLite installation, in a file of its own beside the database (see
-- `Db::connect`). The same table as PostgreSQL's, which keeps it in the main database.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    user_id TEXT,
    unit_id TEXT,
    action TEXT NOT NULL,
    child_id TEXT,
    criterion TEXT,
    purpose TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied', 'succeeded', 'failed'))
);
CREATE INDEX audit_log_child_at ON audit_log (child_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- SECURITY L2: the application can only append to the audit log.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
