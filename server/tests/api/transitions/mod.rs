//! Transitions and consent (issue 17; SECURITY C1–C3), through the real server on both
//! databases: a child of Skovbørnehaven Egern with a joint yellow position and an action plan
//! moves on to Bakkeskolen; what the school reads of the kindergarten, with and without a
//! custody holder's consent, and who may consent, record and revoke.

mod consent;
mod description;
mod lifetime;
mod lookups;
mod rules;
mod scope;

use crate::care::{family_child, new_plan, plan_form};
use crate::common::{Refused, TestApp};
use crate::rounds::support::{group_id, individual, joint, key, Room};
use app::domain::Position::{Green, Yellow};
use app::domain::{ChildId, ConsentItems, ProblemCode, UnitId};
use app::transition::{
    ChildTransitions, GiveConsent, ParentTransitions, SaveDescription, StaffTransitions,
};
use time::{Date, Duration};

pub const KINDERGARTEN: &str = "Skovbørnehaven Egern";
pub const ROOM: &str = "Grønne stue";
pub const SCHOOL: &str = "Bakkeskolen";
pub const CLASS: &str = "0.A";
/// The team's joint position: passes with consent to assessments.
pub const JOINT_NOTE: &str = "Fælles: finder ro i små grupper med en fast voksen";
/// A pedagogue's individual position: never passes.
pub const INDIVIDUAL_NOTE: &str = "Individuel: uro ved frokostbordet";
/// The action plan's goal: passes with consent to plans.
pub const PLAN_GOALS: &str = "Deltager i en leg med to andre børn hver formiddag";
/// The transition description: passes with consent to the description.
pub const STRENGTHS: &str = "Bygger gerne store tårne og viser andre hvordan";
/// The kindergarten's staff: no name passes.
pub const KINDERGARTEN_STAFF: [&str; 3] = ["Pia Pædagog", "Per Pædagog", "Lone Leder"];

/// A child about to move from the kindergarten to the school.
pub struct Moving {
    pub child: ChildId,
    pub kindergarten: UnitId,
    pub school: UnitId,
    /// The kindergarten placement's last day.
    pub last_day: Date,
    /// The first day at school.
    pub moves_on: Date,
}

/// The demo family's child (`forælder` with custody, `forælder2` without) in Grønne stue: both
/// pedagogues give individual positions, the team sets a joint yellow one with a note, and
/// `paedagog` writes an action plan. Then its placement ends in 9 days and a placement in
/// Bakkeskolen's 0.A starts the day after.
pub async fn moving_child(app: &TestApp) -> Moving {
    let child = family_child(app).await;
    app.login_ok("paedagog").await;
    let room = Room::of(app, group_id(app, ROOM).await).await;
    app.save_individual(&individual(
        key(),
        &room,
        child,
        Yellow,
        INDIVIDUAL_NOTE,
        None,
    ))
    .await
    .expect("the individual position");
    app.login_ok("paedagog2").await;
    app.save_individual(&individual(key(), &room, child, Green, "", None))
        .await
        .expect("the colleague's individual position");
    app.set_joint(&joint(key(), &room, child, Yellow, JOINT_NOTE, None))
        .await
        .expect("the joint position");
    app.login_ok("paedagog").await;
    app.save_plan(new_plan(child, plan_form(app, PLAN_GOALS, 60), None))
        .await
        .expect("the action plan");

    let last_day = app.clock_today() + Duration::days(9);
    let moves_on = last_day.next_day().expect("a day");
    place_in_class(app, child, last_day, moves_on).await;
    Moving {
        child,
        kindergarten: app.unit_id(KINDERGARTEN).await,
        school: app.unit_id(SCHOOL).await,
        last_day,
        moves_on,
    }
}

/// Ends the child's placements on `last_day` and places it in 0.A from `moves_on`.
pub async fn place_in_class(app: &TestApp, child: ChildId, last_day: Date, moves_on: Date) {
    sqlx::query("UPDATE enrolments SET ends_on = $2 WHERE child_id = $1")
        .bind(child.to_string())
        .bind(last_day.to_string())
        .execute(app.db.pool())
        .await
        .expect("the kindergarten placement ends");
    let class = group_id(app, CLASS).await;
    sqlx::query(
        "INSERT INTO enrolments (id, child_id, group_id, starts_on) VALUES ($1, $2, $3, $4)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(child.to_string())
    .bind(class.to_string())
    .bind(moves_on.to_string())
    .execute(app.db.pool())
    .await
    .expect("the school placement");
}

/// The test clock moves to the first day at school.
pub fn first_school_day(app: &TestApp, m: &Moving) {
    let days = (m.moves_on - app.clock_today()).whole_days();
    app.clock.advance(Duration::days(days));
}

pub fn items(assessments: bool, plans: bool, meetings: bool, description: bool) -> ConsentItems {
    ConsentItems {
        assessments,
        plans,
        meetings,
        description,
    }
}

/// A consent on the parent's phone for the move, valid half a year after it.
pub fn consent(m: &Moving, items: ConsentItems) -> GiveConsent {
    GiveConsent {
        child: m.child,
        from_unit: m.kindergarten,
        to_unit: m.school,
        items,
        valid_until: (m.moves_on + Duration::days(180)).to_string(),
        paper: None,
    }
}

pub fn description(m: &Moving, strengths: &str, version: i64) -> SaveDescription {
    SaveDescription {
        child: m.child,
        from_unit: m.kindergarten,
        to_unit: m.school,
        description: app::domain::TransitionDescription {
            strengths: strengths.to_owned(),
            what_helps: "En fast voksen om morgenen".to_owned(),
            watch_for: String::new(),
        },
        version,
    }
}

pub async fn staff_view(app: &TestApp, child: ChildId) -> StaffTransitions {
    match app.child_transitions(child).await.expect("the transitions") {
        ChildTransitions::Staff(view) => view,
        other => panic!("staff got {other:?}"),
    }
}

pub async fn parent_view(app: &TestApp, child: ChildId) -> ParentTransitions {
    match app.child_transitions(child).await.expect("the transitions") {
        ChildTransitions::Parent(view) => view,
        other => panic!("a parent got {other:?}"),
    }
}

/// The one problem of a 422 answer, as (field, code).
pub fn problem(refused: &Refused) -> (String, ProblemCode) {
    match &refused.error {
        app::error::AppError::Invalid { problems } if problems.len() == 1 => {
            (problems[0].field.clone(), problems[0].code)
        }
        other => panic!("not one problem: {other:?}"),
    }
}

/// The JSON of an answer, for looking for text that must not be in it.
pub fn text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialises")
}

/// Consent rows stored for the child.
pub async fn consents(app: &TestApp, child: ChildId) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM consents WHERE child_id = '{child}'"
    ))
    .await
}
