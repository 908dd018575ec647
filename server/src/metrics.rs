//! `/metrics` in Prometheus' text format (issue 18 item 5): answers by status class, a latency
//! histogram, the database pool, retention runs. Counts only, never a person's data; still
//! only for the operator: from this machine, or with `Authorization: Bearer <--metrics-token>`.

use app::backend::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use http::{header, StatusCode};
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Duration;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BOUNDS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// One set per process: what a scrape of this server reads.
struct Counters {
    /// Answers by status class, 1xx to 5xx.
    classes: [AtomicU64; 5],
    /// Answers at or below each bound (cumulative when written out, not here).
    buckets: [AtomicU64; BOUNDS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    retention_ok: AtomicU64,
    retention_failed: AtomicU64,
}

static COUNTERS: Counters = Counters {
    classes: [const { AtomicU64::new(0) }; 5],
    buckets: [const { AtomicU64::new(0) }; BOUNDS.len()],
    count: AtomicU64::new(0),
    sum_micros: AtomicU64::new(0),
    retention_ok: AtomicU64::new(0),
    retention_failed: AtomicU64::new(0),
};

/// Counts one answer (`observe`'s line per request calls it).
pub fn record_request(status: u16, latency: Duration) {
    let class = usize::from(status / 100).clamp(1, 5) - 1;
    COUNTERS.classes[class].fetch_add(1, Relaxed);
    let seconds = latency.as_secs_f64();
    if let Some(i) = BOUNDS.iter().position(|bound| seconds <= *bound) {
        COUNTERS.buckets[i].fetch_add(1, Relaxed);
    }
    COUNTERS.count.fetch_add(1, Relaxed);
    let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
    COUNTERS.sum_micros.fetch_add(micros, Relaxed);
}

/// Counts one run of the daily retention job.
pub fn record_retention(ok: bool) {
    let counter = match ok {
        true => &COUNTERS.retention_ok,
        false => &COUNTERS.retention_failed,
    };
    counter.fetch_add(1, Relaxed);
}

/// Who may read `/metrics`.
#[derive(Clone, Debug, Default)]
pub struct Access {
    /// `--metrics-token`: a scraper on another machine sends it as a bearer token.
    pub token: Option<String>,
    /// `--public-url` is set: a reverse proxy in front, whose connections come from this
    /// machine too, so a loopback peer proves nothing.
    pub behind_proxy: bool,
}

/// The decision, apart from the request: the token, or a loopback peer that no proxy forwarded.
pub fn may_read(
    access: &Access,
    peer: Option<SocketAddr>,
    forwarded: bool,
    authorization: Option<&[u8]>,
) -> bool {
    if let (Some(token), Some(given)) = (access.token.as_deref(), authorization) {
        let expected = format!("Bearer {token}");
        // Compared in full whatever the first difference, so the time taken tells nothing.
        if !token.is_empty()
            && given.len() == expected.len()
            && given
                .iter()
                .zip(expected.as_bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
        {
            return true;
        }
    }
    let loopback = peer.is_some_and(|peer| peer.ip().is_loopback());
    loopback && !forwarded && !access.behind_proxy
}

/// The `/metrics` route.
pub fn routes(access: Access) -> Router<AppState> {
    Router::new()
        .route("/metrics", get(read))
        .layer(Extension(Arc::new(access)))
}

async fn read(State(state): State<AppState>, req: Request) -> Response {
    let access = req
        .extensions()
        .get::<Arc<Access>>()
        .cloned()
        .unwrap_or_default();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let headers = req.headers();
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|name| headers.contains_key(*name));
    let authorization = headers.get(header::AUTHORIZATION).map(|v| v.as_bytes());
    if !may_read(&access, peer, forwarded, authorization) {
        // As if there were nothing here.
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/plain; version=0.0.4"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        render(&state),
    )
        .into_response()
}

/// The text a scrape reads.
fn render(state: &AppState) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# HELP tvaers_http_responses_total Answers by status class."
    );
    let _ = writeln!(out, "# TYPE tvaers_http_responses_total counter");
    for (i, counter) in COUNTERS.classes.iter().enumerate() {
        let class = i + 1;
        let _ = writeln!(
            out,
            "tvaers_http_responses_total{{class=\"{class}xx\"}} {}",
            counter.load(Relaxed)
        );
    }
    let _ = writeln!(
        out,
        "# HELP tvaers_http_response_seconds Time to the answer's head."
    );
    let _ = writeln!(out, "# TYPE tvaers_http_response_seconds histogram");
    let mut cumulative = 0;
    for (bound, counter) in BOUNDS.iter().zip(&COUNTERS.buckets) {
        cumulative += counter.load(Relaxed);
        let _ = writeln!(
            out,
            "tvaers_http_response_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
        );
    }
    let count = COUNTERS.count.load(Relaxed);
    let sum = COUNTERS.sum_micros.load(Relaxed) as f64 / 1e6;
    let _ = writeln!(
        out,
        "tvaers_http_response_seconds_bucket{{le=\"+Inf\"}} {count}"
    );
    let _ = writeln!(out, "tvaers_http_response_seconds_sum {sum}");
    let _ = writeln!(out, "tvaers_http_response_seconds_count {count}");
    let pool = state.db.pool();
    let _ = writeln!(
        out,
        "# HELP tvaers_db_pool_connections Open database connections."
    );
    let _ = writeln!(out, "# TYPE tvaers_db_pool_connections gauge");
    let _ = writeln!(out, "tvaers_db_pool_connections {}", pool.size());
    let _ = writeln!(out, "# HELP tvaers_db_pool_idle Of those, idle.");
    let _ = writeln!(out, "# TYPE tvaers_db_pool_idle gauge");
    let _ = writeln!(out, "tvaers_db_pool_idle {}", pool.num_idle());
    let _ = writeln!(
        out,
        "# HELP tvaers_retention_runs_total Runs of the daily retention job."
    );
    let _ = writeln!(out, "# TYPE tvaers_retention_runs_total counter");
    for (result, counter) in [
        ("ok", &COUNTERS.retention_ok),
        ("failed", &COUNTERS.retention_failed),
    ] {
        let _ = writeln!(
            out,
            "tvaers_retention_runs_total{{result=\"{result}\"}} {}",
            counter.load(Relaxed)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_unforwarded_or_the_token_may_read() {
        let local: Option<SocketAddr> = Some("127.0.0.1:5000".parse().unwrap());
        let local6: Option<SocketAddr> = Some("[::1]:5000".parse().unwrap());
        let remote: Option<SocketAddr> = Some("192.0.2.7:5000".parse().unwrap());
        let open = Access::default();
        let token = Access {
            token: Some("s3cret".into()),
            behind_proxy: false,
        };
        let proxied = Access {
            token: Some("s3cret".into()),
            behind_proxy: true,
        };
        let empty = Access {
            token: Some(String::new()),
            behind_proxy: false,
        };
        let right: Option<&[u8]> = Some(b"Bearer s3cret");
        // Who is set up, the peer, whether a proxy forwarded it, the header, and the answer.
        type Case<'a> = (&'a Access, Option<SocketAddr>, bool, Option<&'a [u8]>, bool);
        let cases: &[Case] = &[
            (&open, local, false, None, true),
            (&open, local6, false, None, true),
            (&open, remote, false, None, false),
            (&open, None, false, None, false),
            // Through a proxy on this machine: its peer is loopback, its headers tell.
            (&open, local, true, None, false),
            (&open, remote, false, right, false),
            (&token, remote, false, right, true),
            (&token, remote, true, right, true),
            (&token, remote, false, Some(b"Bearer s3cre"), false),
            (&token, remote, false, Some(b"Bearer s3cretx"), false),
            (&token, remote, false, Some(b"s3cret"), false),
            (&token, local, false, Some(b"Bearer wrong"), true),
            (&proxied, local, false, None, false),
            (&proxied, remote, true, right, true),
            (&empty, remote, false, Some(b"Bearer "), false),
        ];
        for (i, (access, peer, forwarded, auth, expected)) in cases.iter().enumerate() {
            assert_eq!(
                may_read(access, *peer, *forwarded, *auth),
                *expected,
                "case {i}"
            );
        }
    }

    #[test]
    fn answers_fall_into_their_class_and_bucket() {
        let before = COUNTERS.classes[3].load(Relaxed);
        let bucket = COUNTERS.buckets[4].load(Relaxed);
        record_request(404, Duration::from_millis(70));
        assert_eq!(COUNTERS.classes[3].load(Relaxed), before + 1);
        assert_eq!(COUNTERS.buckets[4].load(Relaxed), bucket + 1);
    }
}
