//! Wire types for setting a password by a one-time link (issue 15): why a link or a password
//! is refused, each a stable code the browser translates.

use serde::{Deserialize, Serialize};

/// Why a one-time link cannot set a password. Each has its own message, so the person knows
/// whether to ask for a new link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkProblem {
    /// No such link (mistyped, or never made).
    Unknown,
    /// The link has set a password already, or a newer link replaced it.
    Used,
    /// More than 72 hours old.
    Expired,
}

/// Why a new password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    /// Fewer than 12 characters.
    TooShort,
    /// More than 128 characters.
    TooLong,
    /// Among common passwords, or as easy to guess.
    Common,
}

/// What a one-time link is for, as its page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    Invite,
    Reset,
}
