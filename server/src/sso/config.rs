//! The single sign-on flags of `tvaers serve` (docs/OPERATIONS.md, *Single sign-on*). A
//! provider is configured when its issuer is given; then its client id, secret and claim are
//! required, checked once at start.

use super::{Kind, Provider, Sso};
use clap::Args;

#[derive(Args, Clone, Debug, Default)]
pub struct SsoConfig {
    /// Staff's identity provider (e.g. Entra ID): its issuer URL, from which the rest is
    /// discovered (`<issuer>/.well-known/openid-configuration`).
    #[arg(long, env = "TVAERS_OIDC_STAFF_ISSUER")]
    pub oidc_staff_issuer: Option<String>,
    /// This site's client id at the staff provider.
    #[arg(long, env = "TVAERS_OIDC_STAFF_CLIENT_ID")]
    pub oidc_staff_client_id: Option<String>,
    /// This site's client secret at the staff provider (prefer the environment variable).
    #[arg(long, env = "TVAERS_OIDC_STAFF_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_staff_client_secret: Option<String>,
    /// The ID token claim whose value is the staff member's username in Tværs.
    #[arg(
        long,
        env = "TVAERS_OIDC_STAFF_CLAIM",
        default_value = "preferred_username"
    )]
    pub oidc_staff_claim: String,
    /// Scopes besides `openid`, separated by spaces.
    #[arg(long, env = "TVAERS_OIDC_STAFF_SCOPES", default_value = "profile")]
    pub oidc_staff_scopes: String,
    /// Parents' identity provider (MitID through a broker): its issuer URL.
    #[arg(long, env = "TVAERS_OIDC_PARENT_ISSUER")]
    pub oidc_parent_issuer: Option<String>,
    /// This site's client id at the parent provider.
    #[arg(long, env = "TVAERS_OIDC_PARENT_CLIENT_ID")]
    pub oidc_parent_client_id: Option<String>,
    /// This site's client secret at the parent provider (prefer the environment variable).
    #[arg(long, env = "TVAERS_OIDC_PARENT_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_parent_client_secret: Option<String>,
    /// The ID token claim whose value is the guardian's username in Tværs.
    #[arg(long, env = "TVAERS_OIDC_PARENT_CLAIM", default_value = "sub")]
    pub oidc_parent_claim: String,
    /// Scopes besides `openid`, separated by spaces.
    #[arg(long, env = "TVAERS_OIDC_PARENT_SCOPES", default_value = "")]
    pub oidc_parent_scopes: String,
}

impl SsoConfig {
    /// The configured providers, with the public origin the callbacks are built from. Refuses
    /// a half-configured provider and single sign-on without `--public-url` over plain HTTP
    /// anywhere but this machine: the provider must send the browser back to an address
    /// people really open.
    pub fn sso(&self, site: &str) -> anyhow::Result<Sso> {
        let mut sso = Sso::none(site)?;
        sso.staff = provider(
            Kind::Staff,
            self.oidc_staff_issuer.as_deref(),
            self.oidc_staff_client_id.as_deref(),
            self.oidc_staff_client_secret.as_deref(),
            &self.oidc_staff_claim,
            &self.oidc_staff_scopes,
        )?;
        sso.parent = provider(
            Kind::Parent,
            self.oidc_parent_issuer.as_deref(),
            self.oidc_parent_client_id.as_deref(),
            self.oidc_parent_client_secret.as_deref(),
            &self.oidc_parent_claim,
            &self.oidc_parent_scopes,
        )?;
        Ok(sso)
    }
}

/// One provider from its flags: none without an issuer; an error for anything missing.
pub fn provider(
    kind: Kind,
    issuer: Option<&str>,
    client_id: Option<&str>,
    client_secret: Option<&str>,
    claim: &str,
    scopes: &str,
) -> anyhow::Result<Option<Provider>> {
    let flag = |what: &str| format!("--oidc-{}-{what}", kind.code());
    let Some(issuer) = issuer.map(str::trim).filter(|i| !i.is_empty()) else {
        return Ok(None);
    };
    let issuer = openidconnect::IssuerUrl::new(issuer.to_owned())
        .map_err(|err| anyhow::anyhow!("{}: {err}", flag("issuer")))?;
    if !matches!(issuer.url().scheme(), "https" | "http") {
        anyhow::bail!("{}: an https:// URL", flag("issuer"));
    }
    let required = |value: Option<&str>, what: &str| {
        value
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                anyhow::anyhow!("{} is set, so {} is required", flag("issuer"), flag(what))
            })
    };
    let claim = claim.trim();
    if claim.is_empty() {
        anyhow::bail!("{}: name the claim that holds the username", flag("claim"));
    }
    Ok(Some(Provider {
        issuer,
        client_id: required(client_id, "client-id")?,
        client_secret: required(client_secret, "client-secret")?,
        claim: claim.to_owned(),
        scopes: scopes
            .split_whitespace()
            .filter(|s| *s != "openid")
            .map(str::to_owned)
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::{provider, Kind};

    #[test]
    fn a_provider_needs_all_its_flags_or_none() {
        let none = provider(Kind::Staff, None, None, None, "sub", "").expect("none is fine");
        assert!(none.is_none());
        let Err(missing) = provider(
            Kind::Parent,
            Some("https://idp.example"),
            Some("c"),
            None,
            "sub",
            "",
        ) else {
            panic!("a provider without a secret is refused");
        };
        assert!(
            missing.to_string().contains("--oidc-parent-client-secret"),
            "{missing}"
        );
        let Err(bad) = provider(
            Kind::Staff,
            Some("not a url"),
            Some("c"),
            Some("s"),
            "sub",
            "",
        ) else {
            panic!("an issuer that is no URL is refused");
        };
        assert!(bad.to_string().contains("--oidc-staff-issuer"), "{bad}");
        let good = provider(
            Kind::Staff,
            Some("https://idp.example/t"),
            Some("c"),
            Some("s"),
            "upn",
            "openid profile",
        )
        .expect("a good provider")
        .expect("configured");
        assert_eq!(good.scopes, vec!["profile".to_owned()]);
        assert_eq!(good.claim, "upn");
    }
}
