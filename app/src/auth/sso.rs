//! What the login page needs to know of single sign-on (issue 15 item 2): which providers the
//! municipality has configured, and why a sign-in through one came back refused. The flow
//! itself — discovery, the redirect, the callback, the ID token — is the server's alone
//! (`tvaers::sso`, plain axum routes), so none of it reaches the wasm build.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Which sign-in buttons the login page shows: one per configured provider.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoOffer {
    /// The municipality's own identity provider, for staff (e.g. Entra ID).
    pub staff: bool,
    /// MitID through a broker, for parents.
    pub parent: bool,
}

/// Why a single sign-on came back to the login page, as the `sso` query parameter of
/// `/login?sso=<code>`. A code, never a detail: the detail is in the audit row and the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SsoProblem {
    /// The sign-in was not started here, was used already, or took over 10 minutes.
    Expired,
    /// The provider vouched for someone Tværs does not know (never created from a token).
    Unknown,
    /// A staff login for someone who is no staff, or a parent login for someone who is no
    /// guardian: the other button is theirs.
    WrongProvider,
    /// The provider did not answer, or answered something that is no OpenID Connect.
    Unavailable,
    /// The provider answered with an error (the person cancelled, say).
    Refused,
    /// The answer could not be verified (signature, issuer, audience, nonce).
    Failed,
    /// The token's times do not fit this server's clock beyond the allowance.
    Clock,
    /// The account is disabled.
    Disabled,
    /// The person must use a second factor, and the provider did not show one.
    SecondFactor,
}

impl SsoProblem {
    pub const ALL: [SsoProblem; 9] = [
        SsoProblem::Expired,
        SsoProblem::Unknown,
        SsoProblem::WrongProvider,
        SsoProblem::Unavailable,
        SsoProblem::Refused,
        SsoProblem::Failed,
        SsoProblem::Clock,
        SsoProblem::Disabled,
        SsoProblem::SecondFactor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SsoProblem::Expired => "expired",
            SsoProblem::Unknown => "unknown",
            SsoProblem::WrongProvider => "wrong_provider",
            SsoProblem::Unavailable => "unavailable",
            SsoProblem::Refused => "refused",
            SsoProblem::Failed => "failed",
            SsoProblem::Clock => "clock",
            SsoProblem::Disabled => "disabled",
            SsoProblem::SecondFactor => "second_factor",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Which providers are configured, for the login page's buttons. Works without a session.
#[server(name = GetSsoOffer, prefix = "/api", endpoint = "sso_offer")]
pub async fn sso_offer() -> Result<SsoOffer, AppError> {
    let state = crate::backend::context::state()?;
    Ok(state.settings.sso)
}

#[cfg(test)]
mod tests {
    use super::SsoProblem;

    #[test]
    fn every_problem_code_reads_back_as_itself() {
        for problem in SsoProblem::ALL {
            assert_eq!(SsoProblem::parse(problem.code()), Some(problem));
        }
        assert_eq!(SsoProblem::parse("<script>"), None);
    }
}
