//! The imported person a verified claim names, and whether the provider that vouched for them
//! may sign them in: the staff provider only someone with a staff membership today, the parent
//! provider only a guardian. A parent's MitID never opens a staff account, nor the
//! municipality's login a parent's, even when one person is both (they then have the same
//! account, and either provider signs it in while its relationship holds).

use super::Kind;
use app::backend::db::Db;
use app::domain::{UserId, Username};
use sqlx::Row;

/// Why the provider's person is not signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The claim is missing or cannot be a username.
    NoClaim,
    /// Nobody with that username.
    Unknown,
    /// Staff provider, no staff membership today.
    NotStaff,
    /// Parent provider, no guardianship that holds today.
    NotGuardian,
    Disabled,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoClaim => "no_claim",
            Refusal::Unknown => "unknown",
            Refusal::NotStaff => "not_staff",
            Refusal::NotGuardian => "not_guardian",
            Refusal::Disabled => "disabled",
        }
    }
}

/// The person behind `claim`, if `kind`'s provider may sign them in on `today`. The user id
/// comes back with a refusal too when there is one, for the audit row.
pub async fn find(
    db: &Db,
    kind: Kind,
    claim: Option<&str>,
    today: time::Date,
) -> Result<Result<UserId, (Refusal, Option<UserId>)>, sqlx::Error> {
    let Some(username) = claim.and_then(Username::parse) else {
        return Ok(Err((Refusal::NoClaim, None)));
    };
    let relation = match kind {
        Kind::Staff => {
            "EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id \
             AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on >= $2))"
        }
        Kind::Parent => {
            "EXISTS (SELECT 1 FROM guardianships g WHERE g.user_id = u.id \
             AND (g.ends_on IS NULL OR g.ends_on >= $2))"
        }
    };
    let row = sqlx::query(&format!(
        "SELECT u.id, u.disabled, CASE WHEN {relation} THEN 1 ELSE 0 END AS related \
         FROM users u WHERE u.username = $1"
    ))
    .bind(username.as_str())
    .bind(today.to_string())
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(Err((Refusal::Unknown, None)));
    };
    let id: String = row.try_get("id")?;
    let id: UserId = id
        .parse()
        .map_err(|_| sqlx::Error::Decode("a user id that is no UUID".into()))?;
    let refusal = if row.try_get::<i64, _>("disabled")? != 0 {
        Some(Refusal::Disabled)
    } else if row.try_get::<i64, _>("related")? == 0 {
        Some(match kind {
            Kind::Staff => Refusal::NotStaff,
            Kind::Parent => Refusal::NotGuardian,
        })
    } else {
        None
    };
    Ok(match refusal {
        Some(refusal) => Err((refusal, Some(id))),
        None => Ok(id),
    })
}
