//! Ending a guardianship on a date (issue 15 item 5), through the real server: the leader of
//! the child's unit ends `forælder`'s guardianship from tomorrow; today she still reaches her
//! child, from tomorrow nothing — not the child page, not the child on her home page — and the
//! leader's list no longer shows it. A leader of no unit of the child's gets "not found", a
//! date before today is refused, and the change is in the audit log with the child.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::{ChildId, ProblemCode};
use app::org::people::EndGuardianshipInput;
use reqwest::StatusCode;
use time::Duration;

on_both_backends!(
    an_ended_guardianship_reaches_the_child_through_its_last_day_and_then_nothing,
    only_a_leader_of_the_childs_unit_ends_a_guardianship_and_never_into_the_past,
);

/// The parent's one child, as her home page lists it.
async fn the_child_of(app: &TestApp, parent: &str) -> ChildId {
    app.login_ok(parent).await;
    let home = app.home().await.expect("the parent's home");
    app.logout().await.expect("signed out");
    home.own_children.first().expect("a child").id
}

async fn an_ended_guardianship_reaches_the_child_through_its_last_day_and_then_nothing(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    let child = the_child_of(&app, "forælder").await;
    let guardian = app.user_id("forælder").await;
    let tomorrow = app.clock_today() + Duration::days(1);

    app.login_ok("leder").await;
    app.end_guardianship(EndGuardianshipInput {
        guardian,
        child,
        stops_on: tomorrow,
    })
    .await
    .expect("the leader ends it from tomorrow");
    let listed = app.people().await.expect("the leader's list");
    let row = listed
        .people
        .iter()
        .find(|p| p.user == guardian)
        .and_then(|p| p.guardianships.iter().find(|g| g.child == Some(child)))
        .expect("listed until it ends");
    assert_eq!(
        row.ends_on,
        Some(app.clock_today()),
        "its last day is today"
    );
    let logged = app
        .audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE purpose = 'end guardianship' AND child_id = '{child}' \
             AND criterion = 'guardian:{guardian} child:{child}'"
        ))
        .await;
    assert_eq!(logged, 1);
    app.logout().await.expect("signed out");

    // Today: her child, as before.
    app.login_ok("forælder").await;
    app.child_page(child).await.expect("her child today");
    assert_eq!(app.home().await.expect("home").own_children.len(), 1);

    // Tomorrow (a new session: the old one has long been idle): nothing of the child.
    app.clock.advance(Duration::days(1));
    app.login_ok("forælder").await;
    let page = app.child_page(child).await.unwrap_err();
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(app.home().await.expect("home").own_children.is_empty());
    app.logout().await.expect("signed out");

    // The other guardian is untouched; the leader's list drops the ended one.
    app.login_ok("forælder2").await;
    app.child_page(child)
        .await
        .expect("the other guardian still");
    app.logout().await.expect("signed out");
    app.login_ok("leder").await;
    let listed = app.people().await.expect("the leader's list");
    assert!(listed
        .people
        .iter()
        .filter(|p| p.user == guardian)
        .all(|p| p.guardianships.iter().all(|g| g.child != Some(child))));
}

async fn only_a_leader_of_the_childs_unit_ends_a_guardianship_and_never_into_the_past(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    let child = the_child_of(&app, "forælder").await;
    let guardian = app.user_id("forælder").await;
    let today = app.clock_today();
    let input = |stops_on| EndGuardianshipInput {
        guardian,
        child,
        stops_on,
    };

    // Nobody else may: as for another unit's person, the guardianship is "not found" to them.
    for who in ["paedagog", "omraadeleder", "forælder", "forælder2"] {
        app.login_ok(who).await;
        let refused = app.end_guardianship(input(today)).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{who}");
        app.logout().await.expect("signed out");
    }
    app.login_ok("leder").await;
    let past = app
        .end_guardianship(input(today - Duration::days(1)))
        .await
        .unwrap_err();
    assert_eq!(past.code(), Some(ProblemCode::TooEarly));
    let unknown = app
        .end_guardianship(EndGuardianshipInput {
            child: ChildId::random(),
            ..input(today)
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM guardianships WHERE ends_on IS NOT NULL")
            .await,
        0,
        "nothing changed"
    );
}
