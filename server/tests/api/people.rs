//! People administration (issue 15, item 5): the administrator for anyone in the municipality,
//! the unit leader for the people of their units. Every change goes through the gate, is in
//! the audit log by ids (SECURITY A7, L1), and is seen at the person's next request (A6); a
//! person of another unit is "not found" (A4). The demo: `leder` leads Skovbørnehaven Egern,
//! where `paedagog` works; `laerer` works at a school.

use crate::common::{AnswerExt, TestApp, DEMO_PASSWORD};
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::{ProblemCode, Role, UserId};
use app::org::people::{EndMembershipInput, InviteSpecialistInput, MembershipId, PeoplePage};
use reqwest::StatusCode;
use time::Duration;

on_both_backends!(
    the_administrator_lists_everyone_and_a_leader_only_the_people_of_their_units,
    ending_a_membership_takes_effect_at_the_persons_next_request,
    disabling_ends_sign_in_and_sessions_and_enabling_restores_sign_in,
    a_leader_cannot_act_on_another_units_person_and_every_change_is_audited,
    a_specialist_invited_until_a_date_reaches_the_child_until_then_and_no_other,
    an_administrator_cannot_lock_themselves_out,
);

fn usernames(page: &PeoplePage) -> Vec<&str> {
    page.people.iter().map(|p| p.username.as_str()).collect()
}

/// The id of `username`'s membership in a role, from a people page.
fn membership_of(page: &PeoplePage, username: &str, role: Role) -> MembershipId {
    page.people
        .iter()
        .find(|p| p.username == username)
        .and_then(|p| p.memberships.iter().find(|m| m.role == role))
        .unwrap_or_else(|| panic!("{username} is a {role:?} on the page"))
        .id
}

/// Signs `username` in and keeps their session token, so a test can act as two people: the
/// next login starts without it (a login ends the session it is sent with).
async fn session_of(app: &TestApp, username: &str) -> Option<String> {
    app.login_ok(username).await;
    let token = app.session_token();
    app.set_session_token(None);
    token
}

async fn the_administrator_lists_everyone_and_a_leader_only_the_people_of_their_units(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let all = app.people().await.expect("the administrator's list");
    for name in [
        "paedagog",
        "laerer",
        "leder",
        "specialist",
        "admin",
        "forælder",
    ] {
        assert!(
            usernames(&all).contains(&name),
            "{name} in {:?}",
            usernames(&all)
        );
    }
    // The administrator sees that a parent is guardian, never of whom (DESIGN §1).
    let parent = all
        .people
        .iter()
        .find(|p| p.username == "forælder")
        .unwrap();
    assert!(!parent.guardianships.is_empty());
    assert!(parent
        .guardianships
        .iter()
        .all(|g| g.child.is_none() && g.child_name.is_none()));

    app.login_ok("leder").await;
    let mine = app.people().await.expect("the leader's list");
    let names = usernames(&mine);
    for name in ["paedagog", "paedagog2", "leder"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    for name in [
        "laerer",
        "vuggepaedagog",
        "admin",
        "specialist",
        "omraadeleder",
    ] {
        assert!(!names.contains(&name), "{name} not in {names:?}");
    }
    // Only memberships in the leader's unit; the children of the unit by name.
    assert!(mine
        .people
        .iter()
        .flat_map(|p| &p.memberships)
        .all(|m| m.place == "Skovbørnehaven Egern"));
    let guardians: Vec<_> = mine.people.iter().flat_map(|p| &p.guardianships).collect();
    assert!(!guardians.is_empty(), "the unit's children's parents");
    assert!(guardians.iter().all(|g| g.child_name.is_some()));
    // Each child named is in the audit log as a look at the child.
    assert!(!app.audit("view_child").await.is_empty());

    // Anyone else never reaches the list.
    for name in ["paedagog", "forælder", "omraadeleder"] {
        app.login_ok(name).await;
        assert_eq!(app.people().await.status(), StatusCode::FORBIDDEN, "{name}");
    }
}

async fn ending_a_membership_takes_effect_at_the_persons_next_request(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    let pia = session_of(&app, "paedagog").await;
    app.set_session_token(pia.clone());
    app.child_page(child).await.expect("her unit's child");
    app.set_session_token(None);

    app.login_ok("leder").await;
    let page = app.people().await.expect("the leader's list");
    let membership = membership_of(&page, "paedagog", Role::Pedagogue);
    let yesterday = page.today - Duration::days(1);
    let refused = app
        .end_membership(EndMembershipInput {
            membership,
            stops_on: yesterday,
        })
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.code(), Some(ProblemCode::TooEarly));
    app.end_membership(EndMembershipInput {
        membership,
        stops_on: page.today,
    })
    .await
    .expect("the leader ends it today");

    // Her very next request is refused, as for another unit's child.
    app.set_session_token(pia);
    assert_eq!(app.child_page(child).await.status(), StatusCode::NOT_FOUND);
    let logged = app.audit("manage_people").await;
    let pia_id = app.user_id("paedagog").await;
    assert!(logged
        .iter()
        .any(|(_, _, criterion, outcome)| outcome == "succeeded"
            && criterion.as_deref()
                == Some(format!("membership:{membership} user:{pia_id}").as_str())));
}

async fn disabling_ends_sign_in_and_sessions_and_enabling_restores_sign_in(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let pia_id = app.user_id("paedagog").await;
    let pia = session_of(&app, "paedagog").await;
    let admin = session_of(&app, "admin").await;
    app.set_session_token(pia.clone());
    app.home().await.expect("her session is alive");
    app.set_session_token(admin.clone());
    app.set_user_disabled(pia_id, true)
        .await
        .expect("the administrator disables");
    let page = app.people().await.expect("list");
    assert!(page.people.iter().any(|p| p.user == pia_id && p.disabled));

    app.set_session_token(pia);
    assert_eq!(app.home().await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login("paedagog", DEMO_PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );

    app.set_session_token(admin);
    app.set_user_disabled(pia_id, false)
        .await
        .expect("the administrator enables");
    app.login_ok("paedagog").await;
    app.home().await.expect("she is back");
    let logged = app.audit("manage_people").await;
    let changes: Vec<_> = logged
        .iter()
        .filter(|(_, _, c, outcome)| outcome == "succeeded" && c.is_some())
        .collect();
    assert_eq!(changes.len(), 2, "{logged:?}");
}

async fn a_leader_cannot_act_on_another_units_person_and_every_change_is_audited(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let all = app.people().await.expect("list");
    let teacher = membership_of(&all, "laerer", Role::Teacher);
    let admin_membership = membership_of(&all, "admin", Role::Administrator);
    let laerer = app.user_id("laerer").await;

    app.login_ok("leder").await;
    let leader = app.user_id("leder").await.to_string();
    let today = app.people().await.expect("list").today;
    let denied_before = app
        .audit("manage_people")
        .await
        .into_iter()
        .filter(|r| r.3 == "denied")
        .count();
    for membership in [teacher, admin_membership] {
        let refused = app
            .end_membership(EndMembershipInput {
                membership,
                stops_on: today,
            })
            .await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    }
    for user in [laerer, UserId::random()] {
        assert_eq!(
            app.set_user_disabled(user, true).await.status(),
            StatusCode::NOT_FOUND
        );
    }
    let denied: Vec<_> = app
        .audit("manage_people")
        .await
        .into_iter()
        .filter(|r| r.3 == "denied")
        .collect();
    assert_eq!(denied.len() - denied_before, 4, "{denied:?}");
    assert!(denied
        .iter()
        .all(|r| r.0.as_deref() == Some(leader.as_str())));
    // Nothing changed.
    app.login_ok("laerer").await;
    app.home().await.expect("the teacher still works");
}

async fn a_specialist_invited_until_a_date_reaches_the_child_until_then_and_no_other(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let red = app.child_in_group("Røde stue").await;
    let other = app
        .scalar_text(
            "SELECT e.child_id FROM enrolments e WHERE e.child_id <> $1 \
               AND e.child_id NOT IN (SELECT child_id FROM case_invitations) \
             ORDER BY e.child_id LIMIT 1",
            red,
        )
        .await
        .parse()
        .expect("another child");
    app.login_ok("specialist").await;
    assert_eq!(app.child_page(red).await.status(), StatusCode::NOT_FOUND);

    app.login_ok("leder").await;
    let today = app.people().await.expect("list").today;
    let invite = |ends_on, specialist: &str| InviteSpecialistInput {
        child: red,
        specialist: specialist.to_owned(),
        ends_on,
    };
    let early = app
        .invite_specialist(invite(today - Duration::days(1), "specialist"))
        .await
        .unwrap_err();
    assert_eq!(early.code(), Some(ProblemCode::TooEarly));
    let nobody = app
        .invite_specialist(invite(today, "paedagog"))
        .await
        .unwrap_err();
    assert_eq!(nobody.code(), Some(ProblemCode::UnknownPerson));
    let until = today + Duration::days(7);
    app.invite_specialist(invite(until, "specialist"))
        .await
        .expect("the leader invites");
    let specialist = app.user_id("specialist").await.to_string();
    let logged = app.audit("invite_specialist").await;
    assert!(logged.iter().any(|r| r.3 == "succeeded"
        && r.1.as_deref() == Some(red.to_string().as_str())
        && r.2.as_deref() == Some(format!("user:{specialist} ends_on:{until}").as_str())));
    // Nobody else invites: the administrator and a pedagogue are refused as for another unit.
    for name in ["admin", "paedagog"] {
        app.login_ok(name).await;
        let refused = app.invite_specialist(invite(until, "specialist")).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{name}");
    }

    app.login_ok("specialist").await;
    app.child_page(red).await.expect("invited");
    assert_eq!(app.child_page(other).await.status(), StatusCode::NOT_FOUND);
    app.clock.advance(Duration::days(7));
    app.login_ok("specialist").await;
    app.child_page(red).await.expect("through the end date");
    app.clock.advance(Duration::days(1));
    app.login_ok("specialist").await;
    assert_eq!(app.child_page(red).await.status(), StatusCode::NOT_FOUND);
}

async fn an_administrator_cannot_lock_themselves_out(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let admin = app.user_id("admin").await;
    let refused = app.set_user_disabled(admin, true).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.code(), Some(ProblemCode::LocksOut));
    let page = app.people().await.expect("list");
    let own = membership_of(&page, "admin", Role::Administrator);
    let refused = app
        .end_membership(EndMembershipInput {
            membership: own,
            stops_on: page.today + Duration::days(1),
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::LocksOut));
    app.home().await.expect("still signed in");
    assert!(app
        .people()
        .await
        .expect("list")
        .people
        .iter()
        .any(|p| p.user == admin && !p.disabled && !p.memberships.is_empty()));
}
