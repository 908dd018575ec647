//! The administrator's choice of narrower access for the municipality (issue 14, SECURITY A1):
//! the kinds of unit where close staff reach only the children of their own groups.

use super::AccessSettings;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The municipality's access settings, for its administrator.
#[server(name = GetAccessSettings, prefix = "/api", endpoint = "access_settings")]
pub async fn get_access_settings() -> Result<AccessSettings, AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::store::{access, org, second_factors};
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let Some(muni) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    caller
        .authorize(
            &mut conn,
            Action::ManageOrganisation,
            Target::Municipality(muni),
            "access settings",
        )
        .await?;
    Ok(AccessSettings {
        narrowed: access::narrowed_kinds(&mut conn, muni).await?,
        second_factor_all_staff: second_factors::all_staff(&mut conn, muni).await?,
    })
}

/// Stores the kinds of unit where access is narrowed; from the next request on, every decision
/// of the policy reads them with the child's or group's place.
#[server(name = SaveAccessSettings, prefix = "/api", endpoint = "save_access_settings", input = Json)]
pub async fn save_access_settings(settings: AccessSettings) -> Result<(), AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::store::{access, org, second_factors};
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let Some(muni) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    let purpose = "access settings";
    caller
        .authorize(
            &mut conn,
            Action::ManageOrganisation,
            Target::Municipality(muni),
            purpose,
        )
        .await?;
    let db = &caller.state.db;
    access::save_narrowed_kinds(&mut conn, db.kind(), muni, &settings.narrowed).await?;
    second_factors::set_all_staff(&mut conn, muni, settings.second_factor_all_staff).await?;
    // Who changed who may see what, and to what (SECURITY L1).
    let narrowed: Vec<&str> = access::narrowed_kinds(&mut conn, muni)
        .await?
        .into_iter()
        .map(|kind| kind.code())
        .collect();
    let entry = Entry {
        at: caller.state.clock.unix(),
        user: Some(caller.user.user_id),
        unit: None,
        action: "set_narrowed_access",
        child: None,
        criterion: Some(format!(
            "narrowed:{} second_factor_all_staff:{}",
            narrowed.join(","),
            u8::from(second_factors::all_staff(&mut conn, muni).await?)
        )),
        purpose,
        outcome: Outcome::Succeeded,
    };
    audit::enqueue(db, entry).committed().await?;
    Ok(())
}
