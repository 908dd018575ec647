-- SECURITY L1, P3: a read that shows several children at once (a room's grid, the joint view, a
-- unit's follow-ups) is one row naming them all, and each child is found through an index.
-- PostgreSQL's 0011 creates the same tables.
--
-- Why not one audit_log row per child (as before): each such row put an entry into the
-- (child_id, at) index at a place of its own, and SQLite's write-ahead log writes every changed
-- page whole at each commit, so a commit of a few dozen rooms wrote a page per child shown —
-- megabytes per commit, and a third of the group page's throughput (docs/benchmark.md). Here
-- a read appends one row at the end of `audit_child_reads`; the audit writer copies the
-- children of the newest reads into `audit_child_index` every few thousand reads or seconds,
-- sorted, so a page of the index is written once for many entries (app/src/backend/
-- group_commit.rs). `audit::lookups_of_child` reads the index and, for the reads newer than
-- the last copy, the newest rows by id; nothing is ever unfindable.

-- One row per read of several children: who, when, in which unit, which action, why, and the
-- children shown as a JSON array of ids (`["<uuid>","<uuid>"]`). Only allowed reads are written
-- here; a refusal has its own row in audit_log.
CREATE TABLE audit_child_reads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    user_id TEXT,
    unit_id TEXT,
    action TEXT NOT NULL,
    purpose TEXT NOT NULL,
    children TEXT NOT NULL CHECK (json_valid(children) AND json_type(children) = 'array')
);
-- Deleting by age (SECURITY R3, issue 18) and reading a period.
CREATE INDEX audit_child_reads_at ON audit_child_reads (at);

-- Who looked at child X: an entry per child and read, in the key order the lookups search.
-- Ids of reads only grow (AUTOINCREMENT), so deleting the entries of reads older than a date
-- is a range of read_id per child.
CREATE TABLE audit_child_index (
    child_id TEXT NOT NULL,
    read_id BIGINT NOT NULL REFERENCES audit_child_reads (id),
    PRIMARY KEY (child_id, read_id)
) WITHOUT ROWID;

-- Each copy into the index, in one transaction with it: every read with an id up to
-- `through_id` has its entries in the index; later ones are searched in audit_child_reads.
-- `at` is the time of the newest read the copy covers.
CREATE TABLE audit_child_index_runs (
    through_id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL
);

-- SECURITY L2: the application can only append to these tables, as to audit_log.
CREATE TRIGGER audit_child_reads_no_update BEFORE UPDATE ON audit_child_reads
BEGIN
    SELECT RAISE(ABORT, 'audit_child_reads is append-only');
END;
CREATE TRIGGER audit_child_reads_no_delete BEFORE DELETE ON audit_child_reads
BEGIN
    SELECT RAISE(ABORT, 'audit_child_reads is append-only');
END;
CREATE TRIGGER audit_child_index_no_update BEFORE UPDATE ON audit_child_index
BEGIN
    SELECT RAISE(ABORT, 'audit_child_index is append-only');
END;
CREATE TRIGGER audit_child_index_no_delete BEFORE DELETE ON audit_child_index
BEGIN
    SELECT RAISE(ABORT, 'audit_child_index is append-only');
END;
CREATE TRIGGER audit_child_index_runs_no_update BEFORE UPDATE ON audit_child_index_runs
BEGIN
    SELECT RAISE(ABORT, 'audit_child_index_runs is append-only');
END;
CREATE TRIGGER audit_child_index_runs_no_delete BEFORE DELETE ON audit_child_index_runs
BEGIN
    SELECT RAISE(ABORT, 'audit_child_index_runs is append-only');
END;
