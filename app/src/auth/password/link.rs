//! One-time links to set a password: a random token for the letter, only its SHA-256 in the
//! database, and the pure decision whether a stored link may still be used (issue 15).

use crate::wire::password::LinkProblem;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A link works this long after it was made.
pub const LIFETIME_SECONDS: i64 = 72 * 60 * 60;

/// A new token: 32 random bytes, URL-safe. It goes into the letter and nowhere else.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token: its SHA-256 in hex, so a copy of the database opens no
/// account. A token of another length or alphabet is hashed as well and simply not found.
pub fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A stored link's state, as the decision needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkState {
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// Whether a link found (or not) may set a password at `now`. Used wins over expired: a
/// person who already set their password should hear that, not that the link is old.
pub fn decide(link: Option<LinkState>, now: i64) -> Result<(), LinkProblem> {
    match link {
        None => Err(LinkProblem::Unknown),
        Some(LinkState {
            used_at: Some(_), ..
        }) => Err(LinkProblem::Used),
        Some(LinkState { expires_at, .. }) if now >= expires_at => Err(LinkProblem::Expired),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MADE: i64 = 1_000_000;

    fn fresh() -> LinkState {
        LinkState {
            expires_at: MADE + LIFETIME_SECONDS,
            used_at: None,
        }
    }

    #[test]
    fn a_link_works_once_within_72_hours() {
        let cases = [
            (None, MADE, Err(LinkProblem::Unknown)),
            (Some(fresh()), MADE, Ok(())),
            (Some(fresh()), MADE + LIFETIME_SECONDS - 1, Ok(())),
            (
                Some(fresh()),
                MADE + LIFETIME_SECONDS,
                Err(LinkProblem::Expired),
            ),
            (
                Some(LinkState {
                    used_at: Some(MADE + 5),
                    ..fresh()
                }),
                MADE + 10,
                Err(LinkProblem::Used),
            ),
            (
                Some(LinkState {
                    used_at: Some(MADE + 5),
                    ..fresh()
                }),
                MADE + LIFETIME_SECONDS + 10,
                Err(LinkProblem::Used),
            ),
        ];
        for (link, now, expected) in cases {
            assert_eq!(decide(link, now), expected, "{link:?} at {now}");
        }
    }

    #[test]
    fn only_the_digest_is_kept_and_tokens_differ() {
        let token = new_token();
        assert_eq!(token.len(), 43);
        assert_ne!(token, new_token());
        let kept = digest(&token);
        assert_eq!(kept.len(), 64);
        assert!(!kept.contains(&token));
        assert_eq!(kept, digest(&token));
        assert_ne!(kept, digest(&new_token()));
    }
}
