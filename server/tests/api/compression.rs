//! What the server sends compressed and what a browser may cache (issue 20 item 1): pages and
//! server-function answers compressed for a browser that asks; built files sent as the
//! precompressed copies `cargo leptos build --precompress` writes, chosen by `Accept-Encoding`,
//! and cached for good (their names carry their content's hash); a missing name never cached.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING};
use reqwest::StatusCode;

on_both_backends!(
    pages_are_compressed_for_a_browser_that_asks_and_never_cached,
    built_files_come_precompressed_by_accept_encoding_and_are_cached_for_good,
);

async fn pages_are_compressed_for_a_browser_that_asks_and_never_cached(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let get = |encoding: &'static str| {
        app.raw()
            .get(app.url("/information"))
            .header(ACCEPT_ENCODING, encoding)
            .send()
    };
    let plain = get("identity").await.expect("a page");
    assert_eq!(plain.status(), StatusCode::OK);
    assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    let plain_size = plain.bytes().await.expect("body").len();
    for (asked, sent) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let res = get(asked).await.expect("a page");
        assert_eq!(
            res.headers()
                .get(CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            Some(sent),
            "{asked}"
        );
        assert_eq!(
            res.headers()
                .get(CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store")
        );
        let body = res.bytes().await.expect("body");
        // A streamed page's size varies a little between requests (what is ready when); the
        // compressed one is well under it either way.
        assert!(
            body.len() < plain_size * 3 / 4,
            "{asked}: {} bytes of {plain_size}",
            body.len()
        );
        if sent == "gzip" {
            let mut page = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut page)
                .expect("a gzip stream of UTF-8");
            assert!(page.starts_with("<!DOCTYPE html>"), "{page:.80}");
            assert!(page.contains("Tværs"), "the page itself");
        }
    }
}

async fn built_files_come_precompressed_by_accept_encoding_and_are_cached_for_good(kind: DbKind) {
    let site = std::env::temp_dir().join(format!("tvaers-site-{}", app::domain::UserId::random()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg/");
    let css = "body { color: black; }\n".repeat(200);
    std::fs::write(pkg.join("tvaers.AbC123.css"), &css).expect("the file");
    // Stand-ins for the compressed copies: what is sent must be exactly the copy asked for.
    std::fs::write(pkg.join("tvaers.AbC123.css.br"), b"brotli copy").expect("br");
    std::fs::write(pkg.join("tvaers.AbC123.css.gz"), b"gzip copy").expect("gz");
    let app = TestApp::spawn_with_site(kind, &site).await;
    let get = |path: &str, encoding: &'static str| {
        app.raw()
            .get(app.url(path))
            .header(ACCEPT_ENCODING, encoding)
            .send()
    };
    for (asked, sent, body) in [
        ("br", Some("br"), "brotli copy".to_owned()),
        ("gzip", Some("gzip"), "gzip copy".to_owned()),
        ("identity", None, css.clone()),
    ] {
        let res = get("/pkg/tvaers.AbC123.css", asked)
            .await
            .expect("the file");
        assert_eq!(res.status(), StatusCode::OK, "{asked}");
        assert_eq!(
            res.headers()
                .get(CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            sent,
            "{asked}"
        );
        assert_eq!(
            res.headers()
                .get(CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some(tvaers::middleware::IMMUTABLE),
            "{asked}"
        );
        assert_eq!(res.text().await.expect("body"), body, "{asked}");
    }
    let missing = get("/pkg/tvaers.Gone99.css", "br")
        .await
        .expect("an answer");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_ne!(
        missing
            .headers()
            .get(CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some(tvaers::middleware::IMMUTABLE),
        "a missing name is never kept"
    );
    std::fs::remove_dir_all(&site).expect("clean up");
}
