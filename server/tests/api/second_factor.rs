//! The second factor for staff (issue 15 item 3, SECURITY S1), through the real server: leaders
//! and administrators type a TOTP code after the password; the municipality may require it of
//! all staff, who then set one up at their next sign-in and can do nothing else until they
//! have; a code works once; recovery codes work once; a leader or administrator resets a lost
//! one; parents never need one. The demo's leaders and administrator have the demo key.

use crate::common::{TestApp, DEMO_PASSWORD};
use crate::on_both_backends;
use app::auth::totp::Secret;
use app::auth::LoginNext;
use app::backend::db::DbKind;
use app::domain::ProblemCode;
use app::error::AppError;
use app::org::AccessSettings;
use reqwest::StatusCode;
use time::Duration;

on_both_backends!(
    a_leader_types_a_code_after_the_password_and_each_code_works_once,
    a_municipality_that_requires_it_of_all_staff_makes_a_pedagogue_enrol_before_anything_else,
    a_recovery_code_signs_in_once,
    a_reset_second_factor_is_set_up_anew_at_the_next_sign_in_and_only_by_the_persons_leader,
    parents_never_need_a_second_factor_and_cannot_set_one_up,
);

/// The code of `secret` at the test clock's time.
fn code_of(app: &TestApp, secret: &Secret) -> String {
    secret.code_at(now_of(app))
}

/// The test clock's time in Unix seconds.
fn now_of(app: &TestApp) -> u64 {
    u64::try_from(app::backend::clock::Clock::unix(&app.clock)).expect("after 1970")
}

/// A six-digit code that is not `right`.
fn other_than(right: &str) -> String {
    if right == "000000" {
        "111111"
    } else {
        "000000"
    }
    .to_owned()
}

async fn successful_logins_with(app: &TestApp, evidence: &str) -> i64 {
    app.audit_count(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = 'succeeded' AND criterion = '{evidence}'"
    ))
    .await
}

async fn a_leader_types_a_code_after_the_password_and_each_code_works_once(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let refused = app.login("leder", DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(
        (refused.status, refused.error),
        (StatusCode::UNAUTHORIZED, AppError::CodeNeeded)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    assert!(app.session_token().is_none(), "no cookie without the code");

    let right = app.demo_code();
    let wrong = app
        .login_with_code("leder", DEMO_PASSWORD, &other_than(&right))
        .await
        .unwrap_err();
    assert_eq!(
        (wrong.status, wrong.error),
        (StatusCode::UNAUTHORIZED, AppError::BadCode)
    );
    // The right code with a wrong password says nothing about the code.
    let bad_password = app
        .login_with_code("leder", "wrong", &right)
        .await
        .unwrap_err();
    assert_eq!(bad_password.error, AppError::BadCredentials);

    let next = app
        .login_with_code("leder", DEMO_PASSWORD, &right)
        .await
        .expect("password and code");
    assert_eq!(next, LoginNext::Home);
    app.home().await.expect("the leader's home");
    assert_eq!(successful_logins_with(&app, "pwd+otp").await, 1);

    // The same code again, in its own 30 seconds: refused (seen over a shoulder).
    app.logout().await.expect("signed out");
    let replay = app
        .login_with_code("leder", DEMO_PASSWORD, &right)
        .await
        .unwrap_err();
    assert_eq!(replay.error, AppError::BadCode);
    // A code from two steps ago is too old; the next step's code works.
    app.clock.advance(Duration::seconds(30));
    let old = Secret::from_base32(tvaers::demo::DEMO_TOTP_SECRET)
        .expect("the demo key")
        .code_at(now_of(&app) - 60);
    if old != app.demo_code() {
        assert_eq!(
            app.login_with_code("leder", DEMO_PASSWORD, &old)
                .await
                .unwrap_err()
                .error,
            AppError::BadCode
        );
    }
    app.login_with_code("leder", DEMO_PASSWORD, &app.demo_code())
        .await
        .expect("the next code");
    // Every wrong code counted as a failed attempt.
    assert_eq!(
        app.audit_count("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = 'failed' AND criterion = 'wrong-code'")
            .await,
        2 + i64::from(old != app.demo_code())
    );
}

/// Turns on the municipal choice, as the demo's administrator.
async fn require_of_all_staff(app: &TestApp) {
    app.login_ok("admin").await;
    app.save_access_settings(AccessSettings {
        narrowed: vec![],
        second_factor_all_staff: true,
    })
    .await
    .expect("the administrator chooses");
    assert!(
        app.access_settings()
            .await
            .expect("read back")
            .second_factor_all_staff
    );
    app.logout().await.expect("signed out");
}

/// Enrols the signed-in person: the key shown, a code from it, the recovery codes.
async fn enrol(app: &TestApp) -> (Secret, Vec<String>) {
    let new = app.begin_second_factor().await.expect("a new key");
    assert!(new.qr_svg.starts_with("<?xml") || new.qr_svg.starts_with("<svg"));
    let secret = Secret::from_base32(&new.secret).expect("the key is base32");
    let wrong = app
        .confirm_second_factor(&other_than(&code_of(app, &secret)))
        .await
        .unwrap_err();
    assert_eq!(wrong.error, AppError::BadCode);
    let codes = app
        .confirm_second_factor(&code_of(app, &secret))
        .await
        .expect("the app's code confirms the key");
    (secret, codes)
}

async fn a_municipality_that_requires_it_of_all_staff_makes_a_pedagogue_enrol_before_anything_else(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    assert_eq!(
        app.login("paedagog", DEMO_PASSWORD).await,
        Ok(LoginNext::Home),
        "not required of a pedagogue by default"
    );
    app.logout().await.expect("signed out");
    require_of_all_staff(&app).await;

    let next = app
        .login("paedagog", DEMO_PASSWORD)
        .await
        .expect("signed in to enrol");
    assert_eq!(next, LoginNext::EnrolSecondFactor);
    let home = app.home().await.unwrap_err();
    assert_eq!(
        (home.status, home.error),
        (StatusCode::FORBIDDEN, AppError::SecondFactorSetup),
        "an enrolling session reaches no child data"
    );
    let status = app.second_factor().await.expect("the enrolment page");
    assert!(status.required && !status.enrolled);

    let (secret, codes) = enrol(&app).await;
    assert_eq!(codes.len(), 10);
    app.home().await.expect("the same session, now whole");
    let again = app.begin_second_factor().await.unwrap_err();
    assert_eq!(again.code(), Some(ProblemCode::AlreadySetUp));
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    // From now on the code is needed at every sign-in; the confirming code does not work again.
    app.logout().await.expect("signed out");
    assert_eq!(
        app.login("paedagog", DEMO_PASSWORD)
            .await
            .unwrap_err()
            .error,
        AppError::CodeNeeded
    );
    assert_eq!(
        app.login_with_code("paedagog", DEMO_PASSWORD, &code_of(&app, &secret))
            .await
            .unwrap_err()
            .error,
        AppError::BadCode
    );
    app.clock.advance(Duration::seconds(30));
    app.login_with_code("paedagog", DEMO_PASSWORD, &code_of(&app, &secret))
        .await
        .expect("the next code");
    let enrolled = app
        .audit_count("SELECT COUNT(*) FROM audit_log WHERE action = 'second_factor_enrolled'")
        .await;
    assert_eq!(enrolled, 1);
}

async fn a_recovery_code_signs_in_once(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    require_of_all_staff(&app).await;
    app.login("laerer", DEMO_PASSWORD).await.expect("to enrol");
    let (_, codes) = enrol(&app).await;
    app.logout().await.expect("signed out");

    let code = codes[3].to_uppercase().replace('-', " ");
    let next = app
        .login_with_code("laerer", DEMO_PASSWORD, &code)
        .await
        .expect("a recovery code, however it is typed");
    assert_eq!(next, LoginNext::Home);
    assert_eq!(
        app.second_factor()
            .await
            .expect("the page")
            .recovery_codes_left,
        9
    );
    app.logout().await.expect("signed out");
    let reused = app
        .login_with_code("laerer", DEMO_PASSWORD, &codes[3])
        .await
        .unwrap_err();
    assert_eq!(reused.error, AppError::BadCode);
    assert_eq!(successful_logins_with(&app, "pwd+recovery").await, 1);
}

async fn a_reset_second_factor_is_set_up_anew_at_the_next_sign_in_and_only_by_the_persons_leader(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    let leader = app.user_id("leder").await;
    let teacher = app.user_id("laerer").await;

    // The leader's own session, kept to see it end.
    app.login_ok("leder").await;
    let leaders_session = app.session_token();
    app.set_session_token(None);

    // A unit leader cannot reset another unit's teacher: not found, and nothing changes.
    app.login_ok("omraadeleder").await;
    app.logout().await.expect("signed out");
    require_of_all_staff(&app).await;
    app.login("laerer", DEMO_PASSWORD).await.expect("to enrol");
    enrol(&app).await;
    app.logout().await.expect("signed out");
    app.login_ok("leder").await;
    let foreign = app.reset_second_factor(teacher).await.unwrap_err();
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    app.logout().await.expect("signed out");

    // The administrator resets the leader's: their sessions end; the next sign-in enrols anew.
    app.login_ok("admin").await;
    app.reset_second_factor(leader)
        .await
        .expect("the administrator resets it");
    app.set_session_token(leaders_session);
    assert_eq!(
        app.home().await.unwrap_err().status,
        StatusCode::UNAUTHORIZED
    );
    app.set_session_token(None);
    assert_eq!(
        app.login("leder", DEMO_PASSWORD).await,
        Ok(LoginNext::EnrolSecondFactor)
    );
    let resets = app
        .audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE purpose = 'reset second factor' AND criterion = 'user:{leader}'"
        ))
        .await;
    assert_eq!(resets, 1);
}

async fn parents_never_need_a_second_factor_and_cannot_set_one_up(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    require_of_all_staff(&app).await;
    assert_eq!(
        app.login("forælder", DEMO_PASSWORD).await,
        Ok(LoginNext::Home)
    );
    let refused = app.begin_second_factor().await.unwrap_err();
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM second_factors WHERE user_id = (SELECT id FROM users WHERE username = 'forælder')").await, 0);
}
