-- A joint position belongs to the unit whose team set it (SECURITY C1): a child placed in a
-- kindergarten and a school in the same round gets one from each team, and neither team reads
-- or changes the other's. One per child, round and unit (SECURITY O7).
DROP INDEX assessments_one_joint;
CREATE UNIQUE INDEX assessments_one_joint ON assessments (round_id, child_id, unit_id)
    WHERE kind = 'joint';
-- The latest earlier joint position of a child by this unit, found without reading the rows
-- it passes (the group page; see 0004).
DROP INDEX assessments_latest_joint;
CREATE INDEX assessments_latest_joint
    ON assessments (child_id, kind, unit_id, assessed_on, created_at, round_id, id)
    WHERE kind = 'joint';
