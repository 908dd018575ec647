use super::clock::Clock;
use super::db::Db;
use super::store::indicators::IndicatorCache;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use time::Duration;

/// Settings a municipality or operator may change. Defaults follow SECURITY.md.
#[derive(Clone, Debug)]
pub struct Settings {
    /// A session ends after this long without a request (S4: at most 15 minutes).
    pub idle_timeout: Duration,
    /// A session ends this long after login, however active (S4: at most 8 hours).
    pub absolute_timeout: Duration,
    /// Serve the session cookie with `Secure` and the `__Host-` prefix (S3). Only a developer
    /// on plain HTTP to a host other than localhost turns this off.
    pub secure_cookies: bool,
    /// Consecutive failed logins (within 24 hours, since the last success) after which an
    /// account waits before its next try (S2).
    pub lockout_failures: i64,
    /// The first wait after `lockout_failures`; each further failure doubles it (S2).
    pub lockout_first_delay: Duration,
    /// The longest wait, however many failures (S2).
    pub lockout_max_delay: Duration,
    /// Failed logins per hour per account beyond which every attempt is refused (S2).
    pub hourly_failure_cap: i64,
    /// Failed logins from one client address within `address_window` beyond which that
    /// address is refused (S2). Generous: a whole school may sign in from one address.
    pub address_failure_cap: i64,
    pub address_window: Duration,
    /// Failed logins across the whole site within a minute beyond which every login is
    /// refused for the rest of that minute (S2).
    pub site_failures_per_minute: i64,
    /// Years an assessment, note, plan or meeting is kept (R1).
    pub retention_years: i64,
    /// Where invitations and password resets are sent from; `None`: mail is off, and the
    /// functions that need it say so (issue 15).
    pub mail: Option<super::mail::Mailer>,
    /// Which single sign-on providers are configured (the flow itself is the server crate's).
    pub sso: crate::auth::SsoOffer,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(15),
            absolute_timeout: Duration::hours(8),
            secure_cookies: true,
            lockout_failures: 5,
            lockout_first_delay: Duration::minutes(1),
            lockout_max_delay: Duration::minutes(30),
            hourly_failure_cap: 100,
            address_failure_cap: 100,
            address_window: Duration::minutes(10),
            site_failures_per_minute: 300,
            retention_years: 5,
            mail: None,
            sso: crate::auth::SsoOffer {
                staff: false,
                parent: false,
            },
        }
    }
}

/// What every request handler and server function can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
    pub leptos_options: LeptosOptions,
    /// Each municipality's indicator set, kept per revision (see `store::indicators`).
    pub indicators: IndicatorCache,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
