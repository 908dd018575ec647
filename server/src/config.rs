//! Configuration from the command line and the environment. Every setting has a safe default,
//! so `tvaers serve` works on a fresh checkout.

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
