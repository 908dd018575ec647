//! The counts-only overview above the units.

use crate::assessment::dashboard::get_counts_overview;
use crate::components::{unit_kind_word, BackToHome, PageShell, PositionBadge};
use crate::domain::{Position, ShownCount};
use crate::i18n::*;
use leptos::prelude::*;

/// Counts across an area or the municipality: no child is named, small counts are hidden.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_counts_overview());
    let shown = move |c: ShownCount| match c {
        ShownCount::Exact(n) => view! { {n} }.into_any(),
        ShownCount::FewerThan(n) => view! { {format!("<{n}")} }.into_any(),
        ShownCount::Withheld => view! {
            <span title=move || t_string!(i18n, overview.withheld)>
                "–"
                <span class="visually-hidden">{t!(i18n, overview.withheld)}</span>
            </span>
        }
        .into_any(),
    };
    view! {
        <BackToHome />
        <h1 id="overview-title">{t!(i18n, overview.title)}</h1>
        <p class="muted">{t!(i18n, overview.lead)}</p>
        <PageShell resource=data let:units>
            // The table is wider than a tablet: the wrapper scrolls and takes keyboard focus,
            // so the columns out of sight are reachable without a pointer.
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="overview-title">
                <table class="access-table" data-testid="overview">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, overview.unit)}</th>
                            <th scope="col">{t!(i18n, overview.round)}</th>
                            <th scope="col">{t!(i18n, overview.children)}</th>
                            <th scope="col">{t!(i18n, dashboard.joint)}</th>
                            {Position::ALL.iter().map(|p| view! { <th scope="col"><PositionBadge position=*p /></th> }).collect_view()}
                            <th scope="col">{t!(i18n, follow_up.open)}</th>
                            <th scope="col">{t!(i18n, follow_up.overdue)}</th>
                            <th scope="col">{t!(i18n, meeting.to_hold)}</th>
                            <th scope="col">{t!(i18n, plan.overdue_count)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {units.into_iter().map(|u| view! {
                            <tr>
                                <th scope="row">{u.unit_name.clone()} <span class="muted">" · " {move || unit_kind_word(i18n, u.kind)} " · " {u.area_name.clone()}</span></th>
                                <td>{u.round_name.clone().unwrap_or_default()}</td>
                                <td>{u.children}</td>
                                <td>{shown(u.joint.total)}</td>
                                {u.joint.counts.iter().map(|c| view! { <td>{shown(*c)}</td> }).collect_view()}
                                <td>{shown(u.open_follow_ups)}</td>
                                <td>{shown(u.overdue_follow_ups)}</td>
                                <td>{shown(u.meetings_to_hold)}</td>
                                <td>{shown(u.plans_overdue)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </PageShell>
    }
}
