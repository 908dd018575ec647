//! Server-side sessions (SECURITY S3, S4, A6). The browser holds only a random 256-bit token;
//! the database holds its SHA-256, so a leaked database copy cannot be replayed as a cookie.
//! Each authenticated request moves the idle deadline, every login gets a fresh token, and
//! logout or disabling a user deletes the rows.

use super::db::Db;
use super::group_commit::Receipt;
use super::state::Settings;
use super::store::people;
use crate::domain::UserId;
use crate::policy::Subject;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Cookie name when served over TLS: the `__Host-` prefix binds it to this exact host and path.
pub const SECURE_COOKIE: &str = "__Host-tvaers_session";
/// Cookie name for plain-HTTP development only.
pub const PLAIN_COOKIE: &str = "tvaers_session";

pub fn cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies {
        SECURE_COOKIE
    } else {
        PLAIN_COOKIE
    }
}

/// The `Set-Cookie` value for a new session token.
pub fn session_cookie(settings: &Settings, token: &str) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}",
        cookie_name(settings)
    )
}

/// The `Set-Cookie` value that removes the session cookie from the browser.
pub fn clearing_cookie(settings: &Settings) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
        cookie_name(settings)
    )
}

/// Finds this app's session token in a `Cookie` header.
pub fn token_from_cookie_header(settings: &Settings, header: &str) -> Option<String> {
    let name = cookie_name(settings);
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_owned())
    })
}

fn digest(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for `user` and returns the token to put in the cookie.
pub async fn create(db: &Db, user: UserId, now: i64) -> Result<String, sqlx::Error> {
    create_as(db, user, now, false).await
}

/// Starts a session that may only enrol a second factor (`SessionUser::enrolling`).
pub async fn create_enrolling(db: &Db, user: UserId, now: i64) -> Result<String, sqlx::Error> {
    create_as(db, user, now, true).await
}

async fn create_as(
    db: &Db,
    user: UserId,
    now: i64,
    enrolling: bool,
) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, enrolling) VALUES ($1, $2, $3, $3, $4)")
        .bind(digest(&token))
        .bind(user.to_string())
        .bind(now)
        .bind(i64::from(enrolling))
        .execute(db.pool())
        .await?;
    Ok(token)
}

/// How stale a session's last-seen time may get before a request moves it.
const TOUCH_AFTER_SECONDS: i64 = 60;

/// The signed-in person behind a live session.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user_id: UserId,
    pub display_name: String,
    pub username: String,
    /// What the policy knows about them, read with the session: every request that asks the
    /// policy needs it, and it is as fresh as the session row (SECURITY A6).
    pub subject: Subject,
    /// Signed in with a right password by someone who must have a second factor and has none
    /// yet: the session may only enrol one (`Caller::current` refuses it everything else).
    pub enrolling: bool,
}

/// A live session found for a request.
#[derive(Debug)]
pub struct Resumed {
    pub user: SessionUser,
    /// The move of its idle deadline, when one was due: committed together with other
    /// sessions' moves. The request awaits it before answering, so the next request sees it.
    pub touched: Option<Receipt>,
}

/// Looks up a token. A session past its idle or absolute deadline, or of a disabled user, is
/// deleted and yields `None`; a live one has its idle deadline moved to `now` when the stored
/// time is a minute old or more.
pub async fn resume(
    db: &Db,
    settings: &Settings,
    token: &str,
    now: i64,
) -> Result<Option<Resumed>, sqlx::Error> {
    let hash = digest(token);
    // The session with the policy's facts about its user in one statement, a row per fact
    // (one with empty fact columns when there is none). The facts select by the session's
    // user as a value, so each kind is read by its index on both engines.
    let rows = sqlx::query(&format!(
        "SELECT s.user_id, s.created_at, s.last_seen_at, s.enrolling, u.disabled, u.display_name, u.username, \
                f.* \
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN ({}) f ON 1 = 1 \
         WHERE s.token_hash = $1",
        people::subject_facts("(SELECT user_id FROM sessions WHERE token_hash = $1)")
    ))
    .bind(&hash)
    .fetch_all(db.pool())
    .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let created_at: i64 = row.try_get("created_at")?;
    let last_seen_at: i64 = row.try_get("last_seen_at")?;
    let disabled = row.try_get::<i64, _>("disabled")? != 0;
    let idle_ok = now - last_seen_at <= settings.idle_timeout.whole_seconds();
    let absolute_ok = now - created_at <= settings.absolute_timeout.whole_seconds();
    if !idle_ok || !absolute_ok || disabled {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(db.pool())
            .await?;
        return Ok(None);
    }
    let user_id: String = row.try_get("user_id")?;
    let Ok(user_id) = user_id.parse() else {
        return Ok(None);
    };
    // Only write when the stored time is a minute stale: a page load makes many requests, and
    // each write takes SQLite's single write lock and empties every other connection's page
    // cache. The idle deadline (15 minutes) is then exact to within that minute.
    let touched = (now - last_seen_at >= TOUCH_AFTER_SECONDS)
        .then(|| db.session_times().touch_session(hash, now));
    Ok(Some(Resumed {
        user: SessionUser {
            user_id,
            display_name: row.try_get("display_name")?,
            username: row.try_get("username")?,
            subject: people::subject_of(&rows)?,
            enrolling: row.try_get::<i64, _>("enrolling")? != 0,
        },
        touched,
    }))
}

pub async fn end(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(digest(token))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Ends every session of a user: used when a user is disabled (SECURITY A6).
pub async fn end_all_for_user(db: &Db, user: UserId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.to_string())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secure_cookie_has_every_flag_security_s3_asks_for() {
        let cookie = session_cookie(&Settings::default(), "abc");
        assert!(cookie.starts_with("__Host-tvaers_session=abc;"));
        for flag in ["Path=/", "HttpOnly", "SameSite=Strict", "Secure"] {
            assert!(cookie.contains(flag), "{cookie} lacks {flag}");
        }
        assert!(
            !cookie.contains("Domain"),
            "__Host- cookies must not name a domain"
        );
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let settings = Settings::default();
        let header = "i18n_pref_locale=da; __Host-tvaers_session=tok123; other=1";
        assert_eq!(
            token_from_cookie_header(&settings, header).as_deref(),
            Some("tok123")
        );
        assert_eq!(
            token_from_cookie_header(&settings, "tvaers_session=tok"),
            None
        );
    }

    #[test]
    fn the_stored_digest_is_not_the_token() {
        assert_ne!(digest("tok"), "tok");
        assert_eq!(digest("tok"), digest("tok"));
    }
}
