//! Narrower access, a municipal choice (issue 14, SECURITY A1): where the administrator narrows
//! access for a kind of unit, its pedagogues, teachers, childminders and health visitors reach
//! only the children of the groups they work in; the leader keeps the whole unit, and the child
//! page's "who can see the data" follows. The demo: Pia (`paedagog`) works in Grønne stue,
//! Per (`paedagog2`) in Grønne and Røde stue, both of Skovbørnehaven Egern.

use crate::common::TestApp;
use crate::on_both_backends;
use app::assessment::{Draft, IndividualInput};
use app::backend::db::DbKind;
use app::domain::{AssessmentContext, GroupId, IdempotencyKey, Position, Role, UnitKind};
use app::error::ProblemCode;
use app::org::import::ImportKind;
use app::org::{AccessRow, AccessSettings, AccessWho, ChildPage};
use reqwest::StatusCode;

on_both_backends!(
    close_staff_reach_only_their_groups_where_the_municipality_narrows_access,
    the_child_page_counts_who_can_see_the_data_by_the_setting,
    a_pedagogue_in_no_group_reaches_no_child_where_access_is_narrowed,
    the_staff_groups_import_checks_every_row_and_saves_nothing_on_a_problem,
    only_the_administrator_chooses_narrower_access,
);

const EGERN: &str = "Skovbørnehaven Egern";

async fn group_id(app: &TestApp, name: &str) -> GroupId {
    app.scalar_text("SELECT id FROM child_groups WHERE name = $1", name)
        .await
        .parse()
        .expect("a group id")
}

async fn narrow(app: &TestApp, kinds: Vec<UnitKind>) {
    app.login_ok("admin").await;
    app.save_access_settings(AccessSettings {
        narrowed: kinds,
        second_factor_all_staff: false,
    })
    .await
    .expect("the administrator chooses");
}

async fn home_groups(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = app
        .home()
        .await
        .expect("home")
        .groups
        .into_iter()
        .map(|g| g.group_name)
        .collect();
    names.sort();
    names
}

async fn staff_groups_count(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM staff_groups").await
}

/// The pedagogues row of a child page's "who can see the data".
fn pedagogues(page: &ChildPage) -> Vec<&AccessRow> {
    page.access
        .iter()
        .filter(|row| row.who == AccessWho::Staff(Role::Pedagogue))
        .collect()
}

async fn close_staff_reach_only_their_groups_where_the_municipality_narrows_access(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let (green, red) = (
        app.child_in_group("Grønne stue").await,
        app.child_in_group("Røde stue").await,
    );
    let red_group = group_id(&app, "Røde stue").await;

    // By default the whole unit, as before.
    app.login_ok("paedagog").await;
    assert_eq!(home_groups(&app).await, ["Grønne stue", "Røde stue"]);
    app.child_page(red)
        .await
        .expect("the whole unit by default");
    let grid = app.group_round(red_group).await.expect("Røde stue's grid");
    let round = grid.round.expect("an open round").id;

    narrow(&app, vec![UnitKind::Kindergarten]).await;
    assert_eq!(
        app.access_settings().await.expect("read back").narrowed,
        [UnitKind::Kindergarten]
    );
    let logged = app.audit("set_narrowed_access").await;
    assert_eq!(logged.len(), 1);
    assert_eq!(
        logged[0].2.as_deref(),
        Some("narrowed:kindergarten second_factor_all_staff:0")
    );

    // Pia works in Grønne stue only: Røde stue's children are as another unit's (404).
    app.login_ok("paedagog").await;
    assert_eq!(home_groups(&app).await, ["Grønne stue"]);
    app.child_page(green).await.expect("her own group's child");
    let not_found = |status: StatusCode, what: &str| {
        assert_eq!(status, StatusCode::NOT_FOUND, "{what}");
    };
    not_found(app.child_page(red).await.unwrap_err().status, "child page");
    not_found(
        app.child_timeline(red).await.unwrap_err().status,
        "timeline",
    );
    not_found(app.group_round(red_group).await.unwrap_err().status, "grid");
    not_found(app.joint_view(red_group).await.unwrap_err().status, "joint");
    let draft = Draft {
        key: IdempotencyKey::random(),
        group: red_group,
        child: red,
        position: Position::Green,
        context: AssessmentContext::Overall,
        note: String::new(),
    };
    let input = IndividualInput {
        draft,
        round,
        indicators: vec![],
        base_version: None,
    };
    not_found(
        app.save_individual(&input).await.unwrap_err().status,
        "save",
    );
    let unit = app.unit_id(EGERN).await;
    not_found(
        app.unit_groups(unit).await.unwrap_err().status,
        "the whole unit",
    );

    // Per works in both rooms; the leader keeps the whole unit.
    app.login_ok("paedagog2").await;
    assert_eq!(home_groups(&app).await, ["Grønne stue", "Røde stue"]);
    app.child_page(red).await.expect("his group's child");
    app.login_ok("leder").await;
    app.child_page(red).await.expect("the leader's unit");
    assert_eq!(app.unit_groups(unit).await.expect("the unit").len(), 2);
    app.group_round(red_group).await.expect("the leader's grid");

    // Narrowing schools changes nothing for the kindergarten; lifting it gives the unit back.
    narrow(&app, vec![UnitKind::School]).await;
    app.login_ok("paedagog").await;
    app.child_page(red)
        .await
        .expect("kindergartens are not narrowed now");
    narrow(&app, vec![]).await;
    app.login_ok("paedagog").await;
    app.group_round(red_group)
        .await
        .expect("the whole unit again");
}

async fn the_child_page_counts_who_can_see_the_data_by_the_setting(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let red = app.child_in_group("Røde stue").await;
    app.login_ok("leder").await;
    let page = app.child_page(red).await.expect("the page");
    let rows = pedagogues(&page);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].people, 2, "both pedagogues of the unit");
    assert_eq!(rows[0].place.as_deref(), Some(EGERN));

    narrow(&app, vec![UnitKind::Kindergarten]).await;
    app.login_ok("leder").await;
    let page = app.child_page(red).await.expect("the page");
    let rows = pedagogues(&page);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].people, 1, "only Per works in Røde stue");
    assert_eq!(
        rows[0].place.as_deref(),
        Some("Skovbørnehaven Egern, Røde stue")
    );
    let leaders: Vec<_> = page
        .access
        .iter()
        .filter(|row| row.who == AccessWho::Staff(Role::UnitLeader))
        .collect();
    assert_eq!(leaders.len(), 1);
    assert_eq!(leaders[0].place.as_deref(), Some(EGERN), "the whole unit");
}

async fn a_pedagogue_in_no_group_reaches_no_child_where_access_is_narrowed(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let green = app.child_in_group("Grønne stue").await;
    app.login_ok("admin").await;
    let file = format!("brugernavn;tilbud;gruppe\npaedagog;{EGERN};\n");
    app.import_csv(ImportKind::StaffGroups, &file)
        .await
        .expect("Pia now works in no group in particular");
    narrow(&app, vec![UnitKind::Kindergarten]).await;
    app.login_ok("paedagog").await;
    assert!(home_groups(&app).await.is_empty());
    assert_eq!(
        app.child_page(green).await.unwrap_err().status,
        StatusCode::NOT_FOUND
    );
}

async fn the_staff_groups_import_checks_every_row_and_saves_nothing_on_a_problem(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let before = staff_groups_count(&app).await;
    app.login_ok("admin").await;
    let file = format!(
        "brugernavn;tilbud;gruppe\n\
         paedagog;{EGERN};Røde stue\n\
         ingen.her;{EGERN};Røde stue\n\
         paedagog2;Intet tilbud;Røde stue\n\
         paedagog2;{EGERN};Blå stue\n\
         leder;{EGERN};Røde stue\n\
         admin;{EGERN};Røde stue\n\
         paedagog;{EGERN};Røde stue\n"
    );
    let refused = app
        .import_csv(ImportKind::StaffGroups, &file)
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.codes(),
        [
            ProblemCode::UnknownPerson,
            ProblemCode::UnknownUnit,
            ProblemCode::UnknownGroup,
            ProblemCode::NotStaffOfUnit,
            ProblemCode::SelfGrant,
            ProblemCode::Duplicate,
        ]
    );
    assert_eq!(staff_groups_count(&app).await, before, "nothing half saved");

    // A good file moves Pia from Grønne to Røde stue, and logs the group she now works in.
    let file = format!("brugernavn;tilbud;gruppe\npaedagog;{EGERN};Røde stue\n");
    let report = app
        .import_csv(ImportKind::StaffGroups, &file)
        .await
        .expect("imported");
    assert_eq!(report.rows, 1);
    let pia = app.user_id("paedagog").await;
    let red = group_id(&app, "Røde stue").await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM staff_groups WHERE user_id = '{pia}'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar_text("SELECT group_id FROM staff_groups WHERE user_id = $1", pia)
            .await,
        red.to_string()
    );
    let logged = app.audit("import_staff_group").await;
    assert_eq!(logged.len(), 1);
    assert_eq!(
        logged[0].2.as_deref(),
        Some(format!("user:{pia} group:{red}").as_str())
    );
}

async fn only_the_administrator_chooses_narrower_access(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    for who in ["paedagog", "leder", "omraadeleder", "forælder"] {
        app.login_ok(who).await;
        let refused = app
            .save_access_settings(AccessSettings {
                narrowed: vec![UnitKind::School],
                second_factor_all_staff: false,
            })
            .await
            .unwrap_err();
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(
            app.access_settings().await.unwrap_err().status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM narrowed_unit_kinds").await,
        0
    );
    // Unknown kinds are refused before anything is read (400, not a 500).
    app.login_ok("admin").await;
    let (status, _) = app
        .call(
            "save_access_settings",
            serde_json::json!({"settings": {"narrowed": ["fritidshjem"]}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM narrowed_unit_kinds").await,
        0
    );
}
