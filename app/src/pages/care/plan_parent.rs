//! An action plan on a parent's phone: the plan as written, their own view next to it, and "I
//! have read the plan" (dated, seen by the staff).

use super::InDanish;
use crate::care::answers::{AddOwnView, MarkPlanRead};
use crate::components::{format_date, plan_status_word, ErrorMessage};
use crate::domain::PlanContent;
use crate::i18n::*;
use crate::wire::parent_care::ParentPlan;
use leptos::prelude::*;

/// The SMTTE headings with what was written under each.
#[component]
pub(super) fn PlanText(content: PlanContent) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card smtte" aria-labelledby="plan-text">
            <h2 id="plan-text" class="visually-hidden">{t!(i18n, plan.title)}</h2>
            <h3>{t!(i18n, plan.context)}</h3>
            <p class="care-text" dir="auto">{content.context}</p>
            <h3>{t!(i18n, plan.goals)}</h3>
            <p class="care-text" dir="auto">{content.goals}</p>
            <h3>{t!(i18n, plan.actions)}</h3>
            <ul class="care-list">
                {content.actions.into_iter().map(|a| view! {
                    <li>
                        <bdi>{a.what}</bdi> " – " <bdi>{a.who}</bdi> " – "
                        {match a.by {
                            Some(d) => format_date(d).into_any(),
                            None => view! { {t!(i18n, plan.ongoing)} }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
            <h3>{t!(i18n, plan.signs)}</h3>
            <p class="care-text" dir="auto">{content.signs}</p>
            <h3>{t!(i18n, plan.evaluate_on)}</h3>
            <p>{format_date(content.evaluate_on)}</p>
            {(!content.evaluation.is_empty()).then(|| view! {
                <h3>{t!(i18n, plan.evaluation)}</h3>
                <p class="care-text" dir="auto">{content.evaluation.clone()}</p>
            })}
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn ParentPlanView(p: ParentPlan) -> impl IntoView {
    let i18n = use_i18n();
    let status = p.status;
    let read = ServerAction::<MarkPlanRead>::new();
    let own = ServerAction::<AddOwnView>::new();
    let view_text = RwSignal::new(p.my_view.clone());
    let read_on = RwSignal::new(p.read_on);
    let (id, version) = (p.id, p.version);
    Effect::new(move |_| {
        if let Some(Ok(day)) = read.value().get() {
            read_on.set(Some(day));
        }
    });
    view! {
        <h1>{t!(i18n, plan.title)} ": " <bdi>{p.child_name.clone()}</bdi></h1>
        <p>
            <span class="care-status" data-testid="plan-status">{move || plan_status_word(i18n, status)}</span>
            " · " {t!(i18n, plan.changed_on)} " " {format_date(p.changed_on)}
            " · " {t!(i18n, meeting.deleted_on)} " " {format_date(p.deleted_on)}
        </p>
        <InDanish />
        <PlanText content=p.content.clone() />
        <section class="card" aria-labelledby="plan-read">
            <h2 id="plan-read">{t!(i18n, plan.mark_read)}</h2>
            {move || match read_on.get() {
                Some(day) => view! {
                    <p class="success" data-testid="read-on">"✓ " {t!(i18n, plan.you_read_on)} " " {format_date(day)}</p>
                }.into_any(),
                None => view! {
                    <button type="button" class="button primary" data-testid="mark-read"
                        on:click=move |_| { read.dispatch(MarkPlanRead { plan: id, version }); }>
                        "✓ " {t!(i18n, plan.mark_read)}
                    </button>
                }.into_any(),
            }}
            {move || read.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
        </section>
        {p.may_contribute.then(|| view! {
            <section class="card" aria-labelledby="own-view">
                <h2 id="own-view">{t!(i18n, plan.own_view)}</h2>
                <p class="hint">{t!(i18n, plan.own_view_hint)}</p>
                <form class="care-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    own.dispatch(AddOwnView { plan: id, text: view_text.get_untracked() });
                }>
                    <label for="own-view-text" class="visually-hidden">{t!(i18n, plan.own_view)}</label>
                    <textarea id="own-view-text" rows="4" maxlength="4000" dir="auto"
                        prop:value=move || view_text.get()
                        on:input=move |ev| view_text.set(event_target_value(&ev))></textarea>
                    {move || match own.value().get() {
                        Some(Ok(())) => view! { <p class="success" role="status">{t!(i18n, plan.view_saved)}</p> }.into_any(),
                        Some(Err(error)) => view! { <ErrorMessage error /> }.into_any(),
                        None => ().into_any(),
                    }}
                    <button type="submit" class="button primary" data-testid="save-own-view">{t!(i18n, plan.save_view)}</button>
                </form>
            </section>
        })}
    }
    .into_any()
}
