//! A report as a table: what a report page shows beside its chart and what its CSV export
//! writes, from the same rows, so the screen, the print and the file never disagree.

use crate::domain::{AreaId, ReportLine, ShownCount, UnitId};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a report counts: the whole municipality, an area, or one unit. In addresses it is
/// written `municipality`, `area:<id>` or `unit:<id>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportScope {
    Municipality,
    Area(AreaId),
    Unit(UnitId),
}

impl fmt::Display for ReportScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportScope::Municipality => f.write_str("municipality"),
            ReportScope::Area(a) => write!(f, "area:{a}"),
            ReportScope::Unit(u) => write!(f, "unit:{u}"),
        }
    }
}

impl FromStr for ReportScope {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        match text.split_once(':') {
            None if text == "municipality" => Ok(ReportScope::Municipality),
            Some(("area", id)) => id.parse().map(ReportScope::Area).map_err(|_| ()),
            Some(("unit", id)) => id.parse().map(ReportScope::Unit).map_err(|_| ()),
            _ => Err(()),
        }
    }
}

/// A line per round, or per calendar year (the rounds that started in it, added up).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grouping {
    #[default]
    Round,
    Year,
}

impl Grouping {
    pub fn code(self) -> &'static str {
        match self {
            Grouping::Round => "round",
            Grouping::Year => "year",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "round" => Some(Grouping::Round),
            "year" => Some(Grouping::Year),
            _ => None,
        }
    }
}

/// A scope the reader may choose, with its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeChoice {
    pub scope: ReportScope,
    pub label: String,
}

/// The rounds over time of one scope (issue 19 item 1), oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundsReport {
    pub scope: ReportScope,
    pub label: String,
    pub grouping: Grouping,
    pub lines: Vec<ReportLine>,
    /// Every scope the reader may choose, widest first.
    pub choices: Vec<ScopeChoice>,
}

/// One cell of a report. Counts carry their suppression (SECURITY P6); a share or a median
/// that would give a small count away is `None` and shows as withheld.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReportCell {
    Text(String),
    Count(ShownCount),
    /// A share in per cent.
    Percent(Option<f64>),
    /// A number of days (a median may be a half).
    Days(Option<f64>),
}

/// Headers already in the reader's language, and the rows under them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<ReportCell>>,
}

impl ReportCell {
    /// The cell as a Danish reader writes it: decimal comma, "<5" for a small count, "–" for
    /// what is withheld.
    pub fn danish_text(&self) -> String {
        match self {
            ReportCell::Text(text) => text.clone(),
            ReportCell::Count(ShownCount::Exact(n)) => n.to_string(),
            ReportCell::Count(ShownCount::FewerThan(n)) => format!("<{n}"),
            ReportCell::Count(ShownCount::Withheld) => "–".to_owned(),
            ReportCell::Percent(Some(p)) | ReportCell::Days(Some(p)) => decimal_comma(*p),
            ReportCell::Percent(None) | ReportCell::Days(None) => "–".to_owned(),
        }
    }
}

/// One decimal at most, with a comma: 12.5 → "12,5", 7.0 → "7".
pub fn decimal_comma(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}").replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_back_what_they_write() {
        let unit: UnitId = "7b0c5a60-1f0e-4c57-9d4e-2f1b3c4d5e6f".parse().unwrap();
        for scope in [ReportScope::Municipality, ReportScope::Unit(unit)] {
            assert_eq!(scope.to_string().parse::<ReportScope>(), Ok(scope));
        }
        for bad in [
            "",
            "unit:",
            "unit:x",
            "area",
            "child:7b0c5a60-1f0e-4c57-9d4e-2f1b3c4d5e6f",
        ] {
            assert!(bad.parse::<ReportScope>().is_err(), "{bad}");
        }
    }

    #[test]
    fn cells_are_written_the_danish_way() {
        let table = [
            (ReportCell::Text("Egern".into()), "Egern"),
            (ReportCell::Count(ShownCount::Exact(12)), "12"),
            (ReportCell::Count(ShownCount::FewerThan(5)), "<5"),
            (ReportCell::Count(ShownCount::Withheld), "–"),
            (ReportCell::Percent(Some(12.54)), "12,5"),
            (ReportCell::Percent(Some(50.0)), "50"),
            (ReportCell::Percent(None), "–"),
            (ReportCell::Days(Some(3.5)), "3,5"),
            (ReportCell::Days(Some(0.04)), "0"),
        ];
        for (cell, expected) in table {
            assert_eq!(cell.danish_text(), expected, "{cell:?}");
        }
    }
}
