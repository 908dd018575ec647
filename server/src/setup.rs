//! `tvaers setup`: a municipality put into service from an empty database, without the demo
//! (issue 15). It runs on the server's own machine, by whoever may start the server, so the
//! first administrator's one-time link to set a password is printed there and sent nowhere:
//! no e-mail address has to exist yet, and nobody else can reach a first-start page.
//!
//! One write transaction makes the municipality, the administrator (a user with no password
//! and an administrator's membership of the whole municipality) and the link; the
//! municipality's assessment settings and an audit row follow. A database that already holds a
//! municipality is refused before anything is written.

use crate::config::ServeConfig;
use app::auth::password::link;
use app::backend::audit::{self, Entry, Outcome};
use app::backend::db::Db;
use app::backend::mail::Purpose;
use app::backend::store;
use app::domain::{MunicipalityId, UserId, Username};

/// `tvaers setup --municipality … --admin-username … --admin-name …`, with the server's own
/// database and address flags.
#[derive(clap::Args, Debug, Clone)]
pub struct SetupArgs {
    /// The municipality's name as people will see it, e.g. "Solbakke Kommune".
    #[arg(long)]
    pub municipality: String,
    /// The first administrator's username (2–64 letters, digits, `.`, `-`, `_`, `@`).
    #[arg(long)]
    pub admin_username: String,
    /// The first administrator's name as shown in Tværs.
    #[arg(long)]
    pub admin_name: String,
    #[command(flatten)]
    pub serve: ServeConfig,
}

/// What setup is asked to make, each part parsed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupInput {
    pub municipality: String,
    pub admin_username: Username,
    pub admin_name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("the database already holds a municipality; setup is only for an empty database (add people by import, see README)")]
    NotEmpty,
    #[error("--municipality: give the municipality's name, 2–120 characters")]
    BadMunicipality,
    #[error("--admin-username: 2–64 letters, digits, '.', '-', '_' or '@'")]
    BadUsername,
    #[error("--admin-name: give the administrator's name, 2–120 characters")]
    BadName,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl SetupInput {
    /// Checks the flags before the database is opened.
    pub fn parse(args: &SetupArgs) -> Result<Self, SetupError> {
        Ok(Self {
            municipality: name(&args.municipality).ok_or(SetupError::BadMunicipality)?,
            admin_username: Username::parse(&args.admin_username).ok_or(SetupError::BadUsername)?,
            admin_name: name(&args.admin_name).ok_or(SetupError::BadName)?,
        })
    }
}

/// A name as people type it: trimmed, 2–120 characters, no control characters.
fn name(text: &str) -> Option<String> {
    let text = text.trim();
    let ok = (2..=120).contains(&text.chars().count()) && !text.chars().any(char::is_control);
    ok.then(|| text.to_owned())
}

/// What setup made: the ids, and the token of the administrator's link, valid until
/// `expires_at` and only once.
#[derive(Debug)]
pub struct SetUp {
    pub municipality: MunicipalityId,
    pub administrator: UserId,
    pub token: String,
    pub expires_at: i64,
}

/// Makes the municipality and its first administrator at `now` (unix seconds).
pub async fn set_up(db: &Db, input: &SetupInput, now: i64) -> Result<SetUp, SetupError> {
    let municipality = MunicipalityId::random();
    let administrator = UserId::random();
    let token = link::new_token();
    let expires_at = now + link::LIFETIME_SECONDS;
    let today = time::OffsetDateTime::from_unix_timestamp(now)
        .map_err(|_| SetupError::Database(sqlx::Error::Protocol("the clock".into())))?
        .date();
    let mut tx = db.begin_write().await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM municipalities")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        tx.rollback().await?;
        return Err(SetupError::NotEmpty);
    }
    sqlx::query("INSERT INTO municipalities (id, name) VALUES ($1, $2)")
        .bind(municipality.to_string())
        .bind(&input.municipality)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO users (id, municipality_id, username, display_name, password_hash, disabled, created_at) \
         VALUES ($1, $2, $3, $4, NULL, 0, $5)",
    )
    .bind(administrator.to_string())
    .bind(municipality.to_string())
    .bind(input.admin_username.as_str())
    .bind(&input.admin_name)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (id, user_id, role, unit_id, area_id, municipality_id, starts_on) \
         VALUES ($1, $2, 'administrator', NULL, NULL, $3, $4)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(administrator.to_string())
    .bind(municipality.to_string())
    .bind(today.to_string())
    .execute(&mut *tx)
    .await?;
    store::password_links::issue(
        &mut tx,
        administrator,
        Purpose::Invite,
        &link::digest(&token),
        now,
        expires_at,
    )
    .await?;
    tx.commit().await?;
    let kind = db.kind();
    store::settings::ensure_initialised(&mut *db.conn().await?, kind, municipality, now).await?;
    audit::enqueue(
        db,
        Entry {
            at: now,
            user: None,
            unit: None,
            action: "setup_municipality",
            child: None,
            criterion: Some(format!("municipality:{municipality} user:{administrator}")),
            purpose: "setup",
            outcome: Outcome::Allowed,
        },
    )
    .committed()
    .await?;
    Ok(SetUp {
        municipality,
        administrator,
        token,
        expires_at,
    })
}

/// Where the administrator opens the link: the public address when one is set, else the
/// server's own.
pub fn link_address(config: &ServeConfig, token: &str) -> String {
    let origin = match &config.public_url {
        Some(url) => url.to_string(),
        None => format!("http://{}", config.addr),
    };
    format!("{}/password/{token}", origin.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        let cases = [
            ("Solbakke Kommune", Some("Solbakke Kommune")),
            ("  Aarhus  ", Some("Aarhus")),
            ("Æbeltoft Ø", Some("Æbeltoft Ø")),
            ("A", None),
            ("   ", None),
            ("Bad\u{0}name", None),
            ("Line\nbreak", None),
        ];
        for (text, expected) in cases {
            assert_eq!(name(text).as_deref(), expected, "{text:?}");
        }
        assert!(name(&"x".repeat(120)).is_some());
        assert!(name(&"x".repeat(121)).is_none());
    }
}
