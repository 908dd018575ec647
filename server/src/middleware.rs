//! HTTP middleware: sessions, cross-site request rejection and security headers.

use crate::config::PublicUrl;
use app::backend::sessions::{self, SessionUser};
use app::backend::state::AppState;
use app::backend::CspNonce;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http::{header, HeaderName, HeaderValue, Method, StatusCode};
use std::sync::Arc;

/// Resolves the session cookie into the signed-in user for this request (or none). A live
/// session's idle deadline moves on every authenticated request (SECURITY S4).
pub async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    // Static files carry no personal data; sparing them the lookup spares the database.
    if is_static_path(req.uri().path()) {
        return next.run(req).await;
    }
    let token = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| sessions::token_from_cookie_header(&state.settings, h));
    let mut touched = None;
    if let Some(token) = token {
        match sessions::resume(&state.db, &state.settings, &token, state.clock.unix()).await {
            Ok(Some(resumed)) => {
                req.extensions_mut().insert::<SessionUser>(resumed.user);
                touched = resumed.touched;
            }
            Ok(None) => {}
            Err(err) => {
                tracing::error!(error = %err, "session lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    }
    let response = next.run(req).await;
    // Usually committed already: the session writer's batch flushes while the request runs.
    if let Some(touched) = touched {
        if let Err(err) = touched.committed().await {
            // The answer is ready and correct; the session may only end a little sooner.
            tracing::error!(error = %err, "session idle deadline not moved");
        }
    }
    response
}

/// The largest request body but the import's: a note is at most 600 characters.
pub const BODY_LIMIT: usize = 256 * 1024;
/// The import's largest file as JSON: its bytes in base64 (a third larger), with room to spare.
pub const IMPORT_BODY_LIMIT: usize = 2 * app::org::import::MAX_BYTES + 64 * 1024;

/// Caps request bodies. Server functions read the whole body before anything asks who sent
/// it, so without a cap a stranger could fill the memory with one request.
pub async fn limit_body(req: Request, next: Next) -> Response {
    let limit = if req.uri().path() == "/api/import_csv" {
        IMPORT_BODY_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    // A body without a declared length is cut off at the limit as it streams in.
    let req = req.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}

/// How the cross-site check knows the site's own origin (SECURITY S5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginCheck {
    /// `--public-url`: `Origin` must be exactly this scheme, host and port. Behind a reverse
    /// proxy the `Host` header names the proxy's upstream (nginx and Apache rewrite it by
    /// default), so only the configured address can tell.
    PublicUrl(PublicUrl),
    /// No public address set: `Origin`'s host must be the `Host` header's, right when the
    /// browser reaches Tværs directly or through a proxy that passes `Host` on.
    HostHeader,
}

impl OriginCheck {
    /// One line at start saying which comparison is in force, so that an operator whose
    /// proxy rewrites `Host` finds the cause of refused POSTs in the log.
    pub fn log_choice(&self) {
        match self {
            OriginCheck::PublicUrl(url) => {
                tracing::info!(public_url = %url, "requests that change something must come from the public URL");
            }
            OriginCheck::HostHeader => tracing::info!(
                "no --public-url: a request's Origin is compared with its Host header; behind a \
                 proxy that rewrites Host, set --public-url (docs/OPERATIONS.md)"
            ),
        }
    }
}

/// Refuses state-changing requests from other sites (SECURITY S5). Leptos server functions do
/// no such check themselves. Browsers send `Sec-Fetch-Site`; older ones at least `Origin`.
pub async fn reject_cross_site(
    State(check): State<Arc<OriginCheck>>,
    req: Request,
    next: Next,
) -> Response {
    if is_safe_method(req.method()) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let text = |name| {
        // An unreadable value counts as present and matching nothing.
        headers
            .get(name)
            .map(|v: &HeaderValue| v.to_str().unwrap_or(""))
    };
    let seen = Seen {
        fetch_site: text(HeaderName::from_static("sec-fetch-site")),
        origin: text(header::ORIGIN),
        host: text(header::HOST),
    };
    if is_cross_site(&check, &seen) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), origin = ?seen.origin, "cross-site request refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

/// The headers of a state-changing request the decision reads.
#[derive(Clone, Copy, Debug)]
struct Seen<'a> {
    fetch_site: Option<&'a str>,
    origin: Option<&'a str>,
    host: Option<&'a str>,
}

/// Whether a state-changing request comes from another site. A request without `Origin`
/// (curl, an integration, a browser too old to send one on a same-origin POST) is let
/// through unless `Sec-Fetch-Site` says otherwise: a browser sends `Origin` on every
/// cross-origin POST, so its absence is no sign of another site.
fn is_cross_site(check: &OriginCheck, seen: &Seen<'_>) -> bool {
    if matches!(seen.fetch_site, Some("cross-site") | Some("same-site")) {
        return true;
    }
    let Some(origin) = seen.origin else {
        return false;
    };
    match check {
        OriginCheck::PublicUrl(url) => origin != url.origin(),
        OriginCheck::HostHeader => match seen.host {
            Some(host) => origin_host(origin) != Some(host),
            None => true,
        },
    }
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `https://host:port` → `host:port`; `null` and garbage → None.
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains('/')).then_some(rest)
}

/// Security headers on every response (SECURITY S6), with a fresh CSP nonce for the inline
/// hydration script of each page.
pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let nonce = {
        let mut bytes = [0u8; 16];
        rand_bytes(&mut bytes);
        URL_SAFE_NO_PAD.encode(bytes)
    };
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let path = req.uri().path().to_owned();
    let over_tls = req
        .headers()
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
        || req.uri().scheme_str() == Some("https");
    let mut res: Response<Body> = next.run(req).await;
    let status = res.status();
    let h = res.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    // Pages and server-function answers carry personal data: never store them in a cache.
    // Hashed static files may be cached; the service worker relies on that.
    if over_tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !is_static_path(&path) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if path.starts_with("/pkg/") && status.is_success() {
        // Every file under /pkg/ has its content's hash in its name (`hash-files`): a new build
        // is new names, so a browser may keep each for good. Not a 404: a missing name must
        // not be remembered.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    res
}

/// The cache rule of a hashed build file.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Hashed build output and icons: safe to cache, no session needed.
fn is_static_path(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/icons/")
}

fn rand_bytes(bytes: &mut [u8]) {
    use rand::RngCore;
    rand::rngs::OsRng.fill_bytes(bytes);
}

#[cfg(test)]
mod tests {
    use super::{is_cross_site, origin_host, OriginCheck, Seen};
    use crate::config::PublicUrl;

    #[test]
    fn origins_are_reduced_to_their_host() {
        assert_eq!(
            origin_host("https://tvaers.kommune.dk"),
            Some("tvaers.kommune.dk")
        );
        assert_eq!(origin_host("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(origin_host("null"), None);
        assert_eq!(origin_host("https://evil.example/x"), None);
    }

    const REFUSED: bool = true;
    const ACCEPTED: bool = false;

    #[test]
    fn a_state_change_is_refused_unless_it_comes_from_the_sites_own_origin() {
        let public = OriginCheck::PublicUrl(PublicUrl::parse("https://tvaers.kommune.dk").unwrap());
        let host = OriginCheck::HostHeader;
        // (check, Sec-Fetch-Site, Origin, Host, decision)
        type Case<'a> = (
            &'a OriginCheck,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            bool,
        );
        #[rustfmt::skip]
        let cases: [Case; 24] = [
            // Behind a proxy that rewrites Host: the public URL decides, Host is ignored.
            (&public, Some("same-origin"), Some("https://tvaers.kommune.dk"), Some("internal:8080"), ACCEPTED),
            (&public, None, Some("https://tvaers.kommune.dk"), Some("internal:8080"), ACCEPTED),
            (&public, None, Some("https://tvaers.kommune.dk"), None, ACCEPTED),
            (&public, None, None, Some("internal:8080"), ACCEPTED),
            (&public, Some("none"), None, None, ACCEPTED),
            (&public, None, Some("https://evil.example"), Some("internal:8080"), REFUSED),
            // Scheme, host and port exactly: no look-alikes, no other port, no plain HTTP.
            (&public, None, Some("http://tvaers.kommune.dk"), Some("internal:8080"), REFUSED),
            (&public, None, Some("https://tvaers.kommune.dk:8443"), Some("internal:8080"), REFUSED),
            (&public, None, Some("https://tvaers.kommune.dk.evil.example"), None, REFUSED),
            (&public, None, Some("https://evil.tvaers.kommune.dk"), None, REFUSED),
            (&public, None, Some("https://tvaers.kommune.dk/"), None, REFUSED),
            (&public, None, Some("null"), None, REFUSED),
            (&public, None, Some(""), None, REFUSED),
            // The Host comparison no longer lets anything through once the public URL is set.
            (&public, None, Some("http://internal:8080"), Some("internal:8080"), REFUSED),
            // Fetch metadata saying another site is refused whatever Origin says.
            (&public, Some("cross-site"), Some("https://tvaers.kommune.dk"), None, REFUSED),
            (&public, Some("same-site"), Some("https://tvaers.kommune.dk"), None, REFUSED),
            (&public, Some("cross-site"), None, None, REFUSED),
            // Without a public URL: Origin's host against Host, as before.
            (&host, Some("same-origin"), Some("http://127.0.0.1:3000"), Some("127.0.0.1:3000"), ACCEPTED),
            (&host, None, Some("https://tvaers.kommune.dk"), Some("tvaers.kommune.dk"), ACCEPTED),
            (&host, None, None, Some("127.0.0.1:3000"), ACCEPTED),
            (&host, None, Some("https://tvaers.kommune.dk"), Some("internal:8080"), REFUSED),
            (&host, None, Some("https://evil.example"), Some("127.0.0.1:3000"), REFUSED),
            (&host, None, Some("https://tvaers.kommune.dk"), None, REFUSED),
            (&host, Some("cross-site"), Some("http://127.0.0.1:3000"), Some("127.0.0.1:3000"), REFUSED),
        ];
        for (check, fetch_site, origin, host, refused) in cases {
            let seen = Seen {
                fetch_site,
                origin,
                host,
            };
            assert_eq!(is_cross_site(check, &seen), refused, "{check:?} {seen:?}");
        }
    }
}
