//! The parents' view. Every answer a guardian can reach about their child's assessments is built
//! from these types, which have no field for staff-only data — no individual positions of a
//! round, no internal notes, no staff names (SECURITY A5) — so such data cannot be serialised
//! for a parent by mistake. Where another guardian has address protection, no place is named
//! either (C4). The texts shown with them are worded for parents.

use crate::domain::{AssessmentContext, AssessmentId, Position};
use serde::{Deserialize, Serialize};
use time::Date;

/// A position the team set and the parents are told of: a round's joint position, or a
/// concern raised outside a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentEntry {
    pub id: AssessmentId,
    /// The round's name; `None` for a concern raised outside a round.
    pub round_name: Option<String>,
    pub position: Position,
    pub context: AssessmentContext,
    /// The note the team wrote with the position.
    pub note: String,
    pub assessed_on: Date,
    /// The daycare or school that set it; `None` under address protection (C4).
    pub place: Option<String>,
    /// When it will be deleted (SECURITY P1, R1).
    pub deleted_on: Date,
}

/// A child's positions over time as the parents see them, newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParentTimeline {
    pub entries: Vec<ParentEntry>,
}
