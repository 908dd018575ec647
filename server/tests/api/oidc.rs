//! Single sign-on with OpenID Connect (issue 15 item 2; SECURITY S1, S2, L4) against a real
//! OpenID provider (`end2end/oidc-provider.mjs`, npm `oidc-provider`): the whole code flow
//! with PKCE for an imported staff member and a guardian, and every way it must refuse — a
//! wrong or reused `state`, a callback in another browser, a wrong `nonce`, an unknown person,
//! a person of the other provider's kind, a provider that is down, a cancel at the provider,
//! clocks out of step — each with its audit row, a message on the login page, and nothing made.

use crate::common::oidc::{self, location, set_cookie, Browser};
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use reqwest::StatusCode;

on_both_backends!(
    the_code_flow_signs_in_an_imported_staff_member_and_a_guardian,
    a_wrong_or_reused_state_or_another_browser_is_refused,
    a_token_with_another_nonce_is_refused,
    an_answer_naming_another_issuer_is_refused,
    an_unknown_person_is_refused_and_nothing_is_created,
    each_provider_signs_in_only_its_own_kind_of_person,
    a_leader_needs_more_than_a_password_at_the_provider,
    a_provider_that_is_down_sends_the_person_to_the_login_page_with_a_message,
    a_cancel_at_the_provider_is_refused_with_a_message,
    clocks_out_of_step_beyond_the_allowance_are_refused,
    only_configured_providers_are_offered_and_routed,
);

/// The login rows of single sign-on, as (user, criterion, outcome).
async fn sso_rows(app: &TestApp) -> Vec<(Option<String>, String, String)> {
    app.audit("login")
        .await
        .into_iter()
        .filter_map(|(user, _, criterion, outcome)| {
            let criterion = criterion.filter(|c| c.starts_with("sso:"))?;
            Some((user, criterion, outcome))
        })
        .collect()
}

/// A whole sign-in as `person` at `kind`'s provider; answers Tværs's answer to the callback.
async fn sign_in(app: &TestApp, kind: &str, person: &str) -> reqwest::Response {
    let mut browser = Browser::new();
    let start = browser.start(app, kind).await;
    assert_eq!(
        start.status(),
        StatusCode::SEE_OTHER,
        "{kind}: the start redirects"
    );
    let back = browser.sign_in_at_provider(&location(&start), person).await;
    browser.callback(&back).await
}

/// Asserts a refusal: a redirect to the login page with `problem`, and no session cookie.
fn assert_refused(res: &reqwest::Response, problem: &str) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "refused by a redirect");
    assert_eq!(location(res), format!("/login?sso={problem}"));
    assert_eq!(
        set_cookie(res, "__Host-tvaers_session"),
        None,
        "a refusal sets no session"
    );
}

/// Signs the test app's client in with the session a callback set; answers its username.
async fn who_is_signed_in(app: &TestApp, res: reqwest::Response) -> Option<String> {
    assert_eq!(res.status(), StatusCode::OK, "the callback signs in");
    let token = set_cookie(&res, "__Host-tvaers_session").expect("a session cookie");
    let page = res.text().await.expect("a page");
    assert!(
        page.contains("http-equiv=\"refresh\" content=\"0;url=/\""),
        "the page moves on to / by itself: {page}"
    );
    app.set_session_token(Some(token));
    app.whoami().await.expect("whoami").map(|me| me.username)
}

async fn the_code_flow_signs_in_an_imported_staff_member_and_a_guardian(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    let mut browser = Browser::new();
    let start = browser.start(&app, "staff").await;
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let to_provider = location(&start);
    assert!(to_provider.starts_with(&oidc::issuer()), "{to_provider}");
    for part in [
        "prompt=login",
        "code_challenge_method=S256",
        "code_challenge=",
        "nonce=",
        "state=",
        "scope=openid+profile",
        "client_id=tvaers-staff",
    ] {
        assert!(to_provider.contains(part), "{part} in {to_provider}");
    }
    let back = browser
        .sign_in_at_provider(&to_provider, "entra-leder")
        .await;
    assert!(
        back.starts_with(&app.url("/auth/oidc/staff/callback?")),
        "{back}"
    );
    let res = browser.callback(&back).await;
    assert_eq!(who_is_signed_in(&app, res).await.as_deref(), Some("leder"));
    let leder = app.user_id("leder").await.to_string();
    // The session is a real one: the leader reads their home page.
    app.home().await.expect("the leader's home page");

    let res = sign_in(&app, "parent", "forælder").await;
    assert_eq!(
        who_is_signed_in(&app, res).await.as_deref(),
        Some("forælder")
    );
    let parent = app.user_id("forælder").await.to_string();

    assert_eq!(
        sso_rows(&app).await,
        vec![
            (
                Some(leder),
                "sso:staff acr:urn:tvaers:test:loa:substantial amr:pwd,mfa".to_owned(),
                "succeeded".to_owned()
            ),
            (
                Some(parent),
                "sso:parent acr:https://data.gov.dk/concept/core/nsis/loa/Substantial amr:mitid"
                    .to_owned(),
                "succeeded".to_owned()
            ),
        ]
    );
    // Sign-out ends the session on the server, as for a password login.
    let token = app.session_token().expect("signed in");
    app.logout().await.expect("logout");
    app.set_session_token(Some(token));
    assert_eq!(app.whoami().await.expect("whoami"), None);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sso_flows").await,
        0,
        "each flow used once"
    );
}

async fn a_wrong_or_reused_state_or_another_browser_is_refused(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    let mut browser = Browser::new();
    let start = browser.start(&app, "staff").await;
    let back = browser
        .sign_in_at_provider(&location(&start), "entra-paedagog")
        .await;
    let (base, query) = back.split_once('?').expect("a query");
    let state = query
        .split('&')
        .find_map(|p| p.strip_prefix("state="))
        .expect("a state");

    // Someone else's (or a made-up) state: refused, and the real one still waits.
    let wrong = back.replace(state, "bm90LXRoZS1zdGF0ZS13ZS1zZW50");
    assert_refused(&browser.callback(&wrong).await, "expired");
    // Nonsense from the browser: no state, an empty one, undecodable bytes, a state twice.
    for query in [
        "",
        "?code=abc",
        "?state=&code=",
        "?state=%ZZ&code=%FF",
        &format!("?state={state}&state={state}&code=x"),
    ] {
        let res = browser.callback(&format!("{base}{query}")).await;
        assert_refused(&res, "expired");
    }
    let res = browser.callback(&back).await;
    assert_eq!(
        who_is_signed_in(&app, res).await.as_deref(),
        Some("paedagog")
    );
    // Used once: the same answer again (a replay, a second tab) finds nothing.
    assert_refused(&browser.callback(&back).await, "expired");

    // The right state in another browser (without this one's cookie) signs no one in: a
    // login CSRF cannot sign a victim in as the attacker. And the state is spent by it.
    let mut victim = Browser::new();
    let start = victim.start(&app, "staff").await;
    let back = victim
        .sign_in_at_provider(&location(&start), "entra-paedagog")
        .await;
    let attacker = Browser::new();
    assert_refused(&attacker.callback(&back).await, "expired");
    assert_refused(&victim.callback(&back).await, "expired");

    let codes: Vec<String> = sso_rows(&app).await.into_iter().map(|r| r.1).collect();
    assert_eq!(
        codes,
        [
            "sso:staff:state",
            "sso:staff:state",
            "sso:staff:state",
            "sso:staff:state",
            "sso:staff:state",
            "sso:staff:state",
            "sso:staff acr:urn:tvaers:test:loa:low amr:pwd",
            "sso:staff:state",
            "sso:staff:browser",
            "sso:staff:state",
        ]
    );
}

async fn a_token_with_another_nonce_is_refused(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    let mut browser = Browser::new();
    let start = browser.start(&app, "parent").await;
    let to_provider = location(&start);
    // The provider is asked with a nonce of someone else's sign-in: its ID token carries that
    // nonce, not the one this sign-in stored. Everything else — state, cookie, PKCE — is right,
    // so only the nonce check stands between this token and a session.
    let nonce = to_provider
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("nonce="))
        .expect("a nonce");
    let tampered = to_provider.replace(
        &format!("nonce={nonce}"),
        "nonce=c29tZW9uZS1lbHNlcy1zaWduLWlu",
    );
    let back = browser.sign_in_at_provider(&tampered, "forælder").await;
    assert_refused(&browser.callback(&back).await, "failed");
    let users_sessions = app.count("SELECT COUNT(*) FROM sessions").await;
    assert_eq!(users_sessions, 0, "no session made");
    let rows = sso_rows(&app).await;
    assert_eq!(
        rows,
        vec![(None, "sso:parent:nonce".to_owned(), "failed".to_owned())]
    );
}

async fn an_answer_naming_another_issuer_is_refused(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    let mut browser = Browser::new();
    let start = browser.start(&app, "staff").await;
    let back = browser
        .sign_in_at_provider(&location(&start), "entra-leder")
        .await;
    let iss = url_param(&back, "iss");
    assert!(
        !iss.is_empty(),
        "the provider names itself (RFC 9207): {back}"
    );
    // A mix-up: the answer names another provider than the one this sign-in went to.
    let mixed = back.replace(&format!("iss={iss}"), "iss=https%3A%2F%2Fevil.example");
    assert_refused(&browser.callback(&mixed).await, "failed");
    assert_eq!(
        sso_rows(&app).await,
        vec![(None, "sso:staff:iss".to_owned(), "failed".to_owned())]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}

/// A query parameter of a URL, as it stands (still encoded).
fn url_param(url: &str, name: &str) -> String {
    url.split(['?', '&'])
        .find_map(|p| p.strip_prefix(&format!("{name}=")))
        .unwrap_or_default()
        .to_owned()
}

async fn an_unknown_person_is_refused_and_nothing_is_created(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    let users = app.count("SELECT COUNT(*) FROM users").await;
    assert_refused(&sign_in(&app, "staff", "entra-ukendt").await, "unknown");
    assert_refused(&sign_in(&app, "parent", "mitid-ukendt").await, "unknown");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, users);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username IN ('ukendt.person', 'mitid-ukendt')")
            .await,
        0
    );
    assert_eq!(
        sso_rows(&app).await,
        vec![
            (None, "sso:staff:unknown".to_owned(), "failed".to_owned()),
            (None, "sso:parent:unknown".to_owned(), "failed".to_owned()),
        ]
    );
    // The login page says why, in Danish by default.
    let page = app.get("/login?sso=unknown").await;
    assert_eq!(page.status(), StatusCode::OK);
    let text = page.text().await.expect("the login page");
    assert!(text.contains("Du er ikke oprettet i Tværs"), "{text}");
}

async fn each_provider_signs_in_only_its_own_kind_of_person(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    // `forælder` is a guardian and no staff: the municipality's login does not sign her in.
    assert_refused(
        &sign_in(&app, "staff", "entra-foraelder").await,
        "wrong_provider",
    );
    // `paedagog` is staff and no guardian: MitID does not sign him in.
    assert_refused(&sign_in(&app, "parent", "paedagog").await, "wrong_provider");
    let parent = app.user_id("forælder").await.to_string();
    let staff = app.user_id("paedagog").await.to_string();
    assert_eq!(
        sso_rows(&app).await,
        vec![
            (
                Some(parent),
                "sso:staff:not_staff".to_owned(),
                "failed".to_owned()
            ),
            (
                Some(staff.clone()),
                "sso:parent:not_guardian".to_owned(),
                "failed".to_owned()
            ),
        ]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    // Staff whose memberships ended yesterday are no staff today (SECURITY A6).
    let yesterday = (crate::common::START.date() - time::Duration::days(1)).to_string();
    sqlx::query("UPDATE memberships SET ends_on = $1 WHERE user_id = $2")
        .bind(&yesterday)
        .bind(&staff)
        .execute(app.db.pool())
        .await
        .expect("end the memberships");
    assert_refused(
        &sign_in(&app, "staff", "entra-paedagog").await,
        "wrong_provider",
    );
    // A disabled staff member is refused as such.
    sqlx::query("UPDATE users SET disabled = 1 WHERE username = 'leder'")
        .execute(app.db.pool())
        .await
        .expect("disable");
    assert_refused(&sign_in(&app, "staff", "entra-leder").await, "disabled");
}

async fn a_leader_needs_more_than_a_password_at_the_provider(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    // A unit leader must use a second factor (SECURITY S2): a provider that checked only a
    // password (amr `pwd`) does not sign her in, as a password without a code would not.
    assert_refused(
        &sign_in(&app, "staff", "entra-leder-pwd").await,
        "second_factor",
    );
    let leder = app.user_id("leder").await.to_string();
    assert_eq!(
        sso_rows(&app).await,
        vec![(
            Some(leder.clone()),
            "sso:staff:second_factor".to_owned(),
            "failed".to_owned()
        )]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    let page = app.get("/login?sso=second_factor").await;
    let text = page.text().await.expect("the login page");
    assert!(text.contains("Din rolle kræver to-faktor-login"), "{text}");
    // The provider's own multi-factor sign-in (amr `pwd`, `mfa`) counts instead of the code;
    // a pedagogue (no factor required) needs only what the provider asked.
    let res = sign_in(&app, "staff", "entra-leder").await;
    assert_eq!(who_is_signed_in(&app, res).await.as_deref(), Some("leder"));
    let res = sign_in(&app, "staff", "entra-paedagog").await;
    assert_eq!(
        who_is_signed_in(&app, res).await.as_deref(),
        Some("paedagog")
    );
}

async fn a_provider_that_is_down_sends_the_person_to_the_login_page_with_a_message(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::staff_down()).await;
    let mut browser = Browser::new();
    let res = browser.start(&app, "staff").await;
    assert_refused(&res, "unavailable");
    assert_eq!(
        sso_rows(&app).await,
        vec![(
            None,
            "sso:staff:unreachable".to_owned(),
            "failed".to_owned()
        )]
    );
    let page = app.get("/login?sso=unavailable").await;
    assert_eq!(page.status(), StatusCode::OK);
    let text = page.text().await.expect("the login page");
    assert!(
        text.contains("Login-tjenesten svarer ikke lige nu"),
        "{text}"
    );
    // The other provider is up, and works.
    let res = sign_in(&app, "parent", "forælder").await;
    assert_eq!(
        who_is_signed_in(&app, res).await.as_deref(),
        Some("forælder")
    );
}

async fn a_cancel_at_the_provider_is_refused_with_a_message(kind: DbKind) {
    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    let mut browser = Browser::new();
    let start = browser.start(&app, "parent").await;
    let back = browser.cancel_at_provider(&location(&start)).await;
    assert!(back.contains("error=access_denied"), "{back}");
    assert_refused(&browser.callback(&back).await, "refused");
    assert_eq!(
        sso_rows(&app).await,
        vec![(
            None,
            "sso:parent:provider_error".to_owned(),
            "failed".to_owned()
        )]
    );
}

async fn clocks_out_of_step_beyond_the_allowance_are_refused(kind: DbKind) {
    // 30 seconds behind the provider: within the allowance.
    let app = TestApp::spawn_with_sso(
        kind,
        oidc::both_with_clock_offset(time::Duration::seconds(-30)),
    )
    .await;
    let res = sign_in(&app, "staff", "entra-paedagog").await;
    assert_eq!(
        who_is_signed_in(&app, res).await.as_deref(),
        Some("paedagog")
    );
    // Two hours ahead: the token (an hour's lifetime) has expired by this server's clock.
    let app =
        TestApp::spawn_with_sso(kind, oidc::both_with_clock_offset(time::Duration::hours(2))).await;
    assert_refused(&sign_in(&app, "staff", "entra-paedagog").await, "clock");
    // Five minutes behind: the token was issued in this server's future.
    let app = TestApp::spawn_with_sso(
        kind,
        oidc::both_with_clock_offset(time::Duration::minutes(-5)),
    )
    .await;
    assert_refused(&sign_in(&app, "parent", "forælder").await, "clock");
    assert_eq!(
        sso_rows(&app).await,
        vec![(None, "sso:parent:clock".to_owned(), "failed".to_owned())]
    );
}

async fn only_configured_providers_are_offered_and_routed(kind: DbKind) {
    let plain = TestApp::spawn(kind).await;
    let (status, offer) = plain.call_empty("sso_offer").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(offer, serde_json::json!({"staff": false, "parent": false}));
    assert_eq!(
        plain.get("/auth/oidc/staff").await.status(),
        StatusCode::NOT_FOUND
    );
    let login = plain.get("/login").await.text().await.expect("page");
    assert!(
        !login.contains("/auth/oidc/"),
        "no button without a provider"
    );

    let app = TestApp::spawn_with_sso(kind, oidc::both()).await;
    let (_, offer) = app.call_empty("sso_offer").await;
    assert_eq!(offer, serde_json::json!({"staff": true, "parent": true}));
    assert_eq!(
        app.get("/auth/oidc/nobody").await.status(),
        StatusCode::NOT_FOUND
    );
    let login = app.get("/login").await.text().await.expect("page");
    assert!(login.contains("href=\"/auth/oidc/parent\""), "{login}");
    assert!(login.contains("Log ind med MitID"), "{login}");
    assert!(login.contains("Log ind med kommunens login"), "{login}");
}
