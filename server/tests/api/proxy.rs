//! Behind a reverse proxy that rewrites `Host` (nginx's and Apache's default), the cross-site
//! check compares `Origin` with `--public-url` (SECURITY S5, docs/OPERATIONS.md).

use crate::common::{TestApp, DEMO_PASSWORD};
use crate::on_both_backends;
use app::backend::db::DbKind;
use reqwest::StatusCode;

on_both_backends!(
    behind_a_proxy_a_post_from_the_public_url_is_accepted_and_any_other_origin_refused,
    without_a_public_url_a_proxy_that_rewrites_host_is_refused_as_before,
);

const PUBLIC: &str = "https://tvaers.kommune.dk";

/// A login as the proxy passes it on: `Host` names the upstream, `Origin` the browser's site.
async fn login_through_proxy(app: &TestApp, origin: &str) -> reqwest::Response {
    app.raw()
        .post(app.url("/api/login"))
        .header("host", "internal:8080")
        .header("origin", origin)
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "tvaers.kommune.dk")
        .form(&[("username", "paedagog"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("the server answers")
}

async fn behind_a_proxy_a_post_from_the_public_url_is_accepted_and_any_other_origin_refused(
    kind: DbKind,
) {
    let app = TestApp::spawn_behind_proxy(kind, PUBLIC).await;
    let own_address = format!("http://{}", app.addr);
    for origin in [
        "https://evil.example",
        "http://tvaers.kommune.dk",
        "https://tvaers.kommune.dk:8443",
        "https://tvaers.kommune.dk.evil.example",
        "null",
        // What the Host comparison accepts is no longer enough once a public URL is set.
        "http://internal:8080",
        own_address.as_str(),
    ] {
        let res = login_through_proxy(&app, origin).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{origin}");
        assert_eq!(res.text().await.unwrap(), "cross-site request refused");
    }
    let direct = app
        .raw()
        .post(app.url("/api/login"))
        .header("origin", &own_address)
        .form(&[("username", "paedagog"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(direct.status(), StatusCode::FORBIDDEN, "Origin = Host");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM login_attempts").await,
        0,
        "no refused request reached the login"
    );

    let res = login_through_proxy(&app, PUBLIC).await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
}

async fn without_a_public_url_a_proxy_that_rewrites_host_is_refused_as_before(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let res = login_through_proxy(&app, PUBLIC).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}
