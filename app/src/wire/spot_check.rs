//! The leader's spot check of lookups (issue 18 item 4; SECURITY L3): a weekly random sample
//! of the lookups made in a unit, each confirmed as work-related or flagged by the unit's
//! leader; flagged ones reach the administrator, who also checks the leaders' own lookups.

use crate::domain::{ChildId, Role, SpotCheckItemId, UnitId};
use crate::wire::lookups::LookupPurpose;
use serde::{Deserialize, Serialize};
use time::Date;

/// What the checker decided about one lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The lookup belonged to the person's work with the child.
    WorkRelated,
    /// It did not, or the checker cannot tell: the administrator looks into it.
    Flagged,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::WorkRelated => "work_related",
            Verdict::Flagged => "flagged",
        }
    }

    pub fn parse(code: &str) -> Option<Verdict> {
        match code {
            "work_related" => Some(Verdict::WorkRelated),
            "flagged" => Some(Verdict::Flagged),
            _ => None,
        }
    }
}

/// Which child a lookup was about, as far as the checker may know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LookedAt {
    /// One child the checker may see: by name.
    Child { id: ChildId, name: String },
    /// One child outside what the checker may see (a child of another unit, or any child for
    /// the administrator, who reaches none).
    HiddenChild,
    /// A page of several children (a room's grid, a unit's overview).
    Children(u32),
}

/// One sampled lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotCheckItem {
    pub id: SpotCheckItemId,
    /// The ISO week sampled, as `2026-W48`.
    pub week: String,
    pub looked_on: Date,
    /// `HH:MM`, local time.
    pub looked_time: String,
    /// Who looked: the checker knows their staff (the point of the check).
    pub looker: String,
    pub looker_role: Option<Role>,
    /// The unit the lookup was made in.
    pub unit_name: String,
    pub purpose: LookupPurpose,
    pub looked_at: LookedAt,
    pub verdict: Option<Verdict>,
    pub note: String,
    /// Who decided, and on which day.
    pub checked_by: Option<String>,
    pub checked_on: Option<Date>,
}

/// One unit's samples, newest week first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSpotCheck {
    pub unit: UnitId,
    pub unit_name: String,
    pub items: Vec<SpotCheckItem>,
}

/// The spot-check page: a leader's units; for the administrator the leaders' own lookups and
/// every flagged one in the municipality, and the sample size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotCheckPage {
    pub units: Vec<UnitSpotCheck>,
    /// The administrator's sample of leaders' lookups (empty for a leader).
    pub leaders: Vec<SpotCheckItem>,
    /// Flagged lookups of the whole municipality (the administrator only).
    pub flagged: Vec<SpotCheckItem>,
    /// Lookups sampled per unit and week; `Some` for the administrator, who sets it.
    pub sample_size: Option<i64>,
}

/// A checker's decision about one sampled lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotCheckDecision {
    pub item: SpotCheckItemId,
    pub verdict: Verdict,
    /// Why it was flagged (required then); optional for a work-related one.
    pub note: String,
}
