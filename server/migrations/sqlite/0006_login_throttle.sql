-- Login throttling in one atomic step before the password hash (SECURITY S2).
--
-- `login_attempts` now holds an attempt from before its hash ('pending'), so parallel guesses
-- count at once; the client's address, for a limit per address and one for the whole site;
-- and an unlock by a leader or administrator ('unlock', counted like a success). The
-- username is what was typed, normalised, only when it is at most 64 characters, else
-- 'sha256:' and its digest, so the table never keeps a long typed text. Rows older than
-- 24 hours are deleted on write.
--
-- SQLite cannot add a check to a table, so the table is built again; attempts with a
-- username over 64 characters are not kept.
CREATE TABLE login_attempts_bounded (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL CHECK (length(username) <= 71),
    at BIGINT NOT NULL,
    succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
    address TEXT CHECK (address IS NULL OR length(address) <= 64),
    state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('pending', 'done', 'unlock'))
);
INSERT INTO login_attempts_bounded (id, username, at, succeeded)
    SELECT id, username, at, succeeded FROM login_attempts WHERE length(username) <= 64;
DROP TABLE login_attempts;
ALTER TABLE login_attempts_bounded RENAME TO login_attempts;
CREATE INDEX login_attempts_username_at ON login_attempts (username, at);
CREATE INDEX login_attempts_address_at ON login_attempts (address, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- One row, written first by every throttle step: on PostgreSQL its row lock makes the count
-- and the insert of one attempt a single step for all others (SQLite's BEGIN IMMEDIATE does
-- that already). `at` is the time of the last step.
CREATE TABLE login_gate (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at BIGINT NOT NULL
);
INSERT INTO login_gate (id, at) VALUES (1, 0);
