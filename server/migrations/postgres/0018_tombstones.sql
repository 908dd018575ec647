-- Tombstones (issue 18; SECURITY R2, D4): the id of every row the retention job deleted, with
-- its kind and when — ids only, no content and no child's id. A backup restored later holds
-- rows deleted since it was taken; `tvaers restore` carries the tombstones of the database it
-- replaces into the restored one and deletes those rows again before a server answers, so a
-- restore cannot bring back what the rules removed, even where the rule itself has changed
-- since (a municipality that shortened its period). The category is the row's table.
CREATE TABLE tombstones (
    category TEXT NOT NULL CHECK (category IN ('assessments', 'follow_ups', 'action_plans',
        'focus_meetings', 'consents', 'transitions', 'handovers')),
    row_id TEXT NOT NULL,
    deleted_at BIGINT NOT NULL,
    PRIMARY KEY (category, row_id)
);
