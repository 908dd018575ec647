//! `tvaers-bench`, a binary of its own (built with `--features bench`, never part of the
//! production server): a municipality-size dataset, then the group page's server rendering and the
//! save-assessment call under concurrent load, each against a bare axum baseline (the same
//! bytes from memory; the same single insert) and against its floor (the session, policy and
//! audit checks alone, then those bytes or that insert), on SQLite and PostgreSQL. With
//! `--mode oracle`, instead, how long a refusal takes for an id that names nothing and for one
//! of another unit (`oracle.rs`). Its subcommands `soak`, `sync-storm` and `kill9` are the
//! fault and load checks (`commands.rs`, `faults/`).

mod commands;
mod dataset;
mod faults;
mod floor;
mod load;
mod oracle;
mod reports;

use anyhow::Context;
use app::backend::clock::SystemClock;
use app::backend::db::Db;
use app::backend::state::{AppState, Settings};
use app::domain::{GroupId, IdempotencyKey, UserId};
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use load::{Figures, Job};
use std::sync::Arc;
use std::time::Instant;

/// Measures Tværs under load against bare axum baselines and the floor the rules cost.
#[derive(Debug, clap::Parser)]
#[command(version, about)]
pub struct BenchConfig {
    /// Where PostgreSQL is; the benchmark makes and drops a schema of its own.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    pub postgres_url: String,
    #[arg(long, default_value_t = 12_000)]
    pub children: usize,
    #[arg(long, default_value_t = 10)]
    pub years: usize,
    #[arg(long, default_value_t = 64)]
    pub connections: usize,
    /// Seconds per measurement.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// sqlite, postgres or both.
    #[arg(long, default_value = "both")]
    pub backend: String,
    /// Keep the generated databases (and print where they are) to study query plans.
    #[arg(long)]
    pub keep: bool,
    /// `load` (the scenarios under load) or `oracle` (refusals of missing and foreign ids).
    #[arg(long, default_value = "load")]
    pub mode: String,
    /// In `--mode oracle`: requests of each kind.
    #[arg(long, default_value_t = 2000)]
    pub oracle_requests: usize,
    /// A fault or load check instead of the measurements.
    #[command(subcommand)]
    pub command: Option<commands::Command>,
}

struct Row {
    backend: &'static str,
    scenario: &'static str,
    app: Figures,
    base: Figures,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    run(<BenchConfig as clap::Parser>::parse()).await
}

async fn run(config: BenchConfig) -> anyhow::Result<()> {
    if let Some(command) = config.command {
        return commands::run(command).await;
    }
    anyhow::ensure!(
        matches!(config.mode.as_str(), "load" | "oracle"),
        "--mode is load or oracle"
    );
    let mut rows = Vec::new();
    if config.backend == "sqlite" || config.backend == "both" {
        let dir = std::env::temp_dir().join(format!("tvaers-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
        let db = Db::connect(&url, None).await?;
        let result = on_backend(&db, "SQLite", &config).await;
        db.close().await;
        if config.keep {
            println!("SQLite: kept {}", dir.join("bench.db").display());
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
        rows.extend(result?);
    }
    if config.backend == "postgres" || config.backend == "both" {
        let schema = format!("bench_{}", UserId::random().to_string().replace('-', ""));
        let admin = Db::connect(&config.postgres_url, None)
            .await
            .context("PostgreSQL must be reachable")?;
        sqlx::query(&format!("CREATE SCHEMA \"{schema}\""))
            .execute(admin.pool())
            .await?;
        let db = Db::connect(&config.postgres_url, Some(schema.clone())).await?;
        let result = on_backend(&db, "PostgreSQL", &config).await;
        db.close().await;
        if config.keep {
            println!("PostgreSQL: kept schema {schema}");
        } else {
            sqlx::query(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                .execute(admin.pool())
                .await?;
        }
        admin.close().await;
        rows.extend(result?);
    }
    if config.mode != "oracle" {
        report(&rows, config.connections);
    }
    Ok(())
}

async fn on_backend(
    db: &Db,
    backend: &'static str,
    config: &BenchConfig,
) -> anyhow::Result<Vec<Row>> {
    tvaers::migrate::run(db).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let started = Instant::now();
    let data = dataset::generate(db, config.children, config.years, today).await?;
    // A database in use has statistics (PostgreSQL's autovacuum; SQLite's `PRAGMA optimize` at
    // each server start); one loaded a second ago has none, and its plans would measure the
    // bulk load, not Tværs.
    sqlx::query("ANALYZE").execute(db.pool()).await?;
    println!(
        "{backend}: generated {} children, {} groups, {} assessments in {:.1} s",
        data.children,
        data.groups.len(),
        data.assessments,
        started.elapsed().as_secs_f64()
    );

    let state = AppState {
        db: db.clone(),
        settings: Arc::new(Settings::default()),
        clock: Arc::new(SystemClock),
        leptos_options: tvaers::router::leptos_options(),
        indicators: Default::default(),
    };
    let app_addr = listen(tvaers::build_router(state.clone())).await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let cookie_name = app::backend::sessions::cookie_name(&Settings::default());
    let mut cookies = std::collections::HashMap::new();
    for group in &data.groups {
        for user in &group.staff {
            if !cookies.contains_key(user) {
                let token = app::backend::sessions::create(db, *user, now).await?;
                cookies.insert(*user, format!("{cookie_name}={token}"));
            }
        }
    }
    if config.mode == "reports" {
        reports::measure(db, backend, &state, app_addr, config.seconds).await?;
        return Ok(vec![]);
    }
    if config.mode == "oracle" {
        oracle::measure(
            db,
            backend,
            app_addr,
            &data,
            &cookies,
            config.oracle_requests,
        )
        .await?;
        return Ok(vec![]);
    }

    // Each room asked for by its own pedagogue, at the URL `url` makes of the room's id.
    let room_jobs = |url: &dyn Fn(GroupId) -> String| -> Vec<Job> {
        data.groups
            .iter()
            .map(|g| Job {
                method: reqwest::Method::GET,
                url: url(g.id),
                cookie: cookies.get(&g.staff[0]).cloned(),
                body: None,
            })
            .collect()
    };
    // The group page, rendered by the server.
    let page_jobs = room_jobs(&|group| format!("http://{app_addr}/groups/{group}/round"));
    let first = &page_jobs[0];
    let body = reqwest::Client::new()
        .get(&first.url)
        .header(
            reqwest::header::COOKIE,
            first.cookie.clone().unwrap_or_default(),
        )
        .send()
        .await?
        .text()
        .await?;
    anyhow::ensure!(
        body.contains("Barn") && body.contains("Runde 0"),
        "the group page did not render the room"
    );
    let page = load::run(
        Arc::new(page_jobs),
        config.connections,
        config.seconds,
        true,
    )
    .await;
    // What the page's audit rows became: reads of several children and copies of their
    // children into the index (group_commit.rs), while the page was measured.
    let (reads, copies): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM audit_child_reads), \
                (SELECT COUNT(*) FROM audit_child_index_runs)",
    )
    .fetch_one(db.audit_pool())
    .await?;
    println!(
        "{backend}: {reads} reads of several children logged, {copies} copies into the child index"
    );
    let bytes = axum::body::Bytes::from(body);
    let bytes_for_floor = bytes.clone();
    let base_addr = listen(axum::Router::new().route(
        "/page",
        get(move || {
            let bytes = bytes.clone();
            async move {
                (
                    [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    bytes,
                )
            }
        }),
    ))
    .await?;
    let base_page = load::run(
        Arc::new(vec![Job {
            method: reqwest::Method::GET,
            url: format!("http://{base_addr}/page"),
            cookie: None,
            body: None,
        }]),
        config.connections,
        config.seconds,
        true,
    )
    .await;

    // The floor: the same rooms, pedagogues and bytes, after the checks alone.
    let floor_addr = listen(floor::router(state.clone(), bytes_for_floor)).await?;
    let floor_page_jobs = room_jobs(&|group| format!("http://{floor_addr}/floor/page/{group}"));
    let floor_page = load::run(
        Arc::new(floor_page_jobs),
        config.connections,
        config.seconds,
        true,
    )
    .await;

    // Saving: each request a different (child, pedagogue) pair of the open round.
    // Spread over rooms, so that concurrent saves are not all in one room.
    let mut save_jobs = Vec::new();
    let mut floor_save_jobs = Vec::new();
    for index in 0..24 {
        for g in &data.groups {
            let Some(child) = g.children.get(index) else {
                continue;
            };
            for staff in &g.staff {
                let body = serde_json::json!({ "input": {
                    "key": IdempotencyKey::random(),
                    "round": data.open_round, "group": g.id, "child": child,
                    "position": "green", "context": "overall", "indicators": [], "note": "",
                    "base_version": null,
                }});
                save_jobs.push(Job {
                    method: reqwest::Method::POST,
                    url: format!("http://{app_addr}/api/save_individual"),
                    cookie: cookies.get(staff).cloned(),
                    body: Some(body.to_string()),
                });
                floor_save_jobs.push(Job {
                    method: reqwest::Method::POST,
                    url: format!("http://{floor_addr}/floor/save/{}/{child}", g.id),
                    cookie: cookies.get(staff).cloned(),
                    body: None,
                });
            }
        }
    }
    let save = load::run(
        Arc::new(save_jobs),
        config.connections,
        config.seconds,
        false,
    )
    .await;

    let insert_db = db.clone();
    let sample = (
        data.groups[0].id,
        data.groups[0].children[0],
        data.groups[0].staff[0],
    );
    let unit: String = sqlx::query_scalar("SELECT unit_id FROM child_groups WHERE id = $1")
        .bind(sample.0.to_string())
        .fetch_one(db.pool())
        .await?;
    let base_addr = listen(axum::Router::new().route(
        "/insert",
        post(move || {
            let db = insert_db.clone();
            let unit = unit.clone();
            async move {
                let result = floor::insert_one(&db, sample.0, sample.1, sample.2, &unit).await;
                match result {
                    Ok(()) => http::StatusCode::OK,
                    Err(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
                }
            }
        }),
    ))
    .await?;
    let base_save = load::run(
        Arc::new(vec![Job {
            method: reqwest::Method::POST,
            url: format!("http://{base_addr}/insert"),
            cookie: None,
            body: Some("{}".into()),
        }]),
        config.connections,
        config.seconds,
        true,
    )
    .await;
    let floor_save = load::run(
        Arc::new(floor_save_jobs),
        config.connections,
        config.seconds,
        true,
    )
    .await;
    Ok(vec![
        Row {
            backend,
            scenario: "group page (SSR)",
            app: page,
            base: base_page.clone(),
        },
        Row {
            backend,
            scenario: "page floor",
            app: floor_page,
            base: base_page,
        },
        Row {
            backend,
            scenario: "save assessment",
            app: save,
            base: base_save.clone(),
        },
        Row {
            backend,
            scenario: "save floor",
            app: floor_save,
            base: base_save,
        },
    ])
}

async fn listen(router: axum::Router) -> anyhow::Result<std::net::SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        // As `tvaers serve` does, for the baselines too.
        let listener = listener.tap_io(tvaers::router::send_at_once);
        let _ = axum::serve(listener, router).await;
    });
    Ok(addr)
}

fn report(rows: &[Row], connections: usize) {
    println!();
    println!(
        "{connections} connections; targets: ≥ 50 % of the baseline's throughput, p99 ≤ 25 ms"
    );
    println!(
        "{:<11}| {:<17}| {:>10} | {:>7} | {:>7} | {:>6} | {:>13} | {:>7} | {:>7} | {:>6} | met",
        "backend",
        "scenario",
        "tvaers r/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "baseline r/s",
        "p50 ms",
        "p99 ms",
        "ratio"
    );
    for r in rows {
        let ratio = r.app.per_second / r.base.per_second;
        let met = ratio >= 0.5 && r.app.p99_ms <= 25.0 && r.app.failures == 0;
        println!(
            "{:<11}| {:<17}| {:>10.0} | {:>7.2} | {:>7.2} | {:>6} | {:>13.0} | {:>7.2} | {:>7.2} | {:>5.0}% | {}",
            r.backend,
            r.scenario,
            r.app.per_second,
            r.app.p50_ms,
            r.app.p99_ms,
            r.app.failures,
            r.base.per_second,
            r.base.p50_ms,
            r.base.p99_ms,
            ratio * 100.0,
            if met { "yes" } else { "NO" }
        );
    }
}
