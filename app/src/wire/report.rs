//! A report as a table: what a report page shows beside its chart and what its CSV export
//! writes, from the same rows, so the screen, the print and the file never disagree.

use crate::domain::ShownCount;
use serde::{Deserialize, Serialize};

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
