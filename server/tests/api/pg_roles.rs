//! PostgreSQL only: the application's role cannot undo the audit log's guards (SECURITY L2).
//!
//! The triggers that refuse changes to `audit_log` hold against anyone but the table's owner
//! and superusers, who may drop or disable them. So the server works as a role that owns
//! nothing, and an owner role migrates and grants (`tvaers::database`). Each refusal below is
//! checked for its reason, permission (SQLSTATE 42501), and the same statements are shown to
//! work for the owner, so a refusal for another reason (a typo, a missing table) would fail the
//! test. SQLite has no roles: there the audit log is a file of its own with the same triggers
//! (`storage::the_audit_log_refuses_changes_and_deletions`), and an owner URL is refused.
//!
//! Every other test server on PostgreSQL works as such a role too (`common::served_database`),
//! so the whole suite proves the grants are enough for what the app does.

use crate::common::{
    as_superuser, postgres_scratch_with_role, postgres_url, postgres_url_as, scratch,
    served_database, superuser_in, TestApp,
};
use app::assessment::{Draft, IndividualInput};
use app::backend::db::DbKind;
use app::domain::{AssessmentContext, IdempotencyKey, Position};
use sqlx::Connection;
use std::sync::{Arc, Mutex};
use tvaers::database::{AppRole, Power};

/// SQLSTATE insufficient_privilege: "permission denied" and "must be owner" alike.
const NO_PRIVILEGE: &str = "42501";
/// SQLSTATE raise_exception: the append-only trigger's refusal.
const TRIGGER_REFUSED: &str = "P0001";

/// The SQLSTATE of a failed statement, or "succeeded".
fn outcome(result: Result<sqlx::any::AnyQueryResult, sqlx::Error>) -> String {
    match result {
        Ok(_) => "succeeded".to_owned(),
        Err(err) => match err.as_database_error().and_then(|e| e.code()) {
            Some(code) => code.into_owned(),
            None => format!("not a database error: {err}"),
        },
    }
}

/// What a pedagogue saves through the real server: a position for a child of her room.
async fn save_a_position(app: &TestApp) {
    app.login_ok("paedagog").await;
    let group = app
        .scalar_text("SELECT id FROM child_groups WHERE name = $1", "Grønne stue")
        .await
        .parse()
        .expect("a group id");
    let child = app.child_in_group("Grønne stue").await;
    let grid = app.group_round(group).await.expect("the group page");
    let input = IndividualInput {
        draft: Draft {
            key: IdempotencyKey::random(),
            group,
            child,
            position: Position::Green,
            context: AssessmentContext::PlayWithPeers,
            note: "Leger godt med de andre".to_owned(),
        },
        round: grid.round.expect("an open round").id,
        indicators: vec![],
        base_version: None,
    };
    let saved = app.save_individual(&input).await.expect("saved");
    assert_eq!(saved.version, 1);
}

/// The triggers on `audit_log` that are switched on, by name.
async fn enabled_triggers(schema: &str) -> Vec<String> {
    let mut owner = superuser_in(schema).await;
    let names = sqlx::query_scalar(
        "SELECT tgname::text FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass \
         AND NOT tgisinternal AND tgenabled = 'O' ORDER BY tgname",
    )
    .fetch_all(&mut owner)
    .await
    .expect("triggers");
    owner.close().await.expect("close");
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_the_app_role_cannot_drop_disable_truncate_or_change_the_audit_log() {
    let app = TestApp::spawn(DbKind::Postgres).await;
    let (schema, role) = (
        app.scratch()
            .postgres_schema()
            .expect("a schema")
            .to_owned(),
        app.scratch()
            .app_role()
            .expect("the server's own role")
            .to_owned(),
    );
    // The server's pool is that role's, and the app's ordinary work goes through it.
    let current: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(app.db.pool())
        .await
        .expect("current_user");
    assert_eq!(current, role);
    save_a_position(&app).await;
    let rows = app.audit_count("SELECT COUNT(*) FROM audit_log").await;
    assert!(rows > 0, "the login and the save are logged");
    let triggers = vec![
        "audit_log_no_change".to_owned(),
        "audit_log_no_truncate".to_owned(),
    ];
    assert_eq!(enabled_triggers(&schema).await, triggers);

    let attempts = [
        "DROP TRIGGER audit_log_no_change ON audit_log".to_owned(),
        "DROP TRIGGER audit_log_no_truncate ON audit_log".to_owned(),
        "ALTER TABLE audit_log DISABLE TRIGGER ALL".to_owned(),
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change".to_owned(),
        "TRUNCATE audit_log".to_owned(),
        "DELETE FROM audit_log".to_owned(),
        "UPDATE audit_log SET outcome = 'failed'".to_owned(),
        "DROP TABLE audit_log".to_owned(),
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger \
         LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END; $$"
            .to_owned(),
        format!("DROP SCHEMA \"{schema}\" CASCADE"),
    ];
    for statement in &attempts {
        let result = sqlx::query(statement).execute(app.db.pool()).await;
        assert_eq!(outcome(result), NO_PRIVILEGE, "the app's role: {statement}");
    }
    assert_eq!(
        app.audit_count("SELECT COUNT(*) FROM audit_log").await,
        rows
    );
    assert_eq!(enabled_triggers(&schema).await, triggers);

    // The same statements as the owner, each in a transaction rolled back: the changes of the
    // log are still refused, by the triggers; the rest works, so what stopped the app's role
    // was its want of ownership and nothing else.
    let mut owner = superuser_in(&schema).await;
    for statement in &attempts {
        let mut tx = owner.begin().await.expect("begin");
        let result = sqlx::query(statement).execute(&mut *tx).await;
        let expected = match statement.split(' ').next() {
            Some("TRUNCATE" | "DELETE" | "UPDATE") => TRIGGER_REFUSED,
            _ => "succeeded",
        };
        assert_eq!(outcome(result), expected, "the owner: {statement}");
        tx.rollback().await.expect("rollback");
    }
    owner.close().await.expect("close");
    assert_eq!(enabled_triggers(&schema).await, triggers);

    // And the app still works, and logs, after all those attempts.
    app.login_ok("leder").await;
    assert!(app.audit_count("SELECT COUNT(*) FROM audit_log").await > rows);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_the_app_role_owns_nothing_and_holds_only_what_the_app_needs() {
    let (db, scratch) = served_database(DbKind::Postgres).await;
    let pool = db.pool();
    let standing = AppRole::inspect(pool).await.expect("inspect");
    assert_eq!(standing.name, scratch.app_role().expect("a role"));
    assert_eq!(standing.powers, vec![], "{:?}", standing.warning());
    let owned: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner \
         WHERE r.rolname = current_user",
    )
    .fetch_one(pool)
    .await
    .expect("owned");
    assert_eq!(owned, 0, "the app's role owns no table, index or sequence");
    // Every privilege on every table of the schema, as (table, privilege) the role holds.
    let held: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.tablename::text, p.privilege FROM pg_tables t \
         CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', \
                                 'REFERENCES', 'TRIGGER']) AS p(privilege) \
         WHERE t.schemaname = current_schema() \
           AND has_table_privilege(format('%I.%I', t.schemaname, t.tablename), p.privilege) \
         ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await
    .expect("privileges");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    assert!(tables.len() > 10 && tables.contains(&"audit_log".to_owned()));
    let mut expected = Vec::new();
    for table in &tables {
        let privileges: &[&str] = match table.as_str() {
            // audit_log and the tables of reads of several children (migration 0011).
            audit if audit.starts_with("audit_") => &["INSERT", "SELECT"],
            // Read by `/readyz`; only the owner migrates.
            "_sqlx_migrations" => &["SELECT"],
            _ => &["DELETE", "INSERT", "SELECT", "UPDATE"],
        };
        expected.extend(privileges.iter().map(|p| (table.clone(), p.to_string())));
    }
    assert_eq!(held, expected);
    // Sequences give ids (nextval) but cannot be set back.
    let setval = sqlx::query("SELECT setval('audit_log_id_seq', 1)")
        .execute(pool)
        .await;
    assert_eq!(outcome(setval), NO_PRIVILEGE);
    let create = sqlx::query("CREATE TABLE audit_log_copy (id BIGINT)")
        .execute(pool)
        .await;
    assert_eq!(outcome(create), NO_PRIVILEGE, "no new tables in the schema");
    db.close().await;
}

/// Log lines written while a future runs, captured (the tests' global subscriber keeps its own).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    async fn during<T>(&self, work: impl std::future::Future<Output = T>) -> (T, String) {
        use tracing::instrument::WithSubscriber;
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::WARN)
            .with_writer(move || writer.clone())
            .finish();
        let out = work.with_subscriber(subscriber).await;
        let text = String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap();
        (out, text)
    }
}

const WARNING: &str = "the application role can change the audit log";

/// Today's way without an owner URL — the demo, a quick trial — still starts, and says at
/// start what its role can do; the production way says nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_server_that_owns_its_schema_warns_at_start() {
    let log = Captured::default();
    // As the superuser, as the tests' servers ran before.
    let (schema, _superuser_scratch) = scratch(DbKind::Postgres).await;
    let (db, said) = log
        .during(tvaers::database::open(&postgres_url(), None, Some(schema)))
        .await;
    let db = db.expect("starts without an owner URL");
    assert!(said.contains(WARNING), "{said}");
    assert!(
        said.contains("is a superuser") && said.contains("docs/SECURITY.md"),
        "{said}"
    );
    assert!(AppRole::inspect(db.pool())
        .await
        .unwrap()
        .powers
        .contains(&Power::Superuser));
    db.close().await;

    // As an ordinary role that may create in the schema: it migrates, so it owns the table.
    let (schema, role, _role_scratch) = postgres_scratch_with_role().await;
    as_superuser(&[format!(
        "GRANT USAGE, CREATE ON SCHEMA \"{schema}\" TO \"{role}\""
    )])
    .await
    .expect("grant");
    let (db, said) = log
        .during(tvaers::database::open(
            &postgres_url_as(&role),
            None,
            Some(schema.clone()),
        ))
        .await;
    let db = db.expect("starts without an owner URL");
    assert!(
        said.contains(WARNING) && said.contains("owns the audit_log table"),
        "{said}"
    );
    assert!(!said.contains("superuser"), "{said}");
    // What the warning is about: this role can drop the trigger.
    let mut tx = db.pool().begin().await.unwrap();
    let dropped = sqlx::query("DROP TRIGGER audit_log_no_change ON audit_log")
        .execute(&mut *tx)
        .await;
    assert_eq!(outcome(dropped), "succeeded");
    tx.rollback().await.unwrap();
    db.close().await;

    // The production way: no warning.
    let ((db, _served), said) = log.during(served_database(DbKind::Postgres)).await;
    assert!(!said.contains(WARNING), "{said}");
    db.close().await;
}

/// An installation that ran as one role and is given an owner URL: the owner cannot take
/// over tables it does not own, so the server refuses to start — separation the operator
/// asked for and does not get would be worse than none — until the tables are handed over
/// (`REASSIGN OWNED`, docs/SECURITY.md). Also refused: the same role twice, and SQLite.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_an_owner_url_starts_only_when_the_app_role_is_left_owning_nothing() {
    let (schema, role, _scratch) = postgres_scratch_with_role().await;
    as_superuser(&[format!(
        "GRANT USAGE, CREATE ON SCHEMA \"{schema}\" TO \"{role}\""
    )])
    .await
    .expect("grant");
    let app_url = postgres_url_as(&role);
    let old = tvaers::database::open(&app_url, None, Some(schema.clone()))
        .await
        .expect("the old way");
    old.close().await;
    let Err(refused) =
        tvaers::database::open(&app_url, Some(&postgres_url()), Some(schema.clone())).await
    else {
        panic!("started though the role still owns the audit log");
    };
    assert!(
        format!("{refused:#}").contains("owns the audit_log table"),
        "{refused:#}"
    );

    as_superuser(&[
        format!("REASSIGN OWNED BY \"{role}\" TO CURRENT_USER"),
        format!("REVOKE CREATE ON SCHEMA \"{schema}\" FROM \"{role}\""),
    ])
    .await
    .expect("hand the tables to the owner");
    let db = tvaers::database::open(&app_url, Some(&postgres_url()), Some(schema.clone()))
        .await
        .expect("starts once the owner owns the tables");
    let dropped = sqlx::query("DROP TRIGGER audit_log_no_change ON audit_log")
        .execute(db.pool())
        .await;
    assert_eq!(outcome(dropped), NO_PRIVILEGE);
    db.close().await;

    let Err(same) =
        tvaers::database::open(&postgres_url(), Some(&postgres_url()), Some(schema)).await
    else {
        panic!("started with the owner and the app as one role");
    };
    assert!(format!("{same:#}").contains("both connect as"), "{same:#}");
    let Err(sqlite) = tvaers::database::open("sqlite::memory:", Some(&postgres_url()), None).await
    else {
        panic!("started SQLite with an owner URL");
    };
    assert!(format!("{sqlite:#}").contains("PostgreSQL"), "{sqlite:#}");
}
