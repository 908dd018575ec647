//! `/metrics` in Prometheus' text format, read from this machine (the test server's peer is
//! 127.0.0.1); never through a proxy that says it forwarded the request. Who else may read is
//! decided by `tvaers::metrics::may_read`, whose table is a unit test beside it.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use reqwest::StatusCode;

on_both_backends!(
    metrics_are_read_from_this_machine_and_not_through_a_proxy,
    behind_a_proxy_metrics_need_the_token,
);

async fn metrics_are_read_from_this_machine_and_not_through_a_proxy(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("text/plain; version=0.0.4")
    );
    let text = res.text().await.expect("body");
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("{name} in {text}"))
            .parse()
            .expect("a number")
    };
    assert!(value("tvaers_http_responses_total{class=\"2xx\"}") >= 1.0);
    assert!(value("tvaers_http_response_seconds_count") >= 1.0);
    assert_eq!(
        value("tvaers_http_response_seconds_bucket{le=\"+Inf\"}"),
        value("tvaers_http_response_seconds_count")
    );
    assert!(value("tvaers_db_pool_connections") >= value("tvaers_db_pool_idle"));
    value("tvaers_retention_runs_total{result=\"ok\"}");

    let forwarded = app
        .raw()
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "192.0.2.7")
        .send()
        .await
        .expect("GET");
    assert_eq!(forwarded.status(), StatusCode::NOT_FOUND);
}

async fn behind_a_proxy_metrics_need_the_token(kind: DbKind) {
    let app = TestApp::spawn_behind_proxy(kind, "https://tvaers.kommune.dk").await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
}
