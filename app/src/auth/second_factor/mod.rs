//! The second factor for staff (issue 15 item 3; SECURITY S1): a TOTP code from an
//! authenticator app, with one-time recovery codes. Leaders and administrators must have one;
//! the municipality may require it of all staff; parents never need one. The rules are in
//! `auth::totp`, the sign-in's part in `at_login`; here the person's own enrolment on
//! `/second-factor`. An administrator or leader resets a lost one
//! (`org::people::reset_second_factor`).

#[cfg(feature = "ssr")]
pub mod at_login;

use crate::error::AppError;
pub use crate::wire::auth::{NewSecondFactor, SecondFactorStatus};
use leptos::prelude::*;

/// Whether the signed-in person has a second factor and must have one.
#[server(name = GetSecondFactor, prefix = "/api", endpoint = "second_factor")]
pub async fn get_second_factor() -> Result<SecondFactorStatus, AppError> {
    use crate::backend::context::Caller;
    use crate::backend::store::{people, second_factors};

    let caller = Caller::even_enrolling()?;
    let user = caller.user.user_id;
    let mut conn = caller.state.db.conn().await?;
    let enrolled = second_factors::enrolment(&mut conn, user)
        .await?
        .is_some_and(|e| e.confirmed);
    let subject = people::subject_by_id(&mut conn, user).await?;
    let all_staff = second_factors::all_staff_of_user(&mut conn, user).await?;
    Ok(SecondFactorStatus {
        enrolled,
        required: crate::auth::totp::required(&subject, caller.state.clock.today(), all_staff),
        recovery_codes_left: second_factors::unused_recovery_codes(&mut conn, user).await?,
    })
}

/// A new secret for the person to put into their authenticator app: its QR code and its text.
/// It signs nobody in until a code from it is confirmed. Refused (422) for someone who already
/// has a second factor — a lost one is reset by a leader or administrator — and for parents,
/// who sign in without one.
#[server(name = BeginSecondFactor, prefix = "/api", endpoint = "begin_second_factor")]
pub async fn begin_second_factor() -> Result<NewSecondFactor, AppError> {
    use crate::auth::totp::{qr_svg, Secret};
    use crate::backend::context::{fail, internal, Caller};
    use crate::backend::store::second_factors;
    use crate::domain::ProblemCode;

    let caller = Caller::even_enrolling()?;
    if caller.subject().memberships.is_empty() {
        return fail(AppError::Forbidden);
    }
    let user = caller.user.user_id;
    let secret = Secret::generate();
    let mut conn = caller.state.db.conn().await?;
    if !second_factors::begin(&mut conn, user, &secret, caller.state.clock.unix()).await? {
        return fail(AppError::invalid(0, "code", ProblemCode::AlreadySetUp));
    }
    let uri = secret.uri(&caller.user.username);
    Ok(NewSecondFactor {
        qr_svg: qr_svg(&uri).ok_or_else(|| internal("QR code of an otpauth URI"))?,
        secret: secret.base32(),
    })
}

/// Confirms the new secret with a code from the app, and hands out the recovery codes: shown
/// this once, kept only as digests. From now on the person's sessions are whole ones.
#[server(name = ConfirmSecondFactor, prefix = "/api", endpoint = "confirm_second_factor")]
pub async fn confirm_second_factor(code: String) -> Result<Vec<String>, AppError> {
    use crate::auth::totp;
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, Caller};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::second_factors;
    use crate::domain::ProblemCode;

    let caller = Caller::even_enrolling()?;
    let user = caller.user.user_id;
    let now = caller.state.clock.unix();
    let mut conn = caller.state.db.conn().await?;
    let pending = second_factors::enrolment(&mut conn, user)
        .await?
        .filter(|e| !e.confirmed);
    let Some(pending) = pending else {
        return fail(AppError::invalid(0, "code", ProblemCode::AlreadySetUp));
    };
    let now_secs = u64::try_from(now).unwrap_or(0);
    let Some(step) = pending.secret.verify(code.trim(), now_secs, None) else {
        return fail(AppError::BadCode);
    };
    let (codes, digests) = totp::recovery_codes();
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    if !second_factors::confirm(&mut tx, user, step, &digests, now).await? {
        return fail(AppError::invalid(0, "code", ProblemCode::AlreadySetUp));
    }
    second_factors::finish_enrolling(&mut tx, user).await?;
    tx.commit().await?;
    let entry = Entry {
        at: now,
        user: Some(user),
        unit: None,
        action: "second_factor_enrolled",
        child: None,
        criterion: Some("totp".to_owned()),
        purpose: "set up second factor",
        outcome: Outcome::Succeeded,
    };
    audit::append(&caller.state.db, entry).await?;
    Ok(codes)
}
