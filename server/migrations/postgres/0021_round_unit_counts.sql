-- Counts per round and unit for the reports over time (issue 19): how many children the round
-- had, how many were assessed alone and jointly, the joint positions, and how soon the parents
-- of a yellow or red joint position were informed and met. Counts only: no child's id.
--
-- Why a table and not a query over the assessments: a child's data is deleted five years after
-- it was registered, but the committee follows trends over ten; and a municipality's ten years
-- must answer in well under 100 ms. A row is computed again from the rows it counts whenever
-- one of them is written (a joint position, a follow-up done, a meeting held), and the daily
-- job settles the rounds of the last year (a child who joined a round late); a round older
-- than that is never computed again, so deleting its children later leaves it as it was.
CREATE TABLE round_unit_counts (
    round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units (id),
    -- Children enrolled in the unit at some time during the round's window for its kind.
    children BIGINT NOT NULL,
    -- Children with at least one individual position in the round.
    individually_assessed BIGINT NOT NULL,
    joint_green BIGINT NOT NULL,
    joint_yellow BIGINT NOT NULL,
    joint_red BIGINT NOT NULL,
    -- Follow-ups of the round's yellow and red joint positions, and those done (the parents
    -- informed) by their deadline.
    follow_ups BIGINT NOT NULL,
    informed_in_time BIGINT NOT NULL,
    -- Days from the joint position to the parents informed, and to the focus meeting held,
    -- one number per follow-up, sorted, comma-separated: medians across units need them all.
    informed_days TEXT NOT NULL,
    meeting_days TEXT NOT NULL,
    -- Follow-ups still not done, and those of them past their deadline, when computed; and
    -- the action plans made at the round's focus meetings.
    still_open BIGINT NOT NULL,
    overdue BIGINT NOT NULL,
    action_plans BIGINT NOT NULL,
    computed_on TEXT NOT NULL,
    PRIMARY KEY (round_id, unit_id)
);
CREATE INDEX round_unit_counts_unit ON round_unit_counts (unit_id);
