//! "Who looked at my child" (issue 18 item 3; SECURITY P3) through the real server on both
//! databases: custody holders see each lookup by staff — day, role, place, what — and never a
//! name; a parent without custody is told custody is needed; staff get "not found"; under the
//! other guardian's address protection no place is named; the PDF of everything registered
//! ends with the same list.

use super::{problem, text};
use crate::care::{family_child, protected_child};
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::{ChildId, ProblemCode, Role};
use app::wire::lookups::{ChildLookups, LookupPurpose};
use reqwest::StatusCode;

on_both_backends!(
    a_custody_holder_sees_each_look_by_role_and_place_never_a_name,
    only_custody_holders_get_the_list,
    under_the_other_guardians_address_protection_no_place_is_named,
);

/// `paedagog` opens the child's page and timeline: two lookups of the child.
async fn staff_look_at(app: &TestApp, child: ChildId) {
    app.login_ok("paedagog").await;
    app.child_page(child).await.expect("the child's page");
    app.child_timeline(child).await.expect("the timeline");
}

async fn lookups_as(app: &TestApp, parent: &str, child: ChildId) -> ChildLookups {
    app.login_ok(parent).await;
    app.child_lookups(child).await.expect("the list")
}

async fn a_custody_holder_sees_each_look_by_role_and_place_never_a_name(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    let before = lookups_as(&app, "forælder", child).await;
    staff_look_at(&app, child).await;
    let after = lookups_as(&app, "forælder", child).await;

    let unit = app
        .scalar_text(
            "SELECT u.name FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
             JOIN units u ON u.id = g.unit_id WHERE e.child_id = $1",
            child,
        )
        .await;
    let today = app.clock_today();
    let seen = |list: &ChildLookups, purpose: LookupPurpose| {
        list.lines
            .iter()
            .filter(|l| {
                l.on == today
                    && l.role == Some(Role::Pedagogue)
                    && l.place.as_deref() == Some(unit.as_str())
                    && l.purpose == purpose
            })
            .map(|l| l.times)
            .sum::<u32>()
    };
    for purpose in [LookupPurpose::ChildPage, LookupPurpose::Assessments] {
        assert!(
            seen(&after, purpose) > seen(&before, purpose),
            "the pedagogue's look at {purpose:?} is listed: {:?}",
            after.lines
        );
    }
    assert!(!after.places_hidden);
    // Newest first, and no staff name or username anywhere in the answer.
    assert!(after.lines.windows(2).all(|w| w[0].on >= w[1].on));
    let answer = text(&after);
    for who in ["paedagog"] {
        let name = app
            .scalar_text("SELECT display_name FROM users WHERE username = $1", who)
            .await;
        assert!(!answer.contains(&name), "no staff name: {answer}");
        assert!(!answer.contains(who), "no username: {answer}");
    }
    // The parents' own looks are theirs, not the child's data: none is listed.
    assert!(
        after
            .lines
            .iter()
            .all(|l| l.role.is_some() || l.place.is_some()),
        "{:?}",
        after.lines
    );
    let parents_looks = after.lines.iter().filter(|l| l.role.is_none()).count();
    assert_eq!(parents_looks, 0, "{:?}", after.lines);

    // The PDF of everything registered ends with the same list, in the reader's language.
    let res = app.get(&format!("/records/{child}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.expect("a body");
    let pdf: String = pdf_extract::extract_text_from_mem(&bytes)
        .expect("the PDF's text")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for words in ["Hvemharsetoplysningeromditbarn", "Pædagog", "Barnetsside"] {
        assert!(pdf.contains(words), "the PDF holds {words:?}: {pdf}");
    }
}

async fn only_custody_holders_get_the_list(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("forælder2").await;
    let refused = app.child_lookups(child).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&refused).1, ProblemCode::NeedsCustody);
    // Staff of the child's own unit read the audit log through their administrator, not here.
    app.login_ok("paedagog").await;
    let refused = app.child_lookups(child).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Another family's parent learns nothing, not even that the child exists.
    let other = protected_child(&app).await;
    app.login_ok("forælder").await;
    let refused = app.child_lookups(other).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn under_the_other_guardians_address_protection_no_place_is_named(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = protected_child(&app).await;
    staff_look_at(&app, child).await;
    let unprotected = lookups_as(&app, "forælder4", child).await;
    assert!(unprotected.places_hidden);
    assert!(!unprotected.lines.is_empty());
    assert!(unprotected.lines.iter().all(|l| l.place.is_none()));
    let unit = app
        .scalar_text(
            "SELECT u.name FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
             JOIN units u ON u.id = g.unit_id WHERE e.child_id = $1",
            child,
        )
        .await;
    assert!(!text(&unprotected).contains(&unit));
    // The protected parent sees the places.
    let protected = lookups_as(&app, "forælder3", child).await;
    assert!(!protected.places_hidden);
    assert!(protected
        .lines
        .iter()
        .any(|l| l.place.as_deref() == Some(unit.as_str())));
}
