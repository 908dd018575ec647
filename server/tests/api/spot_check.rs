//! The leader's spot check of lookups (issue 18 item 4; SECURITY L3), through the real server:
//! a week's lookups are drawn once across instances, the unit's leader confirms or flags each
//! (never their own lookups, which the administrator checks), flags reach the administrator,
//! the sample size is the administrator's setting, and every step is in the audit log.

use crate::common::{AnswerExt, TestApp};
use crate::on_both_backends;
use crate::rounds::support::green_room;
use app::backend::db::DbKind;
use app::backend::once::{Instance, Outcome};
use app::domain::ChildId;
use app::error::AppError;
use app::wire::spot_check::{LookedAt, SpotCheckDecision, SpotCheckItem, Verdict};
use reqwest::StatusCode;
use time::Duration;

on_both_backends!(
    a_weeks_lookups_are_drawn_once_and_checked_by_the_units_leader,
    a_flag_reaches_the_administrator_who_checks_the_leaders_own_lookups,
    the_administrator_sets_the_sample_size_and_nobody_else_may,
);

/// The demo's Egern room, looked at child by child by a pedagogue, and one child by its leader
/// and one in another unit by that unit's pedagogue; then the clock moves to the next week.
async fn a_week_of_lookups(app: &TestApp) -> Vec<ChildId> {
    app.login_ok("paedagog").await;
    let room = green_room(app).await;
    for child in room.children.iter().take(8) {
        app.child_page(*child).await.expect("the child page");
    }
    app.login_ok("leder").await;
    app.child_page(room.children[0])
        .await
        .expect("the leader's look");
    app.login_ok("vuggepaedagog").await;
    let home = app.home().await.expect("home");
    let other = home.groups[0].children[0].id;
    app.child_page(other).await.expect("a look in Mælkebøtten");
    app.set_session_token(None);
    app.clock.advance(Duration::days(7));
    room.children
}

/// Draws last week's sample as one instance's weekly tick does.
async fn draw(app: &TestApp) -> Outcome<app::spot_check::draw::Drawn, sqlx::Error> {
    tvaers::spot_check::draw_due(&app.db, &app.clock, &Instance::new())
        .await
        .expect("the claim")
}

/// The items of the week the test drew (the demo has a sample of the week before it).
fn drawn_week(items: &[SpotCheckItem]) -> Vec<SpotCheckItem> {
    items
        .iter()
        .filter(|i| i.week == "2026-W48")
        .cloned()
        .collect()
}

fn decision(item: &SpotCheckItem, verdict: Verdict, note: &str) -> SpotCheckDecision {
    SpotCheckDecision {
        item: item.id,
        verdict,
        note: note.to_owned(),
    }
}

async fn a_weeks_lookups_are_drawn_once_and_checked_by_the_units_leader(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let egern = a_week_of_lookups(&app).await;
    let drawn = match draw(&app).await {
        Outcome::Ran(result) => result.expect("the draw succeeds"),
        Outcome::Taken => panic!("nobody drew the week before"),
    };
    assert_eq!(drawn.week, "2026-W48");
    assert!(drawn.lookups >= 10, "{drawn:?}");
    assert!(
        matches!(draw(&app).await, Outcome::Taken),
        "a week is drawn once, whichever instance ticks next"
    );

    app.login_ok("leder").await;
    let page = app.spot_check().await.expect("the leader's page");
    assert_eq!(
        page.units.len(),
        1,
        "Egern only: the leader leads no other unit"
    );
    assert_eq!(page.sample_size, None, "the setting is the administrator's");
    assert!(page.leaders.is_empty() && page.flagged.is_empty());
    let items = &drawn_week(&page.units[0].items);
    assert_eq!(items.len(), 5, "the default sample: five lookups a week");
    for item in items {
        assert_eq!(item.week, "2026-W48");
        assert_ne!(
            item.looker, "Lone Leder",
            "a leader never checks their own lookups"
        );
        assert_eq!(item.verdict, None);
        if let LookedAt::Child { id, .. } = &item.looked_at {
            assert!(egern.contains(id), "a child named is one of the leader's");
        }
    }
    let mælkebøtten = app
        .count(
            "SELECT COUNT(*) FROM spot_check_items s JOIN units u ON u.id = s.unit_id \
             WHERE u.name = 'Vuggestuen Mælkebøtten' AND s.week = '2026-W48'",
        )
        .await;
    assert!(mælkebøtten >= 1, "the other unit has a sample of its own");

    app.decide_spot_check(decision(&items[0], Verdict::WorkRelated, ""))
        .await
        .expect("confirmed");
    let again = app
        .decide_spot_check(decision(&items[0], Verdict::Flagged, "Alligevel"))
        .await
        .unwrap_err();
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a decision is final"
    );
    let no_reason = app
        .decide_spot_check(decision(&items[1], Verdict::Flagged, "  "))
        .await
        .unwrap_err();
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(no_reason.error, AppError::Invalid { .. }));
    app.decide_spot_check(decision(
        &items[1],
        Verdict::Flagged,
        "Barnet går ikke i hendes stue",
    ))
    .await
    .expect("flagged with a reason");
    let page = app.spot_check().await.expect("the page again");
    let verdicts: Vec<Option<Verdict>> = drawn_week(&page.units[0].items)
        .iter()
        .map(|i| i.verdict)
        .collect();
    assert_eq!(
        verdicts.iter().filter(|v| v.is_some()).count(),
        2,
        "both decisions are kept: {verdicts:?}"
    );

    // The staff whose lookups they are neither see the check nor decide in it.
    app.login_ok("paedagog").await;
    assert_eq!(app.spot_check().await.status(), StatusCode::FORBIDDEN);
    let refused = app
        .decide_spot_check(decision(&items[2], Verdict::WorkRelated, ""))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{refused:?}");

    // Every step is in the audit log: the draw, each page read, each decision.
    let drawn_rows = app
        .audit_count("SELECT COUNT(*) FROM audit_log WHERE action = 'spot_check_draw'")
        .await;
    assert_eq!(drawn_rows, 1);
    let decided = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'decide_spot_check' \
             AND outcome = 'succeeded'",
        )
        .await;
    assert_eq!(decided, 2);
    let refusals = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'check_lookups' AND outcome = 'denied'",
        )
        .await;
    assert_eq!(refusals, 2, "the pedagogue's page and decision");
}

async fn a_flag_reaches_the_administrator_who_checks_the_leaders_own_lookups(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    a_week_of_lookups(&app).await;
    assert!(matches!(draw(&app).await, Outcome::Ran(Ok(_))));
    app.login_ok("leder").await;
    let items = drawn_week(&app.spot_check().await.expect("the page").units[0].items);
    let reason = "Ingen sag i stuen";
    app.decide_spot_check(decision(&items[0], Verdict::Flagged, reason))
        .await
        .expect("flagged");

    app.login_ok("admin").await;
    let page = app.spot_check().await.expect("the administrator's page");
    assert!(page.units.is_empty(), "the administrator leads no unit");
    assert_eq!(page.sample_size, Some(5));
    assert_eq!(page.flagged.len(), 1, "the flag reached the administrator");
    assert_eq!(page.flagged[0].note, reason);
    assert_eq!(page.flagged[0].checked_by.as_deref(), Some("Lone Leder"));
    assert!(
        !matches!(page.flagged[0].looked_at, LookedAt::Child { .. }),
        "the administrator reaches no child, so sees none by name"
    );
    let leaders = drawn_week(&page.leaders);
    assert_eq!(
        leaders.len(),
        1,
        "the leader's own look is the administrator's to check"
    );
    let own = &leaders[0];
    assert_eq!(own.looker, "Lone Leder");
    assert_eq!(own.looked_at, LookedAt::HiddenChild);
    app.decide_spot_check(decision(own, Verdict::WorkRelated, ""))
        .await
        .expect("the administrator confirms it");

    // The leader cannot decide on their own lookup, even by its id.
    app.login_ok("leder").await;
    let refused = app
        .decide_spot_check(decision(own, Verdict::WorkRelated, ""))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");
}

async fn the_administrator_sets_the_sample_size_and_nobody_else_may(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    for size in [-1, 51] {
        let refused = app.save_spot_check_sample(size).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{size}");
    }
    app.save_spot_check_sample(2).await.expect("saved");
    assert_eq!(app.spot_check().await.expect("page").sample_size, Some(2));
    app.login_ok("leder").await;
    assert_eq!(
        app.save_spot_check_sample(40).await.status(),
        StatusCode::FORBIDDEN,
        "a leader checks but does not set the sample"
    );
    app.set_session_token(None);
    a_week_of_lookups(&app).await;
    assert!(matches!(draw(&app).await, Outcome::Ran(Ok(_))));
    app.login_ok("leder").await;
    let page = app.spot_check().await.expect("the page");
    assert_eq!(
        drawn_week(&page.units[0].items).len(),
        2,
        "the administrator's sample size"
    );
    let set = app
        .audit_count("SELECT COUNT(*) FROM audit_log WHERE action = 'set_spot_check_sample'")
        .await;
    assert_eq!(set, 1);
}
