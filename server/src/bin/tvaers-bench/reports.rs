//! `--mode reports`: the reports over time at municipality scale (issue 19 item 5). Each report
//! a leader can ask for — the municipality per round and per year, one area, one unit — is
//! measured through the real server (session, policy, audit, the kept counts, JSON), next to
//! a baseline and a floor in the same run:
//!
//! - **baseline**: the same positions per round counted live from the assessments by one
//!   `GROUP BY`, with no rule — what a report without the kept counts would cost;
//! - **floor**: the session, the policy's decision on the municipality and its audit row,
//!   then an empty answer — what the rules themselves cost.
//!
//! Leaders ask one at a time, not sixty-four at once: four connections.

use crate::floor::{caller, status};
use crate::load::{self, Figures, Job};
use app::backend::context::Target;
use app::backend::db::Db;
use app::backend::sessions::SessionUser;
use app::backend::state::AppState;
use app::domain::{MunicipalityId, UserId};
use app::policy::Action;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Router};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

const CONNECTIONS: usize = 4;

pub async fn measure(
    db: &Db,
    backend: &str,
    state: &AppState,
    app_addr: SocketAddr,
    seconds: u64,
) -> anyhow::Result<()> {
    // The kept counts of ten years, computed as the daily job does for rounds without them.
    let today = time::OffsetDateTime::now_utc().date();
    let started = Instant::now();
    let mut tx = db.begin_write().await?;
    let settled = app::backend::store::round_counts::settle(&mut tx, today).await?;
    tx.commit().await?;
    println!(
        "{backend}: counts of {settled} rounds per unit computed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    sqlx::query("ANALYZE").execute(db.pool()).await?;

    let (muni, area, unit): (String, String, String) = sqlx::query_as(
        "SELECT u.municipality_id, u.area_id, u.id FROM units u ORDER BY u.name LIMIT 1",
    )
    .fetch_one(db.pool())
    .await?;
    let cookie = |user: UserId| async move {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let token = app::backend::sessions::create(db, user, now).await?;
        let name = app::backend::sessions::cookie_name(&state.settings);
        anyhow::Ok(format!("{name}={token}"))
    };
    let admin = leader(db, &muni, "administrator", "municipality_id", &muni).await?;
    let area_leader = leader(db, &muni, "area_leader", "area_id", &area).await?;
    let unit_leader = leader(db, &muni, "unit_leader", "unit_id", &unit).await?;
    let (admin, area_leader, unit_leader) = (
        cookie(admin).await?,
        cookie(area_leader).await?,
        cookie(unit_leader).await?,
    );

    let ask = |cookie: &str, scope: String, by: &str| Job {
        method: reqwest::Method::POST,
        url: format!("http://{app_addr}/api/rounds_report"),
        cookie: Some(cookie.to_owned()),
        body: Some(serde_json::json!({ "scope": scope, "by": by }).to_string()),
    };
    let scenarios = [
        (
            "municipality by round",
            ask(&admin, "municipality".into(), "round"),
        ),
        (
            "municipality by year",
            ask(&admin, "municipality".into(), "year"),
        ),
        (
            "area by round",
            ask(&area_leader, format!("area:{area}"), "round"),
        ),
        (
            "unit by round",
            ask(&unit_leader, format!("unit:{unit}"), "round"),
        ),
    ];
    let first = reqwest::Client::new()
        .post(&scenarios[0].1.url)
        .header(reqwest::header::COOKIE, admin.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(scenarios[0].1.body.clone().unwrap_or_default())
        .send()
        .await?;
    anyhow::ensure!(
        first.status().is_success(),
        "the report answered {}",
        first.status()
    );
    let lines = first.json::<serde_json::Value>().await?["lines"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    println!("{backend}: the municipality report has {lines} lines");

    let muni: MunicipalityId = muni.parse()?;
    let side = Router::new()
        .route("/base/report", post(live_counts))
        .route("/floor/report", post(checked_only))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            tvaers::middleware::session,
        ))
        .with_state((state.clone(), muni));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let side_addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, side).await });
    let side_job = |path: &str| Job {
        method: reqwest::Method::POST,
        url: format!("http://{side_addr}{path}"),
        cookie: Some(admin.clone()),
        body: Some("{}".into()),
    };
    let base = run(side_job("/base/report"), seconds).await;
    let floor = run(side_job("/floor/report"), seconds).await;

    println!();
    println!("{CONNECTIONS} connections; target: p95 ≤ 100 ms for every report");
    println!(
        "{:<10}| {:<24}| {:>8} | {:>7} | {:>7} | {:>7} | {:>6} | met",
        "backend", "report", "r/s", "p50 ms", "p95 ms", "p99 ms", "errors"
    );
    let line = |name: &str, f: &Figures, target: bool| {
        let met = f.p95_ms <= 100.0 && f.failures == 0;
        println!(
            "{:<10}| {:<24}| {:>8.0} | {:>7.2} | {:>7.2} | {:>7.2} | {:>6} | {}",
            backend,
            name,
            f.per_second,
            f.p50_ms,
            f.p95_ms,
            f.p99_ms,
            f.failures,
            if !target {
                "—"
            } else if met {
                "yes"
            } else {
                "NO"
            }
        );
    };
    for (name, job) in scenarios {
        let figures = run(job, seconds).await;
        line(name, &figures, true);
    }
    line("baseline: live GROUP BY", &base, false);
    line("floor: session+policy+audit", &floor, false);
    Ok(())
}

async fn run(job: Job, seconds: u64) -> Figures {
    load::run(Arc::new(vec![job]), CONNECTIONS, seconds, true).await
}

/// A leader of the benchmark municipality with one membership.
async fn leader(
    db: &Db,
    muni: &str,
    role: &str,
    column: &str,
    scope: &str,
) -> anyhow::Result<UserId> {
    let user = UserId::random();
    sqlx::query(
        "INSERT INTO users (id, municipality_id, username, display_name, disabled, created_at) \
         VALUES ($1, $2, $3, $4, 0, 0)",
    )
    .bind(user.to_string())
    .bind(muni)
    .bind(format!("bench-{role}"))
    .bind(format!("Bench {role}"))
    .execute(db.pool())
    .await?;
    sqlx::query(&format!(
        "INSERT INTO memberships (id, user_id, role, {column}, starts_on) VALUES ($1, $2, $3, $4, '2000-01-01')"
    ))
    .bind(UserId::random().to_string())
    .bind(user.to_string())
    .bind(role)
    .bind(scope)
    .execute(db.pool())
    .await?;
    Ok(user)
}

/// The baseline: the municipality's joint positions per round, counted from the assessments.
async fn live_counts(State((state, muni)): State<(AppState, MunicipalityId)>) -> Response {
    let rows: Result<Vec<(String, String, i64)>, _> = sqlx::query_as(
        "SELECT a.round_id, a.position, COUNT(*) FROM assessments a \
         JOIN units u ON u.id = a.unit_id \
         WHERE u.municipality_id = $1 AND a.kind = 'joint' GROUP BY a.round_id, a.position",
    )
    .bind(muni.to_string())
    .fetch_all(state.db.pool())
    .await;
    match rows {
        Ok(rows) => axum::Json(rows).into_response(),
        Err(_) => http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The floor: what every report must do before it reads a count.
async fn checked_only(
    State((state, muni)): State<(AppState, MunicipalityId)>,
    user: Option<Extension<SessionUser>>,
) -> Response {
    let result = async {
        let caller = caller(state, user)?;
        let mut conn = caller.state.db.conn().await?;
        let (_, audited) = caller
            .authorize_on(
                &mut conn,
                Action::ViewCounts,
                Target::Municipality(muni),
                "bench: report floor",
            )
            .await?;
        drop(conn);
        audited.committed().await
    }
    .await;
    match result {
        Ok(()) => axum::Json(Vec::<u8>::new()).into_response(),
        Err(err) => status(err),
    }
}
