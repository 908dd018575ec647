//! The two routes of a single sign-on: `GET /auth/oidc/{kind}` starts it (the login page's
//! button), `GET /auth/oidc/{kind}/callback` is where the provider sends the browser back.
//!
//! Every outcome is an audit row `login` (SECURITY L4) with a code in its criterion, never a
//! name or token: `sso:<kind> acr:<acr> amr:<methods>` on success, `sso:<kind>:<why>` on
//! failure. A failure lands on `/login?sso=<problem>`, which says why in the reader's language;
//! nothing the browser or the provider sends can cause a 500 or leave anything half made (the
//! only writes are the flow row, taken in one statement, and at the very end the session).

use super::flows::{self, Pending};
use super::person::{self, Refusal};
use super::token::{self, TokenFailure};
use super::web::{
    cookie, flow_cookie, flow_cookie_name, no_store, see_other, set_cookie, unavailable, Answer,
};
use super::{Kind, Sso};
use app::auth::SsoProblem;
use app::backend::audit::{self, Entry, Outcome};
use app::backend::sessions;
use app::backend::state::AppState;
use app::domain::UserId;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::{header, HeaderMap, StatusCode};
use std::sync::Arc;

/// The routes, for `build_router_with`.
pub fn routes(sso: Arc<Sso>) -> Router<AppState> {
    let at_start = sso.clone();
    Router::new()
        .route(
            "/auth/oidc/{kind}",
            get(
                move |state: State<AppState>, kind: Path<String>, headers: HeaderMap| {
                    start(state, at_start.clone(), kind, headers)
                },
            ),
        )
        .route(
            "/auth/oidc/{kind}/callback",
            get(
                move |state: State<AppState>,
                      kind: Path<String>,
                      headers: HeaderMap,
                      RawQuery(query): RawQuery| {
                    callback(
                        state,
                        sso.clone(),
                        kind,
                        headers,
                        Answer::parse(query.as_deref()),
                    )
                },
            ),
        )
}

/// Ends the session this browser brought, if any: a sign-in is a new person on the device
/// (SECURITY S1, S3). The session cookie is `SameSite=Strict`, so another site's link or
/// image cannot end anyone's session this way.
async fn end_old_session(state: &AppState, headers: &HeaderMap) -> Result<(), sqlx::Error> {
    let old = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| sessions::token_from_cookie_header(&state.settings, h));
    match old {
        Some(token) => sessions::end(&state.db, &token).await,
        None => Ok(()),
    }
}

/// The audit row of a single sign-on: ids and codes only (SECURITY L2, L4).
fn entry(at: i64, user: Option<UserId>, outcome: Outcome, criterion: String) -> Entry<'static> {
    Entry {
        at,
        user,
        unit: None,
        action: "login",
        child: None,
        criterion: Some(criterion),
        purpose: "sign in",
        outcome,
    }
}

/// A refusal: the audit row, then the login page with the problem's message. The flow cookie
/// goes with it, used or not.
async fn refuse(
    state: &AppState,
    kind: Kind,
    user: Option<UserId>,
    why: &str,
    problem: SsoProblem,
) -> Response {
    let now = state.clock.unix();
    let criterion = format!("sso:{}:{why}", kind.code());
    if let Err(err) = audit::append(&state.db, entry(now, user, Outcome::Failed, criterion)).await {
        tracing::error!(error = %err, "the audit row of a refused single sign-on was not written");
        return unavailable();
    }
    let mut response = see_other(&format!("/login?sso={}", problem.code()));
    set_cookie(&mut response, &flow_cookie(&state.settings, "", 0));
    response
}

/// `GET /auth/oidc/{kind}`: stores a new sign-in and sends the browser to the provider.
async fn start(
    State(state): State<AppState>,
    sso: Arc<Sso>,
    Path(kind): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((kind, provider)) = Kind::parse(&kind).and_then(|k| Some((k, sso.provider(k)?)))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(err) = end_old_session(&state, &headers).await {
        tracing::error!(error = %err, "ending the previous session failed");
        return unavailable();
    }
    let started = match flows::start(&state.db, kind, state.clock.unix()).await {
        Ok(started) => started,
        Err(err) => {
            tracing::error!(error = %err, "storing a single sign-on failed");
            return unavailable();
        }
    };
    let verifier = flows::pkce_verifier(&started.browser);
    let url = token::authorization_url(
        &sso,
        kind,
        provider,
        &started.state,
        &started.nonce,
        &verifier,
    )
    .await;
    let url = match url {
        Ok(url) => url,
        Err(failure) => {
            return refuse(&state, kind, None, failure.code(), problem_of(failure)).await;
        }
    };
    let mut response = see_other(&url);
    if response.headers().get(header::LOCATION).is_none() {
        return refuse(&state, kind, None, "nonsense", SsoProblem::Unavailable).await;
    }
    set_cookie(
        &mut response,
        &flow_cookie(&state.settings, &started.browser, flows::LIFETIME_SECONDS),
    );
    // The old session ended above; its cookie goes too.
    set_cookie(&mut response, &sessions::clearing_cookie(&state.settings));
    response
}

/// Which message a provider step's failure shows.
fn problem_of(failure: TokenFailure) -> SsoProblem {
    match failure {
        TokenFailure::Unreachable | TokenFailure::Nonsense => SsoProblem::Unavailable,
        TokenFailure::Clock => SsoProblem::Clock,
        TokenFailure::CodeRefused
        | TokenFailure::NoIdToken
        | TokenFailure::Invalid
        | TokenFailure::Nonce => SsoProblem::Failed,
    }
}

/// `GET /auth/oidc/{kind}/callback`.
async fn callback(
    State(state): State<AppState>,
    sso: Arc<Sso>,
    Path(kind): Path<String>,
    headers: HeaderMap,
    answer: Answer,
) -> Response {
    let Some((kind, provider)) = Kind::parse(&kind).and_then(|k| Some((k, sso.provider(k)?)))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let browser = cookie(&headers, flow_cookie_name(&state.settings));
    // The sign-in is taken (deleted) before anything else is looked at: whatever follows,
    // this state never works again.
    let pending = match answer.state.as_deref() {
        Some(s) if !s.is_empty() && s.len() <= 256 => flows::take(&state.db, s).await,
        _ => Ok(None),
    };
    let pending = match pending {
        Ok(pending) => pending,
        Err(err) => {
            tracing::error!(error = %err, "reading a single sign-on failed");
            return unavailable();
        }
    };
    let now = state.clock.unix();
    let pending = match check_pending(pending, kind, browser.as_deref(), now) {
        Ok(pending) => pending,
        Err(why) => return refuse(&state, kind, None, why, SsoProblem::Expired).await,
    };
    if answer
        .iss
        .as_deref()
        .is_some_and(|iss| iss != provider.issuer.as_str())
    {
        return refuse(&state, kind, None, "iss", SsoProblem::Failed).await;
    }
    if answer.error.is_some() {
        // The provider's own error text is not logged or shown: it may hold anything.
        return refuse(&state, kind, None, "provider_error", SsoProblem::Refused).await;
    }
    let Some(code) = answer.code.filter(|c| !c.is_empty() && c.len() <= 2048) else {
        return refuse(&state, kind, None, "no_code", SsoProblem::Failed).await;
    };
    // Checked above: the cookie is there and its digest is the stored one.
    let verifier = flows::pkce_verifier(browser.as_deref().unwrap_or_default());
    let verified = match token::redeem(&sso, kind, provider, &code, &verifier, &pending.nonce).await
    {
        Ok(verified) => verified,
        Err(failure) => {
            return refuse(&state, kind, None, failure.code(), problem_of(failure)).await
        }
    };
    let found = person::find(
        &state.db,
        kind,
        verified.claim.as_deref(),
        state.clock.today(),
    )
    .await;
    let user = match found {
        Ok(Ok(user)) => user,
        Ok(Err((refusal, user))) => {
            let problem = match refusal {
                Refusal::NoClaim | Refusal::Unknown => SsoProblem::Unknown,
                Refusal::NotStaff | Refusal::NotGuardian => SsoProblem::WrongProvider,
                Refusal::Disabled => SsoProblem::Disabled,
            };
            return refuse(&state, kind, user, refusal.code(), problem).await;
        }
        Err(err) => {
            tracing::error!(error = %err, "finding the person of a single sign-on failed");
            return unavailable();
        }
    };
    match super::factor::satisfied(&state.db, user, &verified.amr, state.clock.today()).await {
        Ok(true) => {}
        Ok(false) => {
            return refuse(
                &state,
                kind,
                Some(user),
                "second_factor",
                SsoProblem::SecondFactor,
            )
            .await
        }
        Err(err) => {
            tracing::error!(error = %err, "reading the second factor of a single sign-on failed");
            return unavailable();
        }
    }
    sign_in(&state, kind, user, &verified, &headers).await
}

/// The stored sign-in, if the callback may use it: it exists, is this provider's, has not run
/// out, and this browser holds its cookie. Otherwise the audit code of why not.
fn check_pending(
    pending: Option<Pending>,
    kind: Kind,
    browser: Option<&str>,
    now: i64,
) -> Result<Pending, &'static str> {
    let pending = pending.ok_or("state")?;
    if pending.provider != kind.code() {
        return Err("state_provider");
    }
    if now > pending.expires_at {
        return Err("expired");
    }
    match browser {
        Some(browser) if flows::digest(browser) == pending.browser_hash => Ok(pending),
        _ => Err("browser"),
    }
}

/// The same session as a password login (`auth::login`): the browser's old session ends, a new
/// token is made, the audit row records the assurance level. The answer is a page that moves
/// on to `/` by itself rather than a redirect: the session cookie is `SameSite=Strict`, and a
/// browser leaves it off every request of a chain of redirects that began at another site —
/// the first page would look signed out. The page's own navigation is same-site.
async fn sign_in(
    state: &AppState,
    kind: Kind,
    user: UserId,
    verified: &token::Verified,
    headers: &HeaderMap,
) -> Response {
    let now = state.clock.unix();
    let made = async {
        end_old_session(state, headers).await?;
        sessions::create(&state.db, user, now).await
    }
    .await;
    let token = match made {
        Ok(token) => token,
        Err(err) => {
            tracing::error!(error = %err, "creating the session of a single sign-on failed");
            return unavailable();
        }
    };
    // No session without its audit row (SECURITY L4): if the row cannot be written, the
    // session ends again before anyone holds its cookie.
    let criterion = assurance(kind, verified);
    if let Err(err) = audit::append(
        &state.db,
        entry(now, Some(user), Outcome::Succeeded, criterion),
    )
    .await
    {
        tracing::error!(error = %err, "the audit row of a single sign-on was not written");
        if let Err(err) = sessions::end(&state.db, &token).await {
            tracing::error!(error = %err, "ending the unaudited session failed");
        }
        return unavailable();
    }
    let page = "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\">\
                <meta http-equiv=\"refresh\" content=\"0;url=/\"><title>Tværs</title></head>\
                <body><p><a href=\"/\">Tværs</a></p></body></html>";
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response();
    no_store(&mut response);
    set_cookie(&mut response, &flow_cookie(&state.settings, "", 0));
    set_cookie(
        &mut response,
        &sessions::session_cookie(&state.settings, &token),
    );
    response
}

/// `sso:<kind> acr:<acr> amr:<m1,m2>`: the provider's codes, kept to what a code can hold (a
/// provider's odd value is cut, never allowed to fill the log).
fn assurance(kind: Kind, verified: &token::Verified) -> String {
    fn code(text: &str) -> String {
        text.chars()
            .filter(|c| c.is_ascii_graphic() && *c != ',')
            .take(100)
            .collect()
    }
    let acr = verified
        .acr
        .as_deref()
        .map(code)
        .unwrap_or_else(|| "-".into());
    let amr: Vec<String> = verified.amr.iter().take(8).map(|m| code(m)).collect();
    let amr = if amr.is_empty() {
        "-".to_owned()
    } else {
        amr.join(",")
    };
    format!("sso:{} acr:{acr} amr:{amr}", kind.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assurance_holds_codes_only() {
        let verified = token::Verified {
            claim: Some("anne".into()),
            acr: Some("https://data.gov.dk/concept/core/nsis/loa/Substantial".into()),
            amr: vec!["pwd".into(), "o t,p".into()],
        };
        assert_eq!(
            assurance(Kind::Parent, &verified),
            "sso:parent acr:https://data.gov.dk/concept/core/nsis/loa/Substantial amr:pwd,otp"
        );
        let bare = token::Verified {
            claim: None,
            acr: None,
            amr: vec![],
        };
        assert_eq!(assurance(Kind::Staff, &bare), "sso:staff acr:- amr:-");
    }

    #[test]
    fn a_callback_needs_its_own_unexpired_flow_and_browser() {
        let pending = |provider: &str| Pending {
            provider: provider.into(),
            browser_hash: flows::digest("b"),
            nonce: "n".into(),
            expires_at: 100,
        };
        assert!(check_pending(Some(pending("staff")), Kind::Staff, Some("b"), 100).is_ok());
        let cases = [
            (None, Kind::Staff, Some("b"), 100, "state"),
            (
                Some(pending("parent")),
                Kind::Staff,
                Some("b"),
                100,
                "state_provider",
            ),
            (
                Some(pending("staff")),
                Kind::Staff,
                Some("b"),
                101,
                "expired",
            ),
            (
                Some(pending("staff")),
                Kind::Staff,
                Some("c"),
                100,
                "browser",
            ),
            (Some(pending("staff")), Kind::Staff, None, 100, "browser"),
        ];
        for (pending, kind, browser, now, why) in cases {
            assert_eq!(check_pending(pending, kind, browser, now).err(), Some(why));
        }
    }
}
