//! Login, sessions and throttling (SECURITY S2, S3, S4, A6, L4).

use crate::common::{AnswerExt, TestApp, DEMO_PASSWORD};
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::error::AppError;
use reqwest::StatusCode;
use time::Duration;

on_both_backends!(
    a_demo_user_signs_in_and_the_server_knows_who_they_are,
    a_wrong_password_and_an_unknown_user_get_the_same_answer,
    the_session_cookie_carries_every_required_flag,
    logout_ends_the_session_on_the_server,
    a_session_idle_for_longer_than_the_timeout_ends,
    activity_keeps_a_session_alive_but_not_past_its_absolute_lifetime,
    five_failures_lock_the_account_even_for_the_right_password,
    disabling_a_user_ends_all_their_sessions,
    logins_are_written_to_the_audit_log,
    a_new_login_replaces_the_previous_session_token,
);

async fn a_demo_user_signs_in_and_the_server_knows_who_they_are(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let me = app.whoami().await.expect("an answer");
    assert_eq!(me, None, "nobody is signed in yet");
    app.login_ok("paedagog").await;
    let me = app.whoami().await.expect("an answer").expect("signed in");
    assert_eq!(me.username, "paedagog");
    assert_eq!(me.display_name, "Pia Pædagog");
}

async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let wrong = app.login_raw("paedagog", "not-the-password").await;
    let wrong_status = wrong.status();
    let wrong_body = wrong.text().await.unwrap();
    let unknown = app.login_raw("nobody-here", "not-the-password").await;
    assert_eq!(wrong_status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), wrong_status);
    assert_eq!(
        unknown.text().await.unwrap(),
        wrong_body,
        "the answer must not reveal which usernames exist"
    );
    assert!(app.session_token().is_none());
}

async fn the_session_cookie_carries_every_required_flag(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let res = app.login_raw("paedagog", DEMO_PASSWORD).await;
    let cookie = res
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-tvaers_session="))
        .expect("a session cookie is set")
        .to_owned();
    for flag in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    let token = app.session_token().unwrap();
    // 32 random bytes, base64url: at least 128 bits of entropy (S3).
    assert!(token.len() >= 43, "token too short: {token}");
    let stored = app.count("SELECT COUNT(*) FROM sessions").await;
    assert_eq!(stored, 1);
    let in_db = app
        .count(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = '{token}'"
        ))
        .await;
    assert_eq!(
        in_db, 0,
        "the database holds a digest of the token, never the token itself"
    );
}

async fn logout_ends_the_session_on_the_server(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("leder").await;
    let token = app.session_token().unwrap();
    app.logout().await.expect("signed out");
    assert!(
        app.session_token().is_none(),
        "the browser is told to drop the cookie"
    );
    // Replaying the old cookie does not work: the session is gone on the server.
    app.set_session_token(Some(token));
    let refused = app.home().await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.error, AppError::Unauthenticated);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}

async fn a_session_idle_for_longer_than_the_timeout_ends(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    app.clock.advance(Duration::minutes(14));
    assert_eq!(
        app.home().await.status(),
        StatusCode::OK,
        "14 idle minutes are fine"
    );
    app.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    let refused = app.home().await.unwrap_err();
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "15 idle minutes end the session"
    );
    assert_eq!(refused.error, AppError::Unauthenticated);
}

async fn activity_keeps_a_session_alive_but_not_past_its_absolute_lifetime(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    // Read-only requests every ten minutes keep the session (the idle deadline moves on reads).
    for _ in 0..47 {
        app.clock.advance(Duration::minutes(10));
        assert_eq!(signed_in(&app).await.as_deref(), Some("paedagog"));
    }
    // 8 hours after login the session ends however active it is.
    app.clock.advance(Duration::minutes(11));
    assert_eq!(app.whoami().await, Ok(None));
    assert_eq!(app.home().await.status(), StatusCode::UNAUTHORIZED);
}

async fn five_failures_lock_the_account_even_for_the_right_password(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    for _ in 0..5 {
        assert_eq!(
            app.login("laerer", "wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let locked = app.login("laerer", DEMO_PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(app.session_token().is_none());
    // Other accounts are not affected.
    app.login_ok("leder").await;
    // After 24 hours the failures no longer count.
    app.clock
        .advance(Duration::hours(24) + Duration::minutes(1));
    app.set_session_token(None);
    app.login_ok("laerer").await;
}

async fn disabling_a_user_ends_all_their_sessions(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let first = app.session_token().unwrap();
    app.set_session_token(None);
    app.login_ok("paedagog").await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        2,
        "two devices"
    );
    let user = app.user_id("paedagog").await;
    let mut conn = app.db.conn().await.unwrap();
    let mut tx = app::backend::db::begin_write_on(&mut conn, app.db.kind())
        .await
        .unwrap();
    app::backend::store::people::disable_user(&mut tx, user)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    drop(conn);
    assert_eq!(app.home().await.status(), StatusCode::UNAUTHORIZED);
    app.set_session_token(Some(first));
    assert_eq!(app.home().await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login("paedagog", DEMO_PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn logins_are_written_to_the_audit_log(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let _ = app.login("leder", "wrong").await;
    app.login_ok("leder").await;
    let leader = app.user_id("leder").await.to_string();
    let rows = app.audit("login").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0.as_deref(), Some(leader.as_str()));
    assert_eq!(rows[0].3, "failed");
    assert_eq!(rows[1].3, "succeeded");
    let texts = app.audit_count("SELECT COUNT(*) FROM audit_log WHERE criterion LIKE '%wrong%' OR purpose LIKE '%wrong%'").await;
    assert_eq!(texts, 0, "no password ever reaches the audit log");
}

async fn a_new_login_replaces_the_previous_session_token(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("leder").await;
    let first = app.session_token().unwrap();
    app.login_ok("paedagog").await;
    let second = app.session_token().unwrap();
    assert_ne!(first, second, "the session id is rotated at login");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        1,
        "the previous session on this browser ended"
    );
    assert_eq!(signed_in(&app).await.as_deref(), Some("paedagog"));
}

/// The username the server knows the browser by, if anyone's.
async fn signed_in(app: &TestApp) -> Option<String> {
    let me = app.whoami().await.expect("whoami answers");
    me.map(|me| me.username)
}
