//! `tvaers setup` on an empty database (issue 15, item 1): the municipality, its first
//! administrator without a password, an administrator's membership of the whole municipality,
//! a one-time link stored only as its hash, the settings and an audit row; a second run, or a
//! run on the demo's database, is refused and changes nothing.

use crate::common::{served_database, TestApp, START};
use crate::on_both_backends;
use app::backend::db::{Db, DbKind};
use sqlx::Row;
use tvaers::setup::{set_up, SetupArgs, SetupError, SetupInput};

on_both_backends!(
    setup_puts_a_municipality_and_its_first_administrator_into_an_empty_database,
    the_first_administrator_sets_a_password_by_the_printed_link_and_signs_in,
    setup_refuses_a_database_that_holds_a_municipality_and_changes_nothing,
);

fn args(municipality: &str, username: &str, name: &str) -> SetupArgs {
    use clap::Parser;
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        setup: SetupArgs,
    }
    Cli::parse_from([
        "tvaers",
        "--municipality",
        municipality,
        "--admin-username",
        username,
        "--admin-name",
        name,
    ])
    .setup
}

fn input() -> SetupInput {
    SetupInput::parse(&args("Nordby Kommune", " Anne.Admin ", "Anne Admin")).expect("good flags")
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(db.pool())
        .await
        .expect("a count")
}

async fn setup_puts_a_municipality_and_its_first_administrator_into_an_empty_database(
    kind: DbKind,
) {
    let (db, _scratch) = served_database(kind).await;
    let now = START.unix_timestamp();
    let made = set_up(&db, &input(), now).await.expect("set up");
    let row = sqlx::query(
        "SELECT m.name, u.username, u.display_name, u.password_hash, ms.role, ms.municipality_id, \
                ms.unit_id, ms.starts_on \
           FROM municipalities m JOIN users u ON u.municipality_id = m.id \
           JOIN memberships ms ON ms.user_id = u.id WHERE u.id = $1",
    )
    .bind(made.administrator.to_string())
    .fetch_one(db.pool())
    .await
    .expect("the administrator");
    assert_eq!(row.get::<String, _>(0), "Nordby Kommune");
    assert_eq!(
        row.get::<String, _>(1),
        "anne.admin",
        "parsed once: trimmed, lower case"
    );
    assert_eq!(row.get::<String, _>(2), "Anne Admin");
    assert_eq!(
        row.get::<Option<String>, _>(3),
        None,
        "no password until the link sets one"
    );
    assert_eq!(row.get::<String, _>(4), "administrator");
    assert_eq!(
        row.get::<Option<String>, _>(5),
        Some(made.municipality.to_string())
    );
    assert_eq!(row.get::<Option<String>, _>(6), None);
    assert_eq!(row.get::<String, _>(7), START.date().to_string());
    // The link: its hash only, an invitation, 72 hours, unused.
    let link = sqlx::query(
        "SELECT token_hash, purpose, expires_at, used_at FROM password_links WHERE user_id = $1",
    )
    .bind(made.administrator.to_string())
    .fetch_all(db.pool())
    .await
    .expect("the link");
    assert_eq!(link.len(), 1);
    assert_eq!(
        link[0].get::<String, _>(0),
        app::auth::password::link::digest(&made.token)
    );
    assert_ne!(
        link[0].get::<String, _>(0),
        made.token,
        "never the token itself"
    );
    assert_eq!(link[0].get::<String, _>(1), "invite");
    assert_eq!(link[0].get::<i64, _>(2), now + 72 * 3600);
    assert_eq!(link[0].get::<Option<i64>, _>(3), None);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM assessment_settings").await,
        1,
        "the municipality's settings"
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'setup_municipality' AND criterion = $1",
    )
    .bind(format!(
        "municipality:{} user:{}",
        made.municipality, made.administrator
    ))
    .fetch_one(db.audit_pool())
    .await
    .expect("the audit row");
    assert_eq!(audited, 1, "L1");
}

/// The whole first start through the real server: no sign-in without a password, the link
/// sets one, the administrator signs in and may administer; the link works once.
async fn the_first_administrator_sets_a_password_by_the_printed_link_and_signs_in(kind: DbKind) {
    const PASSWORD: &str = "nordlys over fjorden i januar";
    let (db, scratch) = served_database(kind).await;
    let made = set_up(&db, &input(), START.unix_timestamp())
        .await
        .expect("set up");
    let app = TestApp::spawn_on(db, scratch).await;
    assert!(
        app.login("anne.admin", PASSWORD).await.is_err(),
        "no password before the link"
    );
    app.set_password(&made.token, PASSWORD)
        .await
        .expect("the link sets the password");
    // The first administrator must set up a second factor before anything else (SECURITY S1).
    let next = app
        .login("anne.admin", PASSWORD)
        .await
        .expect("the administrator signs in");
    assert_eq!(next, app::auth::LoginNext::EnrolSecondFactor);
    assert_eq!(
        app.access_settings().await.unwrap_err().error,
        app::error::AppError::SecondFactorSetup
    );
    let key = app.begin_second_factor().await.expect("a key to scan");
    let secret = app::auth::totp::Secret::from_base32(&key.secret).expect("base32");
    let now = u64::try_from(START.unix_timestamp()).expect("after 1970");
    app.confirm_second_factor(&secret.code_at(now))
        .await
        .expect("the app's code confirms it");
    let settings = app
        .access_settings()
        .await
        .expect("an administrator's page of the new municipality");
    assert!(
        settings.narrowed.is_empty(),
        "a new municipality narrows nothing"
    );
    let again = app
        .set_password(&made.token, "en anden lang sætning igen")
        .await
        .expect_err("the link works once");
    assert_eq!(again.status, reqwest::StatusCode::GONE);
}

async fn setup_refuses_a_database_that_holds_a_municipality_and_changes_nothing(kind: DbKind) {
    let (db, _scratch) = served_database(kind).await;
    let now = START.unix_timestamp();
    set_up(&db, &input(), now).await.expect("the first setup");
    let tables = ["municipalities", "users", "memberships", "password_links"];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&db, &format!("SELECT COUNT(*) FROM {table}")).await);
    }
    let other = SetupInput::parse(&args("Sydby Kommune", "bo", "Bo Admin")).unwrap();
    let refused = set_up(&db, &other, now + 60).await.unwrap_err();
    assert!(matches!(refused, SetupError::NotEmpty), "{refused}");
    for (table, rows) in tables.iter().zip(before) {
        let now = count(&db, &format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(now, rows, "{table}");
    }
    // The demo's database too.
    let (demo, _demo_scratch) = served_database(kind).await;
    tvaers::demo::seed(&demo, &START.date())
        .await
        .expect("demo");
    let refused = set_up(&demo, &other, now).await.unwrap_err();
    assert!(matches!(refused, SetupError::NotEmpty), "{refused}");
}

#[test]
fn bad_flags_are_refused_before_the_database_is_opened() {
    let cases = [
        (args("K", "anne", "Anne Admin"), "--municipality"),
        (
            args("Nordby Kommune", "anne admin", "Anne Admin"),
            "--admin-username",
        ),
        (
            args("Nordby Kommune", "a", "Anne Admin"),
            "--admin-username",
        ),
        (args("Nordby Kommune", "anne", " "), "--admin-name"),
    ];
    for (args, flag) in cases {
        let refused = SetupInput::parse(&args).unwrap_err();
        assert!(refused.to_string().starts_with(flag), "{flag}: {refused}");
    }
}
