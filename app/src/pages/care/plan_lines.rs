//! Lists of plans under a meeting, for staff and for parents.

use crate::components::{format_date, plan_status_word};
use crate::i18n::*;
use crate::wire::care::PlanSummary;
use crate::wire::parent_care::ParentPlanSummary;
use leptos::prelude::*;

#[component]
pub(super) fn PlanLines(plans: Vec<PlanSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {plans.is_empty().then(|| view! { <p class="empty">{t!(i18n, plan.none)}</p> })}
        <ul class="care-list">
            {plans.into_iter().map(|p| {
                let status = p.status;
                view! {
                    <li>
                        <a href=format!("/plans/{}", p.id) class="care-link">
                            <span class="care-status">{move || plan_status_word(i18n, status)}</span>
                            <bdi class="care-text">{p.goals.clone()}</bdi>
                            <span>{t!(i18n, plan.evaluate_on)} " " {format_date(p.evaluate_on)}</span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub(super) fn ParentPlanLines(plans: Vec<ParentPlanSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="care-list">
            {plans.into_iter().map(|p| {
                let status = p.status;
                view! {
                    <li>
                        <a href=format!("/plans/{}", p.id) class="care-link">
                            <span class="care-status">{move || plan_status_word(i18n, status)}</span>
                            <bdi class="care-text">{p.goals.clone()}</bdi>
                            {p.unread.then(|| view! { <span class="badge-new">"✉ " {t!(i18n, plan.unread)}</span> })}
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
