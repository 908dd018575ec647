//! Users, their memberships, guardianships and invitations, and login attempts.

use super::{date_text, parse_date, parse_id};
use crate::backend::db::Conn;
use crate::backend::passwords::PasswordHashText;
use crate::domain::{Role, UserId};
use crate::policy::{Guardianship, Invitation, Membership, Scope, Subject};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The facts the policy needs about a user, read fresh on every request so that an ended
/// membership stops working at once (SECURITY A6): one statement for all three kinds of fact
/// about the user that `user` (an SQL expression) names, one row per fact: `kind`, `role`, `unit_id`, `area_id`, `municipality_id`,
/// `child_id`, `has_custody`, `starts_on`, `ends_on`. It runs on every request, so the
/// session lookup embeds it rather than asking again.
pub fn subject_facts(user: &str) -> String {
    format!(
        "SELECT 'membership' AS kind, role, unit_id, area_id, municipality_id, NULL AS child_id, \
                0 AS has_custody, starts_on, ends_on \
           FROM memberships WHERE user_id = {user} \
         UNION ALL \
         SELECT 'guardianship', NULL, NULL, NULL, NULL, child_id, has_custody, NULL, NULL \
           FROM guardianships WHERE user_id = {user} \
         UNION ALL \
         SELECT 'invitation', NULL, NULL, NULL, NULL, child_id, 0, starts_on, ends_on \
           FROM case_invitations WHERE user_id = {user}"
    )
}

/// The subject from rows with the columns of [`subject_facts`]; a row whose `kind` is empty
/// (an outer join that found no fact) is no fact.
pub fn subject_of(rows: &[AnyRow]) -> Result<Subject, sqlx::Error> {
    let mut subject = Subject {
        memberships: Vec::new(),
        guardianships: Vec::new(),
        invitations: Vec::new(),
    };
    for row in rows {
        let ends = || -> Result<_, sqlx::Error> {
            let ends: Option<String> = row.try_get("ends_on")?;
            ends.as_deref().map(parse_date).transpose()
        };
        let starts = || parse_date(&row.try_get::<String, _>("starts_on")?);
        let child = || parse_id(&row.try_get::<String, _>("child_id")?);
        let Some(kind) = row.try_get::<Option<String>, _>("kind")? else {
            continue;
        };
        match kind.as_str() {
            "membership" => {
                let role: String = row.try_get("role")?;
                let Some(role) = Role::parse(&role) else {
                    continue;
                };
                let unit: Option<String> = row.try_get("unit_id")?;
                let area: Option<String> = row.try_get("area_id")?;
                let municipality: Option<String> = row.try_get("municipality_id")?;
                let scope = match (unit, area, municipality) {
                    (Some(u), _, _) => Scope::Unit(parse_id(&u)?),
                    (_, Some(a), _) => Scope::Area(parse_id(&a)?),
                    (_, _, Some(m)) => Scope::Municipality(parse_id(&m)?),
                    _ => continue,
                };
                subject.memberships.push(Membership {
                    role,
                    scope,
                    starts_on: starts()?,
                    ends_on: ends()?,
                });
            }
            "guardianship" => subject.guardianships.push(Guardianship {
                child: child()?,
                has_custody: row.try_get::<i64, _>("has_custody")? != 0,
            }),
            "invitation" => subject.invitations.push(Invitation {
                child: child()?,
                starts_on: starts()?,
                ends_on: ends()?,
            }),
            other => {
                return Err(sqlx::Error::Decode(
                    format!("unknown kind of fact {other}").into(),
                ))
            }
        }
    }
    Ok(subject)
}

/// What login needs to know about an account.
pub struct LoginAccount {
    pub id: UserId,
    pub password_hash: Option<PasswordHashText>,
    pub disabled: bool,
}

pub async fn account_by_username(
    conn: &mut Conn,
    username: &str,
) -> Result<Option<LoginAccount>, sqlx::Error> {
    let row = sqlx::query("SELECT id, password_hash, disabled FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(LoginAccount {
            id: parse_id(&row.try_get::<String, _>("id")?)?,
            password_hash: row
                .try_get::<Option<String>, _>("password_hash")?
                .map(PasswordHashText::from_stored),
            disabled: row.try_get::<i64, _>("disabled")? != 0,
        })
    })
    .transpose()
}

/// Failed attempts for `username` that count against it at `now`: consecutive failures (since
/// the last success) in the past 24 hours, and all failures in the past hour.
pub async fn recent_failures(
    conn: &mut Conn,
    username: &str,
    now: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND succeeded = 0 AND at > $2 \
              AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE username = $1 AND succeeded = 1), 0)) AS consecutive, \
           (SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND succeeded = 0 AND at > $3) AS last_hour",
    )
    .bind(username)
    .bind(now - 24 * 3600)
    .bind(now - 3600)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("consecutive")?, row.try_get("last_hour")?))
}

pub async fn record_attempt(
    conn: &mut Conn,
    username: &str,
    now: i64,
    succeeded: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_attempts (username, at, succeeded) VALUES ($1, $2, $3)")
        .bind(username)
        .bind(now)
        .bind(i64::from(succeeded))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Disables a user and ends all their sessions in one go (SECURITY A6).
pub async fn disable_user(tx: &mut Conn, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1")
        .bind(user.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Ends a membership as of `last_day` (inclusive).
pub async fn end_memberships(
    tx: &mut Conn,
    user: UserId,
    last_day: time::Date,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE memberships SET ends_on = $1 WHERE user_id = $2 AND starts_on <= $1 AND (ends_on IS NULL OR ends_on > $1)")
        .bind(date_text(last_day))
        .bind(user.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(done.rows_affected())
}

/// The sealing key of a user's offline outbox, made on first use.
pub async fn outbox_key(
    conn: &mut Conn,
    user: UserId,
    fresh: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox_keys (user_id, key, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user.to_string())
    .bind(fresh)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT key FROM outbox_keys WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_one(&mut *conn)
        .await
}
