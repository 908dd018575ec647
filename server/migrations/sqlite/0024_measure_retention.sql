-- The retention job's kinds grow with the committee's measures (issue 19): the grade-0
-- language assessments and the first social measures go on their own day like every other
-- registration, so the tombstones and the deletion log accept their categories.
-- SQLite cannot change a CHECK in place: each table is built again with the wider list.
CREATE TABLE tombstones_widened (
    category TEXT NOT NULL CHECK (category IN ('assessments', 'follow_ups', 'action_plans', 'focus_meetings', 'consents',
        'transitions', 'handovers', 'language_assessments', 'first_measures')),
    row_id TEXT NOT NULL,
    deleted_at BIGINT NOT NULL,
    PRIMARY KEY (category, row_id)
);
INSERT INTO tombstones_widened (category, row_id, deleted_at)
    SELECT category, row_id, deleted_at FROM tombstones;
DROP TABLE tombstones;
ALTER TABLE tombstones_widened RENAME TO tombstones;

CREATE TABLE deletion_log_widened (
    id TEXT PRIMARY KEY,
    ran_at BIGINT NOT NULL,
    municipality_id TEXT REFERENCES municipalities (id),
    category TEXT NOT NULL CHECK (category IN ('assessments', 'follow_ups', 'action_plans', 'focus_meetings', 'consents',
        'transitions', 'handovers', 'language_assessments', 'first_measures',
        'audit_log', 'audit_child_reads')),
    registered_before BIGINT NOT NULL,
    deleted BIGINT NOT NULL CHECK (deleted >= 0),
    CHECK ((category IN ('audit_log', 'audit_child_reads')) = (municipality_id IS NULL))
);
INSERT INTO deletion_log_widened (id, ran_at, municipality_id, category, registered_before, deleted)
    SELECT id, ran_at, municipality_id, category, registered_before, deleted FROM deletion_log;
DROP TABLE deletion_log;
ALTER TABLE deletion_log_widened RENAME TO deletion_log;
CREATE INDEX deletion_log_ran_at ON deletion_log (ran_at);
