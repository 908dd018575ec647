//! The child page's section on focus meetings and action plans: for staff, the concerns that
//! wait for an invitation, the meetings and the plans; for parents, what waits for them.

use super::propose::ProposeForm;
use crate::care::{ChildCare, ParentCare, StaffCare};
use crate::components::{
    format_date, format_meeting_time, meeting_status_word, plan_status_word, PageShell,
};
use crate::domain::{ChildId, MeetingStatus};
use crate::error::AppError;
use crate::i18n::*;
use crate::wire::care::{MeetingSummary, MeetingTime, PlanSummary};
use crate::wire::parent_care::{ParentMeetingSummary, ParentPlanSummary};
use leptos::prelude::*;

#[component]
pub fn CareSection(child: ChildId, data: Resource<Result<ChildCare, AppError>>) -> impl IntoView {
    view! {
        <PageShell resource=data section=true let:care>
            {match care {
                ChildCare::Staff(care) => view! { <StaffCareView child care /> }.into_any(),
                ChildCare::Parent(care) => view! { <ParentCareView care /> }.into_any(),
            }}
        </PageShell>
    }
    .into_any()
}

/// The times of a meeting on one line, or the day it was held.
fn when(times: &[MeetingTime], held_on: Option<time::Date>) -> String {
    match held_on {
        Some(day) => format_date(day),
        None => times
            .iter()
            .map(|t| format_meeting_time(&t.starts_at))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

#[component]
fn StaffCareView(child: ChildId, care: StaffCare) -> impl IntoView {
    let i18n = use_i18n();
    let meetings = care.meetings.clone();
    let plans = care.plans.clone();
    view! {
        <section class="card" aria-labelledby="care">
            <h2 id="care">{t!(i18n, meeting.section_title)}</h2>
            <p class="muted">{t!(i18n, meeting.section_lead)}</p>
            {care.may_hold.then(|| view! { <ProposeForm child care=care.clone() /> })}
            <h3>{t!(i18n, meeting.meetings)}</h3>
            {meetings.is_empty().then(|| view! { <p class="empty">{t!(i18n, meeting.none)}</p> })}
            <ul class="care-list" data-testid="meetings">
                {meetings.into_iter().map(|m| view! { <MeetingLine m /> }).collect_view()}
            </ul>
            <h3>{t!(i18n, plan.plans)}</h3>
            {plans.is_empty().then(|| view! { <p class="empty">{t!(i18n, plan.none)}</p> })}
            <ul class="care-list" data-testid="plans">
                {plans.into_iter().map(|p| view! { <PlanLine p /> }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn MeetingLine(m: MeetingSummary) -> impl IntoView {
    let i18n = use_i18n();
    let status = m.status;
    view! {
        <li>
            <a href=format!("/meetings/{}", m.id) class="care-link">
                <span class="care-status">{move || meeting_status_word(i18n, status)}</span>
                <span>{when(&m.times, m.held_on)}</span>
                <bdi class="care-text">{m.concern.clone()}</bdi>
                {(status == MeetingStatus::Invited)
                    .then(|| {
                        view! {
                            <span class="muted">
                                {m.answered} "/" {m.invited_guardians} " "
                                {t!(i18n, meeting.answered)}
                            </span>
                        }
                    })}
            </a>
        </li>
    }
    .into_any()
}

#[component]
fn PlanLine(p: PlanSummary) -> impl IntoView {
    let i18n = use_i18n();
    let status = p.status;
    view! {
        <li>
            <a href=format!("/plans/{}", p.id) class="care-link">
                <span class="care-status">{move || plan_status_word(i18n, status)}</span>
                <bdi class="care-text">{p.goals.clone()}</bdi>
                <span>{t!(i18n, plan.evaluate_on)} " " {format_date(p.evaluate_on)}</span>
                {p.overdue.then(|| view! { <span class="overdue">"⚠ " {t!(i18n, plan.overdue)}</span> })}
            </a>
        </li>
    }
    .into_any()
}

/// What a parent sees on the child page: meetings to answer and plans to read first.
#[component]
fn ParentCareView(care: ParentCare) -> impl IntoView {
    let i18n = use_i18n();
    let meetings = care.meetings;
    let plans = care.plans;
    view! {
        <section class="card" aria-labelledby="care">
            <h2 id="care">{t!(i18n, meeting.parent_section_title)}</h2>
            <p class="muted">{t!(i18n, meeting.parent_section_lead)}</p>
            <h3>{t!(i18n, meeting.meetings)}</h3>
            {meetings.is_empty().then(|| view! { <p class="empty">{t!(i18n, meeting.none)}</p> })}
            <ul class="care-list" data-testid="meetings">
                {meetings.into_iter().map(|m| view! { <ParentMeetingLine m /> }).collect_view()}
            </ul>
            <h3>{t!(i18n, plan.plans)}</h3>
            {plans.is_empty().then(|| view! { <p class="empty">{t!(i18n, plan.none)}</p> })}
            <ul class="care-list" data-testid="plans">
                {plans.into_iter().map(|p| view! { <ParentPlanLine p /> }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn ParentMeetingLine(m: ParentMeetingSummary) -> impl IntoView {
    let i18n = use_i18n();
    let status = m.status;
    view! {
        <li>
            <a href=format!("/meetings/{}", m.id) class="care-link">
                <span class="care-status">{move || meeting_status_word(i18n, status)}</span>
                <span>{when(&m.times, m.held_on)}</span>
                {m.to_answer.then(|| view! { <span class="badge-new">"✉ " {t!(i18n, meeting.to_answer)}</span> })}
            </a>
        </li>
    }
    .into_any()
}

#[component]
fn ParentPlanLine(p: ParentPlanSummary) -> impl IntoView {
    let i18n = use_i18n();
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
    .into_any()
}
