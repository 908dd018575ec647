//! "Who looked at my child" (issue 18 item 3; SECURITY P3): what a custody holder is shown of
//! the audit log about their child — the day, the role and place that looked, and what it was,
//! never a staff member's name.

use crate::domain::{ChildId, Role};
use serde::{Deserialize, Serialize};
use time::Date;

/// What a lookup was for, in words a parent understands (from the audit row's action).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LookupPurpose {
    /// The child's page: who the child is and where.
    ChildPage,
    /// Positions and notes: a round's grid, the joint view, the timeline.
    Assessments,
    /// The place's overview of its groups and follow-ups.
    UnitOverview,
    /// Following up a concern.
    FollowUps,
    /// Focus meetings and action plans.
    Care,
    /// A move to a new place: the description, consents.
    Transition,
    /// Everything registered, handed over.
    Record,
    /// The leader's spot check of the place's lookups (SECURITY L3).
    SpotCheck,
    Other,
}

/// The lookups of one day by one role in one place for one purpose, counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupLine {
    pub on: Date,
    /// `None`: a member of staff whose role is not on record any more.
    pub role: Option<Role>,
    /// `None` under the other guardian's address protection, or where no place applies.
    pub place: Option<String>,
    pub purpose: LookupPurpose,
    pub times: u32,
}

/// The list for one child, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildLookups {
    pub child: ChildId,
    pub child_name: String,
    pub lines: Vec<LookupLine>,
    /// Places are left out (the other guardian's address protection).
    pub places_hidden: bool,
}
