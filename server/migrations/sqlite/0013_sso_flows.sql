-- Single sign-on with OpenID Connect (issue 15): the sign-ins under way, between the redirect
-- to the identity provider and its answer at the callback.
--
-- The `state` sent to the provider is kept only as its SHA-256 (hex), like a session token, and
-- so is the random value the browser holds in its short-lived cookie (`browser_hash`): the
-- callback must bring both, so a link with someone else's `state` signs no one in. The PKCE
-- verifier is derived from the browser's value and is not stored at all; the nonce is stored
-- as sent (the provider saw it, it is no secret). A row is deleted when its callback arrives,
-- whatever the outcome (one use), and is refused after `expires_at` (10 minutes).
CREATE TABLE sso_flows (
    state_hash TEXT PRIMARY KEY CHECK (length(state_hash) = 64),
    browser_hash TEXT NOT NULL CHECK (length(browser_hash) = 64),
    provider TEXT NOT NULL CHECK (provider IN ('staff', 'parent')),
    nonce TEXT NOT NULL CHECK (length(nonce) <= 64),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sso_flows_expiry ON sso_flows (expires_at);
