//! Transitions (*overgange*): what the old place writes with the parents for the new one, and
//! a custody holder's consent (*samtykke*) to pass a precise list of items on, until a date
//! (SECURITY C1–C3). Parsed here once; the policy decides what a consent opens.

use super::care::text_field;
use super::{Problem, ProblemCode, CARE_TEXT_MAX};
use serde::{Deserialize, Serialize};
use time::Date;

/// A `YYYY-MM-DD` date as a date input sends it; `None` for anything else.
pub fn parse_form_date(text: &str) -> Option<Date> {
    Date::parse(
        text.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok()
}

/// The longest reference to a scanned paper form (a case number or file name).
pub const PAPER_REFERENCE_MAX: usize = 200;
/// How long a consent may hold at most: the new place reads the items for a while after the
/// move, not for the child's whole time there.
pub const CONSENT_YEARS_MAX: i32 = 2;

/// What may pass, item by item: the parents choose each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentItems {
    /// Joint and ad hoc positions with their notes (never staff's individual positions).
    pub assessments: bool,
    /// Action plans, the current version.
    pub plans: bool,
    /// Focus meetings' minutes, once held.
    pub meetings: bool,
    /// The transition description written with the parents.
    pub description: bool,
}

impl ConsentItems {
    pub fn any(self) -> bool {
        self.assessments || self.plans || self.meetings || self.description
    }

    /// What both allow.
    pub fn and(self, other: ConsentItems) -> ConsentItems {
        ConsentItems {
            assessments: self.assessments && other.assessments,
            plans: self.plans && other.plans,
            meetings: self.meetings && other.meetings,
            description: self.description && other.description,
        }
    }

    /// What either allows.
    pub fn or(self, other: ConsentItems) -> ConsentItems {
        ConsentItems {
            assessments: self.assessments || other.assessments,
            plans: self.plans || other.plans,
            meetings: self.meetings || other.meetings,
            description: self.description || other.description,
        }
    }
}

/// How the consent was given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentEvidence {
    /// The custody holder consented on their own phone, signed in.
    Digital,
    /// Staff recorded a signed paper form: the day it was signed and where the scan is.
    Paper { signed_on: Date, reference: String },
}

/// A consent as typed, parsed at `today` for a move on `moves_on`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentForm {
    pub items: ConsentItems,
    pub valid_until: Date,
    pub evidence: ConsentEvidence,
}

impl ConsentForm {
    /// At least one item; valid from today through a day after the move, at most
    /// [`CONSENT_YEARS_MAX`] years after it; a paper form signed no later than today, with a
    /// reference to its scan.
    pub fn parse(
        items: ConsentItems,
        valid_until: Option<Date>,
        paper: Option<(Option<Date>, &str)>,
        moves_on: Date,
        today: Date,
    ) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, code| {
            problems.push(Problem {
                line: 0,
                field: field.to_owned(),
                code,
            })
        };
        if !items.any() {
            problem("items", ProblemCode::Missing);
        }
        let latest = moves_on
            .replace_year(moves_on.year() + CONSENT_YEARS_MAX)
            .unwrap_or(moves_on);
        match valid_until {
            None => problem("valid_until", ProblemCode::BadDate),
            Some(d) if d < today || d < moves_on => problem("valid_until", ProblemCode::TooEarly),
            Some(d) if d > latest => problem("valid_until", ProblemCode::TooLate),
            Some(_) => {}
        }
        let evidence = match paper {
            None => ConsentEvidence::Digital,
            Some((signed_on, reference)) => {
                let mut inner = Vec::new();
                let reference = text_field(
                    &mut inner,
                    "paper_reference",
                    reference,
                    true,
                    PAPER_REFERENCE_MAX,
                );
                problems.extend(inner);
                let signed_on = match signed_on {
                    None => {
                        problems.push(Problem {
                            line: 0,
                            field: "signed_on".into(),
                            code: ProblemCode::BadDate,
                        });
                        today
                    }
                    Some(d) if d > today => {
                        problems.push(Problem {
                            line: 0,
                            field: "signed_on".into(),
                            code: ProblemCode::TooLate,
                        });
                        d
                    }
                    Some(d) => d,
                };
                ConsentEvidence::Paper {
                    signed_on,
                    reference,
                }
            }
        };
        match (problems.is_empty(), valid_until) {
            (true, Some(valid_until)) => Ok(Self {
                items,
                valid_until,
                evidence,
            }),
            _ => Err(problems),
        }
    }
}

/// The transition description (*overgangsbeskrivelse*), written with the parents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionDescription {
    /// What the child is good at.
    pub strengths: String,
    /// What helps the child.
    pub what_helps: String,
    /// What to watch for.
    pub watch_for: String,
}

impl TransitionDescription {
    /// Each field optional but trimmed and bounded; at least one written.
    pub fn parse(raw: &TransitionDescription) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut field =
            |name: &str, text: &str| text_field(&mut problems, name, text, false, CARE_TEXT_MAX);
        let parsed = Self {
            strengths: field("strengths", &raw.strengths),
            what_helps: field("what_helps", &raw.what_helps),
            watch_for: field("watch_for", &raw.watch_for),
        };
        if parsed.strengths.is_empty()
            && parsed.what_helps.is_empty()
            && parsed.watch_for.is_empty()
        {
            problems.push(Problem {
                line: 0,
                field: "strengths".into(),
                code: ProblemCode::Missing,
            });
        }
        if problems.is_empty() {
            Ok(parsed)
        } else {
            Err(problems)
        }
    }
}

/// The municipality's rules for transitions (the administrator's settings page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRules {
    /// Data may follow the child with consent (the default); `false`: never, whatever is
    /// consented.
    pub with_consent: bool,
    /// Every custody holder must consent (`true`), or one suffices (the default).
    pub all_custody_holders: bool,
    /// Close staff may record a paper consent too, not only the unit leader.
    pub paper_by_staff: bool,
    /// Years registrations are kept; `None`: the installation's default.
    pub retention_years: Option<i64>,
}

impl Default for TransferRules {
    fn default() -> Self {
        Self {
            with_consent: true,
            all_custody_holders: false,
            paper_by_staff: false,
            retention_years: None,
        }
    }
}

/// One placement of a child in a unit, from its first through its last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacementSpan {
    pub unit: super::UnitId,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

/// A move from one unit to another: the child's last day in the old one and first in the new.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub from_unit: super::UnitId,
    pub to_unit: super::UnitId,
    /// The last day of the old placement (`None`: not ended yet — not a move until it is).
    pub leaves_on: Option<Date>,
    pub moves_on: Date,
}

/// The child's moves between units, earliest first. Rooms of one unit are one stay (a move
/// within a unit passes nothing: the unit already reads its own); a placement that follows
/// in another unit is a move, planned months ahead or already made.
pub fn moves(placements: &[PlacementSpan]) -> Vec<Move> {
    let mut sorted = placements.to_vec();
    sorted.sort_by_key(|p| p.starts_on);
    // Consecutive placements in one unit become one stay.
    let mut stays: Vec<PlacementSpan> = Vec::new();
    for p in sorted {
        match stays.last_mut() {
            Some(last) if last.unit == p.unit => {
                last.ends_on = match (last.ends_on, p.ends_on) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => stays.push(p),
        }
    }
    stays
        .windows(2)
        .map(|pair| Move {
            from_unit: pair[0].unit,
            to_unit: pair[1].unit,
            leaves_on: pair[0].ends_on,
            moves_on: pair[1].starts_on,
        })
        .collect()
}

#[cfg(test)]
#[path = "transition_tests.rs"]
mod tests;
