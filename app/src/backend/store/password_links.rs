//! One-time links to set a password, and what they change (issue 15). Tokens arrive here
//! already hashed (`auth::password::link::digest`); no token is ever stored.

use super::parse_id;
use crate::backend::db::Conn;
use crate::backend::mail::Purpose;
use crate::backend::passwords::PasswordHashText;
use crate::domain::UserId;
use sqlx::Row;

/// Where a person's letters go: an address and a language, when the import gave them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub email: Option<String>,
    pub language: Option<String>,
    /// The person's own words, which their password must not be made of.
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
}

pub async fn recipient(conn: &mut Conn, user: UserId) -> Result<Option<Recipient>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT email, language, username, display_name, disabled FROM users WHERE id = $1",
    )
    .bind(user.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(Recipient {
            email: row.try_get("email")?,
            language: row.try_get("language")?,
            username: row.try_get("username")?,
            display_name: row.try_get("display_name")?,
            disabled: row.try_get::<i64, _>("disabled")? != 0,
        })
    })
    .transpose()
}

/// Makes a link for `user` valid until `expires_at`; older unused links of the same purpose
/// end now, so only the newest letter works. Call it in a write transaction.
pub async fn issue(
    tx: &mut Conn,
    user: UserId,
    purpose: Purpose,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE password_links SET used_at = $3 \
          WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(user.to_string())
    .bind(purpose.code())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO password_links (token_hash, user_id, purpose, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user.to_string())
    .bind(purpose.code())
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A stored link, found by its token's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredLink {
    pub user: UserId,
    pub purpose: Purpose,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn find(conn: &mut Conn, token_hash: &str) -> Result<Option<StoredLink>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT user_id, purpose, expires_at, used_at FROM password_links WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        let purpose = match row.try_get::<String, _>("purpose")?.as_str() {
            "reset" => Purpose::Reset,
            _ => Purpose::Invite,
        };
        Ok(StoredLink {
            user: parse_id(&row.try_get::<String, _>("user_id")?)?,
            purpose,
            expires_at: row.try_get("expires_at")?,
            used_at: row.try_get("used_at")?,
        })
    })
    .transpose()
}

/// Uses the link and sets the password in the caller's transaction: the link only if it is
/// still unused and unexpired at `now` (so two tabs cannot both use it), then the hash, then
/// the end of every session of the person. `false`: the link was no longer usable, and the
/// caller drops the transaction.
pub async fn use_and_set(
    tx: &mut Conn,
    token_hash: &str,
    user: UserId,
    hash: &PasswordHashText,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let used = sqlx::query(
        "UPDATE password_links SET used_at = $2 \
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user.to_string())
        .bind(hash.as_str())
        .execute(&mut *tx)
        .await?;
    // A reset is often the answer to a lost or shared device: every old session ends.
    super::people::end_sessions(tx, user).await?;
    Ok(true)
}

/// Reset links made for `user` since `since`: the reset request's limit per person.
pub async fn resets_since(conn: &mut Conn, user: UserId, since: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM password_links \
          WHERE user_id = $1 AND purpose = 'reset' AND created_at >= $2",
    )
    .bind(user.to_string())
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("n")
}

/// Keeps each imported person's e-mail address (username, address), within the importing
/// municipality; a file without addresses changes none.
pub async fn set_emails(
    tx: &mut Conn,
    municipality: crate::domain::MunicipalityId,
    addresses: &[(String, String)],
) -> Result<(), sqlx::Error> {
    for (username, address) in addresses {
        sqlx::query("UPDATE users SET email = $1 WHERE username = $2 AND municipality_id = $3")
            .bind(address)
            .bind(username)
            .bind(municipality.to_string())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Keeps the language a person reads Tværs in (one of the app's, checked by the caller).
pub async fn set_language(tx: &mut Conn, user: UserId, language: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET language = $2 WHERE id = $1")
        .bind(user.to_string())
        .bind(language)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
