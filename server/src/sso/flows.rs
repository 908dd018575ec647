//! The sign-ins under way (`sso_flows`, migration 0013), between the redirect to the provider
//! and its callback.
//!
//! Three random values per sign-in, each 256 bits:
//! - the `state`, in the URL to the provider and back; stored only as its SHA-256;
//! - the browser's value, in a short-lived cookie of this browser alone; stored only as its
//!   SHA-256. The callback must bring both, so a callback link made in another browser (login
//!   CSRF: someone else's code, to sign the victim in as them) finds no sign-in;
//! - the nonce, sent to the provider and expected back inside the ID token.
//!
//! The PKCE verifier is derived from the browser's value ([`pkce_verifier`]), so the database
//! holds nothing that redeems a code, and the URL carries only its SHA-256 challenge.

use super::Kind;
use app::backend::db::Db;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// How long a sign-in may take at the provider.
pub const LIFETIME_SECONDS: i64 = 600;

/// The values of a new sign-in.
pub struct Started {
    pub state: String,
    pub browser: String,
    pub nonce: String,
}

/// A stored sign-in, taken at its callback.
#[derive(Debug)]
pub struct Pending {
    pub provider: String,
    pub browser_hash: String,
    pub nonce: String,
    pub expires_at: i64,
}

fn random() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 in hex, as the table's checks expect.
pub fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The PKCE verifier of a sign-in: 43 characters of base64url, as RFC 7636 allows, from the
/// browser's value under a label of its own (so it is not the value's stored digest).
pub fn pkce_verifier(browser: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(format!("tvaers-pkce:{browser}").as_bytes()))
}

/// Stores a new sign-in, and lets go of those that ran out (no one can use them any more).
pub async fn start(db: &Db, kind: Kind, now: i64) -> Result<Started, sqlx::Error> {
    let started = Started {
        state: random(),
        browser: random(),
        nonce: random(),
    };
    sqlx::query("DELETE FROM sso_flows WHERE expires_at < $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    sqlx::query(
        "INSERT INTO sso_flows (state_hash, browser_hash, provider, nonce, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(digest(&started.state))
    .bind(digest(&started.browser))
    .bind(kind.code())
    .bind(&started.nonce)
    .bind(now)
    .bind(now + LIFETIME_SECONDS)
    .execute(db.pool())
    .await?;
    Ok(started)
}

/// Takes the sign-in a callback's `state` names, deleting it in the same statement: a second
/// callback with the same `state` (a replay, a double click) finds nothing.
pub async fn take(db: &Db, state: &str) -> Result<Option<Pending>, sqlx::Error> {
    let row = sqlx::query(
        "DELETE FROM sso_flows WHERE state_hash = $1 \
         RETURNING provider, browser_hash, nonce, expires_at",
    )
    .bind(digest(state))
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(Pending {
            provider: row.try_get("provider")?,
            browser_hash: row.try_get("browser_hash")?,
            nonce: row.try_get("nonce")?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::{digest, pkce_verifier};

    #[test]
    fn the_verifier_is_a_valid_pkce_verifier_and_not_the_stored_digest() {
        let verifier = pkce_verifier("abc");
        assert_eq!(verifier.len(), 43);
        assert!(verifier
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(verifier, digest("abc"));
        assert_ne!(pkce_verifier("abc"), pkce_verifier("abd"));
        assert_eq!(digest("abc").len(), 64);
    }
}
