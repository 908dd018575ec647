//! Wire types for signing in.

use serde::{Deserialize, Serialize};

/// The signed-in person, as the page header shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub display_name: String,
    pub username: String,
    /// Signed in only as a parent today (no staff work, no invited case): someone on their own
    /// phone, who signs out rather than switching user on a shared tablet.
    pub guardian_only: bool,
}

/// Where a successful sign-in leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoginNext {
    /// The person's home page.
    Home,
    /// The second factor's enrolment: the person must have one and has none yet; their
    /// session may do nothing else (`/second-factor`).
    EnrolSecondFactor,
}

/// A new TOTP secret to put into an authenticator app, shown once while enrolling.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSecondFactor {
    /// The QR code of the `otpauth://` URI, as an SVG document made on the server.
    pub qr_svg: String,
    /// The secret in base32, for typing in by hand.
    pub secret: String,
}

/// The second factor as the person sees it on `/second-factor`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorStatus {
    /// Whether the person has a confirmed second factor.
    pub enrolled: bool,
    /// Whether they must have one (their role, or the municipality's choice).
    pub required: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_left: i64,
}
