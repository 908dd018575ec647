//! The access policy as seen through the HTTP API (SECURITY A1, A4, A6, A7, C4, L1, P2).

use crate::common::{Backend, TestApp};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::json;

on_both_backends!(
    staff_see_a_child_of_their_own_unit,
    staff_of_another_unit_get_not_found_for_the_child,
    a_child_that_does_not_exist_looks_the_same_as_one_of_another_unit,
    staff_of_another_unit_get_not_found_for_the_unit_list,
    reads_and_denials_are_written_to_the_audit_log,
    an_ended_membership_stops_working_on_the_next_request,
    the_area_leader_sees_children_of_units_in_the_area_only,
    a_specialist_sees_only_the_case_they_are_invited_to,
    the_administrator_manages_the_organisation_but_cannot_open_a_child,
    both_parents_see_their_child_without_staff_only_fields,
    a_protected_guardian_hides_the_unit_from_the_other_parent,
    the_child_page_lists_who_can_see_the_data,
    each_role_gets_its_own_home,
);

async fn staff_see_a_child_of_their_own_unit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("paedagog").await;
    let (status, page) = app.call("child_page", json!({ "child": child })).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["id"], child);
    assert_eq!(page["placements"][0]["unit_name"], "Skovbørnehaven Egern");
    assert_eq!(page["viewer_is_guardian"], false);
}

async fn staff_of_another_unit_get_not_found_for_the_child(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("laerer").await;
    let (status, body) = app.call("child_page", json!({ "child": child })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({ "error": "not_found" }));
}

async fn a_child_that_does_not_exist_looks_the_same_as_one_of_another_unit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other_units_child = app.child_in_group("Grønne stue").await;
    app.login_ok("laerer").await;
    let denied = app
        .call("child_page", json!({ "child": other_units_child }))
        .await;
    let missing = app
        .call(
            "child_page",
            json!({ "child": "00000000-0000-4000-8000-000000000000" }),
        )
        .await;
    assert_eq!(denied, missing);
}

async fn staff_of_another_unit_get_not_found_for_the_unit_list(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let egern = app.unit_id("Skovbørnehaven Egern").await;
    app.login_ok("laerer").await;
    let (status, _) = app.call("unit_groups", json!({ "unit": egern })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.login_ok("leder").await;
    let (status, groups) = app.call("unit_groups", json!({ "unit": egern })).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<_> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Grønne stue", "Røde stue"]);
    assert_eq!(groups[0]["children"].as_array().unwrap().len(), 24);
}

async fn reads_and_denials_are_written_to_the_audit_log(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("paedagog").await;
    app.call("child_page", json!({ "child": child })).await;
    app.login_ok("laerer").await;
    app.call("child_page", json!({ "child": child })).await;
    let rows = app.audit("view_child").await;
    assert_eq!(rows.len(), 2);
    let (pia, lise) = (app.user_id("paedagog").await, app.user_id("laerer").await);
    assert_eq!(
        rows[0],
        (Some(pia), Some(child.clone()), None, "allowed".to_owned())
    );
    assert_eq!(
        rows[1],
        (Some(lise), Some(child), None, "denied".to_owned())
    );
    let unit_at = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view_child' AND unit_id IS NOT NULL",
        )
        .await;
    assert_eq!(unit_at, 2, "each row names the child's unit");
    // Listing a group is a search: its criterion is logged.
    app.login_ok("paedagog").await;
    app.call_empty("home").await;
    let lists = app.audit("list_unit_children").await;
    let egern = app.unit_id("Skovbørnehaven Egern").await;
    assert_eq!(
        lists.last().unwrap().2.as_deref(),
        Some(format!("unit:{egern}").as_str())
    );
}

async fn an_ended_membership_stops_working_on_the_next_request(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("paedagog").await;
    assert_eq!(
        app.call("child_page", json!({ "child": child })).await.0,
        StatusCode::OK
    );
    let pia: app::domain::UserId = app.user_id("paedagog").await.parse().unwrap();
    let yesterday = crate::common::START.date().previous_day().unwrap();
    let mut conn = app.db.conn().await.unwrap();
    let mut tx = app::backend::db::begin_write_on(&mut conn, app.db.kind())
        .await
        .unwrap();
    app::backend::store::people::end_memberships(&mut tx, pia, yesterday)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    drop(conn);
    assert_eq!(
        app.call("child_page", json!({ "child": child })).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, home) = app.call_empty("home").await;
    assert_eq!(
        home["groups"],
        json!([]),
        "the home page no longer lists the unit's groups"
    );
}

async fn the_area_leader_sees_children_of_units_in_the_area_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let north_child = app.child_in_group("Grønne stue").await;
    let south_child = app.child_in_group("0.A").await;
    app.login_ok("omraadeleder").await;
    assert_eq!(
        app.call("child_page", json!({ "child": north_child }))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        app.call("child_page", json!({ "child": south_child }))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, home) = app.call_empty("home").await;
    let units: Vec<_> = home["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        units,
        [
            "Dagplejen Nord",
            "Skovbørnehaven Egern",
            "Vuggestuen Mælkebøtten"
        ]
    );
}

async fn a_specialist_sees_only_the_case_they_are_invited_to(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let invited = app
        .scalar_text(
            "SELECT ci.child_id FROM case_invitations ci JOIN users u ON u.id = ci.user_id WHERE u.username = $1",
            "specialist",
        )
        .await;
    let other = app.child_in_group("1.A").await;
    app.login_ok("specialist").await;
    assert_eq!(
        app.call("child_page", json!({ "child": invited })).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.call("child_page", json!({ "child": other })).await.0,
        StatusCode::NOT_FOUND
    );
    // The home page lists the invited case, and the listing is a read in the audit log.
    let specialist = app.user_id("specialist").await;
    let listed = |home: &serde_json::Value| -> Vec<String> {
        home["invited_children"]
            .as_array()
            .expect("invited children")
            .iter()
            .map(|c| c["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let (status, home) = app.call_empty("home").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed(&home), vec![invited.clone()]);
    let purposes: Vec<String> = sqlx::query_scalar(
        "SELECT purpose FROM audit_log WHERE action = 'view_child' AND user_id = $1 AND child_id = $2",
    )
    .bind(&specialist)
    .bind(&invited)
    .fetch_all(app.db.audit_pool())
    .await
    .expect("audit rows");
    assert!(
        purposes.iter().any(|p| p == "home: my cases"),
        "{purposes:?}"
    );
    // When the invitation has ended, the case is gone from the home page and the child page.
    sqlx::query("UPDATE case_invitations SET ends_on = '2000-01-01' WHERE user_id = $1")
        .bind(&specialist)
        .execute(app.db.pool())
        .await
        .expect("end the invitation");
    let (status, home) = app.call_empty("home").await;
    assert_eq!(status, StatusCode::OK);
    assert!(listed(&home).is_empty(), "{home}");
    assert_eq!(
        app.call("child_page", json!({ "child": invited })).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn the_administrator_manages_the_organisation_but_cannot_open_a_child(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("admin").await;
    let (status, home) = app.call_empty("home").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(home["municipality"]["name"], "Solbakke Kommune");
    assert_eq!(home["municipality"]["children"], 129);
    assert_eq!(
        app.call("child_page", json!({ "child": child })).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn both_parents_see_their_child_without_staff_only_fields(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for parent in ["forælder", "forælder2"] {
        app.login_ok(parent).await;
        let (_, home) = app.call_empty("home").await;
        let children = home["own_children"].as_array().unwrap();
        assert_eq!(children.len(), 1, "{parent} has one child");
        let child = children[0]["id"].as_str().unwrap().to_owned();
        let (status, page) = app.call("child_page", json!({ "child": child })).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["viewer_is_guardian"], true);
        assert_eq!(
            page["external_id"],
            serde_json::Value::Null,
            "A5: no staff-only fields"
        );
        assert_eq!(page["guardians"], json!([]));
        assert_eq!(home["groups"], json!([]));
    }
    // Listing the child on the home page and opening the page are both logged reads.
    let allowed = app
        .audit("view_child")
        .await
        .into_iter()
        .filter(|r| r.3 == "allowed")
        .count();
    assert_eq!(allowed, 4, "two parents × (home list + child page)");
    // A parent cannot open another family's child.
    let other = app.child_in_group("Røde stue").await;
    assert_eq!(
        app.call("child_page", json!({ "child": other })).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn a_protected_guardian_hides_the_unit_from_the_other_parent(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let parent = app.user_id("forælder").await;
    sqlx::query("UPDATE guardianships SET address_protected = 1 WHERE user_id = $1")
        .bind(&parent)
        .execute(app.db.pool())
        .await
        .unwrap();
    app.login_ok("forælder2").await;
    let (_, home) = app.call_empty("home").await;
    let child = home["own_children"][0]["id"].as_str().unwrap().to_owned();
    let (_, page) = app.call("child_page", json!({ "child": child })).await;
    assert_eq!(page["placements"], json!([]));
    let text = page.to_string();
    assert!(
        !text.contains("Egern"),
        "C4: the unit's name appears nowhere: {text}"
    );
    assert!(!text.contains("Område Nord"));
    // The protected parent still sees where their child is.
    app.login_ok("forælder").await;
    let (_, page) = app.call("child_page", json!({ "child": child })).await;
    assert_eq!(page["placements"][0]["unit_name"], "Skovbørnehaven Egern");
}

async fn the_child_page_lists_who_can_see_the_data(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("forælder").await;
    let (_, home) = app.call_empty("home").await;
    let child = home["own_children"][0]["id"].as_str().unwrap().to_owned();
    let (_, page) = app.call("child_page", json!({ "child": child })).await;
    let access = page["access"].as_array().unwrap();
    let find = |who: serde_json::Value| access.iter().find(|r| r["who"] == who).cloned();
    let pedagogues = find(json!({ "staff": "pedagogue" })).expect("pedagogues are listed");
    assert_eq!(pedagogues["place"], "Skovbørnehaven Egern");
    // The demo kindergarten has two pedagogues.
    assert_eq!(pedagogues["people"], 2);
    let area = find(json!({ "staff": "area_leader" })).expect("area leaders are listed");
    assert_eq!(area["place"], "Område Nord");
    assert_eq!(find(json!({ "staff": "specialist" })).unwrap()["people"], 1);
    assert_eq!(find(json!("guardians")).unwrap()["people"], 2);
    assert!(
        find(json!({ "staff": "administrator" })).is_none(),
        "administrators have no access to children"
    );
}

async fn each_role_gets_its_own_home(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cases: [(&str, &str, usize); 4] = [
        ("paedagog", "groups", 2),
        ("leder", "units", 1),
        ("omraadeleder", "units", 3),
        ("forælder", "own_children", 1),
    ];
    for (user, part, expected) in cases {
        app.login_ok(user).await;
        let (status, home) = app.call_empty("home").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            home[part].as_array().unwrap().len(),
            expected,
            "{user}: {part} in {home}"
        );
    }
}
