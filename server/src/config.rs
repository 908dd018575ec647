//! Configuration from the command line and the environment. Every setting has a safe default,
//! so `tvaers serve` works on a fresh checkout.

use crate::middleware::OriginCheck;
use app::backend::state::Settings;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Args, Clone, Debug)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "TVAERS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Folder for the embedded SQLite database (ignored with a PostgreSQL DATABASE_URL).
    #[arg(long, env = "TVAERS_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// `postgres://user@host/db` for PostgreSQL; default is SQLite in the data folder.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// PostgreSQL only: `postgres://owner@host/db`, a role that owns the schema. It applies the
    /// migrations and grants DATABASE_URL's role only what the app does, so that role owns
    /// nothing and cannot drop the audit log's triggers (docs/SECURITY.md, L2). Without it,
    /// DATABASE_URL's role migrates and owns everything, and the log warns.
    #[arg(long, env = "DATABASE_OWNER_URL")]
    pub database_owner_url: Option<String>,
    /// Minutes without a request before a session ends (at most 15).
    #[arg(long, env = "TVAERS_IDLE_MINUTES", default_value_t = 15, value_parser = clap::value_parser!(i64).range(1..=15))]
    pub idle_minutes: i64,
    /// Hours after login a session ends however active (at most 8).
    #[arg(long, env = "TVAERS_SESSION_HOURS", default_value_t = 8, value_parser = clap::value_parser!(i64).range(1..=8))]
    pub session_hours: i64,
    /// Years assessments, notes, plans and meetings are kept.
    #[arg(long, env = "TVAERS_RETENTION_YEARS", default_value_t = 5, value_parser = clap::value_parser!(i64).range(1..=10))]
    pub retention_years: i64,
    /// Send the session cookie without `Secure` and the `__Host-` prefix. Only for trying
    /// Tværs over plain HTTP from another device on a local network.
    #[arg(long, env = "TVAERS_INSECURE_COOKIES", default_value_t = false)]
    pub insecure_cookies: bool,
    /// Load the fictional demo municipality if the database is empty, and print its logins.
    #[arg(long, env = "TVAERS_DEMO", default_value_t = false)]
    pub demo: bool,
    /// Invitations and password resets by e-mail (`--smtp-url`, `--mail-from`).
    #[command(flatten)]
    pub mail: crate::mail_config::MailConfig,
    /// The address people open, e.g. `https://tvaers.kommune.dk`, when a reverse proxy stands
    /// in front (docs/OPERATIONS.md). A request that changes something must then come from
    /// exactly this origin; without it, from the host in the request's `Host` header.
    #[arg(long, env = "TVAERS_PUBLIC_URL", value_parser = PublicUrl::parse)]
    pub public_url: Option<PublicUrl>,
    /// Single sign-on with OpenID Connect (`--oidc-staff-…`, `--oidc-parent-…`).
    #[command(flatten)]
    pub sso: crate::sso::SsoConfig,
    /// Connections served at once; further ones wait, not refused, until one closes.
    #[arg(long, env = "TVAERS_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_connections: u32,
    /// Seconds a connection has to send a request's header (and an idle kept-alive
    /// connection stays open) before it is closed.
    #[arg(long, env = "TVAERS_HEADER_READ_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub header_read_timeout_secs: u64,
    /// A secret that lets a scraper on another machine read `/metrics`, sent as
    /// `Authorization: Bearer <token>`. Without it, only this machine reads them.
    #[arg(long, env = "TVAERS_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

impl ServeConfig {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => format!("sqlite://{}/tvaers.db?mode=rwc", self.data_dir.display()),
        }
    }

    /// The owner's URL, if one is set (an empty variable counts as none).
    pub fn database_owner_url(&self) -> Option<&str> {
        self.database_owner_url
            .as_deref()
            .filter(|url| !url.is_empty())
    }

    /// How the cross-site check knows the site's own origin (SECURITY S5).
    pub fn origin_check(&self) -> OriginCheck {
        match &self.public_url {
            Some(url) => OriginCheck::PublicUrl(url.clone()),
            None => OriginCheck::HostHeader,
        }
    }

    /// Why the session cookie would not work at the public address, if it would not: a
    /// browser keeps a `Secure` cookie only over HTTPS (localhost aside), so over `http://`
    /// nobody stays signed in; `--insecure-cookies` behind HTTPS throws away S3 for nothing.
    pub fn cookie_warning(&self) -> Option<&'static str> {
        let url = self.public_url.as_ref()?;
        match (url.is_https(), self.insecure_cookies) {
            (false, false) => Some(
                "--public-url is http://: browsers drop the Secure session cookie there, so no one \
                 stays signed in; use https://, or --insecure-cookies for a trial on a LAN",
            ),
            (true, true) => Some(
                "--insecure-cookies with an https:// --public-url: the session cookie loses \
                 Secure and __Host- for nothing (SECURITY S3); drop the flag",
            ),
            _ => None,
        }
    }

    /// The accept loop's limits (SECURITY D5).
    pub fn limits(&self) -> crate::listen::Limits {
        crate::listen::Limits {
            max_connections: self.max_connections as usize,
            header_read_timeout: std::time::Duration::from_secs(self.header_read_timeout_secs),
            ..crate::listen::Limits::default()
        }
    }

    pub fn settings(&self) -> Settings {
        Settings {
            idle_timeout: time::Duration::minutes(self.idle_minutes),
            absolute_timeout: time::Duration::hours(self.session_hours),
            secure_cookies: !self.insecure_cookies,
            retention_years: self.retention_years,
            ..Settings::default()
        }
    }
}

/// The address people reach Tværs at, reduced to its origin (`https://tvaers.kommune.dk`):
/// behind a reverse proxy the `Host` header names the proxy's upstream, so the cross-site
/// check compares `Origin` with this instead (`middleware::OriginCheck`, SECURITY S5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
}

impl PublicUrl {
    /// Parses the setting at start, refusing what cannot be an origin: Tværs is served at the
    /// root of its address, so a path, query or fragment would be a mistake, not a wish.
    pub fn parse(text: &str) -> Result<PublicUrl, String> {
        const EXAMPLE: &str = "give the address people open, e.g. https://tvaers.kommune.dk";
        let url = url::Url::parse(text.trim()).map_err(|err| format!("{err}: {EXAMPLE}"))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(format!(
                "the scheme must be https (or http), not {}: {EXAMPLE}",
                url.scheme()
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(format!("no host: {EXAMPLE}"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!("no user name or password belongs in it: {EXAMPLE}"));
        }
        if url.path() != "/" {
            return Err(format!(
                "Tværs is served at the root of its address, so no path ({}): {EXAMPLE}",
                url.path()
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("no query (?) or fragment (#): {EXAMPLE}"));
        }
        // The form browsers send in `Origin`: lower-case host, default port left out.
        Ok(PublicUrl {
            origin: url.origin().ascii_serialization(),
        })
    }

    /// `scheme://host[:port]`, exactly as a browser on the public address sends it in `Origin`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::{PublicUrl, ServeConfig};
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeConfig,
    }

    #[test]
    fn the_public_url_flag_is_parsed_at_start() {
        let cli = Cli::try_parse_from(["tvaers", "--public-url", "https://tvaers.kommune.dk/"])
            .expect("a good URL");
        assert_eq!(
            cli.serve.public_url.map(|url| url.to_string()).as_deref(),
            Some("https://tvaers.kommune.dk")
        );
        let Err(refused) = Cli::try_parse_from(["tvaers", "--public-url", "https://k.dk/tvaers"])
        else {
            panic!("a URL with a path is refused at start");
        };
        let message = refused.to_string();
        assert!(message.contains("--public-url"), "{message}");
        assert!(message.contains("no path (/tvaers)"), "{message}");
    }

    #[test]
    fn the_single_sign_on_flags_are_parsed_and_checked_at_start() {
        let cli = Cli::try_parse_from([
            "tvaers",
            "--oidc-staff-issuer",
            "https://login.example/tenant/v2.0",
            "--oidc-staff-client-id",
            "tvaers",
            "--oidc-staff-client-secret",
            "s3cret",
        ])
        .expect("good flags");
        let sso = cli
            .serve
            .sso
            .sso("https://tvaers.kommune.dk")
            .expect("a staff provider");
        let staff = sso.staff.as_ref().expect("staff configured");
        assert_eq!(staff.claim, "preferred_username");
        assert_eq!(staff.scopes, vec!["profile".to_owned()]);
        assert!(sso.parent.is_none());
        assert_eq!(
            (sso.offer().staff, sso.offer().parent),
            (true, false),
            "the login page offers the staff button only"
        );
        let cli = Cli::try_parse_from([
            "tvaers",
            "--oidc-parent-issuer",
            "https://broker.example",
            "--oidc-parent-client-secret",
            "s3cret",
        ])
        .expect("flags that parse");
        let Err(why) = cli.serve.sso.sso("https://tvaers.kommune.dk") else {
            panic!("a parent provider without a client id stops the start");
        };
        assert!(why.to_string().contains("--oidc-parent-client-id"), "{why}");
    }

    #[test]
    fn a_public_url_and_the_cookie_flag_that_cannot_work_together_are_named_at_start() {
        let cases: [(&[&str], Option<&str>); 5] = [
            (&[], None),
            (&["--public-url", "https://tvaers.kommune.dk"], None),
            (
                &["--public-url", "http://10.0.0.5:3000", "--insecure-cookies"],
                None,
            ),
            (
                &["--public-url", "http://10.0.0.5:3000"],
                Some("no one stays signed in"),
            ),
            (
                &[
                    "--public-url",
                    "https://tvaers.kommune.dk",
                    "--insecure-cookies",
                ],
                Some("drop the flag"),
            ),
        ];
        for (args, expected) in cases {
            let cli = Cli::try_parse_from([&["tvaers"], args].concat()).expect("good flags");
            let warning = cli.serve.cookie_warning();
            match expected {
                None => assert_eq!(warning, None, "{args:?}"),
                Some(part) => assert!(warning.is_some_and(|w| w.contains(part)), "{args:?}"),
            }
        }
    }

    #[test]
    fn a_public_url_is_reduced_to_its_origin_or_refused_at_start() {
        let cases: [(&str, Result<&str, &str>); 14] = [
            ("https://tvaers.kommune.dk", Ok("https://tvaers.kommune.dk")),
            (
                "https://tvaers.kommune.dk/",
                Ok("https://tvaers.kommune.dk"),
            ),
            ("https://TVAERS.Kommune.DK", Ok("https://tvaers.kommune.dk")),
            (
                "https://tvaers.kommune.dk:443",
                Ok("https://tvaers.kommune.dk"),
            ),
            (
                "https://tvaers.kommune.dk:8443/",
                Ok("https://tvaers.kommune.dk:8443"),
            ),
            ("http://10.0.0.5:3000", Ok("http://10.0.0.5:3000")),
            (
                "https://tværs.kommune.dk",
                Ok("https://xn--tvrs-woa.kommune.dk"),
            ),
            ("https://kommune.dk/tvaers", Err("no path (/tvaers)")),
            ("https://tvaers.kommune.dk/?x=1", Err("no query")),
            (
                "https://tvaers.kommune.dk/#top",
                Err("no query (?) or fragment"),
            ),
            ("ftp://tvaers.kommune.dk", Err("the scheme must be https")),
            ("https://admin:pw@tvaers.kommune.dk", Err("no user name")),
            ("tvaers.kommune.dk", Err("relative URL without a base")),
            ("", Err("relative URL without a base")),
        ];
        for (text, expected) in cases {
            match (PublicUrl::parse(text), expected) {
                (Ok(url), Ok(origin)) => assert_eq!(url.origin(), origin, "{text}"),
                (Err(why), Err(part)) => {
                    assert!(why.contains(part), "{text}: {why}");
                    assert!(why.contains("https://tvaers.kommune.dk"), "{text}: {why}");
                }
                (got, _) => panic!("{text}: {got:?}, expected {expected:?}"),
            }
        }
    }
}
