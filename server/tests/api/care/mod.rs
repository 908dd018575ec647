//! Focus meetings and action plans (issue 16), through the real server on both databases.

mod leader;
mod meetings;
mod plans;
mod scope;

use crate::common::TestApp;
use crate::rounds::support::{adhoc, group_id, Room};
use app::care::{ChildCare, MeetingPage, PlanPage, ProposeMeeting, SavePlan, StaffCare};
use app::domain::AssessmentContext::PlayWithPeers;
use app::domain::Position::Yellow;
use app::domain::{ChildId, MeetingId, PlanActionForm, PlanForm, PlanId, PlanStatus};
use app::wire::care::{StaffMeeting, StaffPlan};
use app::wire::parent_care::{ParentCare, ParentMeeting, ParentPlan};
use time::Duration;

/// The child of `forælder` (custody) and `forælder2` (no custody), in `paedagog`'s unit.
pub async fn family_child(app: &TestApp) -> ChildId {
    app.login_ok("forælder").await;
    let home = app.home().await.expect("the parent's home");
    home.own_children.first().expect("a child").id
}

/// The child of `forælder3` (address protection) and `forælder4`, both with custody.
pub async fn protected_child(app: &TestApp) -> ChildId {
    app.login_ok("forælder4").await;
    let home = app.home().await.expect("the parent's home");
    home.own_children.first().expect("a child").id
}

/// A yellow ad hoc concern for the child by `paedagog`, which opens a follow-up.
pub async fn raise_concern(app: &TestApp, child: ChildId) {
    let group = app
        .scalar_text(
            "SELECT g.name FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
             WHERE e.child_id = $1",
            child,
        )
        .await;
    app.login_ok("paedagog").await;
    let room = Room::of(app, group_id(app, &group).await).await;
    let note = "Leger mest alene i garderoben";
    app.save_adhoc(&adhoc(&room, child, Yellow, PlayWithPeers, note))
        .await
        .expect("the concern is saved");
}

/// A meeting time `days` from the test clock's today, at `hour` o'clock.
pub fn at(app: &TestApp, days: i64, hour: u8) -> String {
    format!("{}T{hour:02}:00", app.clock_today() + Duration::days(days))
}

pub fn proposal(app: &TestApp, child: ChildId, days: &[i64]) -> ProposeMeeting {
    ProposeMeeting {
        child,
        follow_up: None,
        concern: "Leg og fællesskab: leger mest alene".to_owned(),
        place: "Personalestuen".to_owned(),
        times: days.iter().map(|d| at(app, *d, 10)).collect(),
        staff: vec![],
        guardians: vec![],
    }
}

pub async fn staff_care(app: &TestApp, child: ChildId) -> StaffCare {
    match app.child_care(child).await.expect("the child's care") {
        ChildCare::Staff(care) => care,
        other => panic!("staff got {other:?}"),
    }
}

pub async fn parent_care(app: &TestApp, child: ChildId) -> ParentCare {
    match app.child_care(child).await.expect("the child's care") {
        ChildCare::Parent(care) => care,
        other => panic!("a parent got {other:?}"),
    }
}

pub async fn staff_meeting(app: &TestApp, id: MeetingId) -> StaffMeeting {
    match app.meeting(id).await.expect("the meeting") {
        MeetingPage::Staff(m) => m,
        other => panic!("staff got {other:?}"),
    }
}

pub async fn parent_meeting(app: &TestApp, id: MeetingId) -> ParentMeeting {
    match app.meeting(id).await.expect("the meeting") {
        MeetingPage::Parent(m) => m,
        other => panic!("a parent got {other:?}"),
    }
}

pub async fn staff_plan(app: &TestApp, id: PlanId) -> StaffPlan {
    match app.plan(id).await.expect("the plan") {
        PlanPage::Staff(p) => p,
        other => panic!("staff got {other:?}"),
    }
}

pub async fn parent_plan(app: &TestApp, id: PlanId) -> ParentPlan {
    match app.plan(id).await.expect("the plan") {
        PlanPage::Parent(p) => p,
        other => panic!("a parent got {other:?}"),
    }
}

/// A plan form with a goal, an action with who, and an evaluation `days` ahead.
pub fn plan_form(app: &TestApp, goals: &str, days: i64) -> PlanForm {
    PlanForm {
        context: "Leger mest alene i garderoben".to_owned(),
        goals: goals.to_owned(),
        actions: vec![PlanActionForm {
            what: "En voksen sætter en leg i gang med to andre børn".to_owned(),
            who: "Pædagog på stuen".to_owned(),
            by: String::new(),
        }],
        signs: "Leger med andre i garderoben".to_owned(),
        evaluate_on: (app.clock_today() + Duration::days(days)).to_string(),
        evaluation: String::new(),
    }
}

pub fn new_plan(child: ChildId, form: PlanForm, meeting: Option<MeetingId>) -> SavePlan {
    SavePlan {
        child,
        plan: None,
        version: 0,
        status: PlanStatus::Active,
        form,
        meeting,
        follows: None,
    }
}
