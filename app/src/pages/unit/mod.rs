//! A unit's page: its groups with their children, and for those who lead it, the round's
//! progress and the follow-ups.

mod care;
mod dashboard;

use crate::assessment::dashboard::get_unit_dashboard;
use crate::care::overview::get_unit_care;
use crate::components::{load_by_id, use_route_id, BackToHome, PageShell, Roster};
use crate::domain::UnitId;
use crate::i18n::*;
use crate::org::home::get_unit_groups;
use care::UnitCareView;
use dashboard::UnitDashboardView;
use leptos::prelude::*;

#[component]
pub fn UnitPage() -> impl IntoView {
    let i18n = use_i18n();
    let unit = use_route_id::<UnitId>();
    let groups = load_by_id(unit, get_unit_groups);
    // The leader's sections load beside the groups and are read inside the page's Suspense,
    // never asked for from within it (why: `pages::child::ChildPageView`).
    let dashboard = load_by_id(unit, get_unit_dashboard);
    let care = load_by_id(unit, get_unit_care);
    view! {
        <BackToHome />
        <PageShell resource=groups let:groups>
            <UnitDashboardView data=dashboard />
            <UnitCareView data=care />
            <h1>{t!(i18n, unit.title)}</h1>
            {groups.into_iter().map(|g| view! { <Roster group=g /> }).collect_view()}
        </PageShell>
    }
}
