//! The second factor's rules, with no I/O (issue 15 item 3; SECURITY S1): who needs one, whether
//! a six-digit code is right now and not used before, and the one-time recovery codes.
//!
//! Codes are TOTP (RFC 6238: HMAC-SHA1, six digits, 30-second steps) as every authenticator app
//! makes them. A code is accepted for the step before, the step of and the step after `now`
//! (clock skew of up to 30 seconds either way), and only for a step later than the last one the
//! person signed in with: so a code seen over a shoulder cannot be used again in its window.
//! Recovery codes are kept only as their SHA-256, like session tokens and password links.

use crate::domain::Role;
use crate::policy::Subject;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

/// Seconds per code.
pub const STEP: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Steps accepted before and after the current one.
pub const SKEW: u64 = 1;
/// The name an authenticator app shows above the code.
pub const ISSUER: &str = "Tværs";
/// Bytes of a new secret: 160 bits, as RFC 4226 recommends for HMAC-SHA1.
pub const SECRET_BYTES: usize = 20;
/// Recovery codes handed out at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits of a recovery code: no 0/o, 1/l/i, so it can be read off paper.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters of a recovery code, shown in two groups of five.
const RECOVERY_LEN: usize = 10;

/// Whether a person must have a second factor: leaders and administrators always, other staff
/// when the municipality requires it of all staff, parents never. Memberships that ended or
/// have not begun do not count; a person who is both staff and a parent counts as staff.
pub fn required(subject: &Subject, today: time::Date, all_staff: bool) -> bool {
    subject
        .memberships
        .iter()
        .filter(|m| m.starts_on <= today && m.ends_on.is_none_or(|end| today <= end))
        .any(|m| all_staff || role_requires(m.role))
}

/// The roles that need a second factor whatever the municipality chooses.
pub fn role_requires(role: Role) -> bool {
    matches!(
        role,
        Role::UnitLeader | Role::AreaLeader | Role::Administrator
    )
}

/// A TOTP secret's bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A new random secret.
    pub fn generate() -> Secret {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::rngs::OsRng.fill(bytes.as_mut_slice());
        Secret(bytes)
    }

    /// A secret from its base32 text (RFC 4648, no padding; spaces and case ignored), as it is
    /// stored and as an authenticator app takes it. `None` for text that is not base32 or is
    /// shorter than 128 bits.
    pub fn from_base32(text: &str) -> Option<Secret> {
        let clean: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = totp_rs::Secret::Encoded(clean).to_bytes().ok()?;
        (bytes.len() >= 16).then_some(Secret(bytes))
    }

    /// The base32 text of the secret.
    pub fn base32(&self) -> String {
        self.totp("x").get_secret_base32()
    }

    fn totp(&self, account: &str) -> TOTP {
        // The parameters are fixed and valid (six digits, a secret of ≥ 128 bits), so the
        // unchecked constructor cannot make a TOTP that the checked one would refuse.
        TOTP::new_unchecked(
            Algorithm::SHA1,
            DIGITS,
            SKEW as u8,
            STEP,
            self.0.clone(),
            Some(ISSUER.to_owned()),
            account.to_owned(),
        )
    }

    /// The `otpauth://totp/…` URI an authenticator app reads from the QR code.
    pub fn uri(&self, username: &str) -> String {
        self.totp(username).get_url()
    }

    /// The code of the step that holds the Unix time `at`.
    pub fn code_at(&self, at: u64) -> String {
        self.totp("x").generate(at)
    }

    /// The step `code` is right for at `now`, within ±[`SKEW`] steps and later than
    /// `last_step` (the step of the last code accepted, against replay); `None` otherwise.
    /// Anything but six digits is wrong without a comparison.
    pub fn verify(&self, code: &str, now: u64, last_step: Option<u64>) -> Option<u64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let current = now / STEP;
        let totp = self.totp("x");
        // Every step is compared, in constant time, whichever matches.
        let mut found = None;
        for step in current.saturating_sub(SKEW)..=current + SKEW {
            let right = equal(totp.generate(step * STEP).as_bytes(), code.as_bytes());
            if right && last_step.is_none_or(|last| step > last) {
                found = Some(step);
            }
        }
        found
    }
}

fn equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// New recovery codes: the texts to show once, and the digests to store.
pub fn recovery_codes() -> (Vec<String>, Vec<String>) {
    let mut rng = rand::rngs::OsRng;
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..RECOVERY_LEN)
                .map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect();
    let digests = codes.iter().map(|c| recovery_digest(c)).collect();
    (codes, digests)
}

/// What is stored of a recovery code: the SHA-256 of its letters and digits in lower case, so
/// `ABCDE-FGHJK`, `abcde fghjk` and `abcdefghjk` are the same code.
pub fn recovery_digest(code: &str) -> String {
    let clean: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    URL_SAFE_NO_PAD.encode(Sha256::digest(clean.as_bytes()))
}

/// Whether `input` looks like a recovery code rather than a six-digit code.
pub fn looks_like_recovery(input: &str) -> bool {
    input.chars().filter(|c| c.is_ascii_alphanumeric()).count() == RECOVERY_LEN
}

/// Uses up a recovery code: removes its digest from `unused` and says whether it was there.
/// The store does the same in one `DELETE … WHERE digest = $1`, whose row count is the answer.
pub fn redeem(unused: &mut Vec<String>, input: &str) -> bool {
    let digest = recovery_digest(input);
    let before = unused.len();
    unused.retain(|d| *d != digest);
    unused.len() < before
}

/// The QR code of `uri` as an inline SVG, black on white with its quiet zone.
pub fn qr_svg(uri: &str) -> Option<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(uri.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(200, 200)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{MunicipalityId, UnitId};
    use crate::policy::{Membership, Scope};
    use time::macros::date;

    /// RFC 6238's SHA-1 secret, "12345678901234567890".
    fn rfc_secret() -> Secret {
        Secret(b"12345678901234567890".to_vec())
    }

    #[test]
    fn codes_are_rfc_6238s() {
        // RFC 6238 appendix B, the last six of its eight digits.
        let secret = rfc_secret();
        for (at, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(secret.code_at(at), code, "at {at}");
        }
    }

    #[test]
    fn a_code_is_right_one_step_either_side_and_no_further() {
        let secret = rfc_secret();
        let now = 1_000_000_020; // step 33_333_334, 20 s into it
        let step = now / STEP;
        for (made_at_step, accepted) in [
            (step - 2, false),
            (step - 1, true),
            (step, true),
            (step + 1, true),
            (step + 2, false),
        ] {
            let code = secret.code_at(made_at_step * STEP);
            let answer = secret.verify(&code, now, None);
            assert_eq!(
                answer,
                accepted.then_some(made_at_step),
                "code of step {made_at_step} at step {step}"
            );
        }
    }

    #[test]
    fn a_code_once_used_is_refused_in_its_window_and_so_are_older_ones() {
        let secret = rfc_secret();
        let now = 1_000_000_020;
        let step = now / STEP;
        let code = secret.code_at(now);
        let used = secret
            .verify(&code, now, None)
            .expect("right the first time");
        for (code_step, at, last, accepted) in [
            (step, now, Some(used), false),           // the same code again
            (step, now + STEP, Some(used), false),    // again, a step later
            (step - 1, now, Some(used), false),       // an older code
            (step + 1, now + STEP, Some(used), true), // the next code
            (step, now, Some(used - 1), true),        // a code after the last used
        ] {
            let code = secret.code_at(code_step * STEP);
            assert_eq!(
                secret.verify(&code, at, last).is_some(),
                accepted,
                "step {code_step} at {at} after {last:?}"
            );
        }
    }

    #[test]
    fn anything_but_six_digits_is_wrong() {
        let secret = rfc_secret();
        let now = 59;
        for input in ["", "28708", "2870822", "28708a", "94287082", "abcdef"] {
            assert_eq!(secret.verify(input, now, None), None, "{input:?}");
        }
        assert!(secret.verify(" 287 082 ", now, None).is_some());
    }

    #[test]
    fn the_secret_round_trips_through_base32_and_the_uri_names_it() {
        let secret = Secret::generate();
        let text = secret.base32();
        assert_eq!(text.len(), 32, "160 bits are 32 base32 characters");
        assert_eq!(
            Secret::from_base32(&text.to_lowercase()),
            Some(secret.clone())
        );
        assert_eq!(Secret::from_base32("ABC"), None, "too short");
        assert_eq!(Secret::from_base32("not base32!"), None);
        let uri = secret.uri("anne.admin");
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains(&format!("secret={text}")), "{uri}");
        assert!(uri.contains("anne.admin"), "{uri}");
        assert_ne!(Secret::generate(), secret);
    }

    #[test]
    fn a_recovery_code_works_once() {
        let (codes, digests) = recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unused = digests.clone();
        for code in &codes {
            assert!(looks_like_recovery(code), "{code}");
            assert!(!digests.contains(code), "only digests are kept");
        }
        for (input, accepted, left) in [
            (codes[0].clone(), true, 9),
            (codes[0].clone(), false, 9),
            (codes[1].to_uppercase().replace('-', " "), true, 8),
            (codes[1].clone(), false, 8),
            ("aaaaa-aaaaa".to_owned(), false, 8),
        ] {
            assert_eq!(redeem(&mut unused, &input), accepted, "{input}");
            assert_eq!(unused.len(), left);
        }
        assert!(!looks_like_recovery("123456"));
    }

    #[test]
    fn the_qr_code_is_an_svg() {
        let svg = qr_svg(&Secret::generate().uri("leder")).expect("fits in a QR code");
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("</svg>"));
    }

    #[test]
    fn leaders_and_administrators_need_it_and_others_when_the_municipality_says_so() {
        let today = date!(2026 - 03 - 01);
        let unit = Scope::Unit(UnitId::random());
        let muni = Scope::Municipality(MunicipalityId::random());
        let member = |role, scope, ends_on| Membership {
            role,
            scope,
            starts_on: date!(2025 - 08 - 01),
            ends_on,
        };
        let staff = |role, scope| Subject {
            memberships: vec![member(role, scope, None)],
            ..Subject::default()
        };
        let ended = Subject {
            memberships: vec![member(Role::UnitLeader, unit, Some(date!(2026 - 02 - 01)))],
            ..Subject::default()
        };
        let parent = Subject::default();
        for (who, subject, alone, with_all_staff) in [
            ("pedagogue", staff(Role::Pedagogue, unit), false, true),
            ("teacher", staff(Role::Teacher, unit), false, true),
            ("childminder", staff(Role::Childminder, unit), false, true),
            (
                "health visitor",
                staff(Role::HealthVisitor, unit),
                false,
                true,
            ),
            ("specialist", staff(Role::Specialist, muni), false, true),
            ("unit leader", staff(Role::UnitLeader, unit), true, true),
            ("area leader", staff(Role::AreaLeader, unit), true, true),
            (
                "administrator",
                staff(Role::Administrator, muni),
                true,
                true,
            ),
            ("a leader no longer", ended, false, false),
            ("a parent", parent, false, false),
        ] {
            assert_eq!(required(&subject, today, false), alone, "{who}");
            assert_eq!(
                required(&subject, today, true),
                with_all_staff,
                "{who}, all staff"
            );
        }
    }
}
