//! The audit log (SECURITY L1, L2, L4). Rows hold ids and codes, never note text, passwords or
//! tokens. The database refuses updates and deletes of this table, so appending is the only
//! thing the application can do with it.

use super::db::Db;
use crate::domain::{ChildId, UnitId, UserId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    Denied,
    Succeeded,
    Failed,
}

impl Outcome {
    fn code(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub at: i64,
    pub user: Option<UserId>,
    pub unit: Option<UnitId>,
    pub action: &'a str,
    pub child: Option<ChildId>,
    /// For searches and lists: what was searched for, as ids and codes (e.g. `group:<id>`).
    pub criterion: Option<String>,
    pub purpose: &'a str,
    pub outcome: Outcome,
}

pub async fn append(db: &Db, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, unit_id, action, child_id, criterion, purpose, outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.at)
    .bind(entry.user.map(|u| u.to_string()))
    .bind(entry.unit.map(|u| u.to_string()))
    .bind(entry.action)
    .bind(entry.child.map(|c| c.to_string()))
    .bind(entry.criterion)
    .bind(entry.purpose)
    .bind(entry.outcome.code())
    .execute(db.pool())
    .await?;
    Ok(())
}
