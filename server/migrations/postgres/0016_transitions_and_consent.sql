-- Transitions (overgange) and consent (samtykke) (issue 17). A child moves when a placement in
-- another unit follows the current one (`enrolments`); the old unit writes a transition
-- description with the parents, and nothing it registered passes to the new unit without a
-- custody holder's consent (SECURITY C1, C2). Same conventions as 0001: UUID text ids, ISO
-- dates, Unix seconds, 0/1 flags.

-- What the old unit writes with the parents for the new one: what the child is good at, what
-- helps, what to watch. One per move (child, from unit, to unit); the old unit holds it.
CREATE TABLE transitions (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    from_unit_id TEXT NOT NULL REFERENCES units (id),
    to_unit_id TEXT NOT NULL REFERENCES units (id),
    strengths TEXT NOT NULL DEFAULT '' CHECK (length(strengths) <= 4000),
    what_helps TEXT NOT NULL DEFAULT '' CHECK (length(what_helps) <= 4000),
    watch_for TEXT NOT NULL DEFAULT '' CHECK (length(watch_for) <= 4000),
    -- Bumped by every save: two tablets never overwrite each other (O6).
    version INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (from_unit_id <> to_unit_id),
    UNIQUE (child_id, from_unit_id, to_unit_id)
);
CREATE INDEX transitions_child ON transitions (child_id);

-- One custody holder's consent to pass a list of items from one place to another, until a
-- date: given on their phone ('digital') or recorded by staff from a signed form ('paper').
-- Kept as evidence: never updated except to record its revocation.
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    from_unit_id TEXT NOT NULL REFERENCES units (id),
    to_unit_id TEXT NOT NULL REFERENCES units (id),
    -- The custody holder whose consent this is.
    guardian_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assessments INTEGER NOT NULL CHECK (assessments IN (0, 1)),
    plans INTEGER NOT NULL CHECK (plans IN (0, 1)),
    meetings INTEGER NOT NULL CHECK (meetings IN (0, 1)),
    description INTEGER NOT NULL CHECK (description IN (0, 1)),
    -- The last day the new place may read the items.
    valid_until TEXT NOT NULL CHECK (length(valid_until) = 10),
    kind TEXT NOT NULL CHECK (kind IN ('digital', 'paper')),
    -- A paper consent: the day it was signed, who recorded it, where the scanned form is.
    signed_on TEXT CHECK (signed_on IS NULL OR length(signed_on) = 10),
    recorded_by TEXT REFERENCES users (id),
    paper_reference TEXT CHECK (paper_reference IS NULL OR length(paper_reference) BETWEEN 1 AND 200),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT REFERENCES users (id),
    CHECK (from_unit_id <> to_unit_id),
    CHECK (assessments + plans + meetings + description >= 1),
    CHECK ((kind = 'paper') = (signed_on IS NOT NULL AND recorded_by IS NOT NULL AND paper_reference IS NOT NULL))
);
CREATE INDEX consents_child ON consents (child_id);

-- Each time the parents were handed everything registered (at a transition, or on their
-- request: the right of access). The document itself is made when asked for, never stored.
CREATE TABLE handovers (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    -- 'transition': staff of the old unit handed it over; 'request': a parent downloaded it.
    kind TEXT NOT NULL CHECK (kind IN ('transition', 'request')),
    -- The parent who downloaded it, or the staff member who handed it over.
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    unit_id TEXT REFERENCES units (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX handovers_child ON handovers (child_id);

-- The municipality's switches (the administrator's settings page): whether data may follow
-- the child at all (with consent, the default; or never); whether one custody holder's consent
-- suffices or all must agree; who may record a paper consent (the unit leader, or also the
-- close staff); and how many years registrations are kept (NULL: the installation's default).
ALTER TABLE municipalities ADD COLUMN transfer_with_consent INTEGER NOT NULL DEFAULT 1
    CHECK (transfer_with_consent IN (0, 1));
ALTER TABLE municipalities ADD COLUMN consent_from_all_custody INTEGER NOT NULL DEFAULT 0
    CHECK (consent_from_all_custody IN (0, 1));
ALTER TABLE municipalities ADD COLUMN paper_consent_by_staff INTEGER NOT NULL DEFAULT 0
    CHECK (paper_consent_by_staff IN (0, 1));
ALTER TABLE municipalities ADD COLUMN retention_years INTEGER
    CHECK (retention_years IS NULL OR retention_years BETWEEN 1 AND 10);
