//! What parents do on their phones: answer an invitation, give the parents' voice after a
//! meeting, add their own view to a plan, and mark a plan read.

use crate::domain::{MeetingAnswer, MeetingId, MeetingTimeId, PlanId};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A guardian's answer to an invitation sent to them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerMeeting {
    pub meeting: MeetingId,
    pub answer: MeetingAnswer,
    /// The time accepted (required for an acceptance).
    pub time: Option<MeetingTimeId>,
    /// What would suit instead, or anything they want the staff to know.
    pub note: String,
}

/// Reaches a meeting as a guardian for `action`: refused like a missing one otherwise.
#[cfg(feature = "ssr")]
async fn guardian_meeting(
    caller: &crate::backend::context::Caller,
    conn: &mut crate::backend::db::Conn,
    meeting: MeetingId,
    purpose: &str,
) -> Result<crate::backend::store::meetings::MeetingRow, AppError> {
    use super::gate;
    use crate::backend::store::meetings;
    use crate::policy::Action;

    let missing = format!("meeting:{meeting}");
    let Some(row) = meetings::meeting(conn, meeting).await? else {
        return gate::refuse(caller, conn, Action::RespondAsParent, missing, purpose).await;
    };
    gate::child(caller, conn, row.child, Action::RespondAsParent, purpose).await?;
    Ok(row)
}

#[server(name = AnswerFocusMeeting, prefix = "/api", endpoint = "answer_meeting", input = Json)]
pub async fn answer_meeting(input: AnswerMeeting) -> Result<(), AppError> {
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::meetings;
    use crate::domain::{MeetingStatus, ProblemCode};
    use crate::wire::parent_care::MyAnswer;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let row = guardian_meeting(&caller, &mut conn, input.meeting, "answer focus meeting").await?;
    if row.status != MeetingStatus::Invited {
        return fail(AppError::invalid(0, "meeting", ProblemCode::Closed));
    }
    let times = meetings::times(&mut conn, &[row.id]).await?;
    let time = match (input.answer, input.time) {
        (MeetingAnswer::Accepted, Some(t)) if times.iter().any(|(_, mt)| mt.id == t) => Some(t),
        (MeetingAnswer::Accepted, _) => {
            return fail(AppError::invalid(0, "time", ProblemCode::Missing))
        }
        _ => None,
    };
    let note = input.note.trim().to_owned();
    if note.chars().count() > 500 {
        return fail(AppError::invalid(0, "note", ProblemCode::TooLong));
    }
    let answer = MyAnswer {
        answer: input.answer,
        time,
        note,
    };
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let now = caller.state.clock.unix();
    if !meetings::answer(&mut tx, row.id, caller.user.user_id, &answer, now).await? {
        return fail(AppError::invalid(0, "meeting", ProblemCode::NotInvited));
    }
    tx.commit().await?;
    Ok(())
}

/// The parents' voice after a held meeting: kept apart from the child's record (the unit and
/// the month only), once per invited guardian.
#[server(name = GiveMeetingFeedback, prefix = "/api", endpoint = "meeting_feedback", input = Json)]
pub async fn give_feedback(
    meeting: MeetingId,
    listened: u8,
    knows_next: u8,
    comment: String,
) -> Result<(), AppError> {
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::meetings;
    use crate::domain::{MeetingFeedback, MeetingStatus, ProblemCode};

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let row = guardian_meeting(&caller, &mut conn, meeting, "parents' voice").await?;
    let feedback = match MeetingFeedback::parse(listened, knows_next, &comment) {
        Ok(f) => f,
        Err(problems) => return fail(AppError::Invalid { problems }),
    };
    let Some(held_on) = row.held_on.filter(|_| row.status == MeetingStatus::Held) else {
        return fail(AppError::invalid(0, "meeting", ProblemCode::TooEarly));
    };
    let invited = meetings::invitees(&mut conn, row.id)
        .await?
        .iter()
        .any(|i| i.user == caller.user.user_id && i.kind == "guardian");
    if !invited {
        return fail(AppError::invalid(0, "meeting", ProblemCode::NotInvited));
    }
    let month = format!("{:04}-{:02}", held_on.year(), u8::from(held_on.month()));
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let me = caller.user.user_id;
    let given = meetings::give_feedback(&mut tx, row.id, row.unit, me, &feedback, &month).await?;
    if !given {
        return fail(AppError::invalid(0, "meeting", ProblemCode::Duplicate));
    }
    tx.commit().await?;
    Ok(())
}

/// Reaches a plan as a guardian for `action`; refused like a missing one otherwise.
#[cfg(feature = "ssr")]
async fn guardian_plan(
    caller: &crate::backend::context::Caller,
    conn: &mut crate::backend::db::Conn,
    plan: PlanId,
    action: crate::policy::Action,
    purpose: &str,
) -> Result<crate::backend::store::plans::PlanRow, AppError> {
    use super::gate;
    use crate::backend::store::plans;
    use crate::policy::scope::Reader;
    use crate::policy::Action;

    let missing = format!("plan:{plan}");
    let Some(row) = plans::plan(conn, plan).await? else {
        return gate::refuse(caller, conn, action, missing, purpose).await;
    };
    if action == Action::ContributeToPlan {
        // A guardian without custody reads the plan but does not add to it: told so.
        let reached = gate::child(caller, conn, row.child, Action::ViewCare, purpose).await?;
        if matches!(reached.reader, Reader::Guardian { custody: false }) {
            return gate::needs_custody(caller, conn, row.child, action, purpose).await;
        }
    }
    gate::child(caller, conn, row.child, action, purpose).await?;
    Ok(row)
}

/// A parent's own view of a plan, next to what the staff wrote (custody holders).
#[server(name = AddOwnView, prefix = "/api", endpoint = "plan_own_view", input = Json)]
pub async fn add_own_view(plan: PlanId, text: String) -> Result<(), AppError> {
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::plans;
    use crate::domain::{PlanStatus, ProblemCode, CARE_TEXT_MAX};
    use crate::policy::Action;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let action = Action::ContributeToPlan;
    let row = guardian_plan(&caller, &mut conn, plan, action, "parents' view of plan").await?;
    if row.status == PlanStatus::Closed {
        return fail(AppError::invalid(0, "plan", ProblemCode::Closed));
    }
    let text = text.trim();
    if text.chars().count() > CARE_TEXT_MAX {
        return fail(AppError::invalid(0, "own_view", ProblemCode::TooLong));
    }
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let now = caller.state.clock.unix();
    plans::set_own_view(&mut tx, plan, caller.user.user_id, text, now).await?;
    tx.commit().await?;
    Ok(())
}

/// "I have read the plan": dated, for the version the parent read; a newer version saved
/// meanwhile is a conflict (they read something else). Answers the date recorded.
#[server(name = MarkPlanRead, prefix = "/api", endpoint = "plan_read", input = Json)]
pub async fn mark_plan_read(plan: PlanId, version: u32) -> Result<time::Date, AppError> {
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::plans;
    use crate::policy::Action;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let action = Action::RespondAsParent;
    let row = guardian_plan(&caller, &mut conn, plan, action, "plan read").await?;
    if row.version != i64::from(version) {
        return fail(AppError::Conflict { current: None });
    }
    let today = caller.state.clock.today();
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    plans::mark_read(&mut tx, plan, caller.user.user_id, row.version, today).await?;
    tx.commit().await?;
    Ok(today)
}
