//! The leader's view of the unit's focus meetings and action plans (issue 16 items 5–6):
//! meetings to hold, plans due for evaluation with the overdue ones marked, and the parents'
//! voice from five answers up.

use crate::components::{format_date, format_meeting_time, PageShell};
use crate::domain::ShownCount;
use crate::error::AppError;
use crate::i18n::*;
use crate::wire::care::{UnitCare, VoiceQuestion};
use leptos::prelude::*;

/// Shown on the unit page to those who lead the unit; nothing for anyone else.
#[component]
pub(super) fn UnitCareView(data: Resource<Result<UnitCare, AppError>>) -> impl IntoView {
    view! {
        <PageShell resource=data section=true let:care>
            <UnitCareCard care />
        </PageShell>
    }
}

#[component]
fn UnitCareCard(care: UnitCare) -> impl IntoView {
    let i18n = use_i18n();
    let meetings = care.meetings_to_hold;
    let plans = care.plans_due;
    view! {
        <section class="card" aria-labelledby="unit-care" data-testid="unit-care">
            <h2 id="unit-care">{t!(i18n, meeting.leader_title)}</h2>
            <p>{t!(i18n, meeting.held_year)} ": " <strong>{care.meetings_held}</strong></p>
            <h3>{t!(i18n, meeting.to_hold)} " (" {meetings.len()} ")"</h3>
            {meetings.is_empty().then(|| view! { <p class="empty">{t!(i18n, meeting.none)}</p> })}
            <ul class="care-list">
                {meetings.into_iter().map(|m| view! {
                    <li>
                        <a class="care-link" href=format!("/meetings/{}", m.id)>
                            <bdi class="care-text">{m.child_name.clone()}</bdi>
                            <span>{m.first_time.as_deref().map(format_meeting_time).unwrap_or_default()}</span>
                            <span class="muted">{m.answered} "/" {m.invited} " " {t!(i18n, meeting.answered)}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
            <h3>{t!(i18n, plan.due)} " (" {plans.len()} ")"</h3>
            {plans.is_empty().then(|| view! { <p class="empty">{t!(i18n, plan.none_due)}</p> })}
            <ul class="care-list" data-testid="plans-due">
                {plans.into_iter().map(|p| view! {
                    <li>
                        <a class="care-link" href=format!("/plans/{}", p.id)>
                            <bdi class="care-text">{p.child_name.clone()}</bdi>
                            <span>{t!(i18n, plan.evaluate_on)} " " {format_date(p.evaluate_on)}</span>
                            {p.overdue.then(|| view! { <span class="overdue">"⚠ " {t!(i18n, plan.overdue)}</span> })}
                        </a>
                    </li>
                }).collect_view()}
            </ul>
            <h3>{t!(i18n, meeting.voice_title)}</h3>
            <p class="muted">{t!(i18n, meeting.voice_lead)}</p>
            {match care.voice.answers {
                ShownCount::Exact(n) => view! {
                    <p data-testid="voice-answers">{n} " " {t!(i18n, meeting.answers)}</p>
                    <dl class="facts">
                        <dt>{t!(i18n, meeting.listened)}</dt>
                        <dd>{care.voice.listened.as_ref().map(average)}</dd>
                        <dt>{t!(i18n, meeting.knows_next)}</dt>
                        <dd>{care.voice.knows_next.as_ref().map(average)}</dd>
                    </dl>
                    <ul>
                        {care.voice.comments.iter().map(|c| view! { <li><q dir="auto">{c.clone()}</q></li> }).collect_view()}
                    </ul>
                }.into_any(),
                _ => view! { <p class="empty" data-testid="voice-answers">{t!(i18n, meeting.voice_few)}</p> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// An average in tenths as `4,5 / 5`.
fn average(q: &VoiceQuestion) -> String {
    format!("{},{} / 5", q.average_tenths / 10, q.average_tenths % 10)
}
