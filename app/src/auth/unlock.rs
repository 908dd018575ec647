use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Lifts the login wait of `username` after too many failed logins (SECURITY S2): the unit
/// leader for the staff of their unit, the administrator for anyone in the municipality. The
/// failures before it no longer count. Anyone else, and an unknown username, gets "not found"
/// (SECURITY A4); every try is in the audit log (SECURITY A7).
#[server(name = UnlockAccount, prefix = "/api", endpoint = "unlock_account", input = Json)]
pub async fn unlock_account(username: String) -> Result<(), AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::people;
    use crate::domain::Username;
    use crate::policy::{Action, Resource};

    const PURPOSE: &str = "unlock account";
    let caller = Caller::current()?;
    let state = &caller.state;
    let mut conn = state.db.conn().await?;
    let name = Username::parse(&username);
    let found = match &name {
        Some(name) => people::unlock_target(&mut conn, name.as_str(), state.clock.today()).await?,
        None => None,
    };
    let (Some(name), Some(found)) = (name, found) else {
        // Nobody to unlock: refused at the gate like anyone the caller may not unlock.
        let missing = Target::Missing("user:unknown".to_owned());
        caller
            .authorize(&mut conn, Action::UnlockAccount, missing, PURPOSE)
            .await?;
        return fail(AppError::NotFound);
    };
    // Where the person works decides who may unlock them: a unit of theirs where the caller
    // may (a leader of one of their units), else their first unit (an administrator may at
    // any), else, for someone in no unit, the municipality.
    let target = found
        .units
        .iter()
        .find(|place| caller.also_may(Action::UnlockAccount, &Resource::Unit(**place)))
        .or(found.units.first())
        .map(|place| Target::UnitAt(*place))
        .unwrap_or(Target::Municipality(found.municipality));
    match caller
        .authorize(&mut conn, Action::UnlockAccount, target, PURPOSE)
        .await
    {
        Ok(_) => {}
        // A refusal about someone in no unit must not tell that they exist.
        Err(AppError::Forbidden) => return fail(AppError::NotFound),
        Err(err) => return Err(err),
    }
    let now = state.clock.unix();
    let mut tx = begin_write_on(&mut conn, state.db.kind()).await?;
    people::enter_login_gate(&mut tx, now).await?;
    people::unlock_attempts(&mut tx, &people::attempt_name(name.as_str()), now).await?;
    tx.commit().await?;
    // Who was unlocked, by id (the gate's row names the unit).
    let entry = Entry {
        at: now,
        user: Some(caller.user.user_id),
        unit: None,
        action: Action::UnlockAccount.code(),
        child: None,
        criterion: Some(format!("user:{}", found.user)),
        purpose: PURPOSE,
        outcome: Outcome::Succeeded,
    };
    audit::append(&state.db, entry).await?;
    Ok(())
}
