//! What the retention job deletes and logs (SECURITY R1–R3). Each function takes the instant
//! the job counts from; which rows are due is decided by `domain::due_before`, not here.

use super::id;
use crate::backend::db::{Conn, DbKind};
use crate::domain::MunicipalityId;
use sqlx::{Executor, Row};

/// A municipality's retention settings.
pub struct MunicipalityPeriods {
    pub municipality: MunicipalityId,
    pub name: String,
    /// Years registrations are kept; `None`: the installation's default (`--retention-years`).
    pub years: Option<i64>,
    /// Months the audit log keeps its rows.
    pub audit_months: i64,
}

pub async fn municipalities(conn: &mut Conn) -> Result<Vec<MunicipalityPeriods>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, retention_years, audit_retention_months FROM municipalities ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(MunicipalityPeriods {
            municipality: id(r, "id")?,
            name: r.try_get("name")?,
            years: r.try_get("retention_years")?,
            audit_months: r.try_get("audit_retention_months")?,
        })
    })
    .collect()
}

/// The municipality's children, as a condition on a table's `child_id` (`$1`: municipality).
const OF_MUNICIPALITY: &str = "child_id IN (SELECT id FROM children WHERE municipality_id = $1)";

/// What one kind of registration is, for the deletion: its table (also its category in the
/// deletion log and the tombstones), and which of its rows are due (`$1` the municipality, `$2`
/// the instant). Registration is `created_at`, which no edit changes (an assessment's edit
/// moves `assessed_on` and `updated_at`, never this).
pub struct Kind {
    pub category: &'static str,
    due: String,
}

/// Every kind of child data, in the order they are deleted: a follow-up before the assessment
/// it belongs to (with it, whatever its own time), so its count is its own; each row's
/// children (indicators chosen, meeting times and invitations, plan versions and parents'
/// views) go with it by the schema's `ON DELETE CASCADE`, and a later row that points at a
/// deleted one (a plan at its meeting, a meeting at its follow-up) keeps its own date and
/// loses the link (`ON DELETE SET NULL`).
pub fn kinds() -> Vec<Kind> {
    let due = |table: &str| format!("{OF_MUNICIPALITY} AND {table}.created_at < $2");
    // The kinds kept in a table of their own, under the table's name.
    let own = |table: &'static str| Kind {
        category: table,
        due: due(table),
    };
    vec![
        Kind {
            category: "follow_ups",
            due: format!(
                "assessment_id IN (SELECT id FROM assessments WHERE {})",
                due("assessments")
            ),
        },
        own("assessments"),
        own("action_plans"),
        own("focus_meetings"),
        own("consents"),
        own("transitions"),
        own("handovers"),
        // The grade-0 language assessments (issue 19 item 3), from their first import.
        own("language_assessments"),
    ]
}

/// Deletes the rows of `kind` the municipality registered before `before`, leaving a
/// tombstone (category, id, `ran_at`) for each; answers how many went.
pub async fn delete_due(
    conn: &mut Conn,
    kind: &Kind,
    municipality: MunicipalityId,
    before: i64,
    ran_at: i64,
) -> Result<u64, sqlx::Error> {
    let table = kind.category;
    sqlx::query(&format!(
        "INSERT INTO tombstones (category, row_id, deleted_at) \
         SELECT '{table}', id, $3 FROM {table} WHERE {} ON CONFLICT DO NOTHING",
        kind.due
    ))
    .bind(municipality.to_string())
    .bind(before)
    .bind(ran_at)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(&format!("DELETE FROM {table} WHERE {}", kind.due))
        .bind(municipality.to_string())
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// One line of the deletion log: a count, never content or a child's id.
pub struct LogLine<'a> {
    pub ran_at: i64,
    /// `None` for the audit log, which is the installation's.
    pub municipality: Option<MunicipalityId>,
    pub category: &'a str,
    pub registered_before: i64,
    pub deleted: u64,
}

pub async fn log(conn: &mut Conn, line: LogLine<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO deletion_log (id, ran_at, municipality_id, category, registered_before, \
         deleted) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(line.ran_at)
    .bind(line.municipality.map(|m| m.to_string()))
    .bind(line.category)
    .bind(line.registered_before)
    .bind(i64::try_from(line.deleted).unwrap_or(i64::MAX))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many audit rows one pruning deleted.
pub struct AuditPruned {
    pub audit_log: u64,
    pub audit_child_reads: u64,
}

/// Deletes the audit rows older than `before`, inside the caller's transaction on a connection
/// that may (the owner's on PostgreSQL, the audit file's on SQLite). First the permission the
/// append-only triggers look for, for this transaction only (migrations postgres/0017,
/// sqlite-audit/0003), then the index entries of old reads, the reads, the single rows; the
/// index's copy marks (`audit_child_index_runs`: an id and a time, nobody's data) stay, so
/// "who looked at this child" keeps knowing how far the index reaches.
pub async fn prune_audit(
    conn: &mut Conn,
    kind: DbKind,
    before: i64,
) -> Result<AuditPruned, sqlx::Error> {
    match kind {
        DbKind::Sqlite => {
            sqlx::query("INSERT INTO audit_prune_permit (id, before) VALUES (1, $1)")
                .bind(before)
                .execute(&mut *conn)
                .await?;
        }
        DbKind::Postgres => {
            sqlx::query("SELECT set_config('tvaers.audit_prune_before', $1, true)")
                .bind(before.to_string())
                .execute(&mut *conn)
                .await?;
        }
    }
    sqlx::query(
        "DELETE FROM audit_child_index WHERE read_id IN \
         (SELECT id FROM audit_child_reads WHERE at < $1)",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    let audit_child_reads = sqlx::query("DELETE FROM audit_child_reads WHERE at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let audit_log = sqlx::query("DELETE FROM audit_log WHERE at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if kind == DbKind::Sqlite {
        // Gone before the commit, so no other transaction ever sees a permit.
        conn.execute("DELETE FROM audit_prune_permit").await?;
    }
    Ok(AuditPruned {
        audit_log,
        audit_child_reads,
    })
}
