//! The accept loop's limits (SECURITY D5): a connection must send its request's header within
//! the deadline or is closed; past the connection limit a new one waits, unserved, until
//! another closes — and is then served.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tvaers::Limits;

on_both_backends!(
    a_connection_that_sends_half_a_header_is_closed_after_the_deadline,
    past_the_connection_limit_a_connection_waits_until_another_closes,
);

/// Reads until the server closes the connection; answers what came.
async fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    // A reset counts as closed too.
    let _ = stream.read_to_end(&mut got).await;
    got
}

async fn a_connection_that_sends_half_a_header_is_closed_after_the_deadline(kind: DbKind) {
    let limits = Limits {
        header_read_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let app = TestApp::spawn_with_limits(kind, limits).await;
    for half in [&b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "[..], b""] {
        let started = Instant::now();
        let mut stream = TcpStream::connect(app.addr).await.expect("connect");
        stream.write_all(half).await.expect("half a header");
        let got = tokio::time::timeout(Duration::from_secs(5), read_to_close(&mut stream))
            .await
            .unwrap_or_else(|_| panic!("still open after 5 s with {half:?}"));
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(900),
            "closed only at the deadline, not at once: {took:?}"
        );
        let text = String::from_utf8_lossy(&got);
        assert!(!text.contains("200 OK"), "nothing served: {text}");
    }
    // A whole request is served as ever.
    assert_eq!(app.get("/healthz").await.status(), reqwest::StatusCode::OK);
}

async fn past_the_connection_limit_a_connection_waits_until_another_closes(kind: DbKind) {
    let limits = Limits {
        max_connections: 2,
        header_read_timeout: Duration::from_secs(60),
        ..Limits::default()
    };
    let app = TestApp::spawn_with_limits(kind, limits).await;
    let first = TcpStream::connect(app.addr).await.expect("connect");
    let _second = TcpStream::connect(app.addr).await.expect("connect");
    // Both taken up by the server before the third comes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(app.addr)
        .await
        .expect("the kernel still takes the connection");
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .expect("a whole request");
    let mut buf = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(700), third.read(&mut buf)).await;
    assert!(early.is_err(), "not served while two are open: {early:?}");
    drop(first);
    let got = tokio::time::timeout(Duration::from_secs(5), read_to_close(&mut third))
        .await
        .expect("served once one closed");
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // The slot it had is free again: an ordinary request is served beside the one left open.
    assert_eq!(app.get("/healthz").await.status(), reqwest::StatusCode::OK);
}
