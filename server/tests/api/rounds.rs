//! Assessment rounds through the HTTP API: the blind rule, joint assessments, closed rounds,
//! idempotent replay, conflicting versions, duplicate constraints, follow-ups and suppressed
//! counts (issue "Trivselsvurdering on the tablet"; SECURITY O5–O7).

use crate::common::{Backend, TestApp};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{json, Value};
use time::Duration;

on_both_backends!(
    a_repeat_of_a_key_is_answered_once_and_a_reused_key_is_refused,
    copies_of_one_save_sent_at_once_store_one_row_and_get_one_answer,
    saves_sent_at_once_are_each_kept_or_refused_on_their_own,
    a_colleagues_position_stays_hidden_until_i_have_given_mine,
    a_joint_concern_needs_enough_individual_positions_and_opens_a_follow_up,
    a_stale_joint_write_is_a_conflict_never_an_overwrite,
    nothing_is_added_to_a_closed_round,
    a_save_sent_again_after_its_round_closed_gets_its_stored_answer,
    bad_input_gets_a_clear_problem_and_nothing_is_saved,
    the_database_refuses_duplicate_assessments,
    a_follow_up_stays_open_turns_overdue_and_is_closed_with_a_date,
    area_counts_hide_small_numbers_and_name_no_child,
    a_parent_reads_the_timeline_but_cannot_assess,
    an_ad_hoc_concern_outside_a_round_opens_a_follow_up,
    only_planners_plan_rounds_and_windows_must_make_sense,
    the_grid_shows_each_childs_latest_earlier_joint_position,
    an_edited_indicator_set_is_on_the_next_grid_and_past_assessments_keep_their_words,
);

fn key() -> String {
    app::domain::UserId::random().to_string()
}

async fn group_id(app: &TestApp, name: &str) -> String {
    app.scalar_text("SELECT id FROM child_groups WHERE name = $1", name)
        .await
}

/// The children of a group, in the order the grid shows them.
async fn children(app: &TestApp, group: &str) -> Vec<String> {
    let (status, body) = app.call("group_round", json!({ "group": group })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn open_round(app: &TestApp, group: &str) -> String {
    let (status, body) = app.call("group_round", json!({ "group": group })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["round"]["id"]
        .as_str()
        .expect("the demo has an open round")
        .to_owned()
}

#[allow(clippy::too_many_arguments)]
fn individual(
    key: &str,
    round: &str,
    group: &str,
    child: &str,
    position: &str,
    note: &str,
    base: Option<i64>,
) -> Value {
    json!({ "input": {
        "key": key, "round": round, "group": group, "child": child, "position": position,
        "context": "overall", "indicators": [], "note": note, "base_version": base,
    }})
}

fn joint(
    key: &str,
    round: &str,
    group: &str,
    child: &str,
    position: &str,
    note: &str,
    base: Option<i64>,
) -> Value {
    json!({ "input": {
        "key": key, "round": round, "group": group, "child": child, "position": position,
        "context": "play_with_peers", "note": note, "base_version": base,
    }})
}

/// Assessments of a child of one kind in the given round (the demo has older ones too).
async fn rows(app: &TestApp, round: &str, child: &str, kind: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM assessments WHERE round_id = '{round}' AND child_id = '{child}' \
         AND kind = '{kind}'"
    ))
    .await
}

struct Room {
    group: String,
    round: String,
    children: Vec<String>,
}

async fn green_room(app: &TestApp) -> Room {
    let group = group_id(app, "Grønne stue").await;
    Room {
        round: open_round(app, &group).await,
        children: children(app, &group).await,
        group,
    }
}

async fn a_repeat_of_a_key_is_answered_once_and_a_reused_key_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = &room.children[0];
    let k = key();
    let body = individual(&k, &room.round, &room.group, child, "green", "", None);
    let (status, first) = app.call("save_individual", body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["version"], 1);
    // The tablet did not hear the answer and sends the same again: same answer, one row.
    let (status, again) = app.call("save_individual", body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, first);
    assert_eq!(rows(&app, &room.round, child, "individual").await, 1);
    // The same key with another payload is refused and changes nothing.
    let other = individual(
        &k,
        &room.round,
        &room.group,
        child,
        "red",
        "Noget andet",
        None,
    );
    let (status, refused) = app.call("save_individual", other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"], "key_reused");
    assert_eq!(
        app.scalar_text(
            "SELECT position FROM assessments WHERE child_id = $1 AND kind = 'individual' \
             AND assessed_on = '2026-11-23'",
            child
        )
        .await,
        "green"
    );
    // The grid shows it as mine, with progress.
    let (_, grid) = app
        .call("group_round", json!({ "group": room.group }))
        .await;
    assert_eq!(grid["children"][0]["own"]["position"], "green");
    assert_eq!(grid["children"][0]["own"]["version"], 1);
    assert!(grid["children"][1]["own"].is_null());
}

async fn a_colleagues_position_stays_hidden_until_i_have_given_mine(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[2].clone();
    let (status, _) = app
        .call(
            "save_individual",
            individual(
                &key(),
                &room.round,
                &room.group,
                &child,
                "yellow",
                "Trækker sig fra legen",
                None,
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let entry = |view: &Value| -> Value {
        view["children"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == child.as_str())
            .unwrap()
            .clone()
    };

    // The leader holds the dialogue and assesses nobody: sees it.
    app.login_ok("leder").await;
    let (_, view) = app.call("joint_view", json!({ "group": room.group })).await;
    assert_eq!(entry(&view)["individuals"][0]["seen"]["position"], "yellow");

    // The colleague who has not assessed the child yet: hidden, also on the child's timeline.
    app.login_ok("paedagog2").await;
    let (status, view) = app.call("joint_view", json!({ "group": room.group })).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let before = entry(&view);
    assert_eq!(before["individuals"].as_array().unwrap().len(), 1);
    assert!(before["individuals"][0]["seen"].is_null(), "{before}");
    assert_eq!(before["disagreement"], false);
    let (_, timeline) = app.call("child_timeline", json!({ "child": child })).await;
    assert_eq!(timeline["hidden"], 1);
    assert!(!timeline.to_string().contains("Trækker sig fra legen"));

    // Once she has given her own, both are there and the disagreement shows.
    let (status, _) = app
        .call(
            "save_individual",
            individual(&key(), &room.round, &room.group, &child, "green", "", None),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = app.call("joint_view", json!({ "group": room.group })).await;
    let after = entry(&view);
    let seen: Vec<_> = after["individuals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i["seen"]["position"]
                .as_str()
                .unwrap_or("hidden")
                .to_owned()
        })
        .collect();
    assert_eq!(seen.len(), 2);
    assert!(seen.contains(&"yellow".to_owned()) && seen.contains(&"green".to_owned()));
    assert_eq!(after["disagreement"], true);
}

async fn a_joint_concern_needs_enough_individual_positions_and_opens_a_follow_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let (concern, fine) = (room.children[4].clone(), room.children[5].clone());
    for child in [&concern, &fine] {
        app.call(
            "save_individual",
            individual(&key(), &room.round, &room.group, child, "green", "", None),
        )
        .await;
    }
    // Two adults work in the room: one individual assessment is not enough.
    let (status, body) = app
        .call(
            "set_joint",
            joint(
                &key(),
                &room.round,
                &room.group,
                &concern,
                "red",
                "Uro",
                None,
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["code"], "too_few_individual");
    assert_eq!(rows(&app, &room.round, &concern, "joint").await, 0);

    app.login_ok("paedagog2").await;
    for child in [&concern, &fine] {
        app.call(
            "save_individual",
            individual(&key(), &room.round, &room.group, child, "green", "", None),
        )
        .await;
    }
    let (status, saved) = app
        .call(
            "set_joint",
            joint(
                &key(),
                &room.round,
                &room.group,
                &concern,
                "red",
                "Trækker sig helt fra fællesskabet",
                None,
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["follow_up_due"], "2026-12-07");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE child_id = '{concern}' AND done_on IS NULL \
             AND assessment_id = '{}'",
            saved["assessment"].as_str().unwrap()
        ))
        .await,
        1
    );
    let (status, green) = app
        .call(
            "set_joint",
            joint(&key(), &room.round, &room.group, &fine, "green", "", None),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(green["follow_up_due"].is_null());
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE child_id = '{fine}'"
        ))
        .await,
        0
    );
}

async fn a_stale_joint_write_is_a_conflict_never_an_overwrite(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[6].clone();
    for user in ["paedagog", "paedagog2"] {
        app.login_ok(user).await;
        app.call(
            "save_individual",
            individual(&key(), &room.round, &room.group, &child, "green", "", None),
        )
        .await;
    }
    app.login_ok("paedagog").await;
    let (status, first) = app
        .call(
            "set_joint",
            joint(&key(), &room.round, &room.group, &child, "green", "", None),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["version"], 1);

    // A colleague's tablet, offline since before that, also sets a first joint position.
    app.login_ok("paedagog2").await;
    let (status, conflict) = app
        .call(
            "set_joint",
            joint(
                &key(),
                &room.round,
                &room.group,
                &child,
                "yellow",
                "Uro ved samling",
                None,
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(conflict["error"], "conflict");
    assert_eq!(conflict["current"]["position"], "green");
    assert_eq!(conflict["current"]["version"], 1);
    assert_eq!(conflict["current"]["by"], "Pia Pædagog");
    // She decides to keep hers, based on what is there now.
    let (status, second) = app
        .call(
            "set_joint",
            joint(
                &key(),
                &room.round,
                &room.group,
                &child,
                "yellow",
                "Uro ved samling",
                Some(1),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(second["version"], 2);

    // The first tablet, still on version 1, cannot silently overwrite that.
    app.login_ok("paedagog").await;
    let (status, stale) = app
        .call(
            "set_joint",
            joint(
                &key(),
                &room.round,
                &room.group,
                &child,
                "green",
                "",
                Some(1),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(stale["current"]["version"], 2);
    assert_eq!(
        app.scalar_text(
            "SELECT position FROM assessments WHERE child_id = $1 AND kind = 'joint' \
             AND assessed_on = '2026-11-23'",
            &child
        )
        .await,
        "yellow"
    );
    assert_eq!(rows(&app, &room.round, &child, "joint").await, 1);
}

async fn nothing_is_added_to_a_closed_round(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    // The demo's open round ends 14 days after the test's start.
    app.clock.advance(Duration::days(15));
    app.login_ok("paedagog").await;
    let (status, body) = app
        .call(
            "save_individual",
            individual(
                &key(),
                &room.round,
                &room.group,
                &room.children[0],
                "green",
                "",
                None,
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["problems"][0]["code"], "round_closed");
    assert_eq!(
        rows(&app, &room.round, &room.children[0], "individual").await,
        0
    );
    let (_, grid) = app
        .call("group_round", json!({ "group": room.group }))
        .await;
    assert!(grid["round"].is_null(), "no round is open any more");
}

/// The tablet saved, never heard the answer, and sends the outbox item again only after the
/// round has closed: it is told what it was told the first time, not "round closed", so the
/// item is not shown as refused while it is on the server.
async fn a_save_sent_again_after_its_round_closed_gets_its_stored_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = &room.children[0];
    let k = key();
    let body = individual(
        &k,
        &room.round,
        &room.group,
        child,
        "yellow",
        "Trækker sig",
        None,
    );
    let (status, first) = app.call("save_individual", body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    app.clock.advance(Duration::days(15));
    app.login_ok("paedagog").await;
    let (status, again) = app.call("save_individual", body).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again, first);
    assert_eq!(rows(&app, &room.round, child, "individual").await, 1);
    // A new write under the same key is still refused, and a new key meets the closed round.
    let other = individual(&k, &room.round, &room.group, child, "green", "", None);
    let (status, refused) = app.call("save_individual", other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"], "key_reused");
    let fresh = individual(&key(), &room.round, &room.group, child, "green", "", None);
    let (status, closed) = app.call("save_individual", fresh).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(closed["problems"][0]["code"], "round_closed");
    assert_eq!(rows(&app, &room.round, child, "individual").await, 1);
}

async fn bad_input_gets_a_clear_problem_and_nothing_is_saved(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let red = group_id(&app, "Røde stue").await;
    let school_child = app.child_in_group("0.A").await;
    let child = room.children[7].clone();
    let before = app.count("SELECT COUNT(*) FROM assessments").await;
    let long = "x".repeat(601);
    // (body, status, problem code or error)
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            individual(
                &key(),
                &room.round,
                &room.group,
                &child,
                "green",
                &long,
                None,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_long",
        ),
        (
            individual(
                &key(),
                &room.round,
                &room.group,
                &child,
                "yellow",
                "  ",
                None,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "note_required",
        ),
        (
            individual(&key(), &room.round, &room.group, &child, "blue", "", None),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_position",
        ),
        (
            individual(&key(), &room.round, &red, &child, "green", "", None),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_in_group",
        ),
        (
            individual(
                &key(),
                &room.round,
                &room.group,
                &school_child,
                "green",
                "",
                None,
            ),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (body, status, code) in cases {
        let (got, answer) = app.call("save_individual", body).await;
        assert_eq!(got, status, "{code}: {answer}");
        let found = answer["problems"][0]["code"]
            .as_str()
            .or(answer["error"].as_str())
            .unwrap_or_default();
        assert_eq!(found, code, "{answer}");
    }
    // An indicator of another position is refused too.
    let (_, grid) = app
        .call("group_round", json!({ "group": room.group }))
        .await;
    let red_indicator = grid["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["position"] == "red")
        .unwrap()["id"]
        .clone();
    let mut body = individual(&key(), &room.round, &room.group, &child, "green", "", None);
    body["input"]["indicators"] = json!([red_indicator]);
    let (status, answer) = app.call("save_individual", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["problems"][0]["code"], "unknown_indicator");
    assert_eq!(app.count("SELECT COUNT(*) FROM assessments").await, before);
}

async fn the_database_refuses_duplicate_assessments(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[8].clone();
    let user = app.user_id("paedagog").await;
    let unit = app.unit_id("Skovbørnehaven Egern").await;
    let insert = |kind: &'static str| {
        let (round, child, user, group, unit) = (
            room.round.clone(),
            child.clone(),
            user.clone(),
            room.group.clone(),
            unit.clone(),
        );
        let db = app.db.clone();
        async move {
            sqlx::query(
                "INSERT INTO assessments (id, child_id, round_id, kind, assessor_id, group_id, unit_id, \
                   position, context, note, assessed_on, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'green', 'overall', '', '2026-11-23', 0, 0, 1)",
            )
            .bind(key())
            .bind(child)
            .bind(round)
            .bind(kind)
            .bind(user)
            .bind(group)
            .bind(unit)
            .execute(db.pool())
            .await
        }
    };
    for kind in ["individual", "joint"] {
        insert(kind).await.expect("the first one is fine");
        let second = insert(kind).await;
        assert!(
            second.is_err(),
            "a second {kind} assessment must be refused"
        );
        assert_eq!(rows(&app, &room.round, &child, kind).await, 1);
    }
}

async fn a_follow_up_stays_open_turns_overdue_and_is_closed_with_a_date(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[9].clone();
    let (status, saved) = app
        .call(
            "save_adhoc",
            json!({ "input": { "key": key(), "group": room.group, "child": child,
                "position": "yellow", "context": "learning", "note": "Meget træt om morgenen" }}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let unit = app.unit_id("Skovbørnehaven Egern").await;
    let mine = |dashboard: &Value| -> Value {
        dashboard["follow_ups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["child"] == child.as_str())
            .cloned()
            .expect("the follow-up is on the leader's list")
    };
    app.login_ok("leder").await;
    let (status, dashboard) = app.call("unit_dashboard", json!({ "unit": unit })).await;
    assert_eq!(status, StatusCode::OK, "{dashboard}");
    assert_eq!(mine(&dashboard)["overdue"], false);
    assert!(mine(&dashboard)["done_on"].is_null());

    app.clock.advance(Duration::days(15));
    app.login_ok("leder").await;
    let (_, dashboard) = app.call("unit_dashboard", json!({ "unit": unit })).await;
    let item = mine(&dashboard);
    assert_eq!(item["overdue"], true);
    let id = item["id"].as_str().unwrap().to_owned();

    // Someone of another unit cannot touch it.
    app.login_ok("laerer").await;
    let (status, _) = app
        .call(
            "complete_follow_up",
            json!({ "follow_up": id, "done_on": "2026-12-01" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    app.login_ok("leder").await;
    let (status, body) = app
        .call(
            "complete_follow_up",
            json!({ "follow_up": id, "done_on": "2027-01-30" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["code"], "bad_date");
    let (status, _) = app
        .call(
            "complete_follow_up",
            json!({ "follow_up": id, "done_on": "2026-12-01" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, dashboard) = app.call("unit_dashboard", json!({ "unit": unit })).await;
    let item = mine(&dashboard);
    assert_eq!(item["done_on"], "2026-12-01");
    assert_eq!(item["overdue"], false);
}

async fn area_counts_hide_small_numbers_and_name_no_child(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("omraadeleder").await;
    let (status, body) = app.call_empty("counts_overview").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let units = body.as_array().unwrap();
    assert_eq!(units.len(), 3, "the three units of Område Nord");
    let mut hidden = 0;
    for unit in units {
        let counts = unit["counts"].as_array().unwrap();
        assert_eq!(counts.len(), 3);
        for shown in counts
            .iter()
            .chain([&unit["open_follow_ups"], &unit["overdue_follow_ups"]])
        {
            match shown["kind"].as_str().unwrap() {
                "exact" => assert!(shown["value"].as_i64().unwrap() >= 5, "{unit}"),
                "fewer_than" => {
                    assert_eq!(shown["value"], 5);
                    hidden += 1;
                }
                other => panic!("unknown count kind {other}"),
            }
        }
        // A lone hidden position count could be worked out from the total: never one alone.
        let hidden_here = counts.iter().filter(|c| c["kind"] == "fewer_than").count();
        assert_ne!(hidden_here, 1, "{unit}");
    }
    assert!(hidden > 0, "the demo has small counts to hide");
    let text = body.to_string();
    for name in ["Alma", "Bertram", "Cecilie", "Bakkegaard"] {
        assert!(!text.contains(name), "a child's name leaked: {name}");
    }
    // A pedagogue has no overview at all.
    app.login_ok("paedagog").await;
    let (_, body) = app.call_empty("counts_overview").await;
    assert_eq!(body, json!([]));
}

async fn a_parent_reads_the_timeline_but_cannot_assess(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    app.login_ok("forælder").await;
    let (_, home) = app.call_empty("home").await;
    let child = home["own_children"][0]["id"].as_str().unwrap().to_owned();
    let (status, timeline) = app.call("child_timeline", json!({ "child": child })).await;
    assert_eq!(status, StatusCode::OK, "{timeline}");
    let entries = timeline["entries"].as_array().unwrap();
    assert!(
        entries.len() >= 9,
        "three past rounds, individual and joint"
    );
    assert!(entries.iter().all(|e| e["deleted_on"].is_string()));
    assert!(timeline["adhoc_groups"].as_array().unwrap().is_empty());

    let (status, _) = app
        .call(
            "save_individual",
            individual(&key(), &room.round, &room.group, &child, "green", "", None),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let parent = app.user_id("forælder").await;
    assert!(app
        .audit("assess_child")
        .await
        .iter()
        .any(
            |(user, c, _, outcome)| user.as_deref() == Some(parent.as_str())
                && c.as_deref() == Some(child.as_str())
                && outcome == "denied"
        ));
    // Staff of another unit do not even learn that the child has a timeline.
    app.login_ok("laerer").await;
    let (status, _) = app.call("child_timeline", json!({ "child": child })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn an_ad_hoc_concern_outside_a_round_opens_a_follow_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[10].clone();
    let (status, saved) = app
        .call(
            "save_adhoc",
            json!({ "input": { "key": key(), "group": room.group, "child": child,
                "position": "red", "context": "home_and_family", "note": "Fortæller om uro derhjemme" }}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["follow_up_due"], "2026-12-07");
    let id = saved["assessment"].as_str().unwrap();
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM assessments WHERE id = '{id}' AND round_id IS NULL AND kind = 'adhoc'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE assessment_id = '{id}'"
        ))
        .await,
        1
    );
    let (_, timeline) = app.call("child_timeline", json!({ "child": child })).await;
    assert_eq!(timeline["entries"][0]["kind"], "adhoc");
    assert_eq!(timeline["entries"][0]["position"], "red");
}

async fn only_planners_plan_rounds_and_windows_must_make_sense(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let egern = app.unit_id("Skovbørnehaven Egern").await;
    let plan = |name: &str, start: &str, end: &str| {
        json!({ "input": { "name": name, "units": [egern],
            "windows": [{ "kind": "daycare", "starts_on": start, "ends_on": end }] }})
    };
    app.login_ok("paedagog").await;
    let (status, _) = app
        .call(
            "plan_round",
            plan("Vinter 2026", "2026-12-01", "2026-12-20"),
        )
        .await;
    assert!(
        matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
        "{status}"
    );

    app.login_ok("admin").await;
    let (status, body) = app
        .call(
            "plan_round",
            plan("Vinter 2026", "2026-12-20", "2026-12-01"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["code"], "bad_window");
    let before = app.count("SELECT COUNT(*) FROM rounds").await;
    let (status, round) = app
        .call(
            "plan_round",
            plan("Vinter 2026", "2026-12-01", "2026-12-20"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{round}");
    assert_eq!(app.count("SELECT COUNT(*) FROM rounds").await, before + 1);
    let (status, body) = app
        .call(
            "plan_round",
            plan("Vinter 2026", "2026-12-01", "2026-12-20"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["code"], "duplicate");
    // A school cannot take part without a school window.
    let school = app.unit_id("Bakkeskolen").await;
    let (status, body) = app
        .call(
            "plan_round",
            json!({ "input": { "name": "Kun dagtilbud", "units": [school],
                "windows": [{ "kind": "daycare", "starts_on": "2027-03-01", "ends_on": "2027-03-20" }] }}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["code"], "bad_window");
    assert_eq!(app.count("SELECT COUNT(*) FROM rounds").await, before + 1);
}

async fn the_grid_shows_each_childs_latest_earlier_joint_position(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let group = group_id(&app, "Grønne stue").await;
    let round = open_round(&app, &group).await;
    // The team sets a joint position in the open round for the first child: the grid's
    // "last joint" stays the one from before the round (it is the context, not the answer).
    let first = children(&app, &group).await[0].clone();
    for user in ["paedagog", "paedagog2"] {
        app.login_ok(user).await;
        let (status, body) = app
            .call(
                "save_individual",
                individual(&key(), &round, &group, &first, "green", "", None),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = app
        .call(
            "set_joint",
            joint(
                &key(),
                &round,
                &group,
                &first,
                "red",
                "Græder ved aflevering.",
                None,
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, grid) = app.call("group_round", json!({ "group": group })).await;
    assert_eq!(status, StatusCode::OK, "{grid}");
    let shown = grid["children"].as_array().unwrap();
    assert_eq!(shown.len(), 24);
    for child in shown {
        let id = child["id"].as_str().unwrap();
        let expected = app
            .scalar_text(
                &format!(
                    "SELECT position || ' ' || assessed_on FROM assessments \
                     WHERE child_id = $1 AND kind = 'joint' AND round_id <> '{round}' \
                     ORDER BY assessed_on DESC, created_at DESC LIMIT 1"
                ),
                id,
            )
            .await;
        let last = &child["last_joint"];
        assert_eq!(
            format!(
                "{} {}",
                last["position"].as_str().unwrap(),
                last["assessed_on"].as_str().unwrap()
            ),
            expected,
            "{child}"
        );
    }
    assert_eq!(shown[0]["id"], first.as_str());
    assert_eq!(shown[0]["joint"], "red");
    assert_eq!(shown[0]["individual_count"], 2);
}

async fn an_edited_indicator_set_is_on_the_next_grid_and_past_assessments_keep_their_words(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let (_, grid) = app
        .call("group_round", json!({ "group": room.group }))
        .await;
    let before = grid["indicators"].as_array().unwrap().len();
    let greens: Vec<Value> = grid["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["position"] == "green")
        .cloned()
        .collect();
    let (edited, retired) = (greens[0].clone(), greens[1].clone());
    let mut body = individual(
        &key(),
        &room.round,
        &room.group,
        &room.children[0],
        "green",
        "",
        None,
    );
    body["input"]["indicators"] = json!([edited["id"]]);
    let (status, saved) = app.call("save_individual", body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    // A pedagogue cannot change the municipality's words.
    let edit = json!({ "edit": {
        "replaces": edited["id"], "position": edited["position"], "age_band": edited["age_band"],
        "area": edited["area"], "text": "Leger gerne med de andre børn i længere tid",
    }});
    let (status, _) = app.call("save_indicator", edit.clone()).await;
    assert!(
        matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
        "{status}"
    );

    app.login_ok("admin").await;
    let (status, new_id) = app.call("save_indicator", edit).await;
    assert_eq!(status, StatusCode::OK, "{new_id}");
    let (status, body) = app
        .call("retire_indicator", json!({ "indicator": retired["id"] }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The very next grid has the new words and neither the old nor the retired indicator.
    app.login_ok("paedagog").await;
    let (_, grid) = app
        .call("group_round", json!({ "group": room.group }))
        .await;
    let now: Vec<&Value> = grid["indicators"].as_array().unwrap().iter().collect();
    assert!(now
        .iter()
        .any(|i| i["id"] == new_id && i["text"] == "Leger gerne med de andre børn i længere tid"));
    assert!(!now
        .iter()
        .any(|i| i["id"] == edited["id"] || i["id"] == retired["id"]));
    // One replaced (one out, one in), one retired.
    assert_eq!(now.len(), before - 1);

    // The assessment made before the edit still carries the words it was made with.
    let kept = app
        .scalar_text(
            "SELECT i.text FROM assessment_indicators ai JOIN indicators i ON i.id = ai.indicator_id \
             WHERE ai.assessment_id = $1",
            saved["assessment"].as_str().unwrap(),
        )
        .await;
    assert_eq!(kept, edited["text"].as_str().unwrap());
}

/// A tablet whose network hiccups may send the same save several times at once: the copies
/// race for the write lock, and every loser must answer as the winner did — never a conflict
/// with itself, never a second row. Both for a first position and for a change of it.
async fn copies_of_one_save_sent_at_once_store_one_row_and_get_one_answer(backend: Backend) {
    let app = std::sync::Arc::new(TestApp::spawn(backend).await);
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[1].clone();
    let send_copies = |body: Value| {
        let app = app.clone();
        async move {
            let mut copies = tokio::task::JoinSet::new();
            for _ in 0..6 {
                let (app, body) = (app.clone(), body.clone());
                copies.spawn(async move { app.call("save_individual", body).await });
            }
            let mut answers = Vec::new();
            while let Some(joined) = copies.join_next().await {
                let (status, answer) = joined.expect("copy sent");
                assert_eq!(status, StatusCode::OK, "{answer}");
                answers.push(answer);
            }
            answers
        }
    };
    let first = individual(&key(), &room.round, &room.group, &child, "green", "", None);
    let answers = send_copies(first).await;
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(answers[0]["version"], 1);
    assert_eq!(rows(&app, &room.round, &child, "individual").await, 1);

    let change = individual(
        &key(),
        &room.round,
        &room.group,
        &child,
        "yellow",
        "Trækker sig fra legen",
        Some(1),
    );
    let answers = send_copies(change).await;
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(answers[0]["version"], 2);
    assert_eq!(rows(&app, &room.round, &child, "individual").await, 1);
    assert_eq!(
        app.scalar_text(
            &format!(
                "SELECT position FROM assessments WHERE child_id = $1 AND kind = 'individual' \
                 AND round_id = '{}'",
                room.round
            ),
            &child
        )
        .await,
        "yellow"
    );
}

/// Saves that arrive together are committed together; a refusal among them (a stale version, a
/// joint position too early) undoes only itself and gets its own status, and the rest are
/// saved as if each had come alone.
async fn saves_sent_at_once_are_each_kept_or_refused_on_their_own(backend: Backend) {
    let app = std::sync::Arc::new(TestApp::spawn(backend).await);
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let (fine, stale, early, adhoc) = (
        room.children[10..15].to_vec(),
        room.children[15].clone(),
        room.children[16].clone(),
        room.children[17].clone(),
    );
    let keys_before = app.count("SELECT COUNT(*) FROM idempotent_writes").await;
    let mut sends: Vec<(&str, Value)> = fine
        .iter()
        .map(|child| {
            (
                "save_individual",
                individual(&key(), &room.round, &room.group, child, "green", "", None),
            )
        })
        .collect();
    sends.push((
        "save_individual",
        individual(
            &key(),
            &room.round,
            &room.group,
            &stale,
            "green",
            "",
            Some(4),
        ),
    ));
    sends.push((
        "set_joint",
        joint(&key(), &room.round, &room.group, &early, "green", "", None),
    ));
    sends.push((
        "save_adhoc",
        json!({ "input": { "key": key(), "group": room.group, "child": adhoc,
            "position": "yellow", "context": "overall", "note": "Græder ved aflevering" }}),
    ));
    let mut calls = tokio::task::JoinSet::new();
    for (index, (endpoint, body)) in sends.into_iter().enumerate() {
        let app = app.clone();
        calls.spawn(async move { (index, app.call(endpoint, body).await) });
    }
    let mut answers = vec![None; fine.len() + 3];
    while let Some(joined) = calls.join_next().await {
        let (index, answer) = joined.expect("sent");
        answers[index] = Some(answer);
    }
    let answers: Vec<(StatusCode, Value)> = answers.into_iter().map(Option::unwrap).collect();
    for (child, (status, body)) in fine.iter().zip(&answers) {
        assert_eq!(*status, StatusCode::OK, "{body}");
        assert_eq!(body["version"], 1);
        assert_eq!(rows(&app, &room.round, child, "individual").await, 1);
    }
    let (status, body) = &answers[fine.len()];
    assert_eq!(*status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"], "conflict");
    assert_eq!(rows(&app, &room.round, &stale, "individual").await, 0);
    let (status, body) = &answers[fine.len() + 1];
    assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["problems"][0]["code"], "too_few_individual");
    assert_eq!(rows(&app, &room.round, &early, "joint").await, 0);
    let (status, body) = &answers[fine.len() + 2];
    assert_eq!(*status, StatusCode::OK, "{body}");
    let id = body["assessment"].as_str().expect("an id");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE assessment_id = '{id}'"
        ))
        .await,
        1
    );
    // Every answer stored for its key is one a client got: none for the refusals.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM idempotent_writes").await,
        keys_before + fine.len() as i64 + 1
    );
}
