//! The parents' view. Every answer a guardian can reach about their child's assessments is built
//! from these types, which have no field for staff-only data — no individual positions of a
//! round, no internal notes, no staff names (SECURITY A5) — so such data cannot be serialised
//! for a parent by mistake. Where another guardian has address protection, no place is named
//! either (C4). The texts shown with them are worded for parents.

use crate::domain::{AssessmentContext, AssessmentId, ChildId, Position};
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

impl ParentTimeline {
    /// The date of the newest entry, whatever order the entries come in; `None` while the
    /// team has shared nothing.
    pub fn newest_entry(&self) -> Option<Date> {
        self.entries.iter().map(|e| e.assessed_on).max()
    }
}

/// What is new for a parent, child by child: the parents' home page (issue 16 item 4).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParentNews {
    pub children: Vec<ChildNews>,
}

/// One of the parent's children on their home page: the child's name and the date of the
/// newest entry in the parents' timeline — nothing the timeline would not show them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildNews {
    pub id: ChildId,
    pub name: String,
    /// [`ParentTimeline::newest_entry`] of the child's timeline.
    pub newest_entry: Option<Date>,
    /// Focus meetings this parent is invited to and has not answered.
    pub meetings_to_answer: u32,
    /// Action plans (not closed) whose current version this parent has not marked read.
    pub plans_to_read: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn entry(assessed_on: Date) -> ParentEntry {
        ParentEntry {
            id: AssessmentId::random(),
            round_name: None,
            position: Position::Green,
            context: AssessmentContext::Overall,
            note: String::new(),
            assessed_on,
            place: None,
            deleted_on: assessed_on,
        }
    }

    #[test]
    fn the_newest_entry_is_the_latest_date_in_any_order_and_none_without_entries() {
        assert_eq!(ParentTimeline::default().newest_entry(), None);
        let timeline = ParentTimeline {
            entries: vec![
                entry(date!(2025 - 10 - 14)),
                entry(date!(2026 - 03 - 20)),
                entry(date!(2025 - 03 - 02)),
            ],
        };
        assert_eq!(timeline.newest_entry(), Some(date!(2026 - 03 - 20)));
    }
}
