-- Passwords where there is no single sign-on (issue 15): a person's e-mail address and
-- language (from the staff and guardian imports), and one-time links to set a password.
--
-- A link's token is kept only as its SHA-256 (hex), so a copy of the database opens no
-- account; it works once (`used_at`), until `expires_at` (72 hours after `created_at`), and a
-- newer link of the same purpose ends the older unused ones (`used_at` set with no password).
ALTER TABLE users ADD COLUMN email TEXT CHECK (email IS NULL OR length(email) <= 254);
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('da', 'en', 'ar', 'pl', 'so'));

CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_links_user ON password_links (user_id, purpose);
