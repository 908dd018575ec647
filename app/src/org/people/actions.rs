//! The changes a people administrator makes: end a membership, disable or enable a user,
//! invite a specialist to one child's case. Unlocking and (re)sending an invitation are the
//! existing `auth::unlock_account` and `auth::password::invite_user`.

use super::{EndMembershipInput, InviteSpecialistInput};
use crate::domain::UserId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The audit row of a change that went through: who did it, to what, by ids.
#[cfg(feature = "ssr")]
pub(super) async fn record(
    caller: &crate::backend::context::Caller,
    action: crate::policy::Action,
    child: Option<crate::domain::ChildId>,
    criterion: String,
    purpose: &str,
) -> Result<(), AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    let entry = Entry {
        at: caller.state.clock.unix(),
        user: Some(caller.user.user_id),
        unit: None,
        action: action.code(),
        child,
        criterion: Some(criterion),
        purpose,
        outcome: Outcome::Succeeded,
    };
    Ok(audit::append(&caller.state.db, entry).await?)
}

/// A refusal of a municipality-wide target (an area or municipality membership, a person in
/// no unit) must not tell that it exists: not found, like another unit's (SECURITY A4).
#[cfg(feature = "ssr")]
pub(super) fn hidden<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    match result {
        Err(AppError::Forbidden) => crate::backend::context::fail(AppError::NotFound),
        other => other,
    }
}

/// Ends a membership: from `stops_on` (today or later, after the day it began) the person no
/// longer has it, from their next request on. An administrator cannot end their own last
/// administrator membership (nobody locks the municipality out).
#[server(name = EndMembership, prefix = "/api", endpoint = "end_membership", input = Json)]
pub async fn end_membership(input: EndMembershipInput) -> Result<(), AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::people_admin;
    use crate::domain::{ProblemCode, Role};
    use crate::policy::Action;
    use time::Duration;

    const PURPOSE: &str = "end membership";
    let caller = Caller::current()?;
    let today = caller.state.clock.today();
    let mut conn = caller.state.db.conn().await?;
    let Some(found) = people_admin::membership_place(&mut conn, input.membership).await? else {
        let missing = Target::Missing("membership:unknown".to_owned());
        caller
            .authorize(&mut conn, Action::ManagePeople, missing, PURPOSE)
            .await?;
        return fail(AppError::NotFound);
    };
    let target = match found.unit {
        Some(place) => Target::UnitAt(place),
        None => Target::Municipality(found.municipality),
    };
    hidden(
        caller
            .authorize(&mut conn, Action::ManagePeople, target, PURPOSE)
            .await,
    )?;
    let fact = &found.fact;
    if input.stops_on < today || input.stops_on <= fact.starts_on {
        return fail(AppError::invalid(0, "stops_on", ProblemCode::TooEarly));
    }
    if fact.user == caller.user.user_id && fact.role == Role::Administrator {
        let others = people_admin::other_administrator_memberships(
            &mut conn,
            fact.user,
            fact.id,
            input.stops_on,
        )
        .await?;
        if others == 0 {
            return fail(AppError::invalid(0, "membership", ProblemCode::LocksOut));
        }
    }
    let last_day = input.stops_on - Duration::days(1);
    // A membership that already ends sooner keeps its end.
    if fact.ends_on.is_none_or(|end| last_day < end) {
        let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
        people_admin::end_membership(&mut tx, fact.id, last_day).await?;
        tx.commit().await?;
    }
    let criterion = format!("membership:{} user:{}", fact.id, fact.user);
    record(&caller, Action::ManagePeople, None, criterion, PURPOSE).await
}

/// Lets the caller administer the person `user`, or refuses (as "not found" when the caller
/// may not know of them). The target is a unit of theirs where the caller may, else their
/// first unit, else (someone in no unit) the municipality — as for unlocking.
#[cfg(feature = "ssr")]
async fn authorize_person(
    caller: &crate::backend::context::Caller,
    conn: &mut crate::backend::db::Conn,
    user: UserId,
    purpose: &str,
) -> Result<(), AppError> {
    use crate::backend::context::{fail, Target};
    use crate::backend::store::people_admin;
    use crate::policy::{Action, Resource};

    let today = caller.state.clock.today();
    let Some(found) = people_admin::person_places(conn, user, today).await? else {
        let missing = Target::Missing("user:unknown".to_owned());
        caller
            .authorize(conn, Action::ManagePeople, missing, purpose)
            .await?;
        return fail(AppError::NotFound);
    };
    let target = found
        .units
        .iter()
        .find(|place| caller.also_may(Action::ManagePeople, &Resource::Unit(**place)))
        .or(found.units.first())
        .map(|place| Target::UnitAt(*place))
        .unwrap_or(Target::Municipality(found.municipality));
    hidden(
        caller
            .authorize(conn, Action::ManagePeople, target, purpose)
            .await,
    )?;
    Ok(())
}

/// Removes a person's second factor (a lost or new phone): their sessions end, and their next
/// sign-in with their password sets up a new one. Their recovery codes go with it.
#[server(name = ResetSecondFactor, prefix = "/api", endpoint = "reset_second_factor", input = Json)]
pub async fn reset_second_factor(user: UserId) -> Result<(), AppError> {
    use crate::backend::context::Caller;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{people, second_factors};
    use crate::policy::Action;

    const PURPOSE: &str = "reset second factor";
    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    authorize_person(&caller, &mut conn, user, PURPOSE).await?;
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    second_factors::reset(&mut tx, user).await?;
    people::end_sessions(&mut tx, user).await?;
    tx.commit().await?;
    let criterion = format!("user:{user}");
    record(&caller, Action::ManagePeople, None, criterion, PURPOSE).await
}

/// Disables a user (their sessions end at once, and sign-in is refused) or enables them again.
/// Nobody disables themselves.
#[server(name = SetUserDisabled, prefix = "/api", endpoint = "set_user_disabled", input = Json)]
pub async fn set_user_disabled(user: UserId, disabled: bool) -> Result<(), AppError> {
    use crate::backend::context::{fail, Caller};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{people, people_admin};
    use crate::domain::ProblemCode;
    use crate::policy::Action;

    let purpose = if disabled {
        "disable user"
    } else {
        "enable user"
    };
    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    authorize_person(&caller, &mut conn, user, purpose).await?;
    if disabled && user == caller.user.user_id {
        return fail(AppError::invalid(0, "user", ProblemCode::LocksOut));
    }
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    if disabled {
        people::disable_user(&mut tx, user).await?;
    } else {
        people_admin::enable_user(&mut tx, user).await?;
    }
    tx.commit().await?;
    record(
        &caller,
        Action::ManagePeople,
        None,
        format!("user:{user}"),
        purpose,
    )
    .await
}

/// Invites a specialist (a person with a specialist membership in the child's municipality) to
/// one child's case from today through `ends_on`: the leader of the child's unit. The
/// specialist then reaches that child, and no other, until the end date.
#[server(name = InviteSpecialist, prefix = "/api", endpoint = "invite_specialist", input = Json)]
pub async fn invite_specialist(input: InviteSpecialistInput) -> Result<(), AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::people_admin;
    use crate::domain::{ProblemCode, Username};
    use crate::policy::Action;

    const PURPOSE: &str = "invite specialist";
    let caller = Caller::current()?;
    let today = caller.state.clock.today();
    let mut conn = caller.state.db.conn().await?;
    let target = Target::Child(input.child);
    let allowed = caller
        .authorize(&mut conn, Action::InviteSpecialist, target, PURPOSE)
        .await?;
    if input.ends_on < today {
        return fail(AppError::invalid(0, "ends_on", ProblemCode::TooEarly));
    }
    let Some(muni) = allowed.placements.first().map(|p| p.municipality) else {
        return fail(AppError::NotFound);
    };
    let specialist = match Username::parse(&input.specialist) {
        Some(name) => people_admin::specialist(&mut conn, name.as_str(), muni, today).await?,
        None => None,
    };
    let Some(specialist) = specialist else {
        return fail(AppError::invalid(
            0,
            "specialist",
            ProblemCode::UnknownPerson,
        ));
    };
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    people_admin::invite_specialist(&mut tx, specialist, input.child, today, input.ends_on).await?;
    tx.commit().await?;
    let criterion = format!("user:{specialist} ends_on:{}", input.ends_on);
    record(
        &caller,
        Action::InviteSpecialist,
        Some(input.child),
        criterion,
        PURPOSE,
    )
    .await
}
