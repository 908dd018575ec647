//! Focus meetings: a child's meetings and plans, one meeting, inviting the parents, writing the
//! minutes, cancelling an invitation.

use super::{ChildCare, MeetingPage};
use crate::domain::{ChildId, MeetingId};
use crate::error::AppError;
use crate::wire::care::{ProposeMeeting, SaveMinutes};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A child's meetings and plans: what the units the caller reads held and made, or, for a
/// guardian, the parents' view of all of them.
#[server(name = GetChildCare, prefix = "/api", endpoint = "child_care", input = Json)]
pub async fn get_child_care(child: ChildId) -> Result<ChildCare, AppError> {
    use super::gate;
    use super::read;
    use crate::backend::store::{follow_ups, meetings, plans};
    use crate::policy::scope::Reader;
    use crate::policy::Action;
    use crate::wire::care::{ConcernToMeet, GuardianChoice, StaffCare, StaffChoice};

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let reached = gate::child(
        &caller,
        &mut conn,
        child,
        Action::ViewCare,
        "meetings and plans",
    )
    .await?;
    let units = match &reached.reader {
        Reader::Guardian { .. } => {
            return Ok(ChildCare::Parent(
                read::parent_care(&caller, &mut conn, child).await?,
            ))
        }
        Reader::Staff { units } => units.clone(),
    };
    let meeting_rows = meetings::child_meetings(&mut conn, child, Some(&units)).await?;
    let plan_rows = plans::child_plans(&mut conn, child, Some(&units)).await?;
    let (meetings_out, plans_out) =
        read::staff_lists(&mut conn, &meeting_rows, &plan_rows, today).await?;
    let hold_units = reached.units_for(&caller, child, Action::HoldMeetings);
    let may_hold = !hold_units.is_empty();
    let (mut concerns, mut guardians, mut address_protection) = (Vec::new(), Vec::new(), false);
    let mut staff = Vec::new();
    if may_hold {
        concerns = follow_ups::concerns_to_meet(&mut conn, child, &hold_units)
            .await?
            .into_iter()
            .map(|c| ConcernToMeet {
                follow_up: c.follow_up,
                context: c.context,
                note: c.note,
                assessed_on: c.assessed_on,
                due_on: c.due_on,
            })
            .collect();
        let municipality = reached.allowed.placements.first().map(|p| p.municipality);
        let without_custody = match municipality {
            Some(m) => meetings::invites_without_custody(&mut conn, m).await?,
            None => false,
        };
        for unit in &hold_units {
            for (user, name, role) in meetings::unit_staff(&mut conn, *unit, today).await? {
                if user != caller.user.user_id
                    && !staff.iter().any(|s: &StaffChoice| s.user == user)
                {
                    staff.push(StaffChoice { user, name, role });
                }
            }
        }
        let facts = meetings::guardians(&mut conn, child, today).await?;
        address_protection = facts.iter().any(|g| g.address_protected);
        guardians = facts
            .into_iter()
            .map(|g| GuardianChoice {
                user: g.user,
                name: g.name,
                has_custody: g.has_custody,
                invitable: g.has_custody || without_custody,
            })
            .collect();
    }
    Ok(ChildCare::Staff(StaffCare {
        meetings: meetings_out,
        plans: plans_out,
        may_hold,
        concerns,
        staff,
        guardians,
        address_protection,
    }))
}

/// One meeting, as the caller's relationship lets them see it.
#[server(name = GetMeeting, prefix = "/api", endpoint = "meeting", input = Json)]
pub async fn get_meeting(meeting: MeetingId) -> Result<MeetingPage, AppError> {
    use super::{gate, read};
    use crate::backend::store::{child_page, meetings};
    use crate::policy::scope::Reader;
    use crate::policy::Action;

    const PURPOSE: &str = "focus meeting";
    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let missing = format!("meeting:{meeting}");
    let Some(row) = meetings::meeting(&mut conn, meeting).await? else {
        return gate::refuse(&caller, &mut conn, Action::ViewCare, missing, PURPOSE).await;
    };
    let reached = gate::child(&caller, &mut conn, row.child, Action::ViewCare, PURPOSE).await?;
    if !reached.reads(row.unit) {
        return gate::refuse(&caller, &mut conn, Action::ViewCare, missing, PURPOSE).await;
    }
    let child_name = child_name(&mut conn, row.child).await?;
    match reached.reader {
        Reader::Guardian { .. } => {
            let (_, other_protected) =
                child_page::child_guardians(&mut conn, row.child, caller.user.user_id, today)
                    .await?;
            let page = read::parent_meeting(&caller, &mut conn, row, child_name, other_protected);
            Ok(MeetingPage::Parent(page.await?))
        }
        Reader::Staff { .. } => {
            let may = |action| {
                reached
                    .units_for(&caller, row.child, action)
                    .contains(&row.unit)
            };
            let may_hold = may(Action::HoldMeetings);
            let may_invite = may(Action::InviteSpecialist);
            let page =
                read::staff_meeting(&caller, &mut conn, row, child_name, may_hold, may_invite);
            Ok(MeetingPage::Staff(page.await?))
        }
    }
}

#[cfg(feature = "ssr")]
pub(super) async fn child_name(
    conn: &mut crate::backend::db::Conn,
    child: ChildId,
) -> Result<String, AppError> {
    let identity = crate::backend::store::child_page::child_identity(conn, child).await?;
    let identity = identity.ok_or(AppError::NotFound)?;
    Ok(format!("{} {}", identity.first_name, identity.last_name))
}

/// Invites the parents to a focus meeting: the staff of the child's unit. Every custody holder
/// is invited (and a guardian without custody where the municipality allows it and staff
/// chose them); each gets a content-free e-mail. Answering a follow-up's concern completes its
/// "inform the parents and invite them", dated today.
#[server(name = ProposeFocusMeeting, prefix = "/api", endpoint = "propose_meeting", input = Json)]
pub async fn propose_meeting(input: ProposeMeeting) -> Result<MeetingId, AppError> {
    use super::gate;
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{follow_ups, meetings};
    use crate::domain::{overlaps, MeetingProposal, ProblemCode};
    use crate::policy::Action;

    const PURPOSE: &str = "invite to focus meeting";
    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let child = input.child;
    let reached = gate::child(&caller, &mut conn, child, Action::HoldMeetings, PURPOSE).await?;
    let hold_units = reached.units_for(&caller, child, Action::HoldMeetings);
    let unit = match input.follow_up {
        Some(follow_up) => {
            let open = follow_ups::concerns_to_meet(&mut conn, child, &hold_units).await?;
            match open.iter().find(|c| c.follow_up == follow_up) {
                Some(concern) => concern.unit,
                None => {
                    let what = format!("follow_up:{follow_up}");
                    return gate::refuse(&caller, &mut conn, Action::HoldMeetings, what, PURPOSE)
                        .await;
                }
            }
        }
        None => *hold_units.first().ok_or(AppError::NotFound)?,
    };
    let now = caller.state.clock.local_now();
    let proposal = match MeetingProposal::parse(&input.concern, &input.place, &input.times, now) {
        Ok(p) => p,
        Err(problems) => return fail(AppError::Invalid { problems }),
    };
    let taken = meetings::open_times_of_child(&mut conn, child).await?;
    if let Some(i) = proposal
        .times
        .iter()
        .position(|t| taken.iter().any(|other| overlaps(*t, *other)))
    {
        return fail(AppError::invalid(
            0,
            format!("times[{i}]"),
            ProblemCode::Overlapping,
        ));
    }
    let municipality = reached.allowed.placements.first().map(|p| p.municipality);
    let without_custody = match municipality {
        Some(m) => meetings::invites_without_custody(&mut conn, m).await?,
        None => false,
    };
    let guardians = meetings::guardians(&mut conn, child, today).await?;
    for asked in &input.guardians {
        match guardians.iter().find(|g| g.user == *asked) {
            None => {
                return fail(AppError::invalid(
                    0,
                    "guardians",
                    ProblemCode::UnknownPerson,
                ))
            }
            Some(g) if !g.has_custody && !without_custody => {
                return fail(AppError::invalid(0, "guardians", ProblemCode::NeedsCustody))
            }
            Some(_) => {}
        }
    }
    let members = meetings::unit_staff(&mut conn, unit, today).await?;
    if input
        .staff
        .iter()
        .any(|s| !members.iter().any(|(m, _, _)| m == s))
    {
        return fail(AppError::invalid(0, "staff", ProblemCode::UnknownPerson));
    }
    let invited: Vec<_> = guardians
        .iter()
        .filter(|g| g.has_custody || input.guardians.contains(&g.user))
        .collect();
    let invited_ids: Vec<_> = invited.iter().map(|g| g.user).collect();
    let id = MeetingId::random();
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let new = meetings::NewMeeting {
        id,
        child,
        unit,
        follow_up: input.follow_up,
        proposal: &proposal,
        created_by: caller.user.user_id,
        staff: &input.staff,
        guardians: &invited_ids,
        now: caller.state.clock.unix(),
    };
    meetings::insert(&mut tx, new).await?;
    if let Some(follow_up) = input.follow_up {
        follow_ups::complete_follow_up(&mut tx, follow_up, today, caller.user.user_id).await?;
        crate::backend::store::round_counts::refresh_for_follow_up(&mut tx, follow_up, today)
            .await?;
    }
    tx.commit().await?;
    if let Some(mailer) = caller.state.settings.mail.clone() {
        use crate::backend::mail::Notice;
        for g in invited {
            if let Some(email) = g.email.as_deref() {
                let sent = mailer
                    .notify(email, g.language.as_deref(), Notice::MeetingInvitation)
                    .await;
                // The invitation stands in the app either way; a failed letter is for the
                // operator's log, never a reason to undo it.
                if let Err(err) = sent {
                    tracing::warn!(error = %err, meeting = %id, "meeting notice not sent");
                }
            }
        }
    }
    Ok(id)
}

/// Saves the minutes on the version the writer started from, and marks the meeting held when
/// a date is given. Answers the new version; a newer one saved meanwhile is a conflict.
#[server(name = SaveMeetingMinutes, prefix = "/api", endpoint = "save_minutes", input = Json)]
pub async fn save_minutes(input: SaveMinutes) -> Result<u32, AppError> {
    use super::gate;
    use super::read::local_date;
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::meetings;
    use crate::domain::{MeetingMinutes, MeetingStatus, ProblemCode};
    use crate::policy::Action;

    const PURPOSE: &str = "focus meeting minutes";
    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let missing = format!("meeting:{}", input.meeting);
    let Some(row) = meetings::meeting(&mut conn, input.meeting).await? else {
        return gate::refuse(&caller, &mut conn, Action::HoldMeetings, missing, PURPOSE).await;
    };
    let reached = gate::child(&caller, &mut conn, row.child, Action::HoldMeetings, PURPOSE).await?;
    if !reached
        .units_for(&caller, row.child, Action::HoldMeetings)
        .contains(&row.unit)
    {
        return gate::refuse(&caller, &mut conn, Action::HoldMeetings, missing, PURPOSE).await;
    }
    if row.status == MeetingStatus::Cancelled {
        return fail(AppError::invalid(0, "meeting", ProblemCode::Closed));
    }
    let minutes = match MeetingMinutes::parse(&input.minutes) {
        Ok(m) => m,
        Err(problems) => return fail(AppError::Invalid { problems }),
    };
    let held_on = match input.held_on.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            let date =
                time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok();
            match date {
                Some(d) if d > today => {
                    return fail(AppError::invalid(0, "held_on", ProblemCode::BadDate))
                }
                Some(d) if d < local_date(row.created_at) => {
                    return fail(AppError::invalid(0, "held_on", ProblemCode::TooEarly))
                }
                Some(d) => Some(d),
                None => return fail(AppError::invalid(0, "held_on", ProblemCode::BadDate)),
            }
        }
    };
    let now = caller.state.clock.unix();
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let version = i64::from(input.version);
    let saved = meetings::save_minutes(&mut tx, row.id, version, &minutes, held_on, now).await?;
    if !saved {
        return fail(AppError::Conflict { current: None });
    }
    crate::backend::store::round_counts::refresh_for_meeting(&mut tx, row.id, today).await?;
    tx.commit().await?;
    Ok(input.version + 1)
}

/// Cancels an invitation that was not held (the follow-up it completed stays done: the
/// parents were informed).
#[server(name = CancelMeeting, prefix = "/api", endpoint = "cancel_meeting", input = Json)]
pub async fn cancel_meeting(meeting: MeetingId) -> Result<(), AppError> {
    use super::gate;
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::meetings;
    use crate::domain::ProblemCode;
    use crate::policy::Action;

    const PURPOSE: &str = "cancel focus meeting";
    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let missing = format!("meeting:{meeting}");
    let Some(row) = meetings::meeting(&mut conn, meeting).await? else {
        return gate::refuse(&caller, &mut conn, Action::HoldMeetings, missing, PURPOSE).await;
    };
    let reached = gate::child(&caller, &mut conn, row.child, Action::HoldMeetings, PURPOSE).await?;
    if !reached
        .units_for(&caller, row.child, Action::HoldMeetings)
        .contains(&row.unit)
    {
        return gate::refuse(&caller, &mut conn, Action::HoldMeetings, missing, PURPOSE).await;
    }
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    if !meetings::cancel(&mut tx, meeting, caller.state.clock.unix()).await? {
        return fail(AppError::invalid(0, "meeting", ProblemCode::Closed));
    }
    tx.commit().await?;
    Ok(())
}
