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

-- The audit log's guarded deletion is in the audit file's own migrations (sqlite-audit/0003).
