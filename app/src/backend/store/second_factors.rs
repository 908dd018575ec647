//! TOTP secrets, recovery codes and the municipality's choice of who needs them (issue 15
//! item 3). The rules are in `auth::totp`; here only the rows, and the two conditional
//! updates that make a code and a recovery code work once however many requests race.

use crate::auth::totp::Secret;
use crate::backend::db::Conn;
use crate::domain::{MunicipalityId, UserId};
use sqlx::Row;

/// A person's TOTP secret and how far it has been used.
#[derive(Debug)]
pub struct Enrolment {
    pub secret: Secret,
    /// Whether a code from it has been typed: only then does it sign anyone in.
    pub confirmed: bool,
    /// The step of the last code accepted.
    pub last_step: Option<u64>,
}

pub async fn enrolment(conn: &mut Conn, user: UserId) -> Result<Option<Enrolment>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT secret, confirmed_at, last_step FROM second_factors WHERE user_id = $1",
    )
    .bind(user.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let secret: String = row.try_get("secret")?;
    let secret = Secret::from_base32(&secret)
        .ok_or_else(|| sqlx::Error::Decode("a stored TOTP secret is not base32".into()))?;
    Ok(Some(Enrolment {
        secret,
        confirmed: row.try_get::<Option<i64>, _>("confirmed_at")?.is_some(),
        last_step: row
            .try_get::<Option<i64>, _>("last_step")?
            .and_then(|s| u64::try_from(s).ok()),
    }))
}

/// Keeps a new, unconfirmed secret for `user`, replacing an earlier unconfirmed one. Returns
/// false (and changes nothing) when the person already has a confirmed secret.
pub async fn begin(
    conn: &mut Conn,
    user: UserId,
    secret: &Secret,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM second_factors WHERE user_id = $1 AND confirmed_at IS NULL")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    let added = sqlx::query(
        "INSERT INTO second_factors (user_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user.to_string())
    .bind(secret.base32())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(added.rows_affected() == 1)
}

/// Confirms the unconfirmed secret with the step of the code typed, and stores the new
/// recovery codes' digests in place of any earlier ones. False when there was nothing to
/// confirm (already confirmed by a parallel request, or reset meanwhile).
pub async fn confirm(
    conn: &mut Conn,
    user: UserId,
    step: u64,
    digests: &[String],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE second_factors SET confirmed_at = $2, last_step = $3 \
         WHERE user_id = $1 AND confirmed_at IS NULL",
    )
    .bind(user.to_string())
    .bind(now)
    .bind(step_value(step))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    for digest in digests {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user.to_string())
            .bind(digest)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Records that a code of `step` signed the person in, if no code of this or a later step did
/// before: the condition is in the UPDATE, so of two requests racing with one code only one
/// gets a row (replay, RFC 6238 §5.2).
pub async fn accept_step(conn: &mut Conn, user: UserId, step: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE second_factors SET last_step = $2 \
         WHERE user_id = $1 AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < $2)",
    )
    .bind(user.to_string())
    .bind(step_value(step))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses up a recovery code by its digest; true when it was there and unused.
pub async fn redeem(
    conn: &mut Conn,
    user: UserId,
    digest: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 \
         WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user.to_string())
    .bind(digest)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Recovery codes not yet used.
pub async fn unused_recovery_codes(conn: &mut Conn, user: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user.to_string())
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

/// Removes a person's secret and recovery codes (a lost phone): their next sign-in enrols anew.
pub async fn reset(conn: &mut Conn, user: UserId) -> Result<bool, sqlx::Error> {
    let secret = sqlx::query("DELETE FROM second_factors WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(secret.rows_affected() > 0)
}

/// Whether the municipality of `user` requires a second factor of all staff.
pub async fn all_staff_of_user(conn: &mut Conn, user: UserId) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT m.second_factor_all_staff AS all_staff FROM users u \
         JOIN municipalities m ON m.id = u.municipality_id WHERE u.id = $1",
    )
    .bind(user.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(row) => row.try_get::<i64, _>("all_staff")? != 0,
        None => false,
    })
}

pub async fn all_staff(conn: &mut Conn, municipality: MunicipalityId) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT second_factor_all_staff AS all_staff FROM municipalities WHERE id = $1",
    )
    .bind(municipality.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get::<i64, _>("all_staff")? != 0)
}

pub async fn set_all_staff(
    conn: &mut Conn,
    municipality: MunicipalityId,
    required: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE municipalities SET second_factor_all_staff = $2 WHERE id = $1")
        .bind(municipality.to_string())
        .bind(i64::from(required))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks a session as a full one once its person has enrolled.
pub async fn finish_enrolling(conn: &mut Conn, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET enrolling = 0 WHERE user_id = $1 AND enrolling = 1")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Steps fit in i64 for the next 2^63 × 30 seconds.
fn step_value(step: u64) -> i64 {
    i64::try_from(step).unwrap_or(i64::MAX)
}
