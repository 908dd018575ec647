//! The audit log (SECURITY L1, L2, L4). Rows hold ids and codes, never note text, passwords or
//! tokens. The database refuses updates and deletes of its tables, so appending is the only
//! thing the application can do with it.
//!
//! Two kinds of row: one in `audit_log` per action (a read of one child, a search, a write, a
//! refusal, a login), and one in `audit_child_reads` per allowed read that shows several
//! children at once (a room's grid, the joint view, a unit's follow-ups), naming them all.
//! [`lookups_of_child`] answers "who looked at this child" from both.

use super::db::Db;
use super::group_commit::{ChildRead, Receipt, Row};
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

/// Hands a request's entries to the writer as one job; one receipt for them all. Entries that
/// record one allowed read of several children — each names a child, and they share their
/// time, user, unit, action and purpose (`Caller::record_children`) — are stored as one row of
/// `audit_child_reads` naming every child once; any other entry is a row of its own.
pub fn enqueue_all<'a>(db: &Db, entries: impl IntoIterator<Item = Entry<'a>>) -> Receipt {
    let mut rows = Vec::new();
    let mut read: Option<(Entry<'a>, Vec<ChildId>)> = None;
    for entry in entries {
        let Some(child) = entry.child else {
            rows.push(row(entry));
            continue;
        };
        match &mut read {
            Some((head, children)) if same_read(head, &entry) => children.push(child),
            None if entry.criterion.is_none() && entry.outcome == Outcome::Allowed => {
                read = Some((entry, vec![child]))
            }
            _ => rows.push(row(entry)),
        }
    }
    let reads = read
        .map(|(head, children)| vec![child_read(head, children)])
        .unwrap_or_default();
    db.audit_log().enqueue_all(rows, reads)
}

/// Copies every read of several children committed so far into the child index now, instead
/// of at the writer's next copy (for tests, and before reading the index alone).
pub async fn index_child_reads(db: &Db) -> Result<(), sqlx::Error> {
    db.audit_log().index_child_reads().committed().await
}

fn same_read(head: &Entry<'_>, entry: &Entry<'_>) -> bool {
    entry.criterion.is_none()
        && entry.outcome == Outcome::Allowed
        && (
            entry.at,
            entry.user,
            entry.unit,
            entry.action,
            entry.purpose,
        ) == (head.at, head.user, head.unit, head.action, head.purpose)
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

fn child_read(head: Entry<'_>, mut children: Vec<ChildId>) -> ChildRead {
    children.sort_unstable();
    children.dedup();
    ChildRead {
        at: head.at,
        user: head.user.map(|u| u.to_string()),
        unit: head.unit.map(|u| u.to_string()),
        action: head.action.to_owned(),
        purpose: head.purpose.to_owned(),
        children: json_ids(&children),
    }
}

/// `["<id>","<id>"]`: ids are hex digits and hyphens, so nothing needs escaping.
fn json_ids(children: &[ChildId]) -> String {
    use std::fmt::Write;
    let mut json = String::with_capacity(2 + children.len() * 39);
    json.push('[');
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        let _ = write!(json, "\"{child}\"");
    }
    json.push(']');
    json
}

/// One look at a child's data: when, by whom, in which unit, which action, why (SECURITY
/// P3; the parents' list leaves the user out by default).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Lookup {
    pub at: i64,
    pub user_id: Option<String>,
    pub unit_id: Option<String>,
    pub action: String,
    pub purpose: String,
    pub outcome: String,
}

/// Every row that names the child, oldest first, each found through an index: audit_log by
/// `(child_id, at)`; reads of several children by `audit_child_index`'s key, and those newer
/// than its last copy by their ids, which the newest copy's row bounds (`audit_child_index_runs`
/// by its key). `$2` is the child's id as it appears in a read's list, quotes and all. No
/// `ORDER BY`: SQLite would then read the newest reads in time order through their `at` index,
/// all of them, instead of the few after the last copy by id.
pub const LOOKUPS_OF_CHILD: &str = "\
    SELECT at, user_id, unit_id, action, purpose, outcome FROM audit_log WHERE child_id = $1 \
    UNION ALL \
    SELECT r.at, r.user_id, r.unit_id, r.action, r.purpose, 'allowed' \
      FROM audit_child_index i JOIN audit_child_reads r ON r.id = i.read_id \
     WHERE i.child_id = $1 \
    UNION ALL \
    SELECT r.at, r.user_id, r.unit_id, r.action, r.purpose, 'allowed' \
      FROM audit_child_reads r \
     WHERE r.id > (SELECT COALESCE(MAX(through_id), 0) FROM audit_child_index_runs) \
       AND r.children LIKE $2";

/// Who looked at `child`, when, in which unit, doing what and why: every audit row that names
/// it, oldest first (issue 18 lists them for the parents and will delete them by age).
pub async fn lookups_of_child(db: &Db, child: ChildId) -> Result<Vec<Lookup>, sqlx::Error> {
    let mut lookups: Vec<Lookup> = sqlx::query_as(LOOKUPS_OF_CHILD)
        .bind(child.to_string())
        .bind(format!("%\"{child}\"%"))
        .fetch_all(db.audit_pool())
        .await?;
    lookups.sort_by_key(|lookup| lookup.at);
    Ok(lookups)
}

/// [`lookups_of_child`] for a request that holds a connection already: on PostgreSQL, where the
/// log is in the same database, it reads on that connection rather than take a second one
/// from the same pool (a request holding two can starve the pool); SQLite's log has a pool
/// of its own.
pub async fn lookups_of_child_on(
    db: &Db,
    conn: &mut super::db::Conn,
    child: ChildId,
) -> Result<Vec<Lookup>, sqlx::Error> {
    if db.kind() == super::db::DbKind::Sqlite {
        return lookups_of_child(db, child).await;
    }
    let mut lookups: Vec<Lookup> = sqlx::query_as(LOOKUPS_OF_CHILD)
        .bind(child.to_string())
        .bind(format!("%\"{child}\"%"))
        .fetch_all(&mut *conn)
        .await?;
    lookups.sort_by_key(|lookup| lookup.at);
    Ok(lookups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ChildId {
        format!("00000000-0000-4000-8000-0000000000{n:02x}")
            .parse()
            .unwrap()
    }

    #[test]
    fn a_read_names_each_child_once_as_a_json_array() {
        assert_eq!(json_ids(&[]), "[]");
        let head = Entry {
            at: 7,
            user: None,
            unit: None,
            action: "view_assessments",
            child: None,
            criterion: None,
            purpose: "round: group grid",
            outcome: Outcome::Allowed,
        };
        let read = child_read(head, vec![id(2), id(1), id(2)]);
        assert_eq!(
            read.children,
            format!("[\"{}\",\"{}\"]", id(1), id(2)),
            "sorted, each once"
        );
        let parsed: Vec<ChildId> = serde_json::from_str(&read.children).unwrap();
        assert_eq!(parsed, vec![id(1), id(2)]);
    }
}
