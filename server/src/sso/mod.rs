//! Single sign-on with OpenID Connect (issue 15 item 2; SECURITY S1, S2, L4): the
//! authorisation code flow with PKCE (S256), a nonce and `prompt=login`, against one provider
//! for staff (the municipality's own, e.g. Entra ID) and one for parents (MitID through a
//! broker). Server only: none of it is in the app crate, so none of it reaches the wasm build.
//!
//! The provider only vouches for a person; Tværs decides who that is. A configured claim of the
//! verified ID token is compared with `users.username` of someone already imported, and the
//! staff provider signs in only people with a staff membership today, the parent provider only
//! guardians. Nobody is ever created from a token (docs/ACCESS.md, *Single sign-on*).
//!
//! - [`config`]: the flags, parsed once at start.
//! - [`flows`]: the sign-ins under way (`sso_flows`, migration 0013): state, nonce, browser.
//! - [`token`]: discovery, the code exchange and the ID token's checks.
//! - [`factor`]: whether a sign-in satisfies the person's second factor (the provider's `amr`).
//! - [`person`]: the imported person a verified claim names, and whether this provider may
//!   sign them in.
//! - [`routes`]: `/auth/oidc/{kind}` and `/auth/oidc/{kind}/callback`; [`web`] their cookie,
//!   answers and reading of the provider's answer.

pub mod config;
mod factor;
mod flows;
mod person;
mod routes;
mod token;
mod web;

pub use config::SsoConfig;
pub use routes::routes;

use app::auth::SsoOffer;
use app::backend::clock::Clock;
use std::sync::Arc;

/// Which of the municipality's two providers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Staff,
    Parent,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Staff => "staff",
            Kind::Parent => "parent",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        [Kind::Staff, Kind::Parent]
            .into_iter()
            .find(|k| k.code() == text)
    }
}

/// One configured provider: where to discover it, this site's client there, and which claim
/// of its ID tokens names the person.
#[derive(Clone, Debug)]
pub struct Provider {
    pub issuer: openidconnect::IssuerUrl,
    pub client_id: String,
    pub client_secret: String,
    /// The claim compared with `users.username` (e.g. `preferred_username` for Entra ID, the
    /// broker's UUID claim for MitID).
    pub claim: String,
    /// Scopes asked for besides `openid` (the claim may need one, e.g. `profile`).
    pub scopes: Vec<String>,
}

/// Everything the routes need besides the app's state.
#[derive(Clone, Debug)]
pub struct Sso {
    pub staff: Option<Provider>,
    pub parent: Option<Provider>,
    /// The public origin (`--public-url`): the provider sends the browser back to
    /// `<site>/auth/oidc/<kind>/callback`, never to an address read from a request.
    pub site: String,
    /// The clock the ID token's times are checked against: the system's in production; tests
    /// put it out of step with the provider's to prove the allowance.
    pub clock: Arc<dyn Clock>,
    /// The client for discovery and the token endpoint: no redirects (the OpenID Connect
    /// endpoints answer directly; following one could lead anywhere), short timeouts.
    pub http: openidconnect::reqwest::Client,
}

impl Sso {
    /// No provider configured: the routes answer 404 and the login page shows no buttons.
    pub fn none(site: &str) -> anyhow::Result<Sso> {
        Ok(Sso {
            staff: None,
            parent: None,
            site: site.to_owned(),
            clock: Arc::new(app::backend::clock::SystemClock),
            http: http_client()?,
        })
    }

    pub fn provider(&self, kind: Kind) -> Option<&Provider> {
        match kind {
            Kind::Staff => self.staff.as_ref(),
            Kind::Parent => self.parent.as_ref(),
        }
    }

    /// Which buttons the login page shows.
    pub fn offer(&self) -> SsoOffer {
        SsoOffer {
            staff: self.staff.is_some(),
            parent: self.parent.is_some(),
        }
    }

    fn redirect_uri(&self, kind: Kind) -> String {
        format!("{}/auth/oidc/{}/callback", self.site, kind.code())
    }
}

/// The HTTP client for the providers. A provider that does not answer within seconds is
/// "down" to the person waiting at the tablet.
pub fn http_client() -> anyhow::Result<openidconnect::reqwest::Client> {
    use anyhow::Context;
    openidconnect::reqwest::Client::builder()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .connect_timeout(std::time::Duration::from_secs(5))
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .context("building the HTTP client for the OpenID providers")
}
