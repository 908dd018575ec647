//! The positions of each line as a stacked bar, drawn as plain SVG by the view macro: green at
//! the bottom, then yellow, then red, each bar's height its share; above it how many children
//! got a joint position. A line whose shares are withheld is a grey bar marked as hidden.

use crate::domain::{Position, ReportLine};
use crate::i18n::*;
use crate::wire::report::decimal_comma;
use leptos::prelude::*;

const HEIGHT: f64 = 200.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 40.0;
const BAR: f64 = 64.0;
const GAP: f64 = 16.0;

#[component]
pub fn PositionsChart(lines: Vec<ReportLine>) -> impl IntoView {
    let i18n = use_i18n();
    let width = GAP + lines.len().max(1) as f64 * (BAR + GAP);
    let view_box = format!("0 0 {width} {}", TOP + HEIGHT + BOTTOM);
    let base = TOP + HEIGHT;
    let bars = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let x = GAP + i as f64 * (BAR + GAP);
            let label_x = x + BAR / 2.0;
            let shares = line.position_shares;
            let done = line.completion.map(decimal_comma);
            let body = if shares.iter().all(Option::is_some) {
                let mut y = base;
                Position::ALL
                    .iter()
                    .zip(shares)
                    .map(|(p, share)| {
                        let h = HEIGHT * share.unwrap_or(0.0) / 100.0;
                        y -= h;
                        let word = p.code();
                        view! {
                            <rect x=x y=y width=BAR height=h class=format!("bar bar-{word}")>
                                <title>{format!("{}: {} %", line.label, decimal_comma(share.unwrap_or(0.0)))}</title>
                            </rect>
                        }
                    })
                    .collect_view()
                    .into_any()
            } else {
                view! {
                    <rect x=x y=TOP width=BAR height=HEIGHT class="bar bar-hidden">
                        <title>{format!("{}: {}", line.label, t_string!(i18n, reports.chart_hidden))}</title>
                    </rect>
                }
                .into_any()
            };
            view! {
                <g>
                    {body}
                    <text x=label_x y=TOP - 8.0 text-anchor="middle" class="bar-value">
                        {done.map(|d| format!("{d} %")).unwrap_or_else(|| "–".to_owned())}
                    </text>
                    <text x=label_x y=base + 16.0 text-anchor="middle" class="bar-label">{line.label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="report-chart" data-testid="report-chart">
            // Drawn at its own size, so its words stay readable on a tablet: a long history
            // scrolls sideways (and takes keyboard focus to do so) rather than shrinking.
            <div class="chart-scroll" tabindex="0" role="region" aria-labelledby="report-scope-name">
                <svg viewBox=view_box width=width height=TOP + HEIGHT + BOTTOM role="img"
                    aria-label=move || t_string!(i18n, reports.chart_label)>
                    <line x1="0" y1=base x2=width y2=base class="axis" />
                    {bars}
                </svg>
            </div>
            <figcaption class="chart-legend">
                {Position::ALL.iter().map(|p| view! { <crate::components::PositionBadge position=*p /> }).collect_view()}
                <span class="legend-hidden"><span class="swatch" aria-hidden="true"></span>{t!(i18n, reports.chart_hidden)}</span>
                <span>"% = " {t!(i18n, reports.col_completion)}</span>
            </figcaption>
        </figure>
    }
}
