-- Retention (issue 18; SECURITY R1–R3). The retention job deletes each municipality's child
-- data when its time is up (`municipalities.retention_years`, 0016) and writes here what it
-- deleted: when, in which municipality, what kind of registration and how many — never any
-- content and never a child's id, so this log may outlive what it counts. `registered_before`
-- is the instant the run counted from: everything registered before it was due, so a backup
-- restored later can be brought to the same state (R2) without knowing what the rows were.
CREATE TABLE deletion_log (
    id TEXT PRIMARY KEY,
    ran_at BIGINT NOT NULL,
    -- NULL for the audit log, which is the installation's, not one municipality's.
    municipality_id TEXT REFERENCES municipalities (id),
    category TEXT NOT NULL CHECK (category IN ('assessments', 'follow_ups', 'action_plans',
        'focus_meetings', 'consents', 'transitions', 'handovers', 'audit_log',
        'audit_child_reads')),
    registered_before BIGINT NOT NULL,
    deleted BIGINT NOT NULL CHECK (deleted >= 0),
    CHECK ((category IN ('audit_log', 'audit_child_reads')) = (municipality_id IS NULL))
);
CREATE INDEX deletion_log_ran_at ON deletion_log (ran_at);

-- How many months the audit log keeps its rows (SECURITY R3). Five years by default: as long
-- as the child data the rows are about, so a parent can see every lookup of what is still
-- kept (P3) and a misuse found late still has its trail; a municipality whose contract says
-- six months sets 6.
ALTER TABLE municipalities ADD COLUMN audit_retention_months INTEGER NOT NULL DEFAULT 60
    CHECK (audit_retention_months BETWEEN 6 AND 120);

-- SECURITY L2, R3: the audit tables stay append-only for everyone, with one exception: the
-- retention job deletes rows older than its period. The application's role holds no DELETE on
-- them at all (`database::grant_to_app_role` grants SELECT and INSERT only), so it cannot take
-- this path; the job runs as the owner (`--database-owner-url`) and, in the same transaction,
-- names the instant it deletes before: `set_config('tvaers.audit_prune_before', …, true)`.
-- The triggers then let a DELETE of an older row through and refuse every other change, for
-- the owner too — a stray DELETE, an UPDATE, a TRUNCATE. The setting ends with the transaction.
CREATE FUNCTION audit_prune_before() RETURNS BIGINT LANGUAGE sql STABLE AS $$
    SELECT COALESCE(NULLIF(current_setting('tvaers.audit_prune_before', true), '')::BIGINT, 0)
$$;

-- Same name as 0001's, so the triggers that use it (0001 rows, 0007 TRUNCATE) keep it; a
-- TRUNCATE has no OLD row and is refused as before.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < audit_prune_before() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

-- The reads of several children: the same rule by their own time.
CREATE FUNCTION audit_child_reads_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < audit_prune_before() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_child_reads is append-only';
END;
$$;
DROP TRIGGER audit_child_reads_no_change ON audit_child_reads;
CREATE TRIGGER audit_child_reads_no_change BEFORE UPDATE OR DELETE ON audit_child_reads
    FOR EACH ROW EXECUTE FUNCTION audit_child_reads_append_only();

-- An index entry goes with its read: by the time of the read it points at.
CREATE FUNCTION audit_child_index_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND (SELECT r.at FROM audit_child_reads r WHERE r.id = OLD.read_id)
            < audit_prune_before() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_child_index is append-only';
END;
$$;
DROP TRIGGER audit_child_index_no_change ON audit_child_index;
CREATE TRIGGER audit_child_index_no_change BEFORE UPDATE OR DELETE ON audit_child_index
    FOR EACH ROW EXECUTE FUNCTION audit_child_index_append_only();
