-- The grade-0 language assessment (sprogvurdering i 0. klasse; issue 19 item 3): the
-- committee's measure 2, "the share of grade-0 pupils whose autumn language assessment shows a
-- need for focused or special language effort". Imported by the municipality's administrator
-- from the schools' own records; one row per child and school year (the year it starts in:
-- 2026 for "2026/27"). Tværs holds it for the committee's counts: no staff page shows a
-- child's value, the custody holders see it in everything registered (docs/ACCESS.md).
-- A child's rows go with the child. `created_at` (the first import) is the registration day
-- the retention job will count from once it deletes these rows (not yet: docs/ACCESS.md).
CREATE TABLE language_assessments (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    school_year BIGINT NOT NULL CHECK (school_year BETWEEN 2000 AND 2200),
    effort TEXT NOT NULL CHECK (effort IN ('general', 'focused', 'special')),
    -- The school (a unit of kind school) the child attended in that school year.
    unit_id TEXT NOT NULL REFERENCES units (id),
    created_at BIGINT NOT NULL,
    imported_at BIGINT NOT NULL,
    imported_by TEXT NOT NULL REFERENCES users (id),
    UNIQUE (child_id, school_year)
);
CREATE INDEX language_assessments_unit_year ON language_assessments (unit_id, school_year);
