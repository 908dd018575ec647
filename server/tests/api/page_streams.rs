//! Every page comes whole, also when many are asked for at once: each answers 200 and ends its
//! stream.
//!
//! Before this test, a full parallel run now and then saw a page that never came (a 408 after
//! 30 s). Under load three faults showed, each fixed with it: the unit dashboard held one
//! pooled connection while it waited for a second, so a pool full of such requests waited until
//! the pool gave up; the page title's closure was read on the server after the language's
//! signal had been disposed, a panic that cut the response off; and the sections of a page
//! asked for their data from inside the page's Suspense (the pattern of leptos-rs/leptos#4866)
//! — they now load beside it.
//!
//! Two waves: more of the leader's unit pages at once than either database's pool has
//! connections (SQLite 8, PostgreSQL 16), which a request holding two connections cannot get
//! through; then the parents' pages with the most sections, many times over.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use reqwest::header::COOKIE;
use reqwest::StatusCode;
use std::time::Duration;

on_both_backends!(many_pages_at_once_all_come_whole);

/// Above the server's own 30-second limit, so a page cut off by it shows as its 408; and
/// generous, as the whole suite shares two cores with these requests.
const WHOLE_ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// A page asked for: its path, the session asking, the language.
struct Ask {
    path: String,
    token: String,
    language: &'static str,
}

async fn many_pages_at_once_all_come_whole(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("forælder").await;
    let child = app.home().await.expect("home").own_children[0].id;
    let parent = app.session_token().expect("signed in");
    // A sign-in ends the session it was made from: the leader signs in from a fresh one.
    app.set_session_token(None);
    app.login_ok("leder").await;
    let unit = app.home().await.expect("home").units[0].unit_id;
    let leader = app.session_token().expect("signed in");

    let unit_pages = (0..32).map(|_| Ask {
        path: format!("/units/{unit}"),
        token: leader.clone(),
        language: "en",
    });
    let mut problems = ask_all(&app, unit_pages.collect(), 32).await;

    let parent_pages = (0..60).flat_map(|_| {
        [
            Ask {
                path: format!("/children/{child}"),
                token: parent.clone(),
                language: "ar",
            },
            Ask {
                path: "/".to_owned(),
                token: parent.clone(),
                language: "da",
            },
        ]
    });
    problems.extend(ask_all(&app, parent_pages.collect(), 12).await);
    assert!(
        problems.is_empty(),
        "pages that did not come whole: {problems:#?}"
    );
}

/// Asks for every page, `at_once` at a time; what did not come whole, a line each.
async fn ask_all(app: &TestApp, asks: Vec<Ask>, at_once: usize) -> Vec<String> {
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(at_once));
    let mut running = tokio::task::JoinSet::new();
    for (i, ask) in asks.into_iter().enumerate() {
        let client = app.raw().clone();
        let url = app.url(&ask.path);
        let semaphore = semaphore.clone();
        running.spawn(async move {
            let _turn = semaphore.acquire_owned().await.expect("semaphore");
            let answer = async {
                let res = client
                    .get(url)
                    .header(
                        COOKIE,
                        format!(
                            "__Host-tvaers_session={}; i18n_pref_locale={}",
                            ask.token, ask.language
                        ),
                    )
                    .send()
                    .await?;
                let status = res.status();
                // The body read to its end is the stream closed: the page came whole.
                let body = res.text().await?;
                Ok::<_, reqwest::Error>((status, body))
            };
            let path = ask.path;
            match tokio::time::timeout(WHOLE_ANSWER_WITHIN, answer).await {
                Ok(Ok((StatusCode::OK, _))) => None,
                Ok(Ok((status, body))) => Some(format!(
                    "{path} (#{i}): {status}, ending {:?}",
                    body.chars()
                        .rev()
                        .take(160)
                        .collect::<String>()
                        .chars()
                        .rev()
                        .collect::<String>()
                )),
                Ok(Err(error)) => Some(format!("{path} (#{i}): {error}")),
                Err(_) => Some(format!(
                    "{path} (#{i}): no whole answer in {WHOLE_ANSWER_WITHIN:?}"
                )),
            }
        });
    }
    let mut problems = Vec::new();
    while let Some(done) = running.join_next().await {
        problems.extend(done.expect("the request task"));
    }
    problems
}
