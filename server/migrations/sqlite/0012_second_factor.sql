-- The second factor for staff (issue 15 item 3; SECURITY S1): a TOTP secret per person,
-- their one-time recovery codes, the municipality's choice to require it of all staff, and the
-- mark on a session that may only set one up.
--
-- `confirmed_at` is NULL while the person is enrolling (the secret is shown but no code from
-- it has been typed yet); only a confirmed secret signs anyone in. `last_step` is the 30-second
-- step of the last code accepted: a code is accepted only for a later step, so one seen over a
-- shoulder cannot be used again. Recovery codes are kept as their SHA-256, used once.
CREATE TABLE second_factors (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL CHECK (length(secret) BETWEEN 16 AND 64),
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step BIGINT
);

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- 1: a session begun with a right password by someone who must have a second factor and has
-- none yet; it may only enrol one (`Caller::current` refuses it everything else).
ALTER TABLE sessions ADD COLUMN enrolling INTEGER NOT NULL DEFAULT 0 CHECK (enrolling IN (0, 1));

-- 1: every staff member needs a second factor, not only leaders and administrators.
ALTER TABLE municipalities ADD COLUMN second_factor_all_staff INTEGER NOT NULL DEFAULT 0 CHECK (second_factor_all_staff IN (0, 1));
