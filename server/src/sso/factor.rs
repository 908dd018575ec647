//! The second factor at a single sign-on (SECURITY S2). Whoever must type a TOTP code after a
//! password — leaders and administrators, all staff where the municipality says so, anyone who
//! set one up — must not get the same session through a provider that checked only a password.
//! The provider's own multi-factor sign-in counts instead of Tværs's code when its `amr` says
//! so; without that evidence the sign-in is refused, and the person signs in with password and
//! code. A session is never made first and narrowed afterwards.

use app::auth::totp;
use app::backend::db::Db;
use app::backend::store::{people, second_factors};
use app::domain::UserId;

/// RFC 8176 methods of possession or inherence: with a knowledge factor, more than one factor.
const POSSESSION_OR_INHERENCE: [&str; 11] = [
    "otp", "hwk", "swk", "sms", "tel", "sc", "face", "fpt", "iris", "retina", "vbm",
];
/// RFC 8176 methods of knowledge.
const KNOWLEDGE: [&str; 3] = ["pwd", "pin", "kba"];

/// Whether the provider's `amr` shows more than one factor: `mfa`, or a knowledge method with
/// one of possession or inherence.
pub fn shows_multiple_factors(amr: &[String]) -> bool {
    let has = |set: &[&str]| amr.iter().any(|m| set.contains(&m.as_str()));
    amr.iter().any(|m| m == "mfa") || (has(&KNOWLEDGE) && has(&POSSESSION_OR_INHERENCE))
}

/// Whether this sign-in satisfies the person's second factor: they need none, or the provider
/// showed more than one factor.
pub async fn satisfied(
    db: &Db,
    user: UserId,
    amr: &[String],
    today: time::Date,
) -> Result<bool, sqlx::Error> {
    if shows_multiple_factors(amr) {
        return Ok(true);
    }
    let mut conn = db.conn().await?;
    if second_factors::enrolment(&mut conn, user)
        .await?
        .is_some_and(|e| e.confirmed)
    {
        return Ok(false);
    }
    let subject = people::subject_by_id(&mut conn, user).await?;
    let all_staff = second_factors::all_staff_of_user(&mut conn, user).await?;
    Ok(!totp::required(&subject, today, all_staff))
}

#[cfg(test)]
mod tests {
    use super::shows_multiple_factors;

    #[test]
    fn only_more_than_one_kind_of_factor_counts() {
        let amr = |methods: &[&str]| methods.iter().map(|m| m.to_string()).collect::<Vec<_>>();
        for (methods, expected) in [
            (&["mfa"][..], true),
            (&["pwd", "mfa"][..], true),
            (&["pwd", "otp"][..], true),
            (&["pin", "hwk"][..], true),
            (&["pwd"][..], false),
            (&["pwd", "kba"][..], false),
            (&["otp"][..], false),
            (&["mitid"][..], false),
            (&[][..], false),
        ] {
            assert_eq!(
                shows_multiple_factors(&amr(methods)),
                expected,
                "{methods:?}"
            );
        }
    }
}
