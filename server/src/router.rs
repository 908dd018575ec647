//! Start-up: database, state, router, and a graceful stop.

use crate::config::ServeConfig;
use crate::middleware;
use anyhow::Context;
use app::app::{shell, App};
use app::backend::clock::{Clock, SystemClock};
use app::backend::db::Db;
use app::backend::state::AppState;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::config::{get_configuration, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// Opens (and for SQLite creates) the database and applies migrations, as the owner role
/// when one is configured (`crate::database`).
pub async fn open_database(config: &ServeConfig) -> anyhow::Result<Db> {
    let url = config.database_url();
    if url.starts_with("sqlite") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
    }
    crate::database::open(&url, config.database_owner_url(), None).await
}

/// The Leptos options of the build that `cargo leptos build` made, wherever the binary runs.
pub fn leptos_options() -> LeptosOptions {
    let mut options = get_configuration(None)
        .map(|c| c.leptos_options)
        .unwrap_or_else(|_| LeptosOptions::builder().output_name("tvaers").build());
    if options.output_name.is_empty() {
        options.output_name = "tvaers".into();
    }
    // cargo-leptos writes the hashed file names next to the binary when `hash-files` is on.
    let hash_file_exists = std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.parent()
                .map(|dir| dir.join(options.hash_file.as_ref()).exists())
        })
        .unwrap_or(false);
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = hash_file_exists;
    }
    options
}

/// The whole HTTP application: pages, server functions, static files, security middleware,
/// for a browser that reaches it directly (the cross-site check compares `Origin` with `Host`).
pub fn build_router(state: AppState) -> Router {
    build_router_with(state, middleware::OriginCheck::HostHeader)
}

/// [`build_router`] with the cross-site check's knowledge of the site's own origin
/// (`--public-url` behind a reverse proxy).
pub fn build_router_with(state: AppState, origin_check: middleware::OriginCheck) -> Router {
    build_router_sso(state, origin_check, None)
}

/// [`build_router_with`] with the single sign-on routes (`/auth/oidc/…`) when providers are
/// configured. `state.settings.sso` should say the same, for the login page's buttons.
pub fn build_router_sso(
    state: AppState,
    origin_check: middleware::OriginCheck,
    sso: Option<Arc<crate::sso::Sso>>,
) -> Router {
    build_router_full(state, origin_check, sso, None)
}

/// [`build_router_sso`] with `--metrics-token`, which lets a scraper on another machine read
/// `/metrics` (from this machine it needs none, unless `--public-url` puts a proxy in front).
pub fn build_router_full(
    state: AppState,
    origin_check: middleware::OriginCheck,
    sso: Option<Arc<crate::sso::Sso>>,
    metrics_token: Option<String>,
) -> Router {
    let metrics = crate::metrics::Access {
        token: metrics_token,
        behind_proxy: matches!(origin_check, middleware::OriginCheck::PublicUrl(_)),
    };
    let sso_routes = match sso {
        Some(sso) => crate::sso::routes(sso),
        None => Router::new(),
    };
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let fn_state = state.clone();
    let page_state = state.clone();
    // Built files, icons and the service worker, with the `.br`/`.gz` copies `--precompress`
    // writes; whatever is no file falls through to the not-found page.
    let static_files = ServeDir::new(options.site_root.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        .fallback(not_found_page.with_state(state.clone()));
    // The server functions the app registers; any other `/api/…` name gets a short 404 before
    // leptos_axum's developer message (SECURITY S7).
    let known: Arc<HashSet<&'static str>> = Arc::new(
        leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path)
            .collect(),
    );
    let app = Router::new()
        .merge(sso_routes)
        .merge(crate::health::routes())
        .merge(crate::metrics::routes(metrics))
        .route("/records/{child}", get(crate::record_route::download))
        .route("/reports/rounds.csv", get(crate::report_route::rounds_csv))
        .route(
            "/reports/language.csv",
            get(crate::report_route::language_csv),
        )
        .route(
            "/api/{*fn_name}",
            post(move |req| {
                let state = fn_state.clone();
                handle_server_fns_with_context(move || provide_context(state.clone()), req)
            })
            .layer(axum::middleware::from_fn_with_state(known, only_server_fns)),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(page_state.clone()),
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback_service(static_files)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::session,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(origin_check),
            middleware::reject_cross_site,
        ))
        .layer(axum::middleware::from_fn(middleware::limit_body))
        // Pages and server-function answers compressed for browsers that ask (static files come
        // precompressed by `ServeDir` and keep their encoding). The session cookie is
        // SameSite=Strict and cross-site requests are refused (S5), so no other site can make a
        // signed-in browser fetch a compressed page to measure it (BREACH).
        .layer(CompressionLayer::new().br(true).gzip(true))
        // axum's own 2 MB default would refuse a 3 MB import with a bare error; the limits
        // above are the ones that count.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .with_state(state);
    crate::observe::layer(app)
}

/// Lets through only the paths of server functions; any other `/api/…` name gets the app's own
/// `not_found` code, and a log line.
async fn only_server_fns(
    State(known): State<Arc<HashSet<&'static str>>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    if known.contains(path) {
        return next.run(req).await;
    }
    tracing::warn!(path = ?path, "no server function at this path");
    let body = serde_json::to_string(&app::error::AppError::NotFound)
        .unwrap_or_else(|_| r#"{"error":"not_found"}"#.to_owned());
    (
        http::StatusCode::NOT_FOUND,
        [(http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// The app's not-found page, for paths that are no file. leptos_axum's combined file-and-error
/// handler can let a concurrent not-found render put its 404 status on a file, so files are
/// served by `ServeDir` and only what it cannot find comes here.
async fn not_found_page(state: State<AppState>, req: Request) -> Response {
    let render = leptos_axum::file_and_error_handler::<AppState, _>(shell);
    let uri = req.uri().clone();
    render(uri, state, req).await.into_response()
}

/// Runs the server until SIGINT or SIGTERM, then finishes in-flight requests and closes the
/// pool (SECURITY D3).
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let db = open_database(&config).await?;
    if config.demo {
        let today = SystemClock.today();
        match crate::demo::seed(&db, &today).await {
            Ok(logins) => crate::demo::print_logins(&logins),
            Err(crate::demo::SeedError::NotEmpty) => {
                tracing::info!("database already holds data; demo not loaded again");
                crate::demo::print_logins(&crate::demo::logins());
            }
            Err(err) => return Err(err).context("seeding the demo municipality"),
        }
    }
    let mut leptos_options = leptos_options();
    leptos_options.site_addr = config.addr;
    // Links in letters lead to the public address, never to a request's Host header.
    let site = match &config.public_url {
        Some(url) => url.origin().to_owned(),
        None => format!("http://{}", config.addr),
    };
    let sso = config.sso.sso(&site)?;
    for (kind, provider) in [("staff", &sso.staff), ("parent", &sso.parent)] {
        if let Some(provider) = provider {
            tracing::info!(issuer = %provider.issuer.as_str(), claim = %provider.claim, "single sign-on for {kind}");
        }
    }
    let settings = app::backend::state::Settings {
        mail: config.mail.mailer(&site)?,
        sso: sso.offer(),
        ..config.settings()
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // SECURITY R1–R3: the retention job, now and then daily.
    let pruner = crate::retention::audit_pruner(&config, &db).await?;
    crate::retention::spawn_daily(db.clone(), pruner, clock.clone(), config.retention_years);
    // SECURITY L3: the leaders' spot check, drawn weekly.
    crate::spot_check::spawn_weekly(db.clone(), clock.clone());
    let state = AppState {
        db: db.clone(),
        settings: Arc::new(settings),
        clock,
        leptos_options,
        indicators: Default::default(),
    };
    let origin_check = config.origin_check();
    origin_check.log_choice();
    if let Some(why) = config.cookie_warning() {
        tracing::warn!("{why}");
    }
    let app = build_router_full(
        state,
        origin_check,
        Some(Arc::new(sso)),
        config
            .metrics_token
            .clone()
            .filter(|token| !token.is_empty()),
    );
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("listening on {}", config.addr))?;
    println!("Tværs is running at http://{}", config.addr);
    // Each request carries its connection's peer address as `ConnectInfo` (the login
    // throttle's limit per address, SECURITY S2).
    crate::listen::serve_on(listener, app, config.limits(), shutdown_signal()).await;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Turns off Nagle's algorithm on a new connection. A page streams out in several writes
/// (the shell, then each resolved part); with Nagle on, each write after the first waits for
/// the browser's delayed acknowledgement, about 40 ms a page (measured with one connection:
/// 44 ms for the group page with it, see docs/benchmark.md).
pub fn send_at_once(stream: &mut tokio::net::TcpStream) {
    if let Err(err) = stream.set_nodelay(true) {
        tracing::warn!(error = %err, "could not turn off Nagle's algorithm on a connection");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
