//! One error type for everything a server function can answer. It carries a stable code that
//! the client translates into the user's language; causes go to the server log only, so no SQL,
//! stack trace or other record's id ever reaches a browser (SECURITY S7).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

pub use crate::domain::{Problem, ProblemCode};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    /// Not signed in, or the session ended.
    #[error("not signed in")]
    Unauthenticated,
    /// Wrong username or password. Deliberately does not say which.
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed attempts for this account.
    #[error("too many failed attempts")]
    Throttled,
    /// The password was right; a code from the authenticator app (or a recovery code) is
    /// needed as well. Nothing was signed in.
    #[error("second factor code needed")]
    CodeNeeded,
    /// The code was wrong, too old, or already used.
    #[error("wrong code")]
    BadCode,
    /// The session may only set up a second factor (`/second-factor`) until one is set up.
    #[error("second factor setup needed")]
    SecondFactorSetup,
    /// The thing does not exist — or the caller may not know it exists (SECURITY A4).
    #[error("not found")]
    NotFound,
    /// The caller may know it exists but may not do this (e.g. an administrator-only page).
    #[error("forbidden")]
    Forbidden,
    /// The request could not be read at all (not JSON, a field missing or of the wrong type,
    /// an unknown position): a client fault the user cannot mend field by field.
    #[error("undecodable request")]
    Undecodable,
    /// The input was understood but is not acceptable; `problems` are translation keys with
    /// the position they refer to (a CSV line, a form field).
    #[error("invalid input")]
    Invalid { problems: Vec<Problem> },
    /// The write was based on a version someone else has changed since (SECURITY O6). The
    /// user sees what is there now and decides; nothing was overwritten.
    #[error("conflict")]
    Conflict { current: Option<CurrentAssessment> },
    /// An idempotency key came back with a different request (SECURITY O5).
    #[error("idempotency key reused")]
    KeyReused,
    /// A one-time link to set a password cannot be used (issue 15).
    #[error("password link refused")]
    Link {
        problem: crate::wire::password::LinkProblem,
    },
    /// A new password is too short, too long or too common (issue 15).
    #[error("password refused")]
    WeakPassword {
        problem: crate::wire::password::PasswordProblem,
    },
    /// This needs e-mail, and the server has no SMTP server configured (issue 15).
    #[error("mail is off")]
    MailOff,
    /// The browser could not reach the server (set on the client only).
    #[error("server unreachable")]
    Unreachable,
    /// Anything else: details are in the server log.
    #[error("internal error")]
    Internal,
}

/// What a conflicting write found in place of the version it was based on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentAssessment {
    pub position: crate::domain::Position,
    pub note: String,
    pub version: i64,
    pub by: String,
}

impl AppError {
    pub fn invalid(line: u32, field: impl Into<String>, code: ProblemCode) -> Self {
        AppError::Invalid {
            problems: vec![Problem {
                line,
                field: field.into(),
                code,
            }],
        }
    }

    /// The HTTP status that goes with the error, so that tools and tests see it too.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Undecodable => 400,
            AppError::Unauthenticated
            | AppError::BadCredentials
            | AppError::CodeNeeded
            | AppError::BadCode => 401,
            AppError::SecondFactorSetup => 403,
            AppError::Throttled => 429,
            AppError::NotFound => 404,
            AppError::Forbidden => 403,
            AppError::Invalid { .. } | AppError::KeyReused => 422,
            AppError::Conflict { .. } => 409,
            AppError::Link { problem } => match problem {
                crate::wire::password::LinkProblem::Unknown => 404,
                crate::wire::password::LinkProblem::Used
                | crate::wire::password::LinkProblem::Expired => 410,
            },
            AppError::WeakPassword { .. } => 422,
            AppError::MailOff => 503,
            AppError::Unreachable => 503,
            AppError::Internal => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A request the server could not read is the client's fault, but the user can do
            // nothing with the details.
            ServerFnErrorErr::Args(why) | ServerFnErrorErr::Deserialization(why) => {
                #[cfg(feature = "ssr")]
                undecodable_on_server(&why);
                #[cfg(not(feature = "ssr"))]
                let _ = why;
                AppError::Undecodable
            }
            // The request never reached the server: the caller keeps the work and retries.
            ServerFnErrorErr::Request(_) => AppError::Unreachable,
            _ => AppError::Internal,
        }
    }
}

/// Logs why a request could not be read and answers it with 400, so neither the log nor a
/// client mistakes it for a fault of the server.
#[cfg(feature = "ssr")]
fn undecodable_on_server(why: &str) {
    tracing::warn!(error = %why, "undecodable request");
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::BAD_REQUEST);
    }
}
