//! Cross-site request refusal, security headers and generic errors (SECURITY S5, S6, S7).

use crate::common::{TestApp, DEMO_PASSWORD};
use crate::on_both_backends;
use app::backend::db::DbKind;
use reqwest::StatusCode;

on_both_backends!(
    a_cross_site_post_is_refused_before_it_reaches_a_server_function,
    a_same_origin_post_is_accepted,
    pages_carry_a_nonce_based_csp_and_the_other_security_headers,
    responses_with_personal_data_are_not_cached,
    an_unknown_server_function_input_gets_a_generic_error,
    a_body_over_the_limit_is_refused_before_anyone_is_asked_who_sent_it,
);

async fn a_cross_site_post_is_refused_before_it_reaches_a_server_function(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let by_fetch_metadata = app
        .raw()
        .post(app.url("/api/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("username", "leder"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(by_fetch_metadata.status(), StatusCode::FORBIDDEN);
    let by_origin = app
        .raw()
        .post(app.url("/api/login"))
        .header("origin", "https://evil.example")
        .form(&[("username", "leder"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(by_origin.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        0,
        "no session was created"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM login_attempts").await,
        0,
        "the login never ran"
    );
}

async fn a_same_origin_post_is_accepted(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let res = app
        .raw()
        .post(app.url("/api/login"))
        .header("origin", format!("http://{}", app.addr))
        .header("sec-fetch-site", "same-origin")
        .form(&[("username", "paedagog"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

async fn pages_carry_a_nonce_based_csp_and_the_other_security_headers(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let first = app.get("/login").await;
    assert_eq!(first.status(), StatusCode::OK);
    let csp = first.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for directive in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "'nonce-",
    ] {
        assert!(csp.contains(directive), "CSP {csp} lacks {directive}");
    }
    assert!(!csp.contains("'unsafe-inline'"));
    assert_eq!(first.headers()["x-content-type-options"], "nosniff");
    assert!(first.headers().contains_key("referrer-policy"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    let html = first.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the page's nonce"
    );
    let second = app.get("/login").await;
    let csp2 = second.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(!csp2.contains(&nonce), "every response gets a fresh nonce");
}

async fn responses_with_personal_data_are_not_cached(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let page = app.get("/").await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    let res = app.raw().post(app.url("/api/home")).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
}

async fn an_unknown_server_function_input_gets_a_generic_error(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let (status, body) = app
        .call(
            "child_page",
            serde_json::json!({"child": "'; DROP TABLE children; --"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, serde_json::json!({"error": "undecodable"}));
    let text = body.to_string().to_lowercase();
    for leak in ["sql", "panick", "backtrace", "stack", "sqlite", "postgres"] {
        assert!(!text.contains(leak), "error body leaks {leak}: {text}");
    }
    assert!(app.count("SELECT COUNT(*) FROM children").await > 0);
}

async fn a_body_over_the_limit_is_refused_before_anyone_is_asked_who_sent_it(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let before = app.count("SELECT COUNT(*) FROM assessments").await;
    // Nobody signed in: without a limit the server would hold the whole body in memory first.
    let send = |path: &str, bytes: usize| {
        app.raw()
            .post(app.url(path))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(format!("{{\"input\":\"{}\"}}", "x".repeat(bytes)))
            .send()
    };
    let res = send("/api/save_individual", 300 * 1024)
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // The import takes a 5 MB file, but not eleven. The server may answer and close before
    // the client has finished sending; either way the body was refused unread.
    match send("/api/import_csv", 11 * 1024 * 1024).await {
        Ok(res) => assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(err) => assert!(err.is_request(), "{err}"),
    }
    // The server is still there for ordinary requests.
    assert_eq!(app.call_empty("whoami").await.0, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM assessments").await, before);
}
