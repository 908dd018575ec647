//! The HTTP pieces of the single sign-on routes: the flow's cookie, the answers (a redirect
//! to the login page, a 503 that names nothing), and the provider's answer read from the query.

use app::backend::state::Settings;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, HeaderValue, StatusCode};

/// The browser's cookie of a sign-in under way. `SameSite=Lax`, unlike the session's
/// `Strict`: the provider's redirect back is a navigation from another site, and only a Lax
/// cookie comes along on it. It holds no right by itself (see `flows`), for 10 minutes.
pub const FLOW_COOKIE_SECURE: &str = "__Host-tvaers_sso";
pub const FLOW_COOKIE_PLAIN: &str = "tvaers_sso";

pub fn flow_cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies {
        FLOW_COOKIE_SECURE
    } else {
        FLOW_COOKIE_PLAIN
    }
}

pub fn flow_cookie(settings: &Settings, value: &str, max_age: i64) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        flow_cookie_name(settings)
    )
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name && !v.is_empty()).then(|| v.to_owned())
        })
}

pub fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    no_store(&mut response);
    response
}

pub fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

pub fn set_cookie(response: &mut Response, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The database failed: nothing the person did; a plain 503, no detail (SECURITY S7).
pub fn unavailable() -> Response {
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, "Tværs is unavailable").into_response();
    no_store(&mut response);
    response
}

/// The provider's answer: `code` and `state`, or `error`. Anything else is ignored, and a
/// query that cannot be read is an answer without them: refused with a message, never a
/// framework error. A field given twice is refused as missing (no guessing which is meant).
#[derive(Debug, Default)]
pub struct Answer {
    pub state: Option<String>,
    pub code: Option<String>,
    pub error: Option<String>,
    /// The issuer, when the provider names it (RFC 9207): an answer from another provider
    /// than the one asked (a mix-up) is refused.
    pub iss: Option<String>,
}

impl Answer {
    pub fn parse(query: Option<&str>) -> Answer {
        let mut answer = Answer::default();
        let mut twice = Vec::new();
        for (key, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let field = match key.as_ref() {
                "state" => &mut answer.state,
                "code" => &mut answer.code,
                "error" => &mut answer.error,
                "iss" => &mut answer.iss,
                _ => continue,
            };
            if field.replace(value.into_owned()).is_some() {
                twice.push(key.into_owned());
            }
        }
        for key in twice {
            match key.as_str() {
                "state" => answer.state = None,
                "code" => answer.code = None,
                "iss" => answer.iss = Some(String::new()),
                _ => answer.error = Some(String::new()),
            }
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flow_cookie_is_lax_http_only_and_short_lived() {
        let cookie = flow_cookie(&Settings::default(), "abc", 600);
        assert!(cookie.starts_with("__Host-tvaers_sso=abc;"), "{cookie}");
        for flag in [
            "Path=/",
            "HttpOnly",
            "SameSite=Lax",
            "Max-Age=600",
            "Secure",
        ] {
            assert!(cookie.contains(flag), "{cookie} lacks {flag}");
        }
    }

    #[test]
    fn an_answer_given_twice_is_no_answer() {
        let answer = Answer::parse(Some("state=a&state=b&code=c&iss=x&iss=x"));
        assert_eq!(answer.state, None);
        assert_eq!(answer.code.as_deref(), Some("c"));
        assert_eq!(answer.iss.as_deref(), Some(""));
        let answer = Answer::parse(Some("%ZZ=%FF&error=access_denied"));
        assert_eq!(answer.error.as_deref(), Some("access_denied"));
        assert_eq!(Answer::parse(None).state, None);
    }
}
