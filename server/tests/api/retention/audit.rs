//! The audit log's own retention (SECURITY R3) and its guard (L2): only the retention job
//! deletes audit rows, and only those past the municipality's period.

use super::{jump_to, run_job};
use crate::common::{TestApp, START};
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::audit_due_before;
use time::Duration;

on_both_backends!(only_the_retention_job_deletes_audit_rows_and_only_those_past_their_period);

async fn only_the_retention_job_deletes_audit_rows_and_only_those_past_their_period(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let green = crate::rounds::support::group_id(&app, "Grønne stue").await;
    app.group_round(green).await.expect("a read of a room");
    // The municipality keeps its audit log six months (SECURITY R3's common contract).
    sqlx::query("UPDATE municipalities SET audit_retention_months = 6")
        .execute(app.db.pool())
        .await
        .expect("the setting");
    jump_to(&app, START.date() + Duration::days(213));
    app.login_ok("paedagog").await;
    app.group_round(green)
        .await
        .expect("a newer read of a room");
    app::backend::audit::index_child_reads(&app.db)
        .await
        .expect("indexed");

    let before = audit_due_before(app.clock_today(), 6);
    let count =
        |table: &str, op: &str| format!("SELECT COUNT(*) FROM {table} WHERE at {op} {before}");
    let old_rows = app.audit_count(&count("audit_log", "<")).await;
    let new_rows = app.audit_count(&count("audit_log", ">=")).await;
    let old_reads = app.audit_count(&count("audit_child_reads", "<")).await;
    let new_reads = app.audit_count(&count("audit_child_reads", ">=")).await;
    assert!(old_rows > 0 && new_rows > 0 && old_reads > 0 && new_reads > 0);

    // The application's own path is refused: on PostgreSQL its role holds no DELETE (even
    // with the job's setting made), on SQLite the triggers refuse without the job's permit.
    let attempts = [
        format!("DELETE FROM audit_log WHERE at < {before}"),
        format!("DELETE FROM audit_child_reads WHERE at < {before}"),
        "DELETE FROM audit_child_index".to_owned(),
    ];
    for statement in &attempts {
        let mut tx = app.db.audit_pool().begin().await.expect("begin");
        if kind == DbKind::Postgres {
            sqlx::query("SELECT set_config('tvaers.audit_prune_before', $1, true)")
                .bind(before.to_string())
                .execute(&mut *tx)
                .await
                .expect("any role may make the setting");
        }
        let refused = sqlx::query(statement).execute(&mut *tx).await;
        assert!(refused.is_err(), "the app's own pool: {statement}");
    }
    assert_eq!(app.audit_count(&count("audit_log", "<")).await, old_rows);

    // The spot check's samples are copies of audit rows: they go with them, and only they.
    // One of the demo's (last week's) is made as new as the newer read.
    let samples =
        |op: &str| format!("SELECT COUNT(*) FROM spot_check_items WHERE looked_at {op} {before}");
    sqlx::query(
        "UPDATE spot_check_items SET looked_at = $1 \
         WHERE id = (SELECT id FROM spot_check_items ORDER BY looked_at LIMIT 1)",
    )
    .bind(before + 60)
    .execute(app.db.pool())
    .await
    .expect("one sample made newer");
    assert!(app.count(&samples("<")).await > 0);

    let report = run_job(&app).await;
    assert_eq!(app.count(&samples("<")).await, 0, "old samples went");
    assert_eq!(app.count(&samples(">=")).await, 1, "the newer sample stays");
    let audit = report.audit.expect("the audit log was pruned");
    assert_eq!((audit.months, audit.registered_before), (6, before));
    assert_eq!(
        audit.deleted,
        vec![
            ("audit_log", old_rows as u64),
            ("audit_child_reads", old_reads as u64)
        ]
    );
    assert_eq!(app.audit_count(&count("audit_log", "<")).await, 0);
    assert_eq!(app.audit_count(&count("audit_child_reads", "<")).await, 0);
    assert!(app.audit_count(&count("audit_log", ">=")).await >= new_rows);
    assert_eq!(
        app.audit_count(&count("audit_child_reads", ">=")).await,
        new_reads
    );
    let orphans = "SELECT COUNT(*) FROM audit_child_index i \
                   WHERE NOT EXISTS (SELECT 1 FROM audit_child_reads r WHERE r.id = i.read_id)";
    assert_eq!(
        app.audit_count(orphans).await,
        0,
        "index entries went with their reads"
    );
    if kind == DbKind::Sqlite {
        let permits = "SELECT COUNT(*) FROM audit_prune_permit";
        assert_eq!(
            app.audit_count(permits).await,
            0,
            "no permit outlives the job"
        );
    }
    let logged = "SELECT COUNT(*) FROM deletion_log WHERE category = 'audit_log' \
                  AND municipality_id IS NULL AND deleted > 0";
    assert_eq!(app.count(logged).await, 1);
    // The run is in the audit log, as a system action of no user.
    let run_rows = "SELECT COUNT(*) FROM audit_log WHERE action = 'retention_run' \
                    AND user_id IS NULL AND purpose = 'retention'";
    assert_eq!(
        app.audit_count(run_rows).await,
        2,
        "the municipality's run and the pruning"
    );
    // And the log is append-only again for everyone afterwards.
    let after = sqlx::query("DELETE FROM audit_log")
        .execute(app.db.audit_pool())
        .await;
    assert!(after.is_err());
}
