use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Sends `username` a letter with a link to set their password (issue 15): the administrator
/// for anyone in the municipality, a unit leader for the people who work in their units.
/// Anyone else, and an unknown username, gets "not found" (SECURITY A4); every try is in the
/// audit log with ids only (SECURITY A7, L1). Without an e-mail address on the person the
/// answer says so (422); without SMTP configured, that mail is off (503).
#[server(name = InviteUser, prefix = "/api", endpoint = "invite_user", input = Json)]
pub async fn invite_user(username: String) -> Result<(), AppError> {
    use super::link;
    use crate::backend::audit::{self, Outcome};
    use crate::backend::context::{fail, internal, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::mail::Purpose;
    use crate::backend::store::{password_links, people};
    use crate::domain::Username;
    use crate::error::ProblemCode;
    use crate::policy::{Action, Resource};

    const PURPOSE: &str = "invite user";
    let caller = Caller::current()?;
    let state = &caller.state;
    let mut conn = state.db.conn().await?;
    let found = match Username::parse(&username) {
        Some(name) => people::unlock_target(&mut conn, name.as_str(), state.clock.today()).await?,
        None => None,
    };
    let Some(found) = found else {
        // Nobody to invite: refused at the gate like anyone the caller may not invite.
        let missing = Target::Missing("user:unknown".to_owned());
        caller
            .authorize(&mut conn, Action::InviteUser, missing, PURPOSE)
            .await?;
        return fail(AppError::NotFound);
    };
    // As for unlocking: a unit of theirs where the caller may invite, else their first unit,
    // else (a guardian, or someone in no unit) the municipality.
    let target = found
        .units
        .iter()
        .find(|place| caller.also_may(Action::InviteUser, &Resource::Unit(**place)))
        .or(found.units.first())
        .map(|place| Target::UnitAt(*place))
        .unwrap_or(Target::Municipality(found.municipality));
    match caller
        .authorize(&mut conn, Action::InviteUser, target, PURPOSE)
        .await
    {
        Ok(_) => {}
        Err(AppError::Forbidden) => return fail(AppError::NotFound),
        Err(err) => return Err(err),
    }
    let Some(mailer) = state.settings.mail.clone() else {
        return fail(AppError::MailOff);
    };
    let recipient = password_links::recipient(&mut conn, found.user).await?;
    let Some(recipient) = recipient.filter(|r| !r.disabled) else {
        return fail(AppError::NotFound);
    };
    let Some(email) = recipient.email else {
        return fail(AppError::invalid(0, "email", ProblemCode::Missing));
    };
    let now = state.clock.unix();
    let token = link::new_token();
    let mut tx = begin_write_on(&mut conn, state.db.kind()).await?;
    let expires = now + link::LIFETIME_SECONDS;
    password_links::issue(
        &mut tx,
        found.user,
        Purpose::Invite,
        &link::digest(&token),
        now,
        expires,
    )
    .await?;
    tx.commit().await?;
    let sent = mailer
        .send(
            &email,
            recipient.language.as_deref(),
            Purpose::Invite,
            &mailer.link(&token),
        )
        .await;
    let outcome = if sent.is_ok() {
        Outcome::Succeeded
    } else {
        Outcome::Failed
    };
    let criterion = format!("user:{}", found.user);
    let row = super::entry(
        now,
        Some(caller.user.user_id),
        Action::InviteUser.code(),
        criterion,
        PURPOSE,
        outcome,
    );
    audit::append(&state.db, row).await?;
    if let Err(err) = sent {
        // The SMTP server's words go to the log; the administrator hears that mail failed.
        let _ = internal(&err);
        return fail(AppError::MailOff);
    }
    Ok(())
}
