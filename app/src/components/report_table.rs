//! A report's table (`wire::report::ReportTable`) as a page shows it: the first cell of a row
//! is its header, and a withheld cell says why, to screen readers too.

use crate::i18n::*;
use crate::wire::report::{ReportCell, ReportTable};
use leptos::prelude::*;

/// A report's table as the page shows it; a withheld cell says why to screen readers too.
#[component]
pub fn ReportTableView(table: ReportTable, labelled_by: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let cell = move |c: &ReportCell| {
        let withheld = matches!(
            c,
            ReportCell::Count(crate::domain::ShownCount::Withheld)
                | ReportCell::Percent(None)
                | ReportCell::Days(None)
        );
        let text = c.danish_text();
        if withheld {
            view! {
                <td title=move || t_string!(i18n, overview.withheld)>
                    {text}
                    <span class="visually-hidden">{t!(i18n, overview.withheld)}</span>
                </td>
            }
            .into_any()
        } else {
            view! { <td>{text}</td> }.into_any()
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="access-table" data-testid="report-table">
                <thead>
                    <tr>
                        {table.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {table
                        .rows
                        .iter()
                        .map(|row| {
                            let (first, rest) = row.split_first().map_or((None, &[][..]), |(f, r)| (Some(f), r));
                            view! {
                                <tr>
                                    {first.map(|f| view! { <th scope="row">{f.danish_text()}</th> })}
                                    {rest.iter().map(cell).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
