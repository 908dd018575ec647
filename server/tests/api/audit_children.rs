//! Reads that show several children at once (a room's grid, the joint view, a unit's
//! follow-ups) are logged as one row naming them all, and each child is then found through an
//! index — "who looked at this child, when, in which unit, doing what, why" (SECURITY L1, L2,
//! P3; migrations/sqlite-audit/0002 says why the rows are shaped so).

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::audit::{self, Lookup, LOOKUPS_OF_CHILD};
use app::backend::clock::Clock;
use app::backend::db::DbKind;
use app::domain::{ChildId, GroupId};
use sqlx::{Connection, Row};

on_both_backends!(
    each_child_of_a_room_read_is_found_by_its_lookup_before_and_after_the_copy,
    a_unit_dashboard_leaves_a_lookup_for_each_child_it_names,
    the_tables_of_reads_of_several_children_refuse_changes_deletions_and_truncation,
    a_childs_lookups_are_read_through_indexes,
);

const TABLES: [&str; 3] = [
    "audit_child_reads",
    "audit_child_index",
    "audit_child_index_runs",
];

async fn green_room(app: &TestApp) -> GroupId {
    app.scalar_text("SELECT id FROM child_groups WHERE name = $1", "Grønne stue")
        .await
        .parse()
        .expect("a group id")
}

/// The child's lookups of one action.
async fn lookups(app: &TestApp, child: ChildId, action: &str) -> Vec<Lookup> {
    audit::lookups_of_child(&app.db, child)
        .await
        .expect("the child's lookups")
        .into_iter()
        .filter(|l| l.action == action)
        .collect()
}

async fn each_child_of_a_room_read_is_found_by_its_lookup_before_and_after_the_copy(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let (pia, unit) = (
        app.user_id("paedagog").await,
        app.unit_id("Skovbørnehaven Egern").await,
    );
    let group = green_room(&app).await;
    let grid = app.group_round(group).await.expect("the grid");
    assert!(grid.children.len() > 1);
    let read = |purpose: &str| Lookup {
        at: app.clock.unix(),
        user_id: Some(pia.to_string()),
        unit_id: Some(unit.to_string()),
        action: "view_assessments".to_owned(),
        purpose: purpose.to_owned(),
        outcome: "allowed".to_owned(),
    };
    // Found at once, whether or not the writer has copied the read into the index yet.
    for child in &grid.children {
        assert_eq!(
            lookups(&app, child.id, "view_assessments").await,
            vec![read("round: group grid")],
            "L1: {} was shown",
            child.id
        );
    }
    audit::index_child_reads(&app.db)
        .await
        .expect("the copy into the index");
    let indexed = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_child_index \
             WHERE read_id = (SELECT MAX(id) FROM audit_child_reads)",
        )
        .await;
    assert_eq!(indexed, grid.children.len() as i64, "an entry per child");
    // Through the index now, and still once each.
    for child in &grid.children {
        assert_eq!(
            lookups(&app, child.id, "view_assessments").await,
            vec![read("round: group grid")],
            "{}",
            child.id
        );
    }
    // A second read of the same children, newer than the copy: both found.
    app.joint_view(group).await.expect("the joint view");
    for child in &grid.children {
        assert_eq!(
            lookups(&app, child.id, "view_assessments").await,
            vec![read("round: group grid"), read("round: joint assessment")],
            "{}",
            child.id
        );
    }
    // A child of another room was not shown, and nothing says it was.
    let elsewhere: ChildId = app
        .scalar_text(
            "SELECT e.child_id FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
             WHERE g.name <> $1 ORDER BY e.child_id LIMIT 1",
            "Grønne stue",
        )
        .await
        .parse()
        .unwrap();
    assert!(lookups(&app, elsewhere, "view_assessments")
        .await
        .is_empty());
}

async fn a_unit_dashboard_leaves_a_lookup_for_each_child_it_names(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("leder").await;
    let unit = app.unit_id("Skovbørnehaven Egern").await;
    let dashboard = app.unit_dashboard(unit).await.expect("the dashboard");
    assert!(!dashboard.follow_ups.is_empty(), "the demo has follow-ups");
    for follow_up in &dashboard.follow_ups {
        let found = lookups(&app, follow_up.child, "view_unit_dashboard").await;
        assert_eq!(found.len(), 1, "L1: {}", follow_up.child);
        assert_eq!(found[0].unit_id, Some(unit.to_string()));
        assert_eq!(found[0].purpose, "unit dashboard");
    }
}

/// The SQLSTATE of a failed statement, or "succeeded".
fn outcome(result: Result<sqlx::any::AnyQueryResult, sqlx::Error>) -> String {
    match result {
        Ok(_) => "succeeded".to_owned(),
        Err(err) => match err.as_database_error() {
            Some(db) if db.message().contains("is append-only") => "append-only".to_owned(),
            Some(db) => db.code().map(|c| c.into_owned()).unwrap_or_default(),
            None => format!("not a database error: {err}"),
        },
    }
}

async fn the_tables_of_reads_of_several_children_refuse_changes_deletions_and_truncation(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    app.group_round(green_room(&app).await)
        .await
        .expect("the grid");
    audit::index_child_reads(&app.db).await.expect("the copy");
    let mut counts = Vec::new();
    for table in TABLES {
        let rows = app
            .audit_count(&format!("SELECT COUNT(*) FROM {table}"))
            .await;
        assert!(rows > 0, "{table} has rows to protect");
        counts.push(rows);
    }
    let mut attempts = vec![
        "UPDATE audit_child_reads SET purpose = 'other'".to_owned(),
        "UPDATE audit_child_index SET child_id = 'other'".to_owned(),
        "UPDATE audit_child_index_runs SET through_id = 0".to_owned(),
    ];
    attempts.extend(TABLES.map(|table| format!("DELETE FROM {table}")));
    match kind {
        DbKind::Sqlite => {
            for statement in &attempts {
                let result = sqlx::query(statement).execute(app.db.audit_pool()).await;
                assert_eq!(outcome(result), "append-only", "L2: {statement}");
            }
        }
        DbKind::Postgres => {
            // CASCADE, so that a foreign key is not what stops it.
            attempts.extend(TABLES.map(|table| format!("TRUNCATE {table} CASCADE")));
            // The server's role may only read and append (tvaers::database)…
            for statement in &attempts {
                let result = sqlx::query(statement).execute(app.db.audit_pool()).await;
                assert_eq!(outcome(result), "42501", "the app's role: {statement}");
            }
            // …and for the owner, who may, the triggers refuse.
            let schema = app
                .scratch()
                .postgres_schema()
                .expect("a schema")
                .to_owned();
            let mut owner = crate::common::superuser_in(&schema).await;
            for statement in &attempts {
                let mut tx = owner.begin().await.expect("begin");
                let result = sqlx::query(statement).execute(&mut *tx).await;
                assert_eq!(outcome(result), "append-only", "the owner: {statement}");
                tx.rollback().await.expect("rollback");
            }
            owner.close().await.expect("close");
        }
    }
    for (table, rows) in TABLES.iter().zip(counts) {
        let now = app
            .audit_count(&format!("SELECT COUNT(*) FROM {table}"))
            .await;
        assert_eq!(now, rows, "{table}");
    }
}

async fn a_childs_lookups_are_read_through_indexes(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    let pattern = format!("%\"{child}\"%");
    let mut conn = app.db.audit_pool().acquire().await.expect("a connection");
    let plan: Vec<String> = match kind {
        DbKind::Sqlite => sqlx::query(&format!("EXPLAIN QUERY PLAN {LOOKUPS_OF_CHILD}"))
            .bind(child.to_string())
            .bind(&pattern)
            .fetch_all(&mut *conn)
            .await
            .expect("the plan")
            .into_iter()
            .map(|row| row.get::<String, _>(3))
            .collect(),
        DbKind::Postgres => {
            // Tables of a few rows are read whole whatever their indexes; this asks whether an
            // index serves each part, as it will once they are large.
            let mut tx = conn.begin().await.expect("begin");
            sqlx::query("SET LOCAL enable_seqscan = off")
                .execute(&mut *tx)
                .await
                .expect("set");
            let plan = sqlx::query(&format!("EXPLAIN {LOOKUPS_OF_CHILD}"))
                .bind(child.to_string())
                .bind(&pattern)
                .fetch_all(&mut *tx)
                .await
                .expect("the plan")
                .into_iter()
                .map(|row| row.get::<String, _>(0))
                .collect();
            tx.rollback().await.expect("rollback");
            plan
        }
    };
    let text = plan.join("\n");
    let whole_table = |line: &&String| match kind {
        DbKind::Sqlite => line.starts_with("SCAN ") && !line.contains("CONSTANT ROW"),
        DbKind::Postgres => line.contains("Seq Scan"),
    };
    assert!(
        !plan.iter().any(|line| whole_table(&line)),
        "a table read whole:\n{text}"
    );
    let (child_index, log_index) = match kind {
        DbKind::Sqlite => ("audit_child_index", "audit_log_child_at"),
        DbKind::Postgres => ("audit_child_index_pkey", "audit_log_child_at"),
    };
    assert!(
        text.contains(child_index) || text.contains("PRIMARY KEY (child_id=?)"),
        "{text}"
    );
    assert!(text.contains(log_index), "{text}");
}
