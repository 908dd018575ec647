//! Ending a guardianship on a date (issue 15 item 5): the leader of the child's unit (who sees
//! the child) or the municipality's administrator. From the chosen day the guardian reaches the
//! child no more — not the child page, the timeline, or the child on their home page — at their
//! next request (SECURITY A6). The administrator never learns a child's id from the people page
//! (they never see a child), so in practice it is the leader, or the guardians import.

use super::EndGuardianshipInput;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(name = EndGuardianship, prefix = "/api", endpoint = "end_guardianship", input = Json)]
pub async fn end_guardianship(input: EndGuardianshipInput) -> Result<(), AppError> {
    use super::actions::{hidden, record};
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::guardianship_end;
    use crate::domain::ProblemCode;
    use crate::policy::{Action, Resource};
    use time::Duration;

    const PURPOSE: &str = "end guardianship";
    let caller = Caller::current()?;
    let today = caller.state.clock.today();
    let mut conn = caller.state.db.conn().await?;
    let found =
        guardianship_end::guardianship_place(&mut conn, input.guardian, input.child, today).await?;
    let Some(found) = found else {
        let missing = Target::Missing("guardianship:unknown".to_owned());
        caller
            .authorize(&mut conn, Action::ManagePeople, missing, PURPOSE)
            .await?;
        return fail(AppError::NotFound);
    };
    // A unit of the child's where the caller may, else the child's first, else (a child
    // enrolled nowhere today) the municipality.
    let target = found
        .placements
        .iter()
        .find(|place| caller.also_may(Action::ManagePeople, &Resource::Unit(**place)))
        .or(found.placements.first())
        .map(|place| Target::UnitAt(*place))
        .unwrap_or(Target::Municipality(found.municipality));
    hidden(
        caller
            .authorize(&mut conn, Action::ManagePeople, target, PURPOSE)
            .await,
    )?;
    if input.stops_on < today {
        return fail(AppError::invalid(0, "stops_on", ProblemCode::TooEarly));
    }
    let last_day = input.stops_on - Duration::days(1);
    // A guardianship that already ends sooner keeps its end.
    if found.ends_on.is_none_or(|end| last_day < end) {
        let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
        guardianship_end::end_guardianship(&mut tx, input.guardian, input.child, last_day).await?;
        tx.commit().await?;
    }
    let criterion = format!("guardian:{} child:{}", input.guardian, input.child);
    record(
        &caller,
        Action::ManagePeople,
        Some(input.child),
        criterion,
        PURPOSE,
    )
    .await
}
