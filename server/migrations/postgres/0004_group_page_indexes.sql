-- The group page reads each enrolled child's assessments of the round and its latest earlier
-- joint one. By (child_id, assessed_on) that meant walking all of a child's history (ten years
-- in the benchmark's municipality) for both: about 1,800 page reads for a room of 24 instead
-- of about 440 (measured with sqlite3's `.stats`). The child's timeline sorts its few rows.
DROP INDEX assessments_child;
CREATE INDEX assessments_child_round ON assessments (child_id, round_id);
-- Covering, so the latest joint position is found without reading the rows it passes.
CREATE INDEX assessments_latest_joint
    ON assessments (child_id, kind, assessed_on, created_at, round_id, id)
    WHERE kind = 'joint';
