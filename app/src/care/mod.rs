//! From concern to action plan, with the parents (issue 16): focus meetings (*fokusmøder*) and
//! action plans (*handleplaner*) in SMTTE form. Server functions are the API; staff and parents
//! get different types, so nothing staff-only can reach a parent's phone by mistake.

pub mod answers;
#[cfg(feature = "ssr")]
pub(crate) mod gate;
pub mod meetings;
pub mod overview;
pub mod plans;
#[cfg(feature = "ssr")]
pub(crate) mod read;
pub mod specialists;

use serde::{Deserialize, Serialize};

pub use crate::wire::care::*;
pub use crate::wire::parent_care::*;

/// A child's meetings and plans, as the caller's relationship lets them see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChildCare {
    Staff(StaffCare),
    Parent(ParentCare),
}

/// One meeting, as the caller's relationship lets them see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MeetingPage {
    Staff(StaffMeeting),
    Parent(ParentMeeting),
}

/// One plan, as the caller's relationship lets them see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PlanPage {
    Staff(StaffPlan),
    Parent(ParentPlan),
}
