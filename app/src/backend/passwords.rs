//! Password hashing with argon2id (SECURITY S2). Hashing is slow on purpose, so it runs on the
//! blocking pool, never on the async threads that serve other requests.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

/// A stored password hash. It cannot be serialized, so it can never end up in a response.
#[derive(Clone)]
pub struct PasswordHashText(String);

impl std::fmt::Debug for PasswordHashText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashText(…)")
    }
}

impl PasswordHashText {
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub async fn hash(password: String) -> PasswordHashText {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .expect("password hashing does not panic")
}

pub fn hash_blocking(password: &str) -> PasswordHashText {
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts any password");
    PasswordHashText(hash.to_string())
}

/// Checks `password` against `stored`. With no stored hash (an unknown user, or an account
/// without a local password) it still does the same work against a dummy hash, so the answer
/// takes as long as for a real account and does not reveal which usernames exist.
pub async fn verify(password: String, stored: Option<PasswordHashText>) -> bool {
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match &stored {
            Some(h) => (h.as_str(), true),
            None => (dummy_hash(), false),
        };
        let ok = PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && real
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("not a real password").0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_right_password_verifies_and_a_wrong_one_does_not() {
        let stored = hash("correct horse".into()).await;
        assert!(stored.as_str().starts_with("$argon2id$"));
        assert!(verify("correct horse".into(), Some(stored.clone())).await);
        assert!(!verify("Correct horse".into(), Some(stored)).await);
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify("not a real password".into(), None).await);
    }
}
