//! The retention job (SECURITY R1–R3): deletes each municipality's child data whose time is
//! up, writes a deletion log of counts, prunes the audit log past its own period, and audits
//! its run. `tvaers retention run` and the daily task of `tvaers serve` both call [`run`].
//!
//! The rule is the one the pages show (`domain::deleted_on` of the registration day, the
//! municipality's years or the installation's default, as `care::read::years`): a row goes on
//! the day shown, counted from its registration (`created_at`), which no edit moves. A child
//! who has left the municipality is treated no differently — nothing is deleted early at the
//! leaving, nor kept longer: each registration goes on its own day, so the child's data is
//! all gone when the last registration's time is up.

use super::audit::{self, Entry, Outcome};
use super::clock::Clock;
use super::db::{begin_write, Db, DbKind};
use super::store::retention::{self as store, LogLine};
use crate::domain::{due_before, MunicipalityId};
use sqlx::AnyPool;

/// The connection allowed to delete old audit rows: on PostgreSQL the owner's (the
/// application's role holds no DELETE on the audit tables), on SQLite the audit file's.
#[derive(Clone, Debug)]
pub struct AuditPruner {
    pub pool: AnyPool,
    pub kind: DbKind,
}

impl AuditPruner {
    /// Where the application's own role is also the owner (SQLite; PostgreSQL without an
    /// owner URL): the database's own audit pool.
    pub fn of(db: &Db) -> AuditPruner {
        AuditPruner {
            pool: db.audit_pool().clone(),
            kind: db.kind(),
        }
    }
}

/// What one run deleted in one municipality, by category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MunicipalityRun {
    pub municipality: MunicipalityId,
    pub name: String,
    pub years: i64,
    /// Everything registered before this instant was due.
    pub registered_before: i64,
    pub deleted: Vec<(&'static str, u64)>,
}

/// What one run deleted of the audit log (installation-wide).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRun {
    pub months: i64,
    pub registered_before: i64,
    pub deleted: Vec<(&'static str, u64)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub ran_at: i64,
    pub municipalities: Vec<MunicipalityRun>,
    /// `None` when the database holds no municipality yet.
    pub audit: Option<AuditRun>,
    /// Rounds per unit whose counts for the reports were settled first.
    pub round_counts: usize,
}

/// Runs the job once at the clock's today. Each municipality's deletions and their log lines
/// are one transaction, so a failure leaves nothing half deleted; the audit log is pruned
/// after, in a transaction of its own on `pruner`.
pub async fn run(
    db: &Db,
    pruner: &AuditPruner,
    clock: &dyn Clock,
    default_years: i64,
) -> Result<Report, sqlx::Error> {
    let ran_at = clock.unix();
    let today = clock.today();
    // The reports' counts are settled before anything is deleted: a round of the last year
    // counts every child it had (issue 19; migration 0021).
    let mut tx = begin_write(db.pool(), db.kind()).await?;
    let round_counts = crate::backend::store::round_counts::settle(&mut tx, today).await?;
    tx.commit().await?;
    let periods = store::municipalities(&mut *db.conn().await?).await?;
    let mut municipalities = Vec::new();
    for period in &periods {
        let years = period.years.unwrap_or(default_years);
        let before = due_before(today, years);
        let mut tx = begin_write(db.pool(), db.kind()).await?;
        let mut deleted = Vec::new();
        for kind in store::kinds() {
            let count =
                store::delete_due(&mut tx, &kind, period.municipality, before, ran_at).await?;
            let line = LogLine {
                ran_at,
                municipality: Some(period.municipality),
                category: kind.category,
                registered_before: before,
                deleted: count,
            };
            store::log(&mut tx, line).await?;
            deleted.push((kind.category, count));
        }
        tx.commit().await?;
        let run = MunicipalityRun {
            municipality: period.municipality,
            name: period.name.clone(),
            years,
            registered_before: before,
            deleted,
        };
        audit::append(db, entry(ran_at, summary(&run))).await?;
        municipalities.push(run);
    }
    let audit = match periods.iter().map(|p| p.audit_months).max() {
        Some(months) => Some(prune_audit(db, pruner, clock, months).await?),
        None => None,
    };
    Ok(Report {
        ran_at,
        municipalities,
        audit,
        round_counts,
    })
}

/// The audit log is the installation's, not one municipality's: where one installation holds
/// several, the longest of their periods holds for all, so no row goes before any
/// municipality's setting allows.
async fn prune_audit(
    db: &Db,
    pruner: &AuditPruner,
    clock: &dyn Clock,
    months: i64,
) -> Result<AuditRun, sqlx::Error> {
    let ran_at = clock.unix();
    let before = crate::domain::audit_due_before(clock.today(), months);
    let mut tx = begin_write(&pruner.pool, pruner.kind).await?;
    let pruned = store::prune_audit(&mut tx, pruner.kind, before).await?;
    tx.commit().await?;
    let deleted = vec![
        ("audit_log", pruned.audit_log),
        ("audit_child_reads", pruned.audit_child_reads),
    ];
    let mut tx = begin_write(db.pool(), db.kind()).await?;
    // The spot check's samples are copies of audit rows: they go with them.
    super::store::spot_checks::prune(&mut tx, before).await?;
    for (category, count) in &deleted {
        let line = LogLine {
            ran_at,
            municipality: None,
            category,
            registered_before: before,
            deleted: *count,
        };
        store::log(&mut tx, line).await?;
    }
    tx.commit().await?;
    let run = AuditRun {
        months,
        registered_before: before,
        deleted,
    };
    let counts = counts_text(&run.deleted);
    audit::append(db, entry(ran_at, format!("audit_months:{months} {counts}"))).await?;
    Ok(run)
}

/// The run's audit row: a system action (no user, as `tvaers setup`'s), ids and counts only.
fn entry(at: i64, criterion: String) -> Entry<'static> {
    Entry {
        at,
        user: None,
        unit: None,
        action: "retention_run",
        child: None,
        criterion: Some(criterion),
        purpose: "retention",
        outcome: Outcome::Succeeded,
    }
}

fn summary(run: &MunicipalityRun) -> String {
    format!(
        "municipality:{} years:{} {}",
        run.municipality,
        run.years,
        counts_text(&run.deleted)
    )
}

fn counts_text(deleted: &[(&str, u64)]) -> String {
    deleted
        .iter()
        .map(|(category, count)| format!("{category}:{count}"))
        .collect::<Vec<_>>()
        .join(" ")
}
