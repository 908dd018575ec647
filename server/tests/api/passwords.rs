//! Passwords where there is no single sign-on (issue 15), through the real HTTP server and a
//! real SMTP server (`common::mail`): an imported person's e-mail address, the invitation, the
//! one-time link, the password rules, the reset by username, and mail being off.

use crate::common::mail::{delivered_to, mail_settings, wait_for};
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::error::{AppError, ProblemCode};
use app::org::import::ImportKind;
use app::wire::password::{LinkProblem, LinkPurpose, PasswordProblem};
use reqwest::StatusCode;
use std::time::Duration;

on_both_backends!(
    an_invited_pedagogue_sets_a_password_by_the_letter_and_signs_in,
    a_used_an_expired_and_an_unknown_link_are_refused_and_change_nothing,
    a_unit_leader_invites_only_the_people_of_their_units,
    a_reset_answers_alike_for_anyone_and_sends_only_to_a_known_address,
    short_and_common_passwords_are_refused_and_the_link_still_works,
    without_smtp_the_invitation_says_mail_is_off,
    an_import_refuses_a_bad_address_with_its_line,
    later_letters_come_in_the_language_the_password_was_chosen_in,
    the_login_page_leads_to_the_forgotten_password_page,
);

const GOOD: &str = "sommerfugl blå cykel regn";

/// An address no other test (nor the other backend's run) uses.
fn address(who: &str) -> String {
    format!("{who}-{}@kommune.test", uuid::Uuid::new_v4().simple())
}

/// The administrator imports staff members of the given units, with e-mail addresses.
async fn import_staff(app: &TestApp, people: &[(&str, &str, &str)]) {
    app.login_ok("admin").await;
    let mut file = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato;e-mail\n".to_owned();
    for (username, unit, email) in people {
        file.push_str(&format!(
            "{username};Nina {username};pædagog;{unit};;01-08-2026;;{email}\n"
        ));
    }
    app.import_csv(ImportKind::Staff, &file)
        .await
        .expect("imported");
}

async fn stored_hash(app: &TestApp, username: &str) -> Option<String> {
    use sqlx::Row;
    sqlx::query("SELECT password_hash FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(app.db.pool())
        .await
        .expect("the user")
        .get(0)
}

async fn an_invited_pedagogue_sets_a_password_by_the_letter_and_signs_in(kind: DbKind) {
    let app = TestApp::spawn_with(kind, mail_settings()).await;
    let to = address("nina");
    import_staff(&app, &[("ny.paed", "Skovbørnehaven Egern", &to)]).await;
    assert_eq!(
        stored_hash(&app, "ny.paed").await,
        None,
        "imported without a password"
    );

    app.invite_user("ny.paed")
        .await
        .expect("the administrator invites");
    let letter = wait_for(&to, 1).await;
    assert_eq!(letter.to, to, "one recipient, the pedagogue");
    assert!(
        letter.body.contains("inviteret til Tværs"),
        "Danish by default: {}",
        letter.body
    );
    // No child data: no child's first or last name anywhere in the message.
    let names: Vec<(String, String)> = {
        use sqlx::Row;
        sqlx::query("SELECT first_name, last_name FROM children")
            .fetch_all(app.db.pool())
            .await
            .expect("children")
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    };
    assert!(!names.is_empty());
    for (first, last) in &names {
        for text in [&letter.raw, &letter.body] {
            assert!(!text.contains(first.as_str()), "{first} in the letter");
            assert!(!text.contains(last.as_str()), "{last} in the letter");
        }
    }

    let token = letter.token();
    app.logout().await.expect("signed out");
    assert_eq!(app.password_link(&token).await, Ok(LinkPurpose::Invite));
    app.set_password(&token, GOOD).await.expect("password set");
    app.login("ny.paed", GOOD)
        .await
        .expect("the pedagogue signs in with the new password");
    let me = app.whoami().await.expect("whoami").expect("signed in");
    assert_eq!(me.username, "ny.paed");

    // The audit log has the invitation and the password set, by ids only.
    let user = app.user_id("ny.paed").await.to_string();
    let invited = app.audit("invite_user").await;
    assert!(invited
        .iter()
        .any(
            |(_, _, criterion, outcome)| criterion.as_deref() == Some(&format!("user:{user}"))
                && outcome == "succeeded"
        ));
    for (_, child, criterion, _) in &invited {
        assert_eq!(child, &None);
        assert!(!criterion.clone().unwrap_or_default().contains("Nina"));
    }
    let set = app.audit("set_password").await;
    assert_eq!(set.len(), 1);
    assert_eq!(set[0].0.as_deref(), Some(user.as_str()));
    assert_eq!(set[0].2.as_deref(), Some("link:invite"));
}

async fn a_used_an_expired_and_an_unknown_link_are_refused_and_change_nothing(kind: DbKind) {
    let app = TestApp::spawn_with(kind, mail_settings()).await;
    let to = address("nina");
    import_staff(&app, &[("ny.paed", "Skovbørnehaven Egern", &to)]).await;

    app.invite_user("ny.paed").await.expect("invited");
    let first = wait_for(&to, 1).await.token();
    app.set_password(&first, GOOD).await.expect("password set");
    let hash = stored_hash(&app, "ny.paed").await;
    assert!(hash.is_some());

    // Used: refused with its own message, and the password stays.
    let used = app
        .set_password(&first, "en helt anden lang sætning")
        .await
        .expect_err("used");
    assert_eq!(used.status, StatusCode::GONE);
    assert_eq!(
        used.error,
        AppError::Link {
            problem: LinkProblem::Used
        }
    );
    assert_eq!(stored_hash(&app, "ny.paed").await, hash);

    // A newer link ends the older unused one.
    app.invite_user("ny.paed").await.expect("invited again");
    let second = wait_for(&to, 2).await.token();
    app.invite_user("ny.paed").await.expect("and again");
    let third = wait_for(&to, 3).await.token();
    let replaced = app.password_link(&second).await.expect_err("replaced");
    assert_eq!(
        replaced.error,
        AppError::Link {
            problem: LinkProblem::Used
        }
    );

    // Expired: 72 hours later the newest link is refused too, and nothing changes.
    app.clock.advance(time::Duration::hours(72));
    let expired = app
        .set_password(&third, "en helt anden lang sætning")
        .await
        .expect_err("expired");
    assert_eq!(expired.status, StatusCode::GONE);
    assert_eq!(
        expired.error,
        AppError::Link {
            problem: LinkProblem::Expired
        }
    );
    assert_eq!(stored_hash(&app, "ny.paed").await, hash);
    let unused = app
        .count("SELECT COUNT(*) FROM password_links WHERE used_at IS NULL")
        .await;
    assert_eq!(unused, 1, "the expired link was not marked used");

    // Unknown: 404, with its own message.
    let unknown = app
        .set_password("not-a-link-anyone-made", GOOD)
        .await
        .expect_err("unknown");
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.error,
        AppError::Link {
            problem: LinkProblem::Unknown
        }
    );
    app.login("ny.paed", GOOD)
        .await
        .expect("the first password still works");
    let refused = app.audit("set_password").await;
    let codes: Vec<_> = refused.iter().filter_map(|r| r.2.clone()).collect();
    assert!(codes.contains(&"link:used".to_owned()));
    assert!(codes.contains(&"link:expired".to_owned()));
    assert!(codes.contains(&"link:unknown".to_owned()));
}

async fn a_unit_leader_invites_only_the_people_of_their_units(kind: DbKind) {
    let app = TestApp::spawn_with(kind, mail_settings()).await;
    let (own, other) = (address("egern"), address("maelk"));
    import_staff(
        &app,
        &[
            ("egern.paed", "Skovbørnehaven Egern", &own),
            ("maelk.paed", "Vuggestuen Mælkebøtten", &other),
        ],
    )
    .await;
    app.logout().await.expect("signed out");
    app.login_ok("leder").await;

    app.invite_user("egern.paed")
        .await
        .expect("the leader invites the unit's pedagogue");
    wait_for(&own, 1).await;
    for name in ["maelk.paed", "nobody.here", "forælder"] {
        let refused = app.invite_user(name).await.expect_err("not theirs");
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(refused.error, AppError::NotFound, "{name}");
    }
    // The pedagogue in another unit got nothing, and the refusal is in the audit log.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(delivered_to(&other).is_empty());
    let leader = app.user_id("leder").await.to_string();
    let denied = app
        .audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'invite_user' \
             AND outcome = 'denied' AND user_id = '{leader}'"
        ))
        .await;
    assert_eq!(denied, 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM password_links").await,
        1,
        "no link for anyone else"
    );
}

async fn a_reset_answers_alike_for_anyone_and_sends_only_to_a_known_address(kind: DbKind) {
    let app = TestApp::spawn_with(kind, mail_settings()).await;
    let to = address("nina");
    import_staff(&app, &[("ny.paed", "Skovbørnehaven Egern", &to)]).await;
    app.invite_user("ny.paed").await.expect("invited");
    app.set_password(&wait_for(&to, 1).await.token(), GOOD)
        .await
        .expect("password set");
    app.logout().await.expect("signed out");

    // Signed in somewhere: the session a reset must end.
    app.login("ny.paed", GOOD).await.expect("signed in");
    let old_session = app.session_token().expect("a session");
    app.set_session_token(None);

    // Each answer waits for the same floor, so its time does not tell which names exist.
    let timed = |name: &'static str| {
        let app = &app;
        async move {
            let started = std::time::Instant::now();
            let answer = app.request_password_reset(name).await;
            assert!(
                started.elapsed() >= Duration::from_millis(200),
                "{name} answered before the floor"
            );
            answer
        }
    };
    let unknown = timed("nobody.here").await;
    let no_email = timed("paedagog").await;
    let known = timed("NY.PAED").await;
    assert_eq!(unknown, Ok(()));
    assert_eq!(no_email, Ok(()));
    assert_eq!(known, Ok(()));
    let letter = wait_for(&to, 2).await;
    assert!(letter.body.contains("ny adgangskode"), "{}", letter.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM password_links WHERE purpose = 'reset'")
            .await,
        1,
        "a link for the known address only"
    );

    let token = letter.token();
    assert_eq!(app.password_link(&token).await, Ok(LinkPurpose::Reset));
    let new = "blæksprutte under isbjergets skygge";
    app.set_password(&token, new).await.expect("reset");
    app.set_session_token(Some(old_session));
    let ended = app.whoami().await.expect("whoami");
    assert_eq!(ended, None, "the old session ended with the reset");
    app.set_session_token(None);
    assert!(app.login("ny.paed", GOOD).await.is_err());
    app.login("ny.paed", new).await.expect("the new password");

    // Beyond three letters an hour: the same answer, no letter.
    for _ in 0..4 {
        assert_eq!(app.request_password_reset("ny.paed").await, Ok(()));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        delivered_to(&to).len(),
        2 + 2,
        "two more letters, then none"
    );
}

async fn short_and_common_passwords_are_refused_and_the_link_still_works(kind: DbKind) {
    let app = TestApp::spawn_with(kind, mail_settings()).await;
    let to = address("nina");
    import_staff(&app, &[("ny.paed", "Skovbørnehaven Egern", &to)]).await;
    app.invite_user("ny.paed").await.expect("invited");
    let token = wait_for(&to, 1).await.token();
    for (password, problem) in [
        ("kort", PasswordProblem::TooShort),
        ("elleve tegn", PasswordProblem::TooShort),
        ("password1234", PasswordProblem::Common),
        ("qwertyuiopasdf", PasswordProblem::Common),
        ("ny.paed12345", PasswordProblem::Common),
    ] {
        let refused = app
            .set_password(&token, password)
            .await
            .expect_err(password);
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password}"
        );
        assert_eq!(
            refused.error,
            AppError::WeakPassword { problem },
            "{password}"
        );
    }
    let long = "ord ".repeat(40);
    let refused = app.set_password(&token, &long).await.expect_err("too long");
    assert_eq!(
        refused.error,
        AppError::WeakPassword {
            problem: PasswordProblem::TooLong
        }
    );
    assert_eq!(stored_hash(&app, "ny.paed").await, None);
    app.set_password(&token, GOOD)
        .await
        .expect("the link still works");
}

async fn without_smtp_the_invitation_says_mail_is_off(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    import_staff(
        &app,
        &[("ny.paed", "Skovbørnehaven Egern", "nina@kommune.test")],
    )
    .await;
    let refused = app.invite_user("ny.paed").await.expect_err("mail is off");
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.error, AppError::MailOff);
    let reset = app
        .request_password_reset("ny.paed")
        .await
        .expect_err("off");
    assert_eq!(reset.error, AppError::MailOff);
    assert_eq!(app.count("SELECT COUNT(*) FROM password_links").await, 0);
}

async fn an_import_refuses_a_bad_address_with_its_line(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let file = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato;e-mail\n\
                god.paed;God Paed;pædagog;Skovbørnehaven Egern;;01-08-2026;;god@kommune.test\n\
                ond.paed;Ond Paed;pædagog;Skovbørnehaven Egern;;01-08-2026;;ikke en adresse\n";
    let refused = app
        .import_csv(ImportKind::Staff, file)
        .await
        .expect_err("a bad address");
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let AppError::Invalid { problems } = refused.error else {
        panic!("a list of problems");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].line, problems[0].code),
        (3, ProblemCode::BadEmail)
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username = 'god.paed'")
            .await,
        0,
        "all or nothing"
    );
    // Guardians may carry an address too, and a blank one is none.
    let guardians = "barn_eksternt_id;brugernavn;navn;forældremyndighed;adressebeskyttelse;email\n";
    let child = app
        .scalar_text(
            "SELECT external_id FROM children WHERE external_id IS NOT NULL AND $1 = $1 \
             ORDER BY external_id LIMIT 1",
            "x",
        )
        .await;
    let file = format!(
        "{guardians}{child};ny.mor;Mona Mor;ja;nej;mona@kommune.test\n{child};ny.far;Finn Far;ja;nej;\n"
    );
    app.import_csv(ImportKind::Guardians, &file)
        .await
        .expect("guardians with and without an address");
    assert_eq!(
        app.scalar_text("SELECT email FROM users WHERE username = $1", "ny.mor")
            .await,
        "mona@kommune.test"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username = 'ny.far' AND email IS NULL")
            .await,
        1
    );
}

async fn the_login_page_leads_to_the_forgotten_password_page(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let login = app
        .get("/login")
        .await
        .text()
        .await
        .expect("the login page");
    assert!(login.contains("href=\"/forgot-password\""), "{login}");
    assert!(login.contains("Glemt adgangskode?"));
    let page = app.get("/forgot-password").await;
    assert_eq!(page.status(), StatusCode::OK);
    let text = page.text().await.expect("the page");
    assert!(text.contains("Skriv dit brugernavn"), "{text}");
}

async fn later_letters_come_in_the_language_the_password_was_chosen_in(kind: DbKind) {
    let app = TestApp::spawn_with(kind, mail_settings()).await;
    let to = address("nina");
    import_staff(&app, &[("ny.paed", "Skovbørnehaven Egern", &to)]).await;
    app.invite_user("ny.paed").await.expect("invited");
    let token = wait_for(&to, 1).await.token();
    // The password page in English: the browser sends the language picker's cookie.
    let res = app
        .raw()
        .post(app.url("/api/set_password"))
        .header(reqwest::header::COOKIE, "i18n_pref_locale=en")
        .json(&serde_json::json!({ "token": token, "password": GOOD }))
        .send()
        .await
        .expect("set password");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.scalar_text("SELECT language FROM users WHERE username = $1", "ny.paed")
            .await,
        "en"
    );
    app.request_password_reset("ny.paed").await.expect("asked");
    let letter = wait_for(&to, 2).await;
    assert!(
        letter.body.contains("reset the password"),
        "in English: {}",
        letter.body
    );
}
