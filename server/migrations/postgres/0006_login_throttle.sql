-- Login throttling in one atomic step before the password hash (SECURITY S2).
--
-- `login_attempts` now holds an attempt from before its hash ('pending'), so parallel guesses
-- count at once; the client's address, for a limit per address and one for the whole site;
-- and an unlock by a leader or administrator ('unlock', counted like a success). The
-- username is what was typed, normalised, only when it is at most 64 characters, else
-- 'sha256:' and its digest, so the table never keeps a long typed text. Rows older than
-- 24 hours are deleted on write.
--
-- Attempts with a username over 64 characters are not kept (as on SQLite, which builds the
-- table again).
DELETE FROM login_attempts WHERE length(username) > 64;
ALTER TABLE login_attempts
    ADD CONSTRAINT login_attempts_username_check CHECK (length(username) <= 71),
    ADD COLUMN address TEXT CHECK (address IS NULL OR length(address) <= 64),
    ADD COLUMN state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('pending', 'done', 'unlock'));
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
