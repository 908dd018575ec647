//! The report's lines as a table, headers in the reader's language: the same table on the
//! page and in the CSV file.

use super::figures::{Line, Place};
use crate::i18n::*;
use crate::wire::report::{ReportCell, ReportTable};

pub fn place_name(locale: Locale, place: &Place) -> String {
    match place {
        Place::Municipality => td_string!(locale, language.municipality).to_owned(),
        Place::Area(name) | Place::School(name) => name.clone(),
    }
}

pub fn build(locale: Locale, lines: &[Line]) -> ReportTable {
    let columns = [
        td_string!(locale, language.school_year),
        td_string!(locale, language.place),
        td_string!(locale, language.assessed),
        td_string!(locale, language.needing),
        td_string!(locale, language.share),
        td_string!(locale, language.change),
        td_string!(locale, language.needing_concern),
        td_string!(locale, language.others_concern),
    ];
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                ReportCell::Text(l.year.label()),
                ReportCell::Text(place_name(locale, &l.place)),
                ReportCell::Count(l.shown.assessed),
                ReportCell::Count(l.shown.needing),
                ReportCell::Percent(l.shown.share),
                ReportCell::Percent(l.change),
                ReportCell::Count(l.shown.needing_concern),
                ReportCell::Count(l.shown.others_concern),
            ]
        })
        .collect();
    ReportTable {
        columns: columns.into_iter().map(str::to_owned).collect(),
        rows,
    }
}
