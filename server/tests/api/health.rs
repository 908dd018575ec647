//! The operator's probes (issue 18 item 5), through the real server: `/healthz` answers while
//! the process runs; `/readyz` only while the database answers and carries every migration of
//! this build — and says which are missing. Neither needs a session.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use reqwest::header::CACHE_CONTROL;
use reqwest::StatusCode;
use serde_json::Value;

on_both_backends!(
    a_migrated_server_is_alive_and_ready_without_a_session,
    a_migration_the_database_lacks_makes_it_not_ready_and_is_named,
    a_database_that_does_not_answer_makes_it_not_ready_but_still_alive,
);

async fn probe(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = app.get(path).await;
    assert_eq!(
        res.headers()
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "{path} is never cached"
    );
    let status = res.status();
    (status, res.text().await.expect("body"))
}

async fn readiness(app: &TestApp) -> (StatusCode, Value) {
    let (status, body) = probe(app, "/readyz").await;
    (status, serde_json::from_str(&body).expect("JSON"))
}

async fn a_migrated_server_is_alive_and_ready_without_a_session(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    assert_eq!(
        probe(&app, "/healthz").await,
        (StatusCode::OK, "ok\n".to_owned())
    );
    let (status, body) = readiness(&app).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ready"], true);
    assert_eq!(body["database"], "ok");
    assert_eq!(body["pending_migrations"], serde_json::json!([]));
}

async fn a_migration_the_database_lacks_makes_it_not_ready_and_is_named(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    // As if the database came from an older version's server: its newest migration not there.
    // On PostgreSQL the server's own role may only read the list; the owner changes it.
    let mut owner = match app.scratch().postgres_schema() {
        Some(schema) => Some(crate::common::superuser_in(schema).await),
        None => None,
    };
    let newest: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(app.db.pool())
        .await
        .expect("the newest migration");
    let forget = sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1").bind(newest);
    match owner.as_mut() {
        Some(owner) => forget.execute(owner).await,
        None => forget.execute(app.db.pool()).await,
    }
    .expect("forget it");
    let (status, body) = readiness(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["ready"], false);
    assert_eq!(body["database"], "ok");
    assert_eq!(body["pending_migrations"], serde_json::json!([newest]));
    assert_eq!(probe(&app, "/healthz").await.0, StatusCode::OK);
}

async fn a_database_that_does_not_answer_makes_it_not_ready_but_still_alive(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.db.close().await;
    let (status, body) = readiness(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["ready"], false);
    assert_eq!(body["database"], "unreachable");
    assert_eq!(
        probe(&app, "/healthz").await,
        (StatusCode::OK, "ok\n".to_owned())
    );
}
