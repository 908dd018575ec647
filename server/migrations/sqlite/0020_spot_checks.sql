-- The leader's spot check of lookups (issue 18 item 4; SECURITY L3). Every week a random
-- sample of the lookups made in each unit the week before is drawn from the audit log, and
-- the unit's leader confirms each as work-related or flags it; flagged ones reach the
-- administrator, who also checks a sample of the leaders' own lookups. The sample copies what
-- the checker needs from the audit row (which on SQLite lives in another file): when, who,
-- what and why, and the child when one child was looked at — never what was seen.
-- Rows go with the audit log they sample (its retention period).
ALTER TABLE municipalities ADD COLUMN spot_check_sample INTEGER NOT NULL DEFAULT 5
    CHECK (spot_check_sample BETWEEN 0 AND 50);

CREATE TABLE spot_check_items (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    -- The unit the lookup was made in.
    unit_id TEXT NOT NULL REFERENCES units (id),
    -- 1: a leader's own lookup, checked by the administrator rather than by a leader.
    for_administrator INTEGER NOT NULL CHECK (for_administrator IN (0, 1)),
    -- The ISO week whose lookups were sampled, as '2026-W48'.
    week TEXT NOT NULL,
    drawn_at BIGINT NOT NULL,
    looked_at BIGINT NOT NULL,
    looker_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    purpose TEXT NOT NULL,
    -- How many children the lookup showed; the child's id when it was one.
    children INTEGER NOT NULL CHECK (children >= 1),
    child_id TEXT,
    verdict TEXT CHECK (verdict IN ('work_related', 'flagged')),
    note TEXT NOT NULL DEFAULT '',
    checked_by TEXT REFERENCES users (id),
    checked_at BIGINT,
    CHECK ((verdict IS NULL) = (checked_by IS NULL) AND (verdict IS NULL) = (checked_at IS NULL)),
    CHECK (verdict IS NULL OR verdict = 'work_related' OR note <> '')
);
CREATE INDEX spot_check_items_unit_week ON spot_check_items (unit_id, week);
CREATE INDEX spot_check_items_municipality ON spot_check_items (municipality_id, week);
CREATE INDEX spot_check_items_looked_at ON spot_check_items (looked_at);
