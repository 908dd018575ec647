//! Every page comes whole, also when many are asked for at once. Asked for hundreds of times,
//! thirty-two at a time, the pages that gather several sections (a child's page in Arabic, the
//! parents' home, a unit's page for its leader) each answer 200 and end their stream.
//!
//! Before this test, a full parallel run now and then saw a page that never came (a 408 after
//! 30 s). Under this load three faults showed, each fixed with it: the unit dashboard held one
//! pooled connection while it waited for a second, so a pool full of such requests waited for
//! ever; the page title's closure was read on the server after the language's signal had been
//! disposed, a panic that cut the response off; and the sections of a page asked for their
//! data from inside the page's Suspense (the pattern of leptos-rs/leptos#4866) — they now load
//! beside it.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use reqwest::header::COOKIE;
use reqwest::StatusCode;
use std::time::Duration;

on_both_backends!(many_pages_at_once_all_come_whole);

/// Times each page is asked for, and how many are under way at once.
const TIMES: usize = 200;
const AT_ONCE: usize = 32;

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
    let pages = [
        (format!("/children/{child}"), parent.clone(), "ar"),
        ("/".to_owned(), parent, "da"),
        (format!("/units/{unit}"), leader, "en"),
    ];
    let mut asks = Vec::new();
    for i in 0..TIMES {
        for (path, token, language) in &pages {
            asks.push((i, path.clone(), token.clone(), *language));
        }
    }
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(AT_ONCE));
    let mut running = tokio::task::JoinSet::new();
    for (i, path, token, language) in asks {
        let client = app.raw().clone();
        let url = app.url(&path);
        let semaphore = semaphore.clone();
        running.spawn(async move {
            let _turn = semaphore.acquire_owned().await.expect("semaphore");
            let answer = async {
                let res = client
                    .get(url)
                    .header(
                        COOKIE,
                        format!("__Host-tvaers_session={token}; i18n_pref_locale={language}"),
                    )
                    .send()
                    .await?;
                let status = res.status();
                let body = res.text().await?;
                Ok::<_, reqwest::Error>((status, body))
            };
            // A whole page takes well under a second here; twenty means it never came.
            match tokio::time::timeout(Duration::from_secs(20), answer).await {
                // The body read to its end is the stream closed: the page came whole.
                Ok(Ok((StatusCode::OK, _))) => Ok(()),
                Ok(Ok((status, body))) => Err(format!(
                    "{path} (#{i}): {status}, ending {:?}",
                    &body[body.len().saturating_sub(200)..]
                )),
                Ok(Err(error)) => Err(format!("{path} (#{i}): {error}")),
                Err(_) => Err(format!("{path} (#{i}): no whole answer in 20 s")),
            }
        });
    }
    let mut problems = Vec::new();
    while let Some(done) = running.join_next().await {
        if let Err(problem) = done.expect("the request task") {
            problems.push(problem);
        }
    }
    // Told as how many of each kind, and the first of each whole.
    let mut kinds = std::collections::BTreeMap::<String, (usize, String)>::new();
    for problem in &problems {
        let kind = problem
            .split_once(" (#")
            .map(|(path, rest)| format!("{path}: {}", rest.split_once("): ").map_or(rest, |r| r.1)))
            .unwrap_or_else(|| problem.clone());
        let kind: String = kind.chars().take(120).collect();
        kinds.entry(kind).or_insert((0, problem.clone())).0 += 1;
    }
    assert!(
        problems.is_empty(),
        "{} of {} pages did not come whole: {kinds:#?}",
        problems.len(),
        TIMES * pages.len()
    );
}
