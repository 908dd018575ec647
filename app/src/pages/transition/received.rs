//! What the new place reads of an earlier place by the parents' consent: read only, marked with
//! where it comes from and until when.

use crate::components::{context_word, format_date, plan_status_word, PositionBadge};
use crate::i18n::*;
use crate::wire::transition::Received;
use leptos::prelude::*;

#[component]
pub(super) fn ReceivedCard(r: Received) -> impl IntoView {
    let i18n = use_i18n();
    let positions = r.positions.clone();
    let plans = r.plans.clone();
    let meetings = r.meetings.clone();
    view! {
        <section class="card received" aria-labelledby="received" data-testid="received">
            <h2 id="received">{t!(i18n, transition.received_from)} " " <bdi>{r.from_name.clone()}</bdi></h2>
            <p class="hint">"🔒 " {t!(i18n, transition.received_readonly)} " " {format_date(r.until)}</p>
            {(!positions.is_empty()).then(|| view! {
                <h3>{t!(i18n, transition.positions)}</h3>
                <ul class="care-list">
                    {positions.into_iter().map(|p| {
                        let context = p.context;
                        view! {
                            <li>
                                <PositionBadge position=p.position />
                                " " {format_date(p.assessed_on)} " · " {move || context_word(i18n, context)}
                                <p><bdi>{p.note}</bdi></p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(!plans.is_empty()).then(|| view! {
                <h3>{t!(i18n, transition.item_plans)}</h3>
                <ul class="care-list">
                    {plans.into_iter().map(|p| {
                        let status = p.status;
                        view! {
                            <li>
                                <span class="care-status">{move || plan_status_word(i18n, status)}</span>
                                <p><strong>{t!(i18n, plan.goals)}": "</strong><bdi>{p.goals}</bdi></p>
                                <p><strong>{t!(i18n, plan.context)}": "</strong><bdi>{p.context}</bdi></p>
                                <ul>{p.actions.into_iter().map(|a| view! { <li><bdi>{a.what}</bdi></li> }).collect_view()}</ul>
                                <p><strong>{t!(i18n, plan.signs)}": "</strong><bdi>{p.signs}</bdi></p>
                                <p>{t!(i18n, plan.evaluate_on)} " " {format_date(p.evaluate_on)}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(!meetings.is_empty()).then(|| view! {
                <h3>{t!(i18n, transition.meetings)}</h3>
                <ul class="care-list">
                    {meetings.into_iter().map(|m| view! {
                        <li>
                            {format_date(m.held_on)}
                            <p><bdi>{m.minutes}</bdi></p>
                            <p><bdi>{m.parents_perspective}</bdi></p>
                            <p><bdi>{m.decisions}</bdi></p>
                            <p><bdi>{m.next_steps}</bdi></p>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {r.description.clone().map(|d| view! {
                <h3>{t!(i18n, transition.description)}</h3>
                <super::items::DescriptionText d />
            })}
        </section>
    }
    .into_any()
}
