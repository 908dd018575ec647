//! The rows of the municipality's CSV exports, each parsed once (`org::import::parse`) and
//! written by the store (`store::import`) as they are.

use super::{PersonName, Role, UnitKind, Username};
use time::Date;

#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    pub line: u32,
    pub area: String,
    pub unit: String,
    pub kind: UnitKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    pub line: u32,
    pub unit: String,
    pub group: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChildRow {
    pub line: u32,
    pub external_id: String,
    pub name: PersonName,
    pub birth_date: Date,
    pub unit: String,
    pub group: String,
    pub starts_on: Date,
    /// The placement's last day, if the file says.
    pub ends_on: LastDay,
}

/// A placement's last day as a row of the children file gives it. A file without the optional
/// `slutdato` column says nothing about ends, so re-importing an old-style export leaves the
/// stored ends as they are; with the column, an empty cell says the placement is open-ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastDay {
    /// The file has no `slutdato` column.
    Unsaid,
    /// An empty `slutdato`: the placement has no end (yet).
    Open,
    On(Date),
}

impl LastDay {
    /// The end of a new placement: unsaid or open, it has none.
    pub fn date(self) -> Option<Date> {
        match self {
            LastDay::On(date) => Some(date),
            LastDay::Unsaid | LastDay::Open => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GuardianRow {
    pub line: u32,
    pub child_external_id: String,
    pub username: Username,
    pub name: String,
    pub has_custody: bool,
    pub address_protected: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StaffRow {
    pub line: u32,
    pub username: Username,
    pub name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub area: Option<String>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

/// A staff member's work in a unit's groups (rooms, classes, caseloads): what they reach where
/// the municipality narrows access. No group: they work in none of the unit's groups in
/// particular.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffGroupRow {
    pub line: u32,
    pub username: Username,
    pub unit: String,
    pub group: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Rows {
    Units(Vec<UnitRow>),
    Groups(Vec<GroupRow>),
    Children(Vec<ChildRow>),
    Guardians(Vec<GuardianRow>),
    Staff(Vec<StaffRow>),
    StaffGroups(Vec<StaffGroupRow>),
}

impl Rows {
    pub fn len(&self) -> usize {
        match self {
            Rows::Units(r) => r.len(),
            Rows::Groups(r) => r.len(),
            Rows::Children(r) => r.len(),
            Rows::Guardians(r) => r.len(),
            Rows::Staff(r) => r.len(),
            Rows::StaffGroups(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
