//! Passwords where there is no single sign-on (issue 15): an administrator or unit leader
//! invites a person by e-mail, the person sets a password by the letter's one-time link, and
//! anyone who forgot theirs asks for a new link by username.

mod invite;
#[cfg(feature = "ssr")]
pub mod link;
mod reset;
#[cfg(feature = "ssr")]
pub mod rules;
mod set;

pub use invite::*;
pub use reset::*;
pub use set::*;

/// The audit row of a step without a caller's gate: ids and codes only (SECURITY L1).
#[cfg(feature = "ssr")]
fn entry(
    at: i64,
    user: Option<crate::domain::UserId>,
    action: &'static str,
    criterion: String,
    purpose: &'static str,
    outcome: crate::backend::audit::Outcome,
) -> crate::backend::audit::Entry<'static> {
    crate::backend::audit::Entry {
        at,
        user,
        unit: None,
        action,
        child: None,
        criterion: Some(criterion),
        purpose,
        outcome,
    }
}
