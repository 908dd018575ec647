//! What a new password must be (issue 15): 12 to 128 characters, and not among common
//! passwords or as easy to guess — zxcvbn's estimate, with its embedded lists of common
//! passwords, names and words, must reach `MIN_SCORE`. Server-side only.

use crate::wire::password::PasswordProblem;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;
/// zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more; 0–2 are common
/// passwords, keyboard walks, repeats and dictionary words with small changes.
const MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;

/// Checks a new password; `own` are the person's own words (username, name), which make a
/// password easy to guess for anyone who knows them.
pub fn check(password: &str, own: &[&str]) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if zxcvbn::zxcvbn(password, own).score() < MIN_SCORE {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_checked_by_length_and_commonness() {
        let long = "x".repeat(129);
        let cases: &[(&str, Result<(), PasswordProblem>)] = &[
            ("", Err(PasswordProblem::TooShort)),
            ("kort-ord", Err(PasswordProblem::TooShort)),
            ("Tr7#kq9!zW2", Err(PasswordProblem::TooShort)),
            ("Tr7#kq9!zW2p", Ok(())),
            (&long, Err(PasswordProblem::TooLong)),
            ("password1234", Err(PasswordProblem::Common)),
            ("123456789012", Err(PasswordProblem::Common)),
            ("qwertyuiopas", Err(PasswordProblem::Common)),
            ("aaaaaaaaaaaaaaaa", Err(PasswordProblem::Common)),
            ("iloveyou1234", Err(PasswordProblem::Common)),
            ("sommerfugl blå cykel regn", Ok(())),
        ];
        for (password, expected) in cases {
            assert_eq!(check(password, &[]), *expected, "{password:?}");
        }
    }

    #[test]
    fn a_password_made_of_ones_own_name_is_refused() {
        assert_eq!(
            check("hansjensen1234", &["hansjensen", "Hans Jensen"]),
            Err(PasswordProblem::Common)
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 12 characters, 24 bytes: long enough.
        assert_ne!(check("æøåæøåæøåæøå", &[]), Err(PasswordProblem::TooShort));
        // 11 characters, 22 bytes: too short.
        assert_eq!(check("æøåæøåæøåæø", &[]), Err(PasswordProblem::TooShort));
    }
}
