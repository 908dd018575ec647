-- Focus meetings (fokusmøder) and action plans (handleplaner) in SMTTE form, made with the
-- parents (issue 16). Same conventions as 0001: UUID text ids, ISO dates, Unix seconds, 0/1
-- flags. A meeting's times are wall-clock times in Danish local time, 'YYYY-MM-DDTHH:MM'.

CREATE TABLE focus_meetings (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    -- The unit that holds the meeting: its staff read it (SECURITY C1).
    unit_id TEXT NOT NULL REFERENCES units (id),
    -- The follow-up whose "inform the parents and invite them" the invitation completed;
    -- NULL for a concern raised outside a round's follow-up.
    follow_up_id TEXT REFERENCES follow_ups (id) ON DELETE SET NULL,
    -- Where the agenda starts: the concern in its context's words, never a colour.
    concern TEXT NOT NULL CHECK (length(concern) BETWEEN 1 AND 2000),
    -- A room or a video link, as the staff wrote it.
    place TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 500),
    -- An extended meeting (udvidet fokusmøde) invites specialists to the case.
    extended INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('invited', 'held', 'cancelled')),
    minutes TEXT NOT NULL DEFAULT '',
    parents_perspective TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    held_on TEXT CHECK (held_on IS NULL OR length(held_on) = 10),
    -- Bumped by every save of the minutes: two tablets never overwrite each other (O6).
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((status = 'held') = (held_on IS NOT NULL))
);
CREATE INDEX focus_meetings_child ON focus_meetings (child_id);
CREATE INDEX focus_meetings_unit ON focus_meetings (unit_id, status);

CREATE TABLE meeting_times (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES focus_meetings (id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL CHECK (length(starts_at) = 16),
    UNIQUE (meeting_id, starts_at)
);
CREATE INDEX meeting_times_meeting ON meeting_times (meeting_id);

-- Who is invited, and what a guardian answered. Staff and specialists join by the same row.
CREATE TABLE meeting_invitees (
    meeting_id TEXT NOT NULL REFERENCES focus_meetings (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('staff', 'guardian', 'specialist')),
    -- What a specialist joins an extended meeting as (udvidet fokusmøde).
    specialist_role TEXT CHECK ((kind = 'specialist') = (specialist_role IS NOT NULL)
        AND (specialist_role IS NULL OR specialist_role IN
            ('speech_hearing', 'family_counsellor', 'psychologist', 'health_visitor'))),
    answer TEXT CHECK (answer IS NULL OR answer IN ('accepted', 'declined', 'other_time')),
    -- The proposed time an acceptance is for.
    answer_time_id TEXT REFERENCES meeting_times (id) ON DELETE SET NULL,
    -- "Another time, please": what suits them, in their words.
    answer_note TEXT NOT NULL DEFAULT '' CHECK (length(answer_note) <= 500),
    answered_at BIGINT,
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_invitees_user ON meeting_invitees (user_id);

CREATE TABLE action_plans (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units (id),
    meeting_id TEXT REFERENCES focus_meetings (id) ON DELETE SET NULL,
    -- A plan that follows an evaluated one.
    follows_plan_id TEXT REFERENCES action_plans (id) ON DELETE SET NULL,
    -- The current version and what it says of status and evaluation date, for the lists.
    version INTEGER NOT NULL CHECK (version >= 1),
    status TEXT NOT NULL CHECK (status IN ('active', 'evaluated', 'closed')),
    evaluate_on TEXT NOT NULL CHECK (length(evaluate_on) = 10),
    created_at BIGINT NOT NULL
);
CREATE INDEX action_plans_child ON action_plans (child_id);
CREATE INDEX action_plans_unit ON action_plans (unit_id, status, evaluate_on);

-- Every change is a new version: who, when, and the whole plan as it then read.
CREATE TABLE action_plan_versions (
    plan_id TEXT NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'evaluated', 'closed')),
    context TEXT NOT NULL,
    goals TEXT NOT NULL,
    -- The actions (tiltag): a JSON list of {what, who, by}.
    actions TEXT NOT NULL,
    signs TEXT NOT NULL,
    evaluate_on TEXT NOT NULL CHECK (length(evaluate_on) = 10),
    evaluation TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL REFERENCES users (id),
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (plan_id, version)
);

-- A parent's own view of the plan, and when they marked it read (visible to staff).
CREATE TABLE action_plan_parents (
    plan_id TEXT NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    own_view TEXT NOT NULL DEFAULT '' CHECK (length(own_view) <= 4000),
    view_at BIGINT,
    read_version INTEGER,
    read_on TEXT CHECK (read_on IS NULL OR length(read_on) = 10),
    PRIMARY KEY (plan_id, user_id)
);

-- The parents' voice after a focus meeting, kept apart from the child's record: no child, no
-- person, no meeting, only the unit and the month; who has answered is kept on its own so
-- nobody answers twice, and cannot be joined to what they answered.
CREATE TABLE meeting_feedback (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units (id),
    listened INTEGER NOT NULL CHECK (listened BETWEEN 1 AND 5),
    knows_next INTEGER NOT NULL CHECK (knows_next BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
    month TEXT NOT NULL CHECK (length(month) = 7)
);
CREATE INDEX meeting_feedback_unit ON meeting_feedback (unit_id);

CREATE TABLE meeting_feedback_given (
    meeting_id TEXT NOT NULL REFERENCES focus_meetings (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, user_id)
);

-- Whether a guardian without custody may be invited to focus meetings too (the municipality's
-- rule; custody holders are always invited). Off by default: the parental responsibility act
-- gives a parent without custody the right to information, not to take part in decisions.
ALTER TABLE municipalities ADD COLUMN meetings_invite_without_custody INTEGER NOT NULL DEFAULT 0
    CHECK (meetings_invite_without_custody IN (0, 1));
