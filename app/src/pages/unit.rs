use super::home::Roster;
use crate::components::{BackToHome, PageShell};
use crate::domain::{UnitId, UnitKind};
use crate::i18n::*;
use crate::org::home::get_unit_groups;
use crate::I18n;
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
            {unit().map(|u| view! { <super::UnitDashboardView unit=u /> })}
            <h1>{t!(i18n, unit.title)}</h1>
            {groups.into_iter().map(|g| view! { <Roster group=g /> }).collect_view()}
        </PageShell>
    }
}

pub fn unit_kind_label(i18n: I18n, kind: UnitKind) -> String {
    match kind {
        UnitKind::HealthVisiting => t_string!(i18n, unit_kind.health_visiting),
        UnitKind::Childminding => t_string!(i18n, unit_kind.childminding),
        UnitKind::Nursery => t_string!(i18n, unit_kind.nursery),
        UnitKind::Kindergarten => t_string!(i18n, unit_kind.kindergarten),
        UnitKind::School => t_string!(i18n, unit_kind.school),
    }
    .to_string()
}
