//! Builds what staff and parents see of meetings and plans from the stored rows. The parents'
//! types are filled here field by field, so a staff-only field has nowhere to go.

use crate::backend::context::Caller;
use crate::backend::db::Conn;
use crate::backend::store::meetings::{self, InviteeRow, MeetingRow};
use crate::backend::store::plans::{self, PlanRow};
use crate::domain::{deleted_on, ChildId, MeetingId, MeetingStatus, PlanStatus, UserId};
use crate::wire::care::*;
use crate::wire::parent_care::*;
use time::Date;

/// The local date of a Unix time (the day a registration made then was made on).
pub fn local_date(unix: i64) -> Date {
    crate::domain::registered_on(unix)
}

/// How many years the child's municipality keeps registrations (its own setting, or the
/// installation's default).
pub async fn years(caller: &Caller, conn: &mut Conn, child: ChildId) -> Result<i64, sqlx::Error> {
    let own = crate::backend::store::transitions::retention_years(conn, child).await?;
    Ok(own.unwrap_or(caller.state.settings.retention_years))
}

pub fn plan_summary(row: &PlanRow, today: Date) -> PlanSummary {
    PlanSummary {
        id: row.id,
        status: row.status,
        goals: row.content.goals.clone(),
        evaluate_on: row.content.evaluate_on,
        overdue: row.status == PlanStatus::Active && row.content.evaluate_on < today,
        version: row.version as u32,
    }
}

fn guardian_counts(invitees: &[InviteeRow]) -> (u32, u32) {
    let guardians = invitees.iter().filter(|i| i.kind == "guardian");
    let invited = guardians.clone().count() as u32;
    let answered = guardians.filter(|i| i.answer.is_some()).count() as u32;
    (answered, invited)
}

async fn times_of(
    conn: &mut Conn,
    meetings: &[MeetingRow],
) -> Result<Vec<(MeetingId, MeetingTime)>, sqlx::Error> {
    let ids: Vec<MeetingId> = meetings.iter().map(|m| m.id).collect();
    meetings::times(conn, &ids).await
}

fn times_for(all: &[(MeetingId, MeetingTime)], meeting: MeetingId) -> Vec<MeetingTime> {
    all.iter()
        .filter(|(m, _)| *m == meeting)
        .map(|(_, t)| t.clone())
        .collect()
}

pub async fn staff_lists(
    conn: &mut Conn,
    meetings: &[MeetingRow],
    plans: &[PlanRow],
    today: Date,
) -> Result<(Vec<MeetingSummary>, Vec<PlanSummary>), sqlx::Error> {
    let times = times_of(conn, meetings).await?;
    let mut summaries = Vec::new();
    for m in meetings {
        let invitees = meetings::invitees(conn, m.id).await?;
        let (answered, invited_guardians) = guardian_counts(&invitees);
        summaries.push(MeetingSummary {
            id: m.id,
            status: m.status,
            concern: m.concern.clone(),
            times: times_for(&times, m.id),
            held_on: m.held_on,
            answered,
            invited_guardians,
        });
    }
    let plans = plans.iter().map(|p| plan_summary(p, today)).collect();
    Ok((summaries, plans))
}

fn parent_plan_summary(row: &PlanRow, read: Option<i64>) -> ParentPlanSummary {
    ParentPlanSummary {
        id: row.id,
        status: row.status,
        goals: row.content.goals.clone(),
        evaluate_on: row.content.evaluate_on,
        unread: read != Some(row.version),
    }
}

async fn my_read(conn: &mut Conn, plan: &PlanRow, me: UserId) -> Result<Option<i64>, sqlx::Error> {
    Ok(plans::parents(conn, plan.id)
        .await?
        .into_iter()
        .find(|p| p.user == me)
        .and_then(|p| p.read_version))
}

/// A child's meetings and plans as a parent sees them: every unit's, for their child.
pub async fn parent_care(
    caller: &Caller,
    conn: &mut Conn,
    child: ChildId,
) -> Result<ParentCare, sqlx::Error> {
    let me = caller.user.user_id;
    let meeting_rows = meetings::child_meetings(conn, child, None).await?;
    let times = times_of(conn, &meeting_rows).await?;
    let mut meetings_out = Vec::new();
    for m in &meeting_rows {
        let invitees = meetings::invitees(conn, m.id).await?;
        let mine = invitees.iter().find(|i| i.user == me);
        meetings_out.push(ParentMeetingSummary {
            id: m.id,
            status: m.status,
            times: times_for(&times, m.id),
            held_on: m.held_on,
            to_answer: m.status == MeetingStatus::Invited
                && mine.is_some_and(|i| i.answer.is_none()),
        });
    }
    let mut plans_out = Vec::new();
    for p in plans::child_plans(conn, child, None).await? {
        let read = my_read(conn, &p, me).await?;
        plans_out.push(parent_plan_summary(&p, read));
    }
    Ok(ParentCare {
        meetings: meetings_out,
        plans: plans_out,
    })
}

pub async fn staff_meeting(
    caller: &Caller,
    conn: &mut Conn,
    m: MeetingRow,
    child_name: String,
    may_hold: bool,
    may_invite_specialist: bool,
) -> Result<StaffMeeting, sqlx::Error> {
    let today = caller.state.clock.today();
    let times = meetings::times(conn, &[m.id]).await?;
    let invitees = meetings::invitees(conn, m.id).await?;
    let time_text = |id| {
        times
            .iter()
            .find(|(_, t)| Some(t.id) == id)
            .map(|(_, t)| t.starts_at.clone())
    };
    let invitees = invitees
        .iter()
        .map(|i| InviteeView {
            name: i.name.clone(),
            role: (i.kind != "guardian").then_some(i.role).flatten(),
            specialist_role: i.specialist_role,
            answer: i.answer,
            answer_time: time_text(i.answer_time),
            answer_note: i.answer_note.clone(),
        })
        .collect();
    let plans = plans::meeting_plans(conn, m.id)
        .await?
        .iter()
        .map(|p| plan_summary(p, today))
        .collect();
    Ok(StaffMeeting {
        id: m.id,
        child: m.child,
        child_name,
        status: m.status,
        concern: m.concern,
        place: m.place,
        times: times.into_iter().map(|(_, t)| t).collect(),
        invitees,
        minutes: m.minutes,
        held_on: m.held_on,
        version: m.version as u32,
        deleted_on: deleted_on(
            local_date(m.created_at),
            years(caller, conn, m.child).await?,
        ),
        may_hold,
        may_invite_specialist,
        plans,
    })
}

/// A meeting as a parent sees it: who joins by role, their own answer only, and the place only
/// where no other guardian of the child has address protection — a place can give away where
/// the child is (SECURITY C4); then the staff agree the place with them directly.
pub async fn parent_meeting(
    caller: &Caller,
    conn: &mut Conn,
    m: MeetingRow,
    child_name: String,
    other_protected: bool,
) -> Result<ParentMeeting, sqlx::Error> {
    let me = caller.user.user_id;
    let times = meetings::times(conn, &[m.id]).await?;
    let invitees = meetings::invitees(conn, m.id).await?;
    let mine = invitees.iter().find(|i| i.user == me);
    let invited = mine.is_some_and(|i| i.kind == "guardian");
    let mut participants: Vec<Participant> = Vec::new();
    for i in &invitees {
        let who = match (i.kind.as_str(), i.specialist_role, i.role) {
            ("guardian", _, _) => Participant::Parents,
            (_, Some(specialist), _) => Participant::Specialist(specialist),
            (_, None, Some(role)) => Participant::Staff(role),
            _ => continue,
        };
        if !participants.contains(&who) {
            participants.push(who);
        }
    }
    let held = m.status == MeetingStatus::Held;
    let given = meetings::feedback_given(conn, m.id, me).await?;
    let mut plans_out = Vec::new();
    for p in plans::meeting_plans(conn, m.id).await? {
        let read = my_read(conn, &p, me).await?;
        plans_out.push(parent_plan_summary(&p, read));
    }
    Ok(ParentMeeting {
        id: m.id,
        child_name,
        status: m.status,
        concern: m.concern,
        place: (!other_protected).then_some(m.place),
        times: times.into_iter().map(|(_, t)| t).collect(),
        participants,
        invited,
        my_answer: mine.and_then(|i| {
            i.answer.map(|answer| MyAnswer {
                answer,
                time: i.answer_time,
                note: i.answer_note.clone(),
            })
        }),
        minutes: held.then_some(m.minutes),
        held_on: m.held_on,
        may_give_feedback: held && invited && !given,
        deleted_on: deleted_on(
            local_date(m.created_at),
            years(caller, conn, m.child).await?,
        ),
        plans: plans_out,
    })
}

pub async fn staff_plan(
    caller: &Caller,
    conn: &mut Conn,
    p: PlanRow,
    child_name: String,
    may_hold: bool,
) -> Result<StaffPlan, sqlx::Error> {
    let today = caller.state.clock.today();
    let versions = plans::versions(conn, p.id).await?;
    let mut history = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        let changed = match i.checked_sub(1).and_then(|j| versions.get(j)) {
            Some(before) => v.content.changed_fields(&before.content),
            None => vec!["context", "goals", "actions", "signs", "evaluate_on"],
        };
        history.push(PlanVersionView {
            version: v.version as u32,
            status: v.status,
            changed_by: v.changed_by.clone(),
            changed_on: local_date(v.changed_at),
            changed: changed.into_iter().map(str::to_owned).collect(),
        });
    }
    history.reverse();
    let parents = plans::parents(conn, p.id)
        .await?
        .into_iter()
        .map(|a| ParentOnPlan {
            name: a.name,
            own_view: a.own_view,
            view_on: a.view_at.map(local_date),
            read_on: a.read_on,
            read_current: a.read_version == Some(p.version),
        })
        .collect();
    Ok(StaffPlan {
        id: p.id,
        child: p.child,
        child_name,
        status: p.status,
        version: p.version as u32,
        overdue: p.status == PlanStatus::Active && p.content.evaluate_on < today,
        content: p.content,
        versions: history,
        parents,
        meeting: p.meeting,
        follows: p.follows,
        deleted_on: deleted_on(
            local_date(p.created_at),
            years(caller, conn, p.child).await?,
        ),
        may_hold,
    })
}

pub async fn parent_plan(
    caller: &Caller,
    conn: &mut Conn,
    p: PlanRow,
    child_name: String,
    may_contribute: bool,
) -> Result<ParentPlan, sqlx::Error> {
    let me = caller.user.user_id;
    let mine = plans::parents(conn, p.id)
        .await?
        .into_iter()
        .find(|a| a.user == me);
    let read_on = mine
        .as_ref()
        .filter(|a| a.read_version == Some(p.version))
        .and_then(|a| a.read_on);
    Ok(ParentPlan {
        id: p.id,
        child_name,
        status: p.status,
        version: p.version as u32,
        changed_on: local_date(p.changed_at),
        content: p.content,
        my_view: mine
            .as_ref()
            .map(|a| a.own_view.clone())
            .unwrap_or_default(),
        my_view_on: mine.as_ref().and_then(|a| a.view_at).map(local_date),
        read_on,
        may_contribute: may_contribute && p.status != PlanStatus::Closed,
        deleted_on: deleted_on(
            local_date(p.created_at),
            years(caller, conn, p.child).await?,
        ),
    })
}
