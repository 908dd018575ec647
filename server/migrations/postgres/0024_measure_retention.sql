-- The retention job's kinds grow with the committee's measures (issue 19): the grade-0
-- language assessments and the first social measures go on their own day like every other
-- registration, so the tombstones and the deletion log accept their categories.
ALTER TABLE tombstones DROP CONSTRAINT tombstones_category_check;
ALTER TABLE tombstones ADD CONSTRAINT tombstones_category_check CHECK (category IN ('assessments', 'follow_ups', 'action_plans', 'focus_meetings', 'consents',
        'transitions', 'handovers', 'language_assessments', 'first_measures'));
ALTER TABLE deletion_log DROP CONSTRAINT deletion_log_category_check;
ALTER TABLE deletion_log ADD CONSTRAINT deletion_log_category_check CHECK (category IN ('assessments', 'follow_ups', 'action_plans', 'focus_meetings', 'consents',
        'transitions', 'handovers', 'language_assessments', 'first_measures',
        'audit_log', 'audit_child_reads'));
