//! Who reaches meetings and plans: the child's unit holds them, the area leader reads them,
//! an invited specialist reads them only while invited, another unit finds nothing (like an id
//! that names nothing), and a parent under another's address protection learns no place.

use super::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::care::InviteToMeeting;
use app::domain::{ProblemCode, SpecialistRole};
use app::org::people::InviteSpecialistInput;
use app::wire::parent_care::Participant;
use reqwest::StatusCode;

on_both_backends!(
    the_leader_extends_a_meeting_with_a_specialist_until_a_date,
    another_unit_finds_nothing_and_the_area_leader_reads_without_writing,
    an_invited_specialist_reads_the_case_until_the_invitation_ends,
    a_parent_not_invited_learns_no_place_under_the_other_parents_protection,
);

async fn another_unit_finds_nothing_and_the_area_leader_reads_without_writing(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let meeting = app
        .propose_meeting(proposal(&app, child, &[1]))
        .await
        .expect("invited");
    let plan = app
        .save_plan(new_plan(
            child,
            plan_form(&app, "Et mål", 30),
            Some(meeting),
        ))
        .await
        .expect("a plan")
        .plan;

    for other in ["laerer", "vuggepaedagog", "admin"] {
        app.login_ok(other).await;
        assert_eq!(
            app.child_care(child).await.unwrap_err().status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.meeting(meeting).await.unwrap_err().status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.plan(plan).await.unwrap_err().status,
            StatusCode::NOT_FOUND
        );
        // Exactly as an id that names nothing.
        let missing = app
            .meeting(app::domain::MeetingId::random())
            .await
            .unwrap_err();
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
    let denied = app
        .audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view_care' AND outcome = 'denied' \
             AND child_id = '{child}'"
        ))
        .await;
    assert!(
        denied >= 3,
        "the refusals are logged with the child: {denied}"
    );

    app.login_ok("omraadeleder").await;
    let care = staff_care(&app, child).await;
    assert!(!care.may_hold && care.guardians.is_empty() && care.concerns.is_empty());
    assert!(care.meetings.iter().any(|m| m.id == meeting));
    assert!(!staff_meeting(&app, meeting).await.may_hold);
    let refused = app
        .save_plan(new_plan(child, plan_form(&app, "Et andet mål", 30), None))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // The leader of the unit holds meetings too; reads are logged with the child.
    app.login_ok("leder").await;
    assert!(staff_meeting(&app, meeting).await.may_hold);
    let read = app
        .audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view_care' AND outcome = 'allowed' \
             AND child_id = '{child}' AND purpose = 'focus meeting'"
        ))
        .await;
    assert!(read >= 2, "{read}");
}

async fn an_invited_specialist_reads_the_case_until_the_invitation_ends(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = protected_child(&app).await;
    app.login_ok("paedagog").await;
    let meeting = app
        .propose_meeting(proposal(&app, child, &[1]))
        .await
        .expect("invited");

    app.login_ok("specialist").await;
    assert_eq!(
        app.meeting(meeting).await.unwrap_err().status,
        StatusCode::NOT_FOUND
    );

    app.login_ok("leder").await;
    app.invite_specialist(InviteSpecialistInput {
        child,
        specialist: "specialist".to_owned(),
        ends_on: app.clock_today(),
    })
    .await
    .expect("invited to the case through today");

    app.login_ok("specialist").await;
    let page = staff_meeting(&app, meeting).await;
    assert!(
        !page.may_hold,
        "a specialist joins, the unit holds the meeting"
    );

    app.clock.advance(Duration::days(1));
    app.login_ok("specialist").await;
    assert_eq!(
        app.meeting(meeting).await.unwrap_err().status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.child_care(child).await.unwrap_err().status,
        StatusCode::NOT_FOUND
    );
}

async fn a_parent_not_invited_learns_no_place_under_the_other_parents_protection(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = protected_child(&app).await;
    app.login_ok("paedagog").await;
    let care = staff_care(&app, child).await;
    assert!(care.address_protection, "staff are warned about the place");
    let meeting = app
        .propose_meeting(proposal(&app, child, &[1]))
        .await
        .expect("invited");

    // Frederik, under address protection, sees the place; Fie, invited too, does not: a place
    // can give away where the child is.
    app.login_ok("forælder3").await;
    let seen = parent_meeting(&app, meeting).await;
    assert!(seen.invited);
    assert_eq!(seen.place.as_deref(), Some("Personalestuen"));
    app.login_ok("forælder4").await;
    let seen = parent_meeting(&app, meeting).await;
    assert!(seen.invited);
    assert_eq!(
        seen.place, None,
        "no place where the other parent is protected"
    );

    // Without custody she is not invited, and still learns no place and no name.
    app.exec(
        "UPDATE guardianships SET has_custody = 0 WHERE user_id = (SELECT id FROM users WHERE username = $1)",
        "forælder4",
    )
    .await;
    app.login_ok("paedagog").await;
    let later = app
        .propose_meeting(proposal(&app, child, &[5]))
        .await
        .expect("invited");
    app.login_ok("forælder4").await;
    let seen = parent_meeting(&app, later).await;
    assert!(!seen.invited);
    assert_eq!(seen.place, None);
    let text = serde_json::to_string(&seen).expect("serialises");
    assert!(
        !text.contains("Frederik"),
        "no name of the protected parent: {text}"
    );
}

async fn the_leader_extends_a_meeting_with_a_specialist_until_a_date(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = protected_child(&app).await;
    app.login_ok("paedagog").await;
    let meeting = app
        .propose_meeting(proposal(&app, child, &[1]))
        .await
        .expect("invited");
    let invite = |specialist: &str, ends_on| InviteToMeeting {
        meeting,
        specialist: specialist.to_owned(),
        role: SpecialistRole::Psychologist,
        ends_on,
    };
    let today = app.clock_today();
    // Only the leader of the child's unit extends a meeting.
    assert!(!staff_meeting(&app, meeting).await.may_invite_specialist);
    let refused = app
        .invite_to_meeting(invite("specialist", today))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    app.login_ok("leder").await;
    assert!(staff_meeting(&app, meeting).await.may_invite_specialist);
    let refused = app
        .invite_to_meeting(invite("specialist", today - Duration::days(1)))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::TooEarly));
    let refused = app
        .invite_to_meeting(invite("paedagog", today))
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Some(ProblemCode::UnknownPerson),
        "not a specialist"
    );
    app.invite_to_meeting(invite("specialist", today))
        .await
        .expect("extended");
    let page = staff_meeting(&app, meeting).await;
    let invited = page
        .invitees
        .iter()
        .find(|i| i.specialist_role == Some(SpecialistRole::Psychologist))
        .expect("the psychologist is on the list");
    assert!(invited.answer.is_none());

    // The parents are told who joins by role; the specialist reads the case today only.
    app.login_ok("forælder4").await;
    let seen = parent_meeting(&app, meeting).await;
    assert!(seen
        .participants
        .contains(&Participant::Specialist(SpecialistRole::Psychologist)));
    app.login_ok("specialist").await;
    assert!(!staff_meeting(&app, meeting).await.may_hold);
    app.child_timeline(child)
        .await
        .expect("the case, while invited");
    app.clock.advance(Duration::days(1));
    app.login_ok("specialist").await;
    assert_eq!(
        app.meeting(meeting).await.unwrap_err().status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.child_timeline(child).await.unwrap_err().status,
        StatusCode::NOT_FOUND
    );
}
