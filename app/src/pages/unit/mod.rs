//! A unit's page: its groups with their children, and for those who lead it, the round's
//! progress and the follow-ups.

mod care;
mod dashboard;

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
    view! {
        <BackToHome />
        <PageShell resource=groups let:groups>
            {unit().map(|u| view! { <UnitDashboardView unit=u /> <UnitCareView unit=u /> })}
            <h1>{t!(i18n, unit.title)}</h1>
            {groups.into_iter().map(|g| view! { <Roster group=g /> }).collect_view()}
        </PageShell>
    }
}
