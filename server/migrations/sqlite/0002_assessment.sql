-- Rounds, indicators, individual and joint assessments, follow-ups and idempotent writes.
-- Same conventions as 0001: UUID text ids, ISO dates, Unix seconds, 0/1 flags.

CREATE TABLE assessment_settings (
    municipality_id TEXT PRIMARY KEY REFERENCES municipalities (id),
    green_note_required INTEGER NOT NULL DEFAULT 0 CHECK (green_note_required IN (0, 1)),
    min_individual INTEGER NOT NULL DEFAULT 2 CHECK (min_individual BETWEEN 1 AND 9),
    follow_up_days INTEGER NOT NULL DEFAULT 14 CHECK (follow_up_days BETWEEN 1 AND 90)
);

CREATE TABLE rounds (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    name TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (municipality_id, name)
);

-- Daycare, health visiting and school each have their own window in a round.
CREATE TABLE round_windows (
    round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    window_kind TEXT NOT NULL CHECK (window_kind IN ('daycare', 'health_visiting', 'school')),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    CHECK (ends_on >= starts_on),
    PRIMARY KEY (round_id, window_kind)
);

CREATE TABLE round_units (
    round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units (id),
    PRIMARY KEY (round_id, unit_id)
);
CREATE INDEX round_units_unit ON round_units (unit_id);

-- An indicator text is never edited in place: a change retires the row and adds a new one,
-- so an assessment always points at the words that were on the screen.
CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    position TEXT NOT NULL CHECK (position IN ('green', 'yellow', 'red')),
    age_band TEXT NOT NULL CHECK (age_band IN ('toddler', 'preschool', 'school')),
    area TEXT NOT NULL CHECK (area IN ('social_skills', 'security_and_care', 'participation', 'self_feeling')),
    text TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    replaces TEXT REFERENCES indicators (id),
    retired_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX indicators_municipality ON indicators (municipality_id, retired_at);

CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    round_id TEXT REFERENCES rounds (id),
    kind TEXT NOT NULL CHECK (kind IN ('individual', 'joint', 'adhoc')),
    -- Individual and ad hoc: the assessor. Joint: who recorded the team's position.
    assessor_id TEXT NOT NULL REFERENCES users (id),
    group_id TEXT NOT NULL REFERENCES child_groups (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    position TEXT NOT NULL CHECK (position IN ('green', 'yellow', 'red')),
    context TEXT NOT NULL,
    note TEXT NOT NULL,
    assessed_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK ((kind = 'adhoc') = (round_id IS NULL))
);
-- SECURITY O7: one individual assessment per assessor, child and round; one joint per child
-- and round.
CREATE UNIQUE INDEX assessments_one_individual ON assessments (round_id, child_id, assessor_id)
    WHERE kind = 'individual';
CREATE UNIQUE INDEX assessments_one_joint ON assessments (round_id, child_id)
    WHERE kind = 'joint';
CREATE INDEX assessments_child ON assessments (child_id, assessed_on);
CREATE INDEX assessments_group_round ON assessments (group_id, round_id);
CREATE INDEX assessments_round_assessor ON assessments (round_id, assessor_id);

CREATE TABLE assessment_indicators (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    PRIMARY KEY (assessment_id, indicator_id)
);

-- A concern must reach the parents: one follow-up per concerned assessment, open until done.
CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL UNIQUE REFERENCES assessments (id) ON DELETE CASCADE,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units (id),
    due_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    done_on TEXT,
    done_by TEXT REFERENCES users (id),
    CHECK ((done_on IS NULL) = (done_by IS NULL))
);
CREATE INDEX follow_ups_unit_open ON follow_ups (unit_id, done_on);

-- SECURITY O5: the stored answer to each idempotent write, replayed for a repeat.
CREATE TABLE idempotent_writes (
    key TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    request_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- SECURITY O2: the key that seals a user's offline outbox on a shared tablet. It reaches the
-- browser only through a live session.
CREATE TABLE outbox_keys (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
