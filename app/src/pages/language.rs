//! `/reports/language`: the committee's measure 2, the grade-0 language assessment, as a chart
//! of the share per school year beside the table it is drawn from (the chart's accessible
//! alternative), with the table as a CSV file; and, for the administrator, the import.

use crate::components::{BackToHome, ErrorMessage, PageShell, ReportTableView};
use crate::i18n::*;
use crate::org::import::CsvFile;
use crate::reports::language::{get_language_report, ImportLanguageAssessments, ShareBar};
use leptos::prelude::*;

#[component]
pub fn LanguageReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let import = ServerAction::<ImportLanguageAssessments>::new();
    // Read again in the reader's language, and after an import.
    let data = Resource::new(
        move || {
            (
                i18n.get_locale().as_str().to_owned(),
                import.version().get(),
            )
        },
        |(language, _)| get_language_report(language),
    );
    view! {
        <BackToHome />
        <h1 id="language-title">{t!(i18n, language.title)}</h1>
        <p class="muted">{t!(i18n, language.lead)}</p>
        <PageShell resource=data let:report>
            {if report.table.rows.is_empty() {
                view! { <p class="empty">{t!(i18n, language.no_data)}</p> }.into_any()
            } else {
                view! {
                    <ShareChart place=report.chart_place.clone() bars=report.chart.clone() />
                    <ReportTableView table=report.table.clone() labelled_by="language-title" />
                    <p class="actions">
                        <a class="button secondary" href="/reports/language.csv" download="sprogvurdering.csv" rel="external">
                            {t!(i18n, language.download)}
                        </a>
                    </p>
                }
                    .into_any()
            }}
            {report.may_import.then(|| view! { <ImportForm import /> })}
        </PageShell>
    }
}

/// Bars of the share per school year. Plain SVG: the table below carries the same figures for
/// whoever cannot see the chart, so the chart is one image with a label.
#[component]
fn ShareChart(place: String, bars: Vec<ShareBar>) -> impl IntoView {
    let i18n = use_i18n();
    const BAR: f64 = 48.0;
    const GAP: f64 = 24.0;
    const HEIGHT: f64 = 120.0;
    let width = (bars.len() as f64) * (BAR + GAP) + GAP;
    let label = move || {
        format!(
            "{} – {place}. {}",
            t_string!(i18n, language.chart_label),
            t_string!(i18n, language.chart_table)
        )
    };
    view! {
        <figure class="report-chart">
            <svg
                role="img"
                aria-label=label
                viewBox={format!("0 0 {width} {}", HEIGHT + 40.0)}
                width="100%"
                height="180"
                preserveAspectRatio="xMinYMin meet"
            >
                {bars
                    .into_iter()
                    .enumerate()
                    .map(|(i, bar)| {
                        let x = GAP + (i as f64) * (BAR + GAP);
                        let share = bar.share.unwrap_or(0.0).clamp(0.0, 100.0);
                        let h = share / 100.0 * HEIGHT;
                        let value = bar
                            .share
                            .map(crate::wire::report::decimal_comma)
                            .map_or_else(|| "–".to_owned(), |v| format!("{v} %"));
                        view! {
                            <g>
                                <rect x=x y={HEIGHT - h + 16.0} width=BAR height=h class="bar" fill="currentColor" />
                                <text x={x + BAR / 2.0} y={HEIGHT - h + 12.0} text-anchor="middle" font-size="12">{value}</text>
                                <text x={x + BAR / 2.0} y={HEIGHT + 34.0} text-anchor="middle" font-size="12">{bar.school_year}</text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
}

/// The administrator's import: one file, all or nothing, every bad row listed.
#[component]
fn ImportForm(import: ServerAction<ImportLanguageAssessments>) -> impl IntoView {
    let i18n = use_i18n();
    // The file's bytes, undecoded: the server tells UTF-8 from Excel's Windows-1252.
    let content = RwSignal::new(Vec::<u8>::new());
    let too_large = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: Option<web_sys::HtmlInputElement> =
                ev.target().and_then(|t| t.dyn_into().ok());
            if let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
                content.set(Vec::new());
                let over = file.size() > crate::org::import::MAX_BYTES as f64;
                too_large.set(over);
                if over {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                    if let Ok(buffer) = read {
                        content.set(js_sys::Uint8Array::new(&buffer).to_vec());
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !too_large.get_untracked() {
            import.dispatch(ImportLanguageAssessments {
                file: CsvFile(content.get_untracked()),
            });
        }
    };
    view! {
        <section class="card" aria-labelledby="language-import">
            <h2 id="language-import">{t!(i18n, language.import_title)}</h2>
            <p class="muted">{t!(i18n, language.import_lead)}</p>
            <form on:submit=submit class="import-form">
                <p class="muted columns">
                    {t!(i18n, admin.columns)} ": " <code>"eksternt_id;skoleår;indsats"</code>
                </p>
                <label for="language-file">{t!(i18n, admin.file)}</label>
                <input id="language-file" type="file" accept=".csv,text/csv" on:change=on_file />
                {move || {
                    too_large
                        .get()
                        .then(|| view! { <p class="error" role="alert">{t!(i18n, problem.file_too_large)}</p> })
                }}
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || content.with(Vec::is_empty) || import.pending().get()
                >
                    {t!(i18n, admin.submit)}
                </button>
            </form>
            {move || {
                import
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(done) => view! {
                            <p class="success" role="status">
                                {t!(i18n, language.imported, added = done.new, changed = done.changed, kept = done.unchanged)}
                            </p>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    })
            }}
        </section>
    }
}
