//! The stored answers of saves by their idempotency keys (SECURITY O5).

use super::parse_id;
use crate::backend::db::Conn;
use crate::domain::*;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The answer stored for an idempotency key.
#[derive(Clone, Debug)]
pub struct StoredAnswer {
    /// Who sent the request the answer was for.
    pub user: UserId,
    /// The fingerprint of that request: a repeat must match it.
    pub request_hash: String,
    /// The answer, as JSON.
    pub response: String,
}

/// A stored answer in a row's `answer_user`, `request_hash` and `response` (none when the
/// outer-joined row has no answer).
pub fn answer_in(r: &AnyRow, user_column: &str) -> Result<Option<StoredAnswer>, sqlx::Error> {
    let Some(user) = r.try_get::<Option<String>, _>(user_column)? else {
        return Ok(None);
    };
    Ok(Some(StoredAnswer {
        user: parse_id(&user)?,
        request_hash: r.try_get("request_hash")?,
        response: r.try_get("response")?,
    }))
}

/// The stored answer for an idempotency key.
pub async fn idempotent_result(
    conn: &mut Conn,
    key: &str,
) -> Result<Option<StoredAnswer>, sqlx::Error> {
    let row =
        sqlx::query("SELECT user_id, request_hash, response FROM idempotent_writes WHERE key = $1")
            .bind(key)
            .fetch_optional(conn)
            .await?;
    match row {
        Some(r) => answer_in(&r, "user_id"),
        None => Ok(None),
    }
}

/// Stores a key's answer; false when the key has one already.
pub async fn store_idempotent_result(
    conn: &mut Conn,
    key: &str,
    user: UserId,
    hash: &str,
    response: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let stored = sqlx::query(
        "INSERT INTO idempotent_writes (key, user_id, request_hash, response, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(user.to_string())
    .bind(hash)
    .bind(response)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(stored == 1)
}
