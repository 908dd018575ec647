//! The rounds-over-time report as a table, in the reader's language: the same rows for the page,
//! its print and the CSV file (the browser and the server both build it).

use crate::domain::ShownCount;
use crate::i18n::Locale;
use crate::wire::report::{Grouping, ReportCell, ReportTable, RoundsReport};
use leptos_i18n::td_string;

pub fn rounds_table(report: &RoundsReport, locale: Locale) -> ReportTable {
    let first = match report.grouping {
        Grouping::Round => td_string!(locale, reports.col_round),
        Grouping::Year => td_string!(locale, reports.col_year),
    };
    let columns = [
        first,
        td_string!(locale, reports.col_children),
        td_string!(locale, reports.col_joint),
        td_string!(locale, reports.col_completion),
        td_string!(locale, position.green),
        td_string!(locale, position.yellow),
        td_string!(locale, position.red),
        td_string!(locale, reports.col_green_share),
        td_string!(locale, reports.col_yellow_share),
        td_string!(locale, reports.col_red_share),
        td_string!(locale, reports.col_informed_in_time),
        td_string!(locale, reports.col_days_informed),
        td_string!(locale, reports.col_meetings),
        td_string!(locale, reports.col_days_meeting),
        td_string!(locale, reports.col_still_open),
        td_string!(locale, reports.col_overdue),
        td_string!(locale, reports.col_plans),
    ]
    .into_iter()
    .map(|c| c.to_string())
    .collect();
    let rows = report
        .lines
        .iter()
        .map(|l| {
            let mut row = vec![
                ReportCell::Text(l.label.clone()),
                ReportCell::Count(ShownCount::Exact(l.children)),
                ReportCell::Count(l.joint.total),
                ReportCell::Percent(l.completion),
            ];
            row.extend(l.joint.counts.iter().map(|c| ReportCell::Count(*c)));
            row.extend(l.position_shares.iter().map(|s| ReportCell::Percent(*s)));
            row.extend([
                ReportCell::Percent(l.informed_in_time),
                ReportCell::Days(l.median_days_to_informed),
                ReportCell::Count(l.meetings_held),
                ReportCell::Days(l.median_days_to_meeting),
                ReportCell::Count(l.still_open),
                ReportCell::Count(l.overdue),
                ReportCell::Count(l.action_plans),
            ]);
            row
        })
        .collect();
    ReportTable { columns, rows }
}
