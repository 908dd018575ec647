//! The operator's probes (issue 18 item 5). `/healthz`: the process answers. `/readyz`: it can
//! serve — the database answers (on SQLite the audit log's file too) and every migration this
//! build carries has been applied. Neither reads a person's data, so neither needs a session
//! or leaves an audit row; a load balancer or an orchestrator asks them every few seconds.

use crate::migrate;
use app::backend::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(alive))
        .route("/readyz", get(ready))
}

/// Never cached: a probe must see the state of now.
const NO_STORE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

async fn alive() -> Response {
    (StatusCode::OK, NO_STORE, "ok\n").into_response()
}

/// What `/readyz` answers, for the operator reading it by hand as much as for the probe.
#[derive(Serialize)]
struct Readiness {
    ready: bool,
    /// `ok`, or why the database could not be asked.
    database: String,
    /// Migrations this build carries that the database has not applied (the server applies
    /// them at start, so anything here means another version's server or a failed start).
    pending_migrations: Vec<i64>,
}

async fn ready(State(state): State<AppState>) -> Response {
    let readiness = match migrate::pending(&state.db).await {
        Ok(pending) => Readiness {
            ready: pending.is_empty(),
            database: "ok".to_owned(),
            pending_migrations: pending,
        },
        Err(err) => {
            tracing::warn!(error = %err, "readiness: the database did not answer");
            Readiness {
                ready: false,
                database: "unreachable".to_owned(),
                pending_migrations: Vec::new(),
            }
        }
    };
    let status = if readiness.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, NO_STORE, Json(readiness)).into_response()
}
