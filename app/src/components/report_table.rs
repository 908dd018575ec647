//! A report's table (`wire::report::ReportTable`) on the screen and in print: the first
//! column heads each row; a hidden count says so to a screen reader too.

use crate::domain::ShownCount;
use crate::i18n::*;
use crate::wire::report::{ReportCell, ReportTable};
use leptos::prelude::*;

/// The table in a region that scrolls sideways on a tablet and takes keyboard focus, so the
/// columns out of sight are reachable without a pointer (axe `scrollable-region-focusable`).
#[component]
pub fn ReportTableView(
    table: ReportTable,
    /// The id of the heading that names the table.
    labelled_by: &'static str,
    #[prop(default = "report-table")] test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let columns = table.columns;
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="access-table report-table" data-testid=test_id>
                <thead>
                    <tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {table.rows.into_iter().map(|row| {
                        let mut cells = row.into_iter();
                        let head = cells.next().map(|c| c.danish_text()).unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row"><bdi>{head}</bdi></th>
                                {cells.map(|cell| view! { <td>{cell_view(i18n, cell)}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn cell_view(i18n: crate::I18n, cell: ReportCell) -> AnyView {
    let withheld = matches!(
        cell,
        ReportCell::Count(ShownCount::Withheld)
            | ReportCell::Percent(None)
            | ReportCell::Days(None)
    );
    if withheld {
        return view! {
            <span title=move || t_string!(i18n, overview.withheld)>
                "–"
                <span class="visually-hidden">{t!(i18n, overview.withheld)}</span>
            </span>
        }
        .into_any();
    }
    match cell {
        ReportCell::Text(text) => view! { <bdi>{text}</bdi> }.into_any(),
        other => other.danish_text().into_any(),
    }
}
