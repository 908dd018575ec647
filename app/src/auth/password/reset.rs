use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Asks for a link to set a new password (issue 15). The answer is always the same — nothing
/// tells whether the username exists or has an e-mail address — and the letter is sent after
/// the answer, so its time does not tell either. At most [`RESETS_PER_HOUR`] letters per
/// person an hour; further requests are answered alike and send nothing. With mail off, every
/// request hears so (which says nothing about anyone).
#[server(name = RequestPasswordReset, prefix = "/api", endpoint = "request_password_reset", input = Json)]
pub async fn request_password_reset(username: String) -> Result<(), AppError> {
    use super::{entry, link};
    use crate::backend::audit::{self, Outcome};
    use crate::backend::context::{fail, internal, state};
    use crate::backend::db::begin_write_on;
    use crate::backend::mail::Purpose;
    use crate::backend::store::{password_links, people};
    use crate::domain::Username;

    const PURPOSE: &str = "password reset";
    let started = tokio::time::Instant::now();
    let state = state()?;
    let Some(mailer) = state.settings.mail.clone() else {
        return fail(AppError::MailOff);
    };
    let db = &state.db;
    let now = state.clock.unix();
    let mut conn = db.conn().await?;
    let typed = username.trim().to_lowercase();
    let account = match Username::parse(&typed) {
        Some(name) => people::account_by_username(&mut conn, name.as_str()).await?,
        None => None,
    };
    let Some(user) = account.filter(|a| !a.disabled).map(|a| a.id) else {
        let row = entry(
            now,
            None,
            "password_reset",
            "unknown".into(),
            PURPOSE,
            Outcome::Failed,
        );
        audit::append(db, row).await?;
        tokio::time::sleep_until(started + ANSWER_FLOOR).await;
        return Ok(());
    };
    let person = password_links::recipient(&mut conn, user).await?;
    let recent = password_links::resets_since(&mut conn, user, now - 3600).await?;
    let (criterion, letter) = match person.and_then(|p| p.email.map(|e| (e, p.language))) {
        None => ("no_email", None),
        Some(_) if recent >= RESETS_PER_HOUR => ("limited", None),
        Some(to) => ("sent", Some(to)),
    };
    let outcome = if letter.is_some() {
        Outcome::Succeeded
    } else {
        Outcome::Failed
    };
    if let Some((email, language)) = letter {
        let token = link::new_token();
        let mut tx = begin_write_on(&mut conn, db.kind()).await?;
        let expires = now + link::LIFETIME_SECONDS;
        password_links::issue(
            &mut tx,
            user,
            Purpose::Reset,
            &link::digest(&token),
            now,
            expires,
        )
        .await?;
        tx.commit().await?;
        tokio::spawn(async move {
            let url = mailer.link(&token);
            let sent = mailer
                .send(&email, language.as_deref(), Purpose::Reset, &url)
                .await;
            if let Err(err) = sent {
                let _ = internal(err);
            }
        });
    }
    let row = entry(
        now,
        Some(user),
        "password_reset",
        criterion.into(),
        PURPOSE,
        outcome,
    );
    audit::append(db, row).await?;
    tokio::time::sleep_until(started + ANSWER_FLOOR).await;
    Ok(())
}

/// Every answer waits until this long after the request came: an unknown username reads
/// less than a known one with an address (which also stores a link), and the difference
/// must not tell which names exist.
#[cfg(feature = "ssr")]
const ANSWER_FLOOR: std::time::Duration = std::time::Duration::from_millis(200);

/// Reset letters per person an hour: enough for a mistyped address or a slow mailbox, too few
/// to flood anyone's inbox by asking again and again.
pub const RESETS_PER_HOUR: i64 = 3;
