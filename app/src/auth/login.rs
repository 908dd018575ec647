use crate::error::AppError;
use leptos::prelude::*;

/// Signs in with a personal username and password (SECURITY S1, S2, S3, L4).
///
/// Unknown usernames and wrong passwords get the same answer in the same time. After too many
/// failures the account is locked for a while, whatever password is tried.
#[server(name = Login, prefix = "/api", endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, state};
    use crate::backend::store::people;
    use crate::backend::{passwords, sessions};
    use crate::domain::Username;

    let state = state()?;
    let db = &state.db;
    let now = state.clock.unix();
    // Throttling counts per typed name, known or not, so probing names is throttled too.
    let typed = username.trim().to_lowercase();
    let (consecutive, last_hour) =
        people::recent_failures(&mut *db.conn().await?, &typed, now).await?;
    if consecutive >= state.settings.lockout_failures
        || last_hour >= state.settings.hourly_failure_cap
    {
        return fail(AppError::Throttled);
    }
    let account = match Username::parse(&typed) {
        Some(name) => people::account_by_username(&mut *db.conn().await?, name.as_str()).await?,
        None => None,
    };
    let usable = account.as_ref().filter(|a| !a.disabled);
    let verified = passwords::verify(password, usable.and_then(|a| a.password_hash.clone())).await;
    people::record_attempt(&mut *db.conn().await?, &typed, now, verified).await?;
    audit::append(
        db,
        Entry {
            at: now,
            user: account.as_ref().map(|a| a.id),
            unit: None,
            action: "login",
            child: None,
            criterion: None,
            purpose: "sign in",
            outcome: if verified {
                Outcome::Succeeded
            } else {
                Outcome::Failed
            },
        },
    )
    .await?;
    let Some(account) = usable.filter(|_| verified) else {
        return fail(AppError::BadCredentials);
    };

    // A new token at every login; whatever session this browser had before is ended, so a
    // planted session id can never be lifted into a signed-in one.
    if let Some(old) = current_token(&state.settings) {
        sessions::end(db, &old).await?;
    }
    let token = sessions::create(db, account.id, now).await?;
    set_cookie(sessions::session_cookie(&state.settings, &token));
    Ok(())
}

/// Ends the session on the server and removes the cookie (SECURITY S4).
#[server(name = Logout, prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::state;
    use crate::backend::sessions::{self, SessionUser};

    let state = state()?;
    if let Some(token) = current_token(&state.settings) {
        sessions::end(&state.db, &token).await?;
    }
    let user = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<SessionUser>().cloned());
    if let Some(user) = user {
        let entry = Entry {
            at: state.clock.unix(),
            user: Some(user.user_id),
            unit: None,
            action: "logout",
            child: None,
            criterion: None,
            purpose: "sign out",
            outcome: Outcome::Succeeded,
        };
        audit::append(&state.db, entry).await?;
    }
    set_cookie(sessions::clearing_cookie(&state.settings));
    Ok(())
}

#[cfg(feature = "ssr")]
fn current_token(settings: &crate::backend::state::Settings) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
    crate::backend::sessions::token_from_cookie_header(settings, header)
}

#[cfg(feature = "ssr")]
fn set_cookie(value: String) {
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}
