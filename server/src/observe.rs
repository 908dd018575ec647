//! What the operator reads (issue 18 item 5): a request id on every answer and on every log
//! line the request writes, one line per request, and logs as text or as JSON lines.

use axum::extract::Request;
use axum::Router;
use http::HeaderValue;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// The header that carries the request id, in and out.
pub const REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-request-id");

/// The longest incoming id kept (a UUID is 36; a proxy's ids are of that order).
const MAX_ID_LEN: usize = 64;

/// How the log is written (`--log-format`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object a line, the request's fields (`request_id`, `method`, `path`) in it.
    Json,
}

/// Starts the log: `RUST_LOG` filters, else info (sqlx's per-statement lines only as warnings).
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        // The span list carries the request's id into every line written while it is served.
        LogFormat::Json => builder
            .json()
            .with_current_span(false)
            .with_span_list(true)
            .init(),
    }
}

/// Whether an id that came with the request may be kept: a short token of letters, digits and
/// `-_.:`. Anything else (a line break that would forge a log line, an id long enough to bloat
/// every line) is replaced by a fresh one. A proxy in front may set ids; a client's own are
/// harmless once they pass this.
pub fn acceptable_id(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_ID_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// Drops an incoming id that [`acceptable_id`] refuses, so that `SetRequestIdLayer` makes a
/// new one (it keeps any id it finds).
fn drop_unacceptable_id(mut req: Request) -> Request {
    let refuse = req
        .headers()
        .get_all(&REQUEST_ID)
        .iter()
        .enumerate()
        .any(|(i, value)| i > 0 || !acceptable_id(value));
    if refuse {
        req.headers_mut().remove(&REQUEST_ID);
    }
    req
}

/// Wraps the whole router: the id is set first, so the request's span and every layer inside
/// it see it; the answer carries it back (also the timeout's 408 and the refusals).
pub fn layer(router: Router) -> Router {
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request| {
            let id = req
                .headers()
                .get(&REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            // The path only: a query string may carry a token (a password link, an SSO code).
            tracing::info_span!(
                "request",
                request_id = %id,
                method = %req.method(),
                path = %req.uri().path(),
            )
        })
        .on_request(())
        .on_response(|res: &http::Response<_>, latency: Duration, _span: &Span| {
            crate::metrics::record_request(res.status().as_u16(), latency);
            tracing::info!(
                status = res.status().as_u16(),
                latency_ms = latency.as_secs_f64() * 1000.0,
                "answered"
            );
        })
        // Errors are logged where they happen, with their reason; a 5xx is in the line above.
        .on_failure(());
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(axum::middleware::map_request(|req: Request| async move {
            drop_unacceptable_id(req)
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_tokens_are_kept() {
        let long = "a".repeat(MAX_ID_LEN);
        let too_long = "a".repeat(MAX_ID_LEN + 1);
        let cases: &[(&[u8], bool)] = &[
            (b"3f2a7c1e-0b7d-4c55-9a1e-6d0c2b9e8f10", true),
            (b"lb-01:12345.6_x", true),
            (long.as_bytes(), true),
            (too_long.as_bytes(), false),
            (b"", false),
            (b"abc def", false),
            (b"abc\tdef", false),
            (b"id\" level=error", false),
            (b"{\"a\":1}", false),
            ("ø".as_bytes(), false),
        ];
        for (bytes, keep) in cases {
            let value = HeaderValue::from_bytes(bytes).expect("a header value");
            assert_eq!(acceptable_id(&value), *keep, "{value:?}");
        }
    }
}
