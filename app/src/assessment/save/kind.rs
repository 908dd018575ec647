//! What differs between the three saves: the round, the action the policy is asked about,
//! the indicators, and the version an edit builds on.

use crate::domain::{IndicatorId, RoundId};
use crate::policy::Action;

/// What differs between the three saves.
pub enum Kind {
    /// The assessor's own position in a round, with the indicators they chose.
    Individual {
        round: RoundId,
        indicators: Vec<IndicatorId>,
        base: Option<i64>,
    },
    /// The team's position in a round, once enough individual positions are given.
    Joint { round: RoundId, base: Option<i64> },
    /// A position outside any round.
    Adhoc,
}

impl Kind {
    pub fn round(&self) -> Option<RoundId> {
        match self {
            Kind::Individual { round, .. } | Kind::Joint { round, .. } => Some(*round),
            Kind::Adhoc => None,
        }
    }

    pub fn action(&self) -> (Action, &'static str) {
        match self {
            Kind::Individual { .. } => (Action::AssessChild, "round: individual assessment"),
            Kind::Joint { .. } => (Action::SetJointAssessment, "round: joint assessment"),
            Kind::Adhoc => (Action::AssessChild, "ad hoc assessment"),
        }
    }
}
