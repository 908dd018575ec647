//! Every answer carries an `x-request-id` (the same id is on the request's log lines): a fresh
//! one per request, or the caller's own when it is a short plain token — never one that could
//! forge or bloat a log line.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;

on_both_backends!(
    every_answer_has_its_own_request_id,
    a_plain_incoming_request_id_is_kept_and_any_other_replaced,
);

fn id_of(res: &reqwest::Response) -> String {
    let ids: Vec<_> = res.headers().get_all("x-request-id").iter().collect();
    assert_eq!(ids.len(), 1, "exactly one request id: {ids:?}");
    ids[0].to_str().expect("ASCII").to_owned()
}

async fn every_answer_has_its_own_request_id(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let first = id_of(&app.get("/healthz").await);
    let second = id_of(&app.get("/healthz").await);
    assert_ne!(first, second);
    for id in [&first, &second] {
        uuid::Uuid::parse_str(id).expect("a made id is a UUID");
    }
    // Also on a page, a refused server function and a path that is nothing.
    let (status, _) = app.call_empty("no_such_function").await;
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
    for path in ["/login", "/nothing/here"] {
        let res = app.get(path).await;
        uuid::Uuid::parse_str(&id_of(&res)).expect("a UUID");
    }
}

async fn a_plain_incoming_request_id_is_kept_and_any_other_replaced(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let send = |id: &'static [u8]| {
        app.raw()
            .get(app.url("/healthz"))
            .header(
                "x-request-id",
                reqwest::header::HeaderValue::from_bytes(id).expect("a header value"),
            )
            .send()
    };
    for kept in [
        &b"3f2a7c1e-0b7d-4c55-9a1e-6d0c2b9e8f10"[..],
        b"lb-01:12345.6_x",
    ] {
        let res = send(kept).await.expect("GET");
        assert_eq!(id_of(&res).as_bytes(), kept);
    }
    let long: &'static [u8] = "a".repeat(300).leak().as_bytes();
    for replaced in [
        long,
        &b"abc\tlevel=error msg=forged"[..],
        b"id\" \"admin",
        b"",
    ] {
        let res = send(replaced).await.expect("GET");
        let id = id_of(&res);
        uuid::Uuid::parse_str(&id).unwrap_or_else(|_| panic!("{id} replaces {replaced:?}"));
    }
}
