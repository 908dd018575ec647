//! Users, their memberships, guardianships and invitations, and login attempts.

use super::{date_text, parse_date, parse_id, NARROWED};
use crate::backend::db::Conn;
use crate::backend::passwords::PasswordHashText;
use crate::domain::{MunicipalityId, Role, UserId};
use crate::policy::{Guardianship, Invitation, Membership, Placement, Scope, Subject};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The facts the policy needs about a user, read fresh on every request so that an ended
/// membership stops working at once (SECURITY A6): one statement for all three kinds of fact
/// about the user that `user` (an SQL expression) names, one row per fact: `kind`, `role`,
/// `unit_id`, `area_id`, `municipality_id`, `child_id`, `has_custody`, `starts_on`, `ends_on`,
/// `group_id`. It runs on every request, so the
/// session lookup embeds it rather than asking again.
pub fn subject_facts(user: &str) -> String {
    format!(
        "SELECT 'membership' AS kind, role, unit_id, area_id, municipality_id, NULL AS child_id, \
                0 AS has_custody, starts_on, ends_on, NULL AS group_id \
           FROM memberships WHERE user_id = {user} \
         UNION ALL \
         SELECT 'guardianship', NULL, NULL, NULL, NULL, child_id, has_custody, NULL, ends_on, NULL \
           FROM guardianships WHERE user_id = {user} \
         UNION ALL \
         SELECT 'invitation', NULL, NULL, NULL, NULL, child_id, 0, starts_on, ends_on, NULL \
           FROM case_invitations WHERE user_id = {user} \
         UNION ALL \
         SELECT 'group', NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, group_id \
           FROM staff_groups WHERE user_id = {user}"
    )
}

/// The policy's facts about one user, read by id (the session lookup reads them with the
/// session instead).
pub async fn subject_by_id(conn: &mut Conn, user: UserId) -> Result<Subject, sqlx::Error> {
    let rows = sqlx::query(&subject_facts("$1"))
        .bind(user.to_string())
        .fetch_all(&mut *conn)
        .await?;
    subject_of(&rows)
}

/// Forgets an attempt whose password was right but which still lacks its second factor's
/// code: it is neither a failure (the password was right) nor a success (nobody signed in).
pub async fn drop_attempt(conn: &mut Conn, attempt: PendingAttempt) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_attempts WHERE id = $1")
        .bind(attempt.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The subject from rows with the columns of [`subject_facts`]; a row whose `kind` is empty
/// (an outer join that found no fact) is no fact.
pub fn subject_of(rows: &[AnyRow]) -> Result<Subject, sqlx::Error> {
    let mut subject = Subject::default();
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
                ends_on: ends()?,
            }),
            "invitation" => subject.invitations.push(Invitation {
                child: child()?,
                starts_on: starts()?,
                ends_on: ends()?,
            }),
            "group" => subject
                .groups
                .push(parse_id(&row.try_get::<String, _>("group_id")?)?),
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

/// The longest typed username `login_attempts` keeps as it is; a longer one is kept as
/// `sha256:` and its digest (SECURITY S2), so a 256 KB "username" costs 71 characters.
pub const ATTEMPT_NAME_MAX: usize = 64;

/// What `login_attempts` keeps for a typed, normalised username: itself when it is at most
/// [`ATTEMPT_NAME_MAX`] characters, else `sha256:` and its hex digest (which no real username
/// can equal, being longer).
pub fn attempt_name(typed: &str) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    if typed.chars().count() <= ATTEMPT_NAME_MAX {
        return typed.to_owned();
    }
    let mut name = String::from("sha256:");
    for byte in Sha256::digest(typed.as_bytes()) {
        let _ = write!(name, "{byte:02x}");
    }
    name
}

/// An attempt still being checked counts as failed once it is this old: its request died.
const STALE_PENDING_SECS: i64 = 60;
const DAY_SECS: i64 = 24 * 3600;

/// Failed attempts under one limit: those that failed (or whose check died), and those still
/// being checked, which may yet fail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FailureCount {
    pub failed: i64,
    pub pending: i64,
}

/// Everything the login throttle decides on, read in its write transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThrottleFacts {
    /// The account's failures since its last success or unlock, within 24 hours.
    pub consecutive: FailureCount,
    /// When the latest of those `consecutive.failed` was tried.
    pub last_failed_at: Option<i64>,
    /// The account's failures in the past hour, since its last unlock.
    pub last_hour: FailureCount,
    /// Failures from the client's address since `address_since`.
    pub address: FailureCount,
    /// Failures across the site in the past minute.
    pub site: FailureCount,
}

/// The first statement of every throttle step, in a write transaction: takes the gate row
/// (on PostgreSQL its lock orders the steps; on SQLite `BEGIN IMMEDIATE` has) and deletes
/// attempts older than 24 hours.
pub async fn enter_login_gate(tx: &mut Conn, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_gate SET at = $1 WHERE id = 1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_attempts WHERE at < $1")
        .bind(now - DAY_SECS)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The counts the throttle decides on for `name` (see [`attempt_name`]) from `address`. Call
/// after [`enter_login_gate`] in the same transaction, so nothing changes them before the
/// attempt is added.
pub async fn throttle_facts(
    tx: &mut Conn,
    name: &str,
    address: &str,
    now: i64,
    address_since: i64,
) -> Result<ThrottleFacts, sqlx::Error> {
    // A failure: a finished attempt that failed, or one still pending past its time.
    let counts = "COUNT(CASE WHEN state = 'done' OR at <= $2 THEN 1 END) AS failed, \
                  COUNT(CASE WHEN state = 'pending' AND at > $2 THEN 1 END) AS pending";
    let tried = "succeeded = 0 AND state IN ('pending', 'done')";
    let row = sqlx::query(&format!(
        "SELECT {counts}, MAX(CASE WHEN state = 'done' OR at <= $2 THEN at END) AS last_failed_at \
           FROM login_attempts WHERE username = $1 AND {tried} AND at > $3 \
            AND id > COALESCE((SELECT MAX(id) FROM login_attempts WHERE username = $1 AND succeeded = 1), 0)"
    ))
    .bind(name)
    .bind(now - STALE_PENDING_SECS)
    .bind(now - DAY_SECS)
    .fetch_one(&mut *tx)
    .await?;
    let consecutive = failure_count(&row)?;
    let last_failed_at: Option<i64> = row.try_get("last_failed_at")?;
    let row = sqlx::query(&format!(
        "SELECT {counts} FROM login_attempts WHERE username = $1 AND {tried} AND at > $3 \
            AND id > COALESCE((SELECT MAX(id) FROM login_attempts WHERE username = $1 AND state = 'unlock'), 0)"
    ))
    .bind(name)
    .bind(now - STALE_PENDING_SECS)
    .bind(now - 3600)
    .fetch_one(&mut *tx)
    .await?;
    let last_hour = failure_count(&row)?;
    let row = sqlx::query(&format!(
        "SELECT {counts} FROM login_attempts WHERE address = $1 AND {tried} AND at > $3"
    ))
    .bind(address)
    .bind(now - STALE_PENDING_SECS)
    .bind(address_since)
    .fetch_one(&mut *tx)
    .await?;
    let address = failure_count(&row)?;
    let row = sqlx::query(&format!(
        "SELECT {counts} FROM login_attempts WHERE {tried} AND at > $1"
    ))
    .bind(now - 60)
    .bind(now - STALE_PENDING_SECS)
    .fetch_one(&mut *tx)
    .await?;
    let site = failure_count(&row)?;
    Ok(ThrottleFacts {
        consecutive,
        last_failed_at,
        last_hour,
        address,
        site,
    })
}

fn failure_count(row: &AnyRow) -> Result<FailureCount, sqlx::Error> {
    Ok(FailureCount {
        failed: row.try_get("failed")?,
        pending: row.try_get("pending")?,
    })
}

/// The id of an attempt that passed the throttle and is being checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PendingAttempt(pub i64);

/// Adds an attempt that passed the throttle, before its password is checked: from here on it
/// counts as a failure until [`finish_attempt`] says otherwise.
pub async fn add_pending_attempt(
    tx: &mut Conn,
    name: &str,
    address: &str,
    now: i64,
) -> Result<PendingAttempt, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO login_attempts (username, at, succeeded, address, state) \
         VALUES ($1, $2, 0, $3, 'pending') RETURNING id",
    )
    .bind(name)
    .bind(now)
    .bind(address)
    .fetch_one(&mut *tx)
    .await?;
    Ok(PendingAttempt(id))
}

/// Records how a checked attempt ended.
pub async fn finish_attempt(
    conn: &mut Conn,
    attempt: PendingAttempt,
    succeeded: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_attempts SET state = 'done', succeeded = $1 WHERE id = $2")
        .bind(i64::from(succeeded))
        .bind(attempt.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Lifts an account's wait: the failures before now no longer count, for the wait or the
/// hourly cap. Call after [`enter_login_gate`] in the same transaction.
pub async fn unlock_attempts(tx: &mut Conn, name: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_attempts (username, at, succeeded, state) VALUES ($1, $2, 1, 'unlock')",
    )
    .bind(name)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// An account as an unlock needs it: the user, the units they work in today (where a unit
/// leader may unlock them), and their municipality (where the administrator may).
pub struct UnlockTarget {
    pub user: UserId,
    pub units: Vec<Placement>,
    pub municipality: MunicipalityId,
}

pub async fn unlock_target(
    conn: &mut Conn,
    username: &str,
    today: time::Date,
) -> Result<Option<UnlockTarget>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT us.id AS user_id, us.municipality_id AS user_municipality, \
                u.id AS unit_id, u.area_id, u.municipality_id, {NARROWED} \
           FROM users us \
           LEFT JOIN memberships m ON m.user_id = us.id AND m.unit_id IS NOT NULL \
                AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on >= $2) \
           LEFT JOIN units u ON u.id = m.unit_id \
          WHERE us.username = $1 \
          ORDER BY u.name"
    ))
    .bind(username)
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut target = UnlockTarget {
        user: parse_id(&first.try_get::<String, _>("user_id")?)?,
        units: Vec::new(),
        municipality: parse_id(&first.try_get::<String, _>("user_municipality")?)?,
    };
    for row in &rows {
        let Some(unit) = row.try_get::<Option<String>, _>("unit_id")? else {
            continue;
        };
        target.units.push(Placement {
            municipality: parse_id(&row.try_get::<String, _>("municipality_id")?)?,
            area: parse_id(&row.try_get::<String, _>("area_id")?)?,
            unit: parse_id(&unit)?,
            group: None,
            narrowed: row.try_get::<i64, _>("narrowed")? != 0,
        });
    }
    Ok(Some(target))
}

/// Disables a user and ends all their sessions in one go (SECURITY A6).
pub async fn disable_user(tx: &mut Conn, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1")
        .bind(user.to_string())
        .execute(&mut *tx)
        .await?;
    end_sessions(tx, user).await
}

/// Ends every session of `user`, in the caller's transaction: with a disabling or a new
/// password, so nobody goes on working under the old state.
pub async fn end_sessions(tx: &mut Conn, user: UserId) -> Result<(), sqlx::Error> {
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
