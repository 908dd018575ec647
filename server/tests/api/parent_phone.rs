//! The parents' pages on a phone (issue 16 item 4), through the real server: a page comes in the
//! language chosen, also deep in the site, with people's own words isolated for right to left;
//! the parents' home page tells, for each child, the date of the newest entry the team shared —
//! from the parents' own view, audited, and with nothing of the staff's; and someone who is
//! only a parent signs out rather than switching user.

use crate::common::TestApp;
use crate::on_both_backends;
use app::assessment::{AdhocInput, ChildTimeline, Draft, IndividualInput};
use app::backend::db::DbKind;
use app::domain::{AssessmentContext, ChildId, GroupId, IdempotencyKey, Position};
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::Value;

on_both_backends!(
    a_page_comes_in_the_language_chosen_before_the_one_the_browser_asks_for,
    a_page_comes_in_the_language_of_the_cookie_also_deep_in_the_site,
    the_parents_home_tells_the_newest_entry_the_team_shared_for_each_child,
    the_parents_home_holds_nothing_of_the_staffs_and_nothing_for_staff,
    only_someone_who_is_only_a_parent_is_offered_to_sign_out,
);

/// The language cookies a response sets, whole (`name=value; attributes`).
fn language_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| v.starts_with("i18n_pref_locale="))
        .map(str::to_owned)
        .collect()
}

async fn a_page_comes_in_the_language_chosen_before_the_one_the_browser_asks_for(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let get = |cookie: Option<&'static str>| {
        let req = app
            .raw()
            .get(app.url("/information"))
            .header(ACCEPT_LANGUAGE, "en-GB,en;q=0.9");
        match cookie {
            Some(cookie) => req.header(COOKIE, cookie),
            None => req,
        }
        .send()
    };
    // Nothing chosen yet: the browser's own language.
    let res = get(None).await.expect("the page");
    assert_eq!(res.status(), StatusCode::OK);
    assert_no_cookie_for_a_folder(&res);
    let page = res.text().await.expect("body");
    assert!(page.contains("lang=\"en\""), "{page:.300}");
    // Chosen in the picker (the cookie the browser writes, `components::language_cookie`):
    // that language, whatever the browser asks for.
    let res = get(Some("i18n_pref_locale=pl")).await.expect("the page");
    assert_no_cookie_for_a_folder(&res);
    let page = res.text().await.expect("body");
    assert!(page.contains("lang=\"pl\""), "{page:.300}");
    assert!(page.contains("O Tværs – dla rodziców"), "the Polish texts");
}

/// Any language cookie the server sets is for the whole site (its attributes are the
/// browser's own: `language_cookie`'s unit test).
fn assert_no_cookie_for_a_folder(res: &reqwest::Response) {
    for cookie in language_cookies(res) {
        assert!(cookie.split(';').any(|a| a.trim() == "Path=/"), "{cookie}");
    }
}

async fn a_page_comes_in_the_language_of_the_cookie_also_deep_in_the_site(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("forælder").await;
    let child = app.home().await.expect("home").own_children[0].id;
    let token = app.session_token().expect("signed in");
    // The child's page is two folders deep: the choice made on the home page holds here too,
    // Arabic and right to left, with what the team and the parents wrote kept apart.
    let res = app
        .raw()
        .get(app.url(&format!("/children/{child}")))
        .header(
            COOKIE,
            format!("__Host-tvaers_session={token}; i18n_pref_locale=ar"),
        )
        // Once, under a full parallel run, this page never came: fail with a message instead.
        .timeout(std::time::Duration::from_secs(90))
        .send()
        .await
        .expect("the child's page");
    assert_eq!(res.status(), StatusCode::OK);
    assert_no_cookie_for_a_folder(&res);
    let page = res.text().await.expect("body");
    assert!(
        page.contains("lang=\"ar\"") && page.contains("dir=\"rtl\""),
        "{page:.300}"
    );
    assert!(
        page.contains("من يمكنه رؤية المعلومات عن الطفل"),
        "the texts in Arabic"
    );
    assert!(
        page.contains("<bdi>"),
        "names are isolated for right to left"
    );
    let notes = page.matches("class=\"note\"").count();
    assert!(notes > 0, "the demo child's timeline has notes");
    assert_eq!(
        page.matches("<p dir=\"auto\" class=\"note\">").count(),
        notes,
        "the team's notes keep their own direction"
    );
}

/// The first group of `name`, for arranging positions in its open round.
async fn group(app: &TestApp, name: &str) -> GroupId {
    app.scalar_text("SELECT id FROM child_groups WHERE name = $1", name)
        .await
        .parse()
        .expect("a group id")
}

fn draft(group: GroupId, child: ChildId, position: Position, note: &str) -> Draft {
    Draft {
        key: IdempotencyKey::random(),
        group,
        child,
        position,
        context: AssessmentContext::Learning,
        note: note.to_owned(),
    }
}

/// The newest date in the parents' own timeline of the child.
async fn newest_in_timeline(app: &TestApp, child: ChildId) -> Option<time::Date> {
    match app.child_timeline(child).await.expect("the timeline") {
        ChildTimeline::Parent(timeline) => timeline.newest_entry(),
        ChildTimeline::Staff(_) => panic!("a parent reads the parents' view"),
    }
}

async fn the_parents_home_tells_the_newest_entry_the_team_shared_for_each_child(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let today = app.clock_today();
    app.login_ok("forælder").await;
    let home = app.home().await.expect("home");
    let news = app.parent_news().await.expect("what is new");
    assert_eq!(news.children.len(), home.own_children.len());
    let card = &news.children[0];
    let child = card.id;
    assert_eq!(
        (card.id, &card.name),
        (home.own_children[0].id, &home.own_children[0].name)
    );
    let past = newest_in_timeline(&app, child).await;
    assert_eq!(
        card.newest_entry, past,
        "the newest of the parents' own timeline"
    );
    assert!(
        past.is_some_and(|d| d < today),
        "the demo's past rounds: {past:?}"
    );
    let logged = app
        .audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE purpose = 'home: what is new' \
             AND child_id = '{child}' AND outcome = 'allowed' AND action = 'view_assessments'"
        ))
        .await;
    assert_eq!(logged, 1, "each child's lookup is in the audit log");

    // A pedagogue's own position in the open round is not the parents' to read: nothing new.
    app.login_ok("paedagog").await;
    let room = group(&app, "Grønne stue").await;
    let round = app
        .group_round(room)
        .await
        .expect("the grid")
        .round
        .expect("an open round")
        .id;
    app.save_individual(&IndividualInput {
        draft: draft(room, child, Position::Yellow, "Trist ved aflevering."),
        round,
        indicators: vec![],
        base_version: None,
    })
    .await
    .expect("her own position");
    app.login_ok("forælder").await;
    let news = app.parent_news().await.expect("what is new");
    assert_eq!(news.children[0].newest_entry, past);

    // A concern raised today is told to the parents at once: today is the newest entry.
    app.login_ok("paedagog").await;
    app.save_adhoc(&AdhocInput {
        draft: draft(
            room,
            child,
            Position::Yellow,
            "Trist ved aflevering flere dage.",
        ),
    })
    .await
    .expect("a concern outside the round");
    app.login_ok("forælder").await;
    let news = app.parent_news().await.expect("what is new");
    assert_eq!(news.children[0].newest_entry, Some(today));
    assert_eq!(newest_in_timeline(&app, child).await, Some(today));
}

async fn the_parents_home_holds_nothing_of_the_staffs_and_nothing_for_staff(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    // The other parent of a child under address protection: each card is the child's id, name
    // and a date — no field that could carry a place, a staff name or a staff-only note.
    app.login_ok("forælder4").await;
    let (status, answer) = app.call_empty("parent_news").await;
    assert_eq!(status, StatusCode::OK);
    let cards = answer["children"].as_array().expect("a list of children");
    assert_eq!(cards.len(), 1, "{answer}");
    let Value::Object(card) = &cards[0] else {
        panic!("a card: {answer}");
    };
    let mut fields: Vec<&str> = card.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "id",
            "meetings_to_answer",
            "name",
            "newest_entry",
            "plans_to_read"
        ]
    );

    // Staff have no children of their own here: an empty answer, not an error.
    app.login_ok("paedagog").await;
    let news = app.parent_news().await.expect("answers staff too");
    assert!(news.children.is_empty());
    // And nobody signed out learns anything.
    app.logout().await.expect("signed out");
    let refused = app.parent_news().await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}

async fn only_someone_who_is_only_a_parent_is_offered_to_sign_out(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    for (username, only_a_parent) in [
        ("forælder", true),
        ("forælder2", true),
        ("paedagog", false),
        ("specialist", false),
        ("leder", false),
    ] {
        app.login_ok(username).await;
        let me = app.whoami().await.expect("whoami").expect("signed in");
        assert_eq!(me.guardian_only, only_a_parent, "{username}");
    }
}
