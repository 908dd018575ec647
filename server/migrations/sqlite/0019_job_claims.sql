-- More than one server on one database (issue 18 item 7): a job that must run once per period
-- across every instance — the retention job once a day, the spot-check draw once a week —
-- is claimed here first. The claim is the row: the first instance to insert (job, period)
-- runs the job; the others find it taken and skip. A finished run keeps its row (when, which
-- instance); a failed run removes it so the next tick of any instance tries again; a claim
-- never finished (an instance that died mid-run) may be taken over once it is old.
CREATE TABLE job_claims (
    job TEXT NOT NULL,
    period TEXT NOT NULL,
    instance TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    finished_at BIGINT,
    PRIMARY KEY (job, period)
);
