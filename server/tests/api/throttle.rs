//! Login throttling (SECURITY S2, L4, A7): one atomic step before the hash, a wait that grows,
//! limits per address and for the whole site, bounded and purged attempts, and the unlock.

use crate::common::{Answer, AnswerExt, TestApp, DEMO_PASSWORD, START};
use crate::on_both_backends;
use app::auth::LoginNext;
use app::backend::db::DbKind;
use app::backend::state::Settings;
use app::error::AppError;
use reqwest::StatusCode;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use time::Duration;

on_both_backends!(
    wrong_passwords_sent_at_once_are_checked_at_most_up_to_the_limit,
    people_signing_in_at_once_to_one_account_all_get_in,
    the_wait_doubles_with_each_failure_and_a_success_ends_it,
    the_hourly_cap_refuses_an_account_for_the_rest_of_the_hour,
    too_many_failures_from_one_address_refuse_that_address_only,
    too_many_failures_across_the_site_refuse_every_login_for_the_minute,
    every_refused_attempt_is_in_the_audit_log_without_the_password,
    a_long_username_is_kept_as_a_digest_and_attempts_older_than_a_day_are_purged,
    a_unit_leader_unlocks_a_pedagogue_of_the_unit_who_then_signs_in,
    a_pedagogue_unlocks_no_one_and_a_leader_no_one_elsewhere,
);

/// The login rows of the audit log that a refusal wrote: (user, criterion).
async fn refusals(app: &TestApp) -> Vec<(Option<String>, String)> {
    app.audit("login")
        .await
        .into_iter()
        .filter_map(|(user, _, criterion, outcome)| {
            assert_eq!(outcome, "failed", "a refusal is a failed login");
            criterion.map(|c| (user, c))
        })
        .collect()
}

async fn wrong_passwords_sent_at_once_are_checked_at_most_up_to_the_limit(kind: DbKind) {
    let app = Arc::new(TestApp::spawn(kind).await);
    let limit = Settings::default().lockout_failures;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..24 {
        let app = app.clone();
        tasks.spawn(async move { app.login("paedagog", &format!("wrong-{i}")).await.status() });
    }
    let mut checked = 0;
    let mut throttled = 0;
    while let Some(status) = tasks.join_next().await {
        match status.expect("task runs") {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            other => panic!("unexpected answer {other}"),
        }
    }
    assert!(
        (1..=limit).contains(&checked),
        "{checked} of 24 passwords were checked, more than the limit of {limit}"
    );
    assert_eq!(checked + throttled, 24);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM login_attempts WHERE username = 'paedagog'")
            .await,
        checked,
        "only the checked attempts are recorded"
    );
    let right = app.login("paedagog", DEMO_PASSWORD).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(app.session_token().is_none());
    assert_eq!(refusals(&app).await.len() as i64, throttled + 1);
}

/// Attempts still being checked make the others wait, not fail: right passwords all get in.
async fn people_signing_in_at_once_to_one_account_all_get_in(kind: DbKind) {
    let app = Arc::new(TestApp::spawn(kind).await);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let app = app.clone();
        tasks.spawn(async move { app.login("paedagog", DEMO_PASSWORD).await.status() });
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.expect("task runs"), StatusCode::OK);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 12);
}

async fn the_wait_doubles_with_each_failure_and_a_success_ends_it(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let status = |answer: Answer<LoginNext>| answer.status();
    for _ in 0..5 {
        assert_eq!(
            status(app.login("laerer", "wrong").await),
            StatusCode::UNAUTHORIZED
        );
    }
    // Five failures: one minute's wait, whatever password is tried.
    assert_eq!(
        status(app.login("laerer", DEMO_PASSWORD).await),
        StatusCode::TOO_MANY_REQUESTS
    );
    app.clock.advance(Duration::seconds(59));
    assert_eq!(
        status(app.login("laerer", DEMO_PASSWORD).await),
        StatusCode::TOO_MANY_REQUESTS
    );
    // After the minute one more try is checked; failing, it doubles the wait.
    app.clock.advance(Duration::seconds(1));
    assert_eq!(
        status(app.login("laerer", "wrong").await),
        StatusCode::UNAUTHORIZED
    );
    app.clock.advance(Duration::seconds(61));
    assert_eq!(
        status(app.login("laerer", DEMO_PASSWORD).await),
        StatusCode::TOO_MANY_REQUESTS,
        "the sixth failure waits two minutes"
    );
    app.clock.advance(Duration::seconds(60));
    app.login_ok("laerer").await;
    // A success starts the count afresh: one failure locks nothing.
    app.set_session_token(None);
    assert_eq!(
        status(app.login("laerer", "wrong").await),
        StatusCode::UNAUTHORIZED
    );
    app.login_ok("laerer").await;
    // Other accounts were never affected.
    app.set_session_token(None);
    app.login_ok("leder").await;
}

async fn the_hourly_cap_refuses_an_account_for_the_rest_of_the_hour(kind: DbKind) {
    let settings = Settings {
        lockout_failures: 50,
        hourly_failure_cap: 3,
        ..Settings::default()
    };
    let app = TestApp::spawn_with(kind, settings).await;
    for _ in 0..3 {
        assert_eq!(
            app.login("laerer", "wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let refused = app.login("laerer", DEMO_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::minutes(59));
    let refused = app.login("laerer", DEMO_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::minutes(1));
    app.login_ok("laerer").await;
}

/// Signs in to `app` from `from` (a loopback address) and answers the status: the test server
/// is served with each connection's peer address, as production is.
async fn login_from(app: &TestApp, from: Ipv4Addr, username: &str, password: &str) -> StatusCode {
    let client = reqwest::Client::builder()
        .local_address(IpAddr::V4(from))
        .build()
        .expect("client");
    client
        .post(format!("http://{}/api/login", app.addr))
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .expect("login request")
        .status()
}

async fn too_many_failures_from_one_address_refuse_that_address_only(kind: DbKind) {
    let settings = Settings {
        address_failure_cap: 3,
        ..Settings::default()
    };
    let app = TestApp::spawn_with(kind, settings).await;
    let guesser = Ipv4Addr::new(127, 0, 0, 2);
    let neighbour = Ipv4Addr::new(127, 0, 0, 1);
    // One wrong password each for three accounts: no account is near its own limit.
    for name in ["paedagog", "laerer", "nobody-here"] {
        let status = login_from(&app, guesser, name, "wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let status = login_from(&app, guesser, "paedagog", DEMO_PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the address is refused"
    );
    let status = login_from(&app, neighbour, "paedagog", DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "another address is not");
    app.clock
        .advance(Duration::minutes(10) + Duration::seconds(1));
    let status = login_from(&app, guesser, "paedagog", DEMO_PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "after the window the address may try again"
    );
}

async fn too_many_failures_across_the_site_refuse_every_login_for_the_minute(kind: DbKind) {
    let settings = Settings {
        site_failures_per_minute: 3,
        ..Settings::default()
    };
    let app = TestApp::spawn_with(kind, settings).await;
    for name in ["paedagog", "laerer", "nobody-here"] {
        assert_eq!(
            app.login(name, "wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let refused = app.login("leder", DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.error, AppError::Throttled);
    let leader = app.user_id("leder").await.to_string();
    assert_eq!(
        refusals(&app).await,
        vec![(Some(leader), "throttled:site".to_owned())]
    );
    app.clock.advance(Duration::seconds(61));
    app.login_ok("leder").await;
}

async fn every_refused_attempt_is_in_the_audit_log_without_the_password(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    for _ in 0..5 {
        let _ = app.login("laerer", "first-secret-guess").await;
    }
    for _ in 0..2 {
        let refused = app.login("laerer", "second-secret-guess").await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    let refused = app.login("nobody-here", "third-secret-guess").await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    for _ in 0..4 {
        let _ = app.login("nobody-here", "third-secret-guess").await;
    }
    let unknown = app.login("nobody-here", "third-secret-guess").await;
    assert_eq!(unknown.status(), StatusCode::TOO_MANY_REQUESTS);
    let teacher = app.user_id("laerer").await.to_string();
    let account = "throttled:account".to_owned();
    assert_eq!(
        refusals(&app).await,
        vec![
            (Some(teacher.clone()), account.clone()),
            (Some(teacher), account.clone()),
            (None, account),
        ],
        "each refusal, with the account when there is one"
    );
    let logins = app
        .audit_count("SELECT COUNT(*) FROM audit_log WHERE action = 'login'")
        .await;
    assert_eq!(logins, 13, "ten checked, three refused");
    let secrets = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE criterion LIKE '%secret%' \
             OR purpose LIKE '%secret%' OR action LIKE '%secret%'",
        )
        .await;
    assert_eq!(secrets, 0, "no password ever reaches the audit log");
}

async fn a_long_username_is_kept_as_a_digest_and_attempts_older_than_a_day_are_purged(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    let long = "x".repeat(100_000);
    assert_eq!(
        app.login(&long, "wrong").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let exactly = "y".repeat(64);
    assert_eq!(
        app.login(&exactly, "wrong").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM login_attempts WHERE length(username) > 71")
            .await,
        0,
        "no typed text over 64 characters is kept"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM login_attempts WHERE username LIKE 'sha256:%'")
            .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM login_attempts WHERE username = '{exactly}'"
        ))
        .await,
        1,
        "a name of 64 characters is kept as typed"
    );
    // The long name is throttled like any other: by its digest.
    for _ in 0..4 {
        let _ = app.login(&long, "wrong").await;
    }
    assert_eq!(
        app.login(&long, "wrong").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    app.clock
        .advance(Duration::hours(24) + Duration::seconds(1));
    app.login_ok("leder").await;
    let start = START.unix_timestamp();
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM login_attempts WHERE at <= {start}"
        ))
        .await,
        0,
        "attempts older than a day are deleted"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM login_attempts").await, 1);
}

async fn a_unit_leader_unlocks_a_pedagogue_of_the_unit_who_then_signs_in(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    for _ in 0..5 {
        let _ = app.login("paedagog", "wrong").await;
    }
    assert_eq!(
        app.login("paedagog", DEMO_PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    app.login_ok("leder").await;
    app.unlock_account("paedagog")
        .await
        .expect("the leader unlocks");
    app.set_session_token(None);
    app.login_ok("paedagog").await;
    let leader = app.user_id("leder").await.to_string();
    let pedagogue = app.user_id("paedagog").await.to_string();
    let rows = app.audit("unlock_account").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0.as_deref(), Some(leader.as_str()));
    assert_eq!(rows[0].3, "allowed");
    assert_eq!(
        rows[1].2.as_deref(),
        Some(format!("user:{pedagogue}").as_str())
    );
    assert_eq!(rows[1].3, "succeeded");
}

async fn a_pedagogue_unlocks_no_one_and_a_leader_no_one_elsewhere(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let refused = app.unlock_account("paedagog").await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "no session");
    let not_found = |answer: Answer<()>, who: &str| {
        let refused = answer.unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(refused.error, AppError::NotFound, "{who}");
    };
    app.login_ok("paedagog2").await;
    not_found(
        app.unlock_account("paedagog").await,
        "a colleague of the same unit",
    );
    not_found(app.unlock_account("forælder").await, "a parent");
    app.login_ok("leder").await;
    not_found(
        app.unlock_account("vuggepaedagog").await,
        "staff of another unit",
    );
    not_found(app.unlock_account("forælder").await, "a parent");
    not_found(app.unlock_account("nobody-here").await, "nobody");
    let denied = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'unlock_account' AND outcome = 'denied'",
        )
        .await;
    assert_eq!(denied, 5, "every refusal is logged");
    // The administrator may unlock anyone in the municipality.
    app.login_ok("admin").await;
    app.unlock_account("vuggepaedagog").await.expect("staff");
    app.unlock_account("forælder").await.expect("a parent");
    not_found(app.unlock_account("nobody-here").await, "nobody");
}
