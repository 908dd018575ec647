//! The audit log (SECURITY L1, L2, L4). Rows hold ids and codes, never note text, passwords or
//! tokens. The database refuses updates and deletes of this table, so appending is the only
//! thing the application can do with it.

use super::db::Db;
use super::group_commit::{Receipt, Row};
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

/// Appends a row; returns once it is committed (together with the rows of other requests).
pub async fn append(db: &Db, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    enqueue(db, entry).committed().await
}

/// Hands a row to the writer now; the receipt tells when it is committed.
pub fn enqueue(db: &Db, entry: Entry<'_>) -> Receipt {
    db.audit_log().enqueue(row(entry))
}

/// Hands a request's rows to the writer as one job; one receipt for them all.
pub fn enqueue_all<'a>(db: &Db, entries: impl IntoIterator<Item = Entry<'a>>) -> Receipt {
    db.audit_log()
        .enqueue_all(entries.into_iter().map(row).collect())
}

fn row(entry: Entry<'_>) -> Row {
    Row {
        at: entry.at,
        user: entry.user.map(|u| u.to_string()),
        unit: entry.unit.map(|u| u.to_string()),
        action: entry.action.to_owned(),
        child: entry.child.map(|c| c.to_string()),
        criterion: entry.criterion,
        purpose: entry.purpose.to_owned(),
        outcome: entry.outcome.code(),
    }
}
