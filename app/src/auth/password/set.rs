use crate::error::AppError;
use crate::wire::password::LinkPurpose;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What a one-time link is for, or why it cannot be used (unknown 404, used or expired 410):
/// the password page says so before anyone types a password.
#[server(name = PasswordLink, prefix = "/api", endpoint = "password_link", input = Json)]
pub async fn password_link(token: String) -> Result<LinkPurpose, AppError> {
    use crate::backend::context::{fail, state};
    use crate::backend::mail::Purpose;

    let state = state()?;
    let mut conn = state.db.conn().await?;
    match usable(&mut conn, &token, state.clock.unix()).await? {
        Err((_, problem)) => fail(AppError::Link { problem }),
        Ok(link) => Ok(match link.purpose {
            Purpose::Invite => LinkPurpose::Invite,
            Purpose::Reset => LinkPurpose::Reset,
        }),
    }
}

/// Sets the password of the link's person (issue 15): the link must be known, unused and at
/// most 72 hours old, the password 12–128 characters and not common. The password and the
/// link's use are one transaction, which also ends every session of the person; nothing is
/// half saved. No session is needed, and none is started: the person signs in as usual.
#[server(name = SetPassword, prefix = "/api", endpoint = "set_password", input = Json)]
pub async fn set_password(token: String, password: String) -> Result<(), AppError> {
    use super::{entry, link, rules};
    use crate::backend::audit::{self, Outcome};
    use crate::backend::context::{fail, state};
    use crate::backend::db::begin_write_on;
    use crate::backend::passwords;
    use crate::backend::store::password_links;

    const PURPOSE: &str = "set password";
    let state = state()?;
    let db = &state.db;
    let now = state.clock.unix();
    let mut conn = db.conn().await?;
    let link = match usable(&mut conn, &token, now).await? {
        Ok(link) => link,
        Err((user, problem)) => return refuse(&state, user, problem).await,
    };
    let Some(person) = password_links::recipient(&mut conn, link.user).await? else {
        return refuse(&state, None, crate::wire::password::LinkProblem::Unknown).await;
    };
    let own = [person.username.as_str(), person.display_name.as_str()];
    if let Err(problem) = rules::check(&password, &own) {
        return fail(AppError::WeakPassword { problem });
    }
    let hash = passwords::hash(password).await;
    let digest = link::digest(&token);
    let mut tx = begin_write_on(&mut conn, db.kind()).await?;
    if let Some(language) = chosen_language() {
        // The language the person reads Tværs in: their later letters come in it.
        password_links::set_language(&mut tx, link.user, language).await?;
    }
    if !password_links::use_and_set(&mut tx, &digest, link.user, &hash, now).await? {
        // Another request used it meanwhile: dropped unwritten, answered as used.
        drop(tx);
        let problem = crate::wire::password::LinkProblem::Used;
        return refuse(&state, Some(link.user), problem).await;
    }
    tx.commit().await?;
    let row = entry(
        now,
        Some(link.user),
        "set_password",
        format!("link:{}", link.purpose.code()),
        PURPOSE,
        Outcome::Succeeded,
    );
    audit::append(db, row).await?;
    Ok(())
}

/// The stored link of `token`, if it may still set a password at `now`; else why not, with
/// the link's person when the link is known.
#[cfg(feature = "ssr")]
type Usable = Result<
    crate::backend::store::password_links::StoredLink,
    (
        Option<crate::domain::UserId>,
        crate::wire::password::LinkProblem,
    ),
>;

#[cfg(feature = "ssr")]
async fn usable(
    conn: &mut crate::backend::db::Conn,
    token: &str,
    now: i64,
) -> Result<Usable, AppError> {
    use super::link::{decide, digest, LinkState};
    use crate::backend::store::password_links;
    let found = password_links::find(conn, &digest(token)).await?;
    let state = found.as_ref().map(|l| LinkState {
        expires_at: l.expires_at,
        used_at: l.used_at,
    });
    Ok(match (decide(state, now), found) {
        (Ok(()), Some(link)) => Ok(link),
        (Err(problem), found) => Err((found.map(|l| l.user), problem)),
        (Ok(()), None) => Err((None, crate::wire::password::LinkProblem::Unknown)),
    })
}

/// The language the browser shows Tværs in (the language picker's cookie), if it is one of
/// the app's.
#[cfg(feature = "ssr")]
fn chosen_language() -> Option<&'static str> {
    let parts = use_context::<http::request::Parts>()?;
    let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
    header
        .split(';')
        .filter_map(|pair| pair.trim().strip_prefix("i18n_pref_locale="))
        .find_map(crate::backend::mail::known_language)
}

/// Logs a refused link (with the person, when known) and answers it (SECURITY L4).
#[cfg(feature = "ssr")]
async fn refuse(
    state: &crate::backend::state::AppState,
    user: Option<crate::domain::UserId>,
    problem: crate::wire::password::LinkProblem,
) -> Result<(), AppError> {
    use crate::backend::audit::{self, Outcome};
    use crate::wire::password::LinkProblem;
    let code = match problem {
        LinkProblem::Unknown => "link:unknown",
        LinkProblem::Used => "link:used",
        LinkProblem::Expired => "link:expired",
    };
    let row = super::entry(
        state.clock.unix(),
        user,
        "set_password",
        code.to_owned(),
        "set password",
        Outcome::Failed,
    );
    audit::append(&state.db, row).await?;
    crate::backend::context::fail(AppError::Link { problem })
}
