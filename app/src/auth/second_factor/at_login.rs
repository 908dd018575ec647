//! The second factor's part of a sign-in, after the password was found right (SECURITY S1).

use crate::auth::totp;
use crate::backend::db::Conn;
use crate::backend::store::{people, second_factors};
use crate::domain::UserId;

/// How the second factor decides a sign-in whose password was right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtLogin {
    /// The person needs no second factor and has none: signed in.
    NotNeeded,
    /// A right, unused code or recovery code: signed in.
    Passed(Proof),
    /// The person must have one and has none yet: a session that may only enrol one.
    Enrol,
    /// The person has one, and no code came: ask for it; nothing is signed in.
    CodeNeeded,
    /// A code came and it is wrong, too old or used: a failed attempt.
    WrongCode,
}

/// What passed the second factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    /// A six-digit code from the authenticator app.
    Code,
    /// One of the one-time recovery codes.
    RecoveryCode,
}

impl AtLogin {
    /// What the login's audit row records of how the person proved who they are.
    pub fn evidence(self) -> Option<&'static str> {
        match self {
            AtLogin::NotNeeded => Some("pwd"),
            AtLogin::Passed(Proof::RecoveryCode) => Some("pwd+recovery"),
            AtLogin::Passed(Proof::Code) => Some("pwd+otp"),
            AtLogin::Enrol => Some("pwd;enrolling"),
            AtLogin::CodeNeeded => Some("code-needed"),
            AtLogin::WrongCode => Some("wrong-code"),
        }
    }
}

/// Checks the second factor of `user` at `now` (Unix seconds). A person who has a confirmed
/// secret always needs a code, even where their role would not require one: they chose it.
pub async fn check(
    conn: &mut Conn,
    user: UserId,
    code: Option<&str>,
    today: time::Date,
    now: i64,
) -> Result<AtLogin, sqlx::Error> {
    let enrolment = second_factors::enrolment(conn, user).await?;
    let Some(enrolment) = enrolment.filter(|e| e.confirmed) else {
        let subject = people::subject_by_id(conn, user).await?;
        let all_staff = second_factors::all_staff_of_user(conn, user).await?;
        return Ok(if totp::required(&subject, today, all_staff) {
            AtLogin::Enrol
        } else {
            AtLogin::NotNeeded
        });
    };
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(AtLogin::CodeNeeded);
    };
    if totp::looks_like_recovery(code) {
        let digest = totp::recovery_digest(code);
        return Ok(if second_factors::redeem(conn, user, &digest, now).await? {
            AtLogin::Passed(Proof::RecoveryCode)
        } else {
            AtLogin::WrongCode
        });
    }
    let now_secs = u64::try_from(now).unwrap_or(0);
    let Some(step) = enrolment.secret.verify(code, now_secs, enrolment.last_step) else {
        return Ok(AtLogin::WrongCode);
    };
    // The read above may be stale by the time of this write: the UPDATE's own condition is
    // what refuses a code that a parallel request has just used.
    Ok(if second_factors::accept_step(conn, user, step).await? {
        AtLogin::Passed(Proof::Code)
    } else {
        AtLogin::WrongCode
    })
}
