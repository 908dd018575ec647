//! Discovery, the authorisation request, the code exchange and the ID token's checks, by the
//! `openidconnect` crate: signature (keys from the provider's discovered JWKS), issuer,
//! audience, expiry and issue time against [`super::Sso::clock`] with [`CLOCK_SKEW`] either
//! way, and the nonce.
//!
//! Discovery runs at every start and callback instead of once at server start: a provider that
//! is down when Tværs starts costs no restart, and a rotated signing key is seen at once. A
//! sign-in is a handful of requests a day per person; the cost is nothing.

use super::{Kind, Provider, Sso};
use openidconnect::core::{
    CoreAuthPrompt, CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims, CoreProviderMetadata,
};
use openidconnect::TokenResponse as _;
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
};

/// How far the provider's clock and ours may disagree.
pub const CLOCK_SKEW: chrono::Duration = chrono::Duration::seconds(60);
/// The oldest ID token accepted: it is fetched a moment after it is issued.
const MAX_AGE: chrono::Duration = chrono::Duration::minutes(10);

/// Why a provider step failed, as the audit row's code (never the provider's own words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenFailure {
    /// No answer: connection refused, timeout.
    Unreachable,
    /// An answer that is no OpenID Connect (bad discovery document, bad token response).
    Nonsense,
    /// The token endpoint refused the code (invalid_grant: wrong PKCE verifier, used code).
    CodeRefused,
    /// No ID token in the token response.
    NoIdToken,
    /// Signature, issuer, audience or another check of the ID token failed.
    Invalid,
    /// The nonce in the ID token is not the one this sign-in sent.
    Nonce,
    /// Expired, or issued too long ago or in the future, beyond the allowance.
    Clock,
}

impl TokenFailure {
    pub fn code(self) -> &'static str {
        match self {
            TokenFailure::Unreachable => "unreachable",
            TokenFailure::Nonsense => "nonsense",
            TokenFailure::CodeRefused => "code_refused",
            TokenFailure::NoIdToken => "no_id_token",
            TokenFailure::Invalid => "invalid_token",
            TokenFailure::Nonce => "nonce",
            TokenFailure::Clock => "clock",
        }
    }
}

/// The provider's discovered metadata.
async fn discover(sso: &Sso, provider: &Provider) -> Result<CoreProviderMetadata, TokenFailure> {
    CoreProviderMetadata::discover_async(provider.issuer.clone(), &sso.http)
        .await
        .map_err(|err| {
            use openidconnect::DiscoveryError;
            tracing::warn!(issuer = %provider.issuer.as_str(), error = %err, "OpenID discovery failed");
            match err {
                DiscoveryError::Request(_) => TokenFailure::Unreachable,
                _ => TokenFailure::Nonsense,
            }
        })
}

/// The address to send the browser to: the provider's authorisation endpoint with this
/// sign-in's state, nonce and PKCE challenge, and `prompt=login` — on a shared tablet the
/// provider must never sign in silently whoever used it last.
pub async fn authorization_url(
    sso: &Sso,
    kind: Kind,
    provider: &Provider,
    state: &str,
    nonce: &str,
    verifier: &str,
) -> Result<String, TokenFailure> {
    let metadata = discover(sso, provider).await?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect_url(sso, kind)?);
    let challenge =
        PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier.to_owned()));
    let (state, nonce) = (state.to_owned(), nonce.to_owned());
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            move || CsrfToken::new(state),
            move || Nonce::new(nonce),
        )
        .set_pkce_challenge(challenge)
        .add_prompt(CoreAuthPrompt::Login);
    for scope in &provider.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, _, _) = request.url();
    Ok(url.to_string())
}

fn redirect_url(sso: &Sso, kind: Kind) -> Result<RedirectUrl, TokenFailure> {
    RedirectUrl::new(sso.redirect_uri(kind)).map_err(|err| {
        tracing::error!(error = %err, "the callback address is no URL");
        TokenFailure::Nonsense
    })
}

/// What a verified ID token says about the person.
#[derive(Debug)]
pub struct Verified {
    /// The configured claim's value, if the token has it as a string.
    pub claim: Option<String>,
    /// The assurance level: `acr`, and the `amr` methods.
    pub acr: Option<String>,
    pub amr: Vec<String>,
}

/// Exchanges the code (with the PKCE verifier) and verifies the ID token it brings.
pub async fn redeem(
    sso: &Sso,
    kind: Kind,
    provider: &Provider,
    code: &str,
    verifier: &str,
    nonce: &str,
) -> Result<Verified, TokenFailure> {
    let metadata = discover(sso, provider).await?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect_url(sso, kind)?);
    let request = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|err| {
            tracing::warn!(error = %err, "the provider has no token endpoint");
            TokenFailure::Nonsense
        })?;
    let response = request
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
        .request_async(&sso.http)
        .await
        .map_err(|err| {
            tracing::warn!(issuer = %provider.issuer.as_str(), error = %err, "the code exchange failed");
            match err {
                RequestTokenError::ServerResponse(_) => TokenFailure::CodeRefused,
                RequestTokenError::Request(_) => TokenFailure::Unreachable,
                _ => TokenFailure::Nonsense,
            }
        })?;
    let Some(id_token) = response.id_token() else {
        return Err(TokenFailure::NoIdToken);
    };
    let now = sso.clock.now().unix_timestamp();
    let now = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    // The expiry check is `now >= exp`: asking it with a clock the allowance behind gives the
    // allowance. The issue time may be at most the allowance ahead, and not older than MAX_AGE.
    let verifier = client
        .id_token_verifier()
        .set_time_fn(move || now - CLOCK_SKEW)
        .set_issue_time_verifier_fn(move |iat| {
            if iat > now + CLOCK_SKEW {
                Err(format!("issued in the future: {iat} (now {now})"))
            } else if iat < now - MAX_AGE - CLOCK_SKEW {
                Err(format!("issued too long ago: {iat} (now {now})"))
            } else {
                Ok(())
            }
        });
    let claims: &CoreIdTokenClaims = id_token
        .claims(&verifier, &Nonce::new(nonce.to_owned()))
        .map_err(|err| {
            tracing::warn!(issuer = %provider.issuer.as_str(), error = %err, "an ID token was refused");
            match err {
                ClaimsVerificationError::Expired(_) => TokenFailure::Clock,
                ClaimsVerificationError::InvalidNonce(_) => TokenFailure::Nonce,
                _ => TokenFailure::Invalid,
            }
        })?;
    Ok(Verified {
        claim: claim_value(&id_token.to_string(), &provider.claim),
        acr: claims.auth_context_ref().map(|acr| acr.as_str().to_owned()),
        amr: claims
            .auth_method_refs()
            .map(|methods| methods.iter().map(|m| m.as_str().to_owned()).collect())
            .unwrap_or_default(),
    })
}

/// The named claim's string value in a token whose signature and claims were verified above
/// (the crate's typed claims know only the standard ones; the configured claim may be any).
fn claim_value(jwt: &str, claim: &str) -> Option<String> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let payload = jwt.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    json.get(claim)?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::claim_value;

    #[test]
    fn a_claim_is_read_only_as_a_string() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let payload = URL_SAFE_NO_PAD
            .encode(r#"{"sub":"abc","preferred_username":"anne@k.dk","n":5,"list":["x"]}"#);
        let jwt = format!("e30.{payload}.sig");
        assert_eq!(claim_value(&jwt, "sub").as_deref(), Some("abc"));
        assert_eq!(
            claim_value(&jwt, "preferred_username").as_deref(),
            Some("anne@k.dk")
        );
        assert_eq!(claim_value(&jwt, "n"), None);
        assert_eq!(claim_value(&jwt, "list"), None);
        assert_eq!(claim_value(&jwt, "missing"), None);
        assert_eq!(claim_value("garbage", "sub"), None);
    }
}
