use crate::error::AppError;
pub use crate::wire::auth::LoginNext;
use leptos::prelude::*;

/// Signs in with a personal username and password (SECURITY S1, S2, S3, L4).
///
/// Unknown usernames and wrong passwords get the same answer in the same time. Before any
/// password is hashed, one write transaction counts the recent failures and adds this attempt
/// as pending (`auth::throttle`), so parallel guesses cannot all pass the limit; a refused
/// attempt is logged and answered `Throttled` without hashing.
///
/// Whoever must have a second factor (SECURITY S1) also sends `code`, from their
/// authenticator app or a recovery code: without it a right password is answered `CodeNeeded`
/// (and counts neither way), a wrong code is a failed attempt. Someone who must have one and
/// has none yet gets a session that may only enrol one (`LoginNext::EnrolSecondFactor`).
#[server(name = Login, prefix = "/api", endpoint = "login")]
pub async fn login(
    username: String,
    password: String,
    #[server(default)] code: Option<String>,
) -> Result<LoginNext, AppError> {
    use super::second_factor::at_login::{self, AtLogin};
    use crate::backend::audit::{self, Outcome};
    use crate::backend::context::{fail, state};
    use crate::backend::store::people;
    use crate::backend::{passwords, sessions};
    use crate::domain::Username;

    let state = state()?;
    let db = &state.db;
    let now = state.clock.unix();
    // Throttling counts per typed name, known or not, so probing names is throttled too.
    let typed = username.trim().to_lowercase();
    let account = match Username::parse(&typed) {
        Some(name) => people::account_by_username(&mut *db.conn().await?, name.as_str()).await?,
        None => None,
    };
    let user = account.as_ref().map(|a| a.id);
    let name = people::attempt_name(&typed);
    let attempt = match super::throttle::pass(&state, &name, &client_address(), now).await? {
        Ok(attempt) => attempt,
        Err(limit) => {
            // SECURITY L4: a refused attempt is logged too, with the limit that refused it.
            let entry = login_entry(now, user, Outcome::Failed, Some(limit.code().to_owned()));
            audit::append(db, entry).await?;
            return fail(AppError::Throttled);
        }
    };
    let usable = account.as_ref().filter(|a| !a.disabled);
    let verified = passwords::verify(password, usable.and_then(|a| a.password_hash.clone())).await;
    let Some(account) = usable.filter(|_| verified) else {
        people::finish_attempt(&mut *db.conn().await?, attempt, false).await?;
        audit::append(db, login_entry(now, user, Outcome::Failed, None)).await?;
        return fail(AppError::BadCredentials);
    };
    let today = state.clock.today();
    let factor = {
        let mut conn = db.conn().await?;
        let factor = at_login::check(&mut conn, account.id, code.as_deref(), today, now).await?;
        match factor {
            AtLogin::CodeNeeded => people::drop_attempt(&mut conn, attempt).await?,
            AtLogin::WrongCode => people::finish_attempt(&mut conn, attempt, false).await?,
            _ => people::finish_attempt(&mut conn, attempt, true).await?,
        }
        factor
    };
    let evidence = factor.evidence().map(str::to_owned);
    match factor {
        AtLogin::CodeNeeded => return fail(AppError::CodeNeeded),
        AtLogin::WrongCode => {
            audit::append(db, login_entry(now, user, Outcome::Failed, evidence)).await?;
            return fail(AppError::BadCode);
        }
        AtLogin::NotNeeded | AtLogin::Passed(_) | AtLogin::Enrol => {
            audit::append(db, login_entry(now, user, Outcome::Succeeded, evidence)).await?;
        }
    }

    // A new token at every login; whatever session this browser had before is ended, so a
    // planted session id can never be lifted into a signed-in one.
    if let Some(old) = current_token(&state.settings) {
        sessions::end(db, &old).await?;
    }
    let (token, next) = if factor == AtLogin::Enrol {
        let token = sessions::create_enrolling(db, account.id, now).await?;
        (token, LoginNext::EnrolSecondFactor)
    } else {
        (
            sessions::create(db, account.id, now).await?,
            LoginNext::Home,
        )
    };
    set_cookie(sessions::session_cookie(&state.settings, &token));
    Ok(next)
}

/// The audit row of a login: ids and a code, never what was typed (SECURITY L4).
#[cfg(feature = "ssr")]
fn login_entry(
    at: i64,
    user: Option<crate::domain::UserId>,
    outcome: crate::backend::audit::Outcome,
    criterion: Option<String>,
) -> crate::backend::audit::Entry<'static> {
    crate::backend::audit::Entry {
        at,
        user,
        unit: None,
        action: "login",
        child: None,
        criterion,
        purpose: "sign in",
        outcome,
    }
}

/// The client's address as the throttle counts it: IPv4 whole, IPv6 by its /64 (one home or
/// one attacker's machine has a whole /64). The server serves with `ConnectInfo`; without it
/// (a test server, a tool) every client is "unknown", one address for all. Behind a reverse
/// proxy this is the proxy's address (SECURITY S2, open).
#[cfg(feature = "ssr")]
fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::{IpAddr, Ipv6Addr, SocketAddr};
    let peer = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0));
    match peer.map(|p| p.ip().to_canonical()) {
        Some(IpAddr::V4(ip)) => ip.to_string(),
        Some(IpAddr::V6(ip)) => {
            let prefix = u128::from(ip) & !((1_u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(prefix))
        }
        None => "unknown".to_owned(),
    }
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
