//! The access policy as seen through the HTTP API (SECURITY A1, A4, A6, A7, C4, L1, P2).

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::{ChildId, Role};
use app::error::AppError;
use app::org::{AccessRow, AccessWho, ChildPageFor, Home};
use reqwest::StatusCode;

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

async fn staff_see_a_child_of_their_own_unit(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("paedagog").await;
    let page = app.child_page(child).await.expect("the child's page");
    assert_eq!(page.id, child);
    assert_eq!(page.placements[0].unit_name, "Skovbørnehaven Egern");
    assert!(!page.viewer_is_guardian());
}

async fn staff_of_another_unit_get_not_found_for_the_child(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("laerer").await;
    // The typed client decodes strictly: the body is `{"error": "not_found"}` and no more.
    let refused = app.child_page(child).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(refused.error, AppError::NotFound);
}

async fn a_child_that_does_not_exist_looks_the_same_as_one_of_another_unit(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let other_units_child = app.child_in_group("Grønne stue").await;
    app.login_ok("laerer").await;
    let denied = app.child_page(other_units_child).await;
    let nobody: ChildId = "00000000-0000-4000-8000-000000000000".parse().unwrap();
    let missing = app.child_page(nobody).await;
    assert_eq!(denied, missing);
}

async fn staff_of_another_unit_get_not_found_for_the_unit_list(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let egern = app.unit_id("Skovbørnehaven Egern").await;
    app.login_ok("laerer").await;
    let refused = app.unit_groups(egern).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    app.login_ok("leder").await;
    let groups = app.unit_groups(egern).await.expect("the unit's groups");
    let names: Vec<_> = groups.iter().map(|g| g.group_name.as_str()).collect();
    assert_eq!(names, ["Grønne stue", "Røde stue"]);
    assert_eq!(groups[0].children.len(), 24);
}

async fn reads_and_denials_are_written_to_the_audit_log(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("paedagog").await;
    let _ = app.child_page(child).await;
    app.login_ok("laerer").await;
    let _ = app.child_page(child).await;
    let rows = app.audit("view_child").await;
    assert_eq!(rows.len(), 2);
    let (pia, lise) = (app.user_id("paedagog").await, app.user_id("laerer").await);
    assert_eq!(
        rows[0],
        (
            Some(pia.to_string()),
            Some(child.to_string()),
            None,
            "allowed".to_owned()
        )
    );
    assert_eq!(
        rows[1],
        (
            Some(lise.to_string()),
            Some(child.to_string()),
            None,
            "denied".to_owned()
        )
    );
    let unit_at = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view_child' AND unit_id IS NOT NULL",
        )
        .await;
    assert_eq!(unit_at, 2, "each row names the child's unit");
    // Listing a group is a search: its criterion is logged.
    app.login_ok("paedagog").await;
    let _ = app.home().await;
    let lists = app.audit("list_unit_children").await;
    let egern = app.unit_id("Skovbørnehaven Egern").await;
    assert_eq!(
        lists.last().unwrap().2.as_deref(),
        Some(format!("unit:{egern}").as_str())
    );
}

async fn an_ended_membership_stops_working_on_the_next_request(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("paedagog").await;
    assert_eq!(app.child_page(child).await.map(|_| ()), Ok(()));
    let pia = app.user_id("paedagog").await;
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
    let refused = app.child_page(child).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let home = app.home().await.expect("home");
    assert!(
        home.groups.is_empty(),
        "the home page no longer lists the unit's groups"
    );
}

async fn the_area_leader_sees_children_of_units_in_the_area_only(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let north_child = app.child_in_group("Grønne stue").await;
    let south_child = app.child_in_group("0.A").await;
    app.login_ok("omraadeleder").await;
    assert!(app.child_page(north_child).await.is_ok());
    let refused = app.child_page(south_child).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let home = app.home().await.expect("home");
    let units: Vec<_> = home.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        units,
        [
            "Dagplejen Nord",
            "Skovbørnehaven Egern",
            "Vuggestuen Mælkebøtten"
        ]
    );
}

async fn a_specialist_sees_only_the_case_they_are_invited_to(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let invited: ChildId = app
        .scalar_text(
            "SELECT ci.child_id FROM case_invitations ci JOIN users u ON u.id = ci.user_id WHERE u.username = $1",
            "specialist",
        )
        .await
        .parse()
        .unwrap();
    let other = app.child_in_group("1.A").await;
    app.login_ok("specialist").await;
    assert!(app.child_page(invited).await.is_ok());
    let refused = app.child_page(other).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // The home page lists the invited case, and the listing is a read in the audit log.
    let specialist = app.user_id("specialist").await.to_string();
    let listed =
        |home: &Home| -> Vec<ChildId> { home.invited_children.iter().map(|c| c.id).collect() };
    let home = app.home().await.expect("home");
    assert_eq!(listed(&home), vec![invited]);
    let purposes: Vec<String> = sqlx::query_scalar(
        "SELECT purpose FROM audit_log WHERE action = 'view_child' AND user_id = $1 AND child_id = $2",
    )
    .bind(&specialist)
    .bind(invited.to_string())
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
    let home = app.home().await.expect("home");
    assert!(listed(&home).is_empty(), "{home:?}");
    let refused = app.child_page(invited).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn the_administrator_manages_the_organisation_but_cannot_open_a_child(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    app.login_ok("admin").await;
    let home = app.home().await.expect("home");
    let municipality = home.municipality.expect("the municipality");
    assert_eq!(municipality.name, "Solbakke Kommune");
    // 129 placed today, and the 20 former pupils of the language assessment's oldest year.
    assert_eq!(municipality.children, 149);
    let refused = app.child_page(child).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn both_parents_see_their_child_without_staff_only_fields(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    for parent in ["forælder", "forælder2"] {
        app.login_ok(parent).await;
        let home = app.home().await.expect("home");
        let children = &home.own_children;
        assert_eq!(children.len(), 1, "{parent} has one child");
        let child = children[0].id;
        let page = app.child_page(child).await.expect("the child's page");
        assert!(page.viewer_is_guardian());
        assert_eq!(page.view, ChildPageFor::Parent, "A5: no staff-only fields");
        assert!(home.groups.is_empty());
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
    let refused = app.child_page(other).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn a_protected_guardian_hides_the_unit_from_the_other_parent(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let parent = app.user_id("forælder").await;
    sqlx::query("UPDATE guardianships SET address_protected = 1 WHERE user_id = $1")
        .bind(parent.to_string())
        .execute(app.db.pool())
        .await
        .unwrap();
    app.login_ok("forælder2").await;
    let home = app.home().await.expect("home");
    let child = home.own_children[0].id;
    let page = app.child_page(child).await.expect("the child's page");
    assert!(page.placements.is_empty());
    let text = serde_json::to_string(&page).unwrap();
    assert!(
        !text.contains("Egern"),
        "C4: the unit's name appears nowhere: {text}"
    );
    assert!(!text.contains("Område Nord"));
    // The protected parent still sees where their child is.
    app.login_ok("forælder").await;
    let page = app.child_page(child).await.expect("the child's page");
    assert_eq!(page.placements[0].unit_name, "Skovbørnehaven Egern");
}

async fn the_child_page_lists_who_can_see_the_data(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("forælder").await;
    let home = app.home().await.expect("home");
    let child = home.own_children[0].id;
    let page = app.child_page(child).await.expect("the child's page");
    let find = |who: AccessWho| -> Option<AccessRow> {
        page.access.iter().find(|r| r.who == who).cloned()
    };
    let pedagogues = find(AccessWho::Staff(Role::Pedagogue)).expect("pedagogues are listed");
    assert_eq!(pedagogues.place.as_deref(), Some("Skovbørnehaven Egern"));
    // The demo kindergarten has two pedagogues.
    assert_eq!(pedagogues.people, 2);
    let area = find(AccessWho::Staff(Role::AreaLeader)).expect("area leaders are listed");
    assert_eq!(area.place.as_deref(), Some("Område Nord"));
    assert_eq!(find(AccessWho::Staff(Role::Specialist)).unwrap().people, 1);
    assert_eq!(find(AccessWho::Guardians).unwrap().people, 2);
    assert!(
        find(AccessWho::Staff(Role::Administrator)).is_none(),
        "administrators have no access to children"
    );
}

async fn each_role_gets_its_own_home(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let cases: [(&str, &str, usize); 4] = [
        ("paedagog", "groups", 2),
        ("leder", "units", 1),
        ("omraadeleder", "units", 3),
        ("forælder", "own_children", 1),
    ];
    for (user, part, expected) in cases {
        app.login_ok(user).await;
        let home = app.home().await.expect("home");
        let shown = match part {
            "groups" => home.groups.len(),
            "units" => home.units.len(),
            "own_children" => home.own_children.len(),
            other => unreachable!("no part {other}"),
        };
        assert_eq!(shown, expected, "{user}: {part} in {home:?}");
    }
}
