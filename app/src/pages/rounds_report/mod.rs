//! Rounds over time (issue 19 item 1) on a leader's laptop or tablet: what to count (a unit, an
//! area, the municipality) and per round or per year; a chart with the same figures as a table
//! beside it; a CSV file for Excel and a print layout.

mod chart;

use crate::components::{BackToHome, PageShell, ReportTableView};
use crate::i18n::*;
use crate::reports::rounds::get_rounds_report;
use crate::reports::rounds_table::rounds_table;
use crate::wire::report::{Grouping, RoundsReport};
use chart::PositionsChart;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RoundsReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("scope"), q.get("by"))
        },
        |(scope, by)| get_rounds_report(scope.unwrap_or_default(), by.unwrap_or_default()),
    );
    view! {
        <BackToHome />
        <h1>{t!(i18n, reports.title_rounds)}</h1>
        <p class="muted">{t!(i18n, reports.lead_rounds)}</p>
        <PageShell resource=data let:report>
            <Report report />
        </PageShell>
    }
}

#[component]
fn Report(report: RoundsReport) -> impl IntoView {
    let i18n = use_i18n();
    let show_table = RwSignal::new(false);
    let table_region = NodeRef::<leptos::html::H2>::new();
    let scope = report.scope.to_string();
    let by = report.grouping;
    let csv = format!("/reports/rounds.csv?scope={scope}&by={}", by.code());
    let lines = report.lines.clone();
    let empty = lines.is_empty();
    let choices = report.choices.clone();
    let current = report.scope;
    let label = report.label.clone();
    let choose = move || {
        let next = !show_table.get_untracked();
        show_table.set(next);
        // The work moves to what was asked for: its heading takes the focus.
        if next {
            request_animation_frame(move || {
                if let Some(h) = table_region.get_untracked() {
                    let _ = h.focus();
                }
            });
        }
    };
    view! {
        <form method="get" action="/reports/rounds" class="report-filter card no-print">
            <label for="report-scope">{t!(i18n, reports.scope)}</label>
            <select id="report-scope" name="scope">
                {choices.into_iter().map(|c| {
                    let value = c.scope.to_string();
                    let selected = c.scope == current;
                    view! { <option value=value selected=selected>{c.label}</option> }
                }).collect_view()}
            </select>
            <label for="report-by">{t!(i18n, reports.by)}</label>
            <select id="report-by" name="by">
                <option value="round" selected=by == Grouping::Round>{t!(i18n, reports.by_round)}</option>
                <option value="year" selected=by == Grouping::Year>{t!(i18n, reports.by_year)}</option>
            </select>
            <button type="submit" class="button">{t!(i18n, reports.show)}</button>
        </form>
        <h2 id="report-scope-name"><bdi>{label}</bdi></h2>
        {empty.then(|| view! { <p class="empty" data-testid="report-empty">{t!(i18n, reports.empty)}</p> })}
        <p class="actions no-print">
            <button type="button" class="button secondary" data-testid="report-switch"
                aria-pressed=move || show_table.get().to_string() on:click=move |_| choose()>
                {move || if show_table.get() {
                    t_string!(i18n, reports.show_chart)
                } else {
                    t_string!(i18n, reports.show_table)
                }}
            </button>
            <a class="button secondary" href=csv download="runder.csv" data-testid="report-csv">{t!(i18n, reports.export_csv)}</a>
            <button type="button" class="button secondary" on:click=move |_| print()>{t!(i18n, reports.print)}</button>
        </p>
        // Both are in the page; the one not chosen is hidden on the screen, and print shows both.
        <section class="report-view" class:screen-hidden=move || show_table.get() aria-labelledby="report-scope-name">
            <PositionsChart lines=lines />
        </section>
        <section class="report-view" class:screen-hidden=move || !show_table.get()>
            <h2 id="report-table-title" tabindex="-1" node_ref=table_region>{t!(i18n, reports.show_table)}</h2>
            {move || {
                let table = rounds_table(&report, i18n.get_locale());
                view! { <ReportTableView table labelled_by="report-table-title" test_id="report-table" /> }
            }}
        </section>
    }
}

/// The browser's print dialog; the print style sheet lays out the chart and the table.
fn print() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}
