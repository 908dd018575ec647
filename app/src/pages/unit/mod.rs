mod dashboard;

use crate::components::{BackToHome, PageShell, Roster};
use crate::domain::UnitId;
use crate::i18n::*;
use crate::org::home::get_unit_groups;
use dashboard::UnitDashboardView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UnitPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let unit = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<UnitId>().ok())
    };
    let groups = Resource::new(unit, |unit| async move {
        match unit {
            Some(unit) => get_unit_groups(unit).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <BackToHome />
        <PageShell resource=groups let:groups>
            {unit().map(|u| view! { <UnitDashboardView unit=u /> })}
            <h1>{t!(i18n, unit.title)}</h1>
            {groups.into_iter().map(|g| view! { <Roster group=g /> }).collect_view()}
        </PageShell>
    }
}
