//! The extended focus meeting (*udvidet fokusmøde*): the leader of the child's unit invites a
//! specialist — speech and hearing consultant, family counsellor, psychologist (PPR), health
//! visitor — who then reaches this one child's case, through the policy's existing invitation
//! relation, until the date given, and no longer.

use crate::error::AppError;
use crate::wire::care::InviteToMeeting;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(name = InviteSpecialistToMeeting, prefix = "/api", endpoint = "invite_to_meeting", input = Json)]
pub async fn invite_to_meeting(input: InviteToMeeting) -> Result<(), AppError> {
    use super::gate;
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{meetings, people_admin};
    use crate::domain::{MeetingStatus, ProblemCode, Username};
    use crate::policy::Action;

    const PURPOSE: &str = "extended focus meeting";
    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let action = Action::InviteSpecialist;
    let missing = format!("meeting:{}", input.meeting);
    let Some(row) = meetings::meeting(&mut conn, input.meeting).await? else {
        return gate::refuse(&caller, &mut conn, action, missing, PURPOSE).await;
    };
    let reached = gate::child(&caller, &mut conn, row.child, action, PURPOSE).await?;
    if !reached
        .units_for(&caller, row.child, action)
        .contains(&row.unit)
    {
        return gate::refuse(&caller, &mut conn, action, missing, PURPOSE).await;
    }
    if row.status != MeetingStatus::Invited {
        return fail(AppError::invalid(0, "meeting", ProblemCode::Closed));
    }
    if input.ends_on < today {
        return fail(AppError::invalid(0, "ends_on", ProblemCode::TooEarly));
    }
    let municipality = reached.allowed.placements.first().map(|p| p.municipality);
    let specialist = match (Username::parse(&input.specialist), municipality) {
        (Some(name), Some(m)) => {
            people_admin::specialist(&mut conn, name.as_str(), m, today).await?
        }
        _ => None,
    };
    let Some(specialist) = specialist else {
        return fail(AppError::invalid(
            0,
            "specialist",
            ProblemCode::UnknownPerson,
        ));
    };
    let now = caller.state.clock.unix();
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    people_admin::invite_specialist(&mut tx, specialist, row.child, today, input.ends_on).await?;
    meetings::add_specialist(&mut tx, row.id, specialist, input.role, now).await?;
    tx.commit().await?;
    Ok(())
}
