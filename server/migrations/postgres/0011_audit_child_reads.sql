-- SECURITY L1, P3: a read that shows several children at once (a room's grid, the joint view, a
-- unit's follow-ups) is one row naming them all, and each child is found through an index. The
-- same tables as SQLite's (migrations/sqlite-audit/0002, which says why).

-- One row per read of several children; the children shown as a JSON array of ids.
CREATE TABLE audit_child_reads (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id TEXT,
    unit_id TEXT,
    action TEXT NOT NULL,
    purpose TEXT NOT NULL,
    children TEXT NOT NULL CHECK (json_typeof(children::json) = 'array')
);
-- Deleting by age (SECURITY R3, issue 18) and reading a period.
CREATE INDEX audit_child_reads_at ON audit_child_reads (at);

-- Who looked at child X: an entry per child and read.
CREATE TABLE audit_child_index (
    child_id TEXT NOT NULL,
    read_id BIGINT NOT NULL REFERENCES audit_child_reads (id),
    PRIMARY KEY (child_id, read_id)
);

-- Each copy into the index, in one transaction with it: every read with an id up to
-- `through_id` has its entries in the index; later ones are searched in audit_child_reads.
CREATE TABLE audit_child_index_runs (
    through_id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL
);

-- SECURITY L2: the application can only append to these tables, as to audit_log (0001, 0007):
-- row triggers refuse UPDATE and DELETE, a statement trigger TRUNCATE.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_child_reads_no_change BEFORE UPDATE OR DELETE ON audit_child_reads
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_child_reads_no_truncate BEFORE TRUNCATE ON audit_child_reads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_child_index_no_change BEFORE UPDATE OR DELETE ON audit_child_index
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_child_index_no_truncate BEFORE TRUNCATE ON audit_child_index
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_child_index_runs_no_change BEFORE UPDATE OR DELETE ON audit_child_index_runs
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_child_index_runs_no_truncate BEFORE TRUNCATE ON audit_child_index_runs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
