//! The municipality's transition rules, on the administrator's settings page (issue 17 item 5):
//! data follows with consent or never; one custody holder or all; who records a paper consent;
//! how many years registrations are kept.

use crate::domain::TransferRules;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(name = GetTransferRules, prefix = "/api", endpoint = "transfer_rules")]
pub async fn get_transfer_rules() -> Result<TransferRules, AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::store::{org, transitions};
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let Some(muni) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    let target = Target::Municipality(muni);
    caller
        .authorize(
            &mut conn,
            Action::ManageOrganisation,
            target,
            "transfer rules",
        )
        .await?;
    Ok(transitions::rules(&mut conn, muni).await?)
}

#[server(name = SaveTransferRules, prefix = "/api", endpoint = "save_transfer_rules", input = Json)]
pub async fn save_transfer_rules(rules: TransferRules) -> Result<(), AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{org, transitions};
    use crate::domain::ProblemCode;
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let Some(muni) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    let purpose = "transfer rules";
    let target = Target::Municipality(muni);
    caller
        .authorize(&mut conn, Action::ManageOrganisation, target, purpose)
        .await?;
    if rules
        .retention_years
        .is_some_and(|y| !(1..=10).contains(&y))
    {
        return fail(AppError::invalid(
            0,
            "retention_years",
            ProblemCode::OutOfRange,
        ));
    }
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    transitions::save_rules(&mut tx, muni, rules).await?;
    tx.commit().await?;
    // Who changed what may pass between places, and to what (SECURITY L1).
    let entry = Entry {
        at: caller.state.clock.unix(),
        user: Some(caller.user.user_id),
        unit: None,
        action: "set_transfer_rules",
        child: None,
        criterion: Some(format!(
            "with_consent:{} all_custody:{} paper_by_staff:{} retention_years:{}",
            u8::from(rules.with_consent),
            u8::from(rules.all_custody_holders),
            u8::from(rules.paper_by_staff),
            rules
                .retention_years
                .map_or("default".into(), |y| y.to_string())
        )),
        purpose,
        outcome: Outcome::Succeeded,
    };
    audit::enqueue(&caller.state.db, entry).committed().await?;
    Ok(())
}
