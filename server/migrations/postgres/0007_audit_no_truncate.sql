-- SECURITY L2: the audit log is append-only. The row triggers of 0001 refuse UPDATE and DELETE;
-- TRUNCATE fires no row trigger, so a statement trigger refuses it too.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
