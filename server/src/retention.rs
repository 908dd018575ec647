//! The retention job from the command line (`tvaers retention run`) and once a day inside
//! `tvaers serve` (SECURITY R1–R3). Both call `app::backend::retention::run`.

use crate::config::ServeConfig;
use anyhow::Context;
use app::backend::clock::Clock;
use app::backend::db::{Db, DbKind};
use app::backend::once::{run_once, Instance, Outcome};
use app::backend::retention::{self, AuditPruner, Report};
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Subcommand, Clone, Debug)]
pub enum RetentionCommand {
    /// Delete now what is past its deletion date, prune the audit log past its period, and
    /// print how many of each kind went (the same job `tvaers serve` runs daily).
    Run(ServeConfig),
}

/// The connection that may delete old audit rows: with an owner URL the owner's (the
/// application's role cannot), otherwise the application's own audit pool.
pub async fn audit_pruner(config: &ServeConfig, db: &Db) -> anyhow::Result<AuditPruner> {
    match config.database_owner_url() {
        Some(owner_url) if db.kind() == DbKind::Postgres => Ok(AuditPruner {
            pool: app::backend::connection::connect_single(owner_url, None)
                .await
                .context("connecting as the owner (--database-owner-url) to prune the audit log")?,
            kind: DbKind::Postgres,
        }),
        _ => Ok(AuditPruner::of(db)),
    }
}

/// `tvaers retention run`.
pub async fn run_command(command: RetentionCommand) -> anyhow::Result<()> {
    let RetentionCommand::Run(config) = command;
    let db = crate::router::open_database(&config).await?;
    let pruner = audit_pruner(&config, &db).await?;
    let clock = app::backend::clock::SystemClock;
    let report = retention::run(&db, &pruner, &clock, config.retention_years).await;
    pruner.pool.close().await;
    db.close().await;
    print!(
        "{}",
        describe(&report.context("running the retention job")?)
    );
    Ok(())
}

/// How often each instance of `serve` asks whether today's run is still to do: hourly, first
/// at start, so a server restarted every night still runs it, and when the instance that
/// claimed a day fails, another (or the same) tries again within the hour.
pub const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// The job's name among the claims (`job_claims`).
pub const JOB: &str = "retention";

/// Runs the job once a day across every instance on the database (issue 18 item 7): each
/// instance checks hourly, and only the one that claims the day runs it. A failed run is
/// logged and its claim given back; nothing it did is half done (one transaction per
/// municipality).
pub fn spawn_daily(db: Db, pruner: AuditPruner, clock: Arc<dyn Clock>, default_years: i64) {
    let instance = Instance::new();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(CHECK_EVERY);
        loop {
            ticks.tick().await;
            match run_today(&db, &pruner, clock.as_ref(), default_years, &instance).await {
                Ok(Outcome::Ran(result)) => {
                    crate::metrics::record_retention(result.is_ok());
                    match result {
                        Ok(report) => tracing::info!("retention: {}", describe(&report).trim_end()),
                        Err(err) => tracing::error!(error = %err, "the retention job failed"),
                    }
                }
                Ok(Outcome::Taken) => tracing::debug!("retention: today's run is done or running"),
                Err(err) => tracing::error!(error = %err, "claiming today's retention run failed"),
            }
        }
    });
}

/// One instance's tick: today's run, unless another instance has claimed it.
pub async fn run_today(
    db: &Db,
    pruner: &AuditPruner,
    clock: &dyn Clock,
    default_years: i64,
    instance: &Instance,
) -> Result<Outcome<Report, sqlx::Error>, sqlx::Error> {
    let day = clock.today().to_string();
    let now = || clock.unix();
    run_once(db, instance, JOB, &day, now, || {
        retention::run(db, pruner, clock, default_years)
    })
    .await
}

/// The counts, a line per municipality and one for the audit log.
pub fn describe(report: &Report) -> String {
    let mut text = String::new();
    for run in &report.municipalities {
        text.push_str(&format!(
            "{} (kept {} years, deleted what was registered before {}): {}\n",
            run.name,
            run.years,
            instant(run.registered_before),
            counts(&run.deleted)
        ));
    }
    match &report.audit {
        Some(audit) => text.push_str(&format!(
            "audit log (kept {} months, deleted rows before {}): {}\n",
            audit.months,
            instant(audit.registered_before),
            counts(&audit.deleted)
        )),
        None => text.push_str("no municipality yet: nothing to delete\n"),
    }
    text.push_str(&format!(
        "report counts settled for {} rounds per unit\n",
        report.round_counts
    ));
    text
}

/// `category count, …`, as the job's lines print them.
pub fn counts(deleted: &[(&str, u64)]) -> String {
    deleted
        .iter()
        .map(|(category, count)| format!("{category} {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A Unix time as RFC 3339, for the lines the commands print.
pub fn instant(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}
