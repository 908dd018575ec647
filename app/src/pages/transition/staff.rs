//! The place the child leaves: the move, the description written with the parents, the
//! consents as evidence, recording a paper consent, and handing everything over.

use super::items::{refresh_on_success, ConsentLine, ItemChoice, OpenedLine};
use crate::components::{format_date, ErrorMessage};
use crate::domain::{ChildId, ConsentItems, TransitionDescription};
use crate::i18n::*;
use crate::transition::consent::{GiveTransferConsent, RevokeTransferConsent};
use crate::transition::staff::{HandOverRecord, SaveTransitionDescription};
use crate::transition::{GiveConsent, PaperConsent, SaveDescription, StaffMove, StaffTransitions};
use leptos::prelude::*;

#[component]
pub(super) fn StaffTransitionsView(
    child: ChildId,
    t: StaffTransitions,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let received = t.received.clone();
    let handed = t.handed_over.clone();
    let with_consent = t.with_consent;
    let all = t.all_custody_holders;
    let any_prepare = t.moves.iter().any(|m| m.may_prepare);
    let has_moves = !t.moves.is_empty();
    view! {
        {has_moves.then(|| view! {
            <section class="card" aria-labelledby="transition" data-testid="transition">
                <h2 id="transition">{t!(i18n, transition.heading)}</h2>
                {(!with_consent).then(|| view! { <p class="hint">{t!(i18n, transition.never)}</p> })}
                {all.then(|| view! { <p class="hint">{t!(i18n, transition.needs_all)}</p> })}
                {t.moves.clone().into_iter().map(|mv| view! { <MoveCard child mv changed /> }).collect_view()}
                {any_prepare.then(|| view! { <HandOver child handed=handed.clone() changed /> })}
            </section>
        })}
        {received.into_iter().map(|r| view! { <super::received::ReceivedCard r /> }).collect_view()}
    }
    .into_any()
}

#[component]
fn MoveCard(child: ChildId, mv: StaffMove, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let opened = mv.opened;
    let consents = mv.consents.clone();
    let active = consents.iter().any(|c| c.revoked_on.is_none());
    let (from_unit, to_unit) = (mv.from_unit, mv.to_unit);
    let revoke = ServerAction::<RevokeTransferConsent>::new();
    refresh_on_success(revoke, changed);
    view! {
        <div class="move" data-testid="move">
            <p>
                <strong>{t!(i18n, transition.from)} " "</strong><bdi>{mv.from_name.clone()}</bdi>
                " → " <strong>{t!(i18n, transition.to)} " "</strong><bdi>{mv.to_name.clone()}</bdi>
            </p>
            <p>
                {t!(i18n, transition.moves_on)} ": " {format_date(mv.moves_on)} " · "
                {match mv.leaves_on {
                    Some(d) => view! { <span>{t!(i18n, transition.leaves_on)} ": " {format_date(d)}</span> }.into_any(),
                    None => view! { <span class="overdue">"⚠ " {t!(i18n, transition.not_ended)}</span> }.into_any(),
                }}
            </p>
            {mv.concern.then(|| view! {
                <p class="notice" data-testid="transition-concern">
                    "ⓘ " {t!(i18n, transition.concern)} " "
                    <a href="#care">{t!(i18n, transition.propose_meeting)}</a>
                </p>
            })}
            <DescriptionForm child mv=mv.clone() changed />
            <h3>{t!(i18n, transition.consent_heading)}</h3>
            <OpenedLine opened />
            <ul class="consents">{consents.into_iter().map(|c| view! { <ConsentLine c /> }).collect_view()}</ul>
            {(mv.may_record_paper && active).then(|| view! {
                <button type="button" class="button secondary" data-testid="staff-revoke"
                    on:click=move |_| { revoke.dispatch(RevokeTransferConsent { child, from_unit, to_unit }); }>
                    {t!(i18n, transition.revoke)}
                </button>
            })}
            {move || revoke.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
            {mv.may_record_paper.then(|| view! { <PaperForm child mv=mv.clone() changed /> })}
        </div>
    }
    .into_any()
}

#[component]
fn DescriptionForm(child: ChildId, mv: StaffMove, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(mv.description.clone());
    let version = mv.description_version;
    let save = ServerAction::<SaveTransitionDescription>::new();
    refresh_on_success(save, changed);
    let (from_unit, to_unit) = (mv.from_unit, mv.to_unit);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveTransitionDescription {
            input: SaveDescription {
                child,
                from_unit,
                to_unit,
                description: text.get_untracked(),
                version,
            },
        });
    };
    let field = |id: &'static str,
                 label: String,
                 get: fn(&TransitionDescription) -> String,
                 set: fn(&mut TransitionDescription, String)| {
        view! {
            <label for=id>{label}</label>
            <textarea id=id rows="3" maxlength="4000" readonly=!mv.may_prepare
                prop:value=move || get(&text.get())
                on:input=move |ev| text.update(|t| set(t, event_target_value(&ev)))></textarea>
        }
    };
    view! {
        <form class="care-form" on:submit=submit data-testid="description-form">
            <h3>{t!(i18n, transition.description)}</h3>
            <p class="hint">{t!(i18n, transition.description_hint)}</p>
            {field("tr-strengths", t_string!(i18n, transition.strengths).to_string(), |t| t.strengths.clone(), |t, v| t.strengths = v)}
            {field("tr-helps", t_string!(i18n, transition.what_helps).to_string(), |t| t.what_helps.clone(), |t, v| t.what_helps = v)}
            {field("tr-watch", t_string!(i18n, transition.watch_for).to_string(), |t| t.watch_for.clone(), |t, v| t.watch_for = v)}
            {mv.description_by.clone().map(|name| view! { <p class="muted">{t!(i18n, transition.written_by)} " " <bdi>{name}</bdi></p> })}
            {move || save.value().get().and_then(Result::err).map(|error| {
                if matches!(error, crate::error::AppError::Conflict { .. }) {
                    view! { <p class="error" role="alert">{t!(i18n, transition.conflict)}</p> }.into_any()
                } else {
                    view! { <ErrorMessage error /> }.into_any()
                }
            })}
            {mv.may_prepare.then(|| view! {
                <button type="submit" class="button" data-testid="save-description">{t!(i18n, transition.save_description)}</button>
            })}
        </form>
    }
    .into_any()
}

#[component]
fn PaperForm(child: ChildId, mv: StaffMove, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(ConsentItems::default());
    let guardian = RwSignal::new(mv.custody_holders.first().map(|h| h.id));
    let until = RwSignal::new(String::new());
    let signed = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let give = ServerAction::<GiveTransferConsent>::new();
    refresh_on_success(give, changed);
    let (from_unit, to_unit) = (mv.from_unit, mv.to_unit);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(guardian) = guardian.get_untracked() else {
            return;
        };
        give.dispatch(GiveTransferConsent {
            input: GiveConsent {
                child,
                from_unit,
                to_unit,
                items: items.get_untracked(),
                valid_until: until.get_untracked(),
                paper: Some(PaperConsent {
                    guardian,
                    signed_on: signed.get_untracked(),
                    reference: reference.get_untracked(),
                }),
            },
        });
    };
    let holders = mv.custody_holders.clone();
    view! {
        <details class="card">
            <summary>{t!(i18n, transition.record_paper)}</summary>
            <form class="care-form" on:submit=submit>
                <label for="paper-guardian">{t!(i18n, transition.guardian)}</label>
                <select id="paper-guardian" on:change=move |ev| {
                    guardian.set(event_target_value(&ev).parse().ok());
                }>
                    {holders.into_iter().map(|h| view! { <option value=h.id.to_string()>{h.name}</option> }).collect_view()}
                </select>
                <ItemChoice items prefix="paper".to_owned() />
                <label for="paper-until">{t!(i18n, transition.valid_until)}</label>
                <input id="paper-until" type="date" prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev)) />
                <label for="paper-signed">{t!(i18n, transition.signed_on)}</label>
                <input id="paper-signed" type="date" prop:value=move || signed.get() on:input=move |ev| signed.set(event_target_value(&ev)) />
                <label for="paper-reference">{t!(i18n, transition.reference)}</label>
                <input id="paper-reference" type="text" maxlength="200" prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev)) />
                {move || give.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
                <button type="submit" class="button" data-testid="record-paper">{t!(i18n, transition.record)}</button>
            </form>
        </details>
    }
    .into_any()
}

#[component]
fn HandOver(child: ChildId, handed: Vec<time::Date>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<HandOverRecord>::new();
    refresh_on_success(action, changed);
    view! {
        <div class="handover">
            {handed.first().map(|d| view! { <p data-testid="handed-over">"✓ " {t!(i18n, transition.handed_over)} " " {format_date(*d)}</p> })}
            <button type="button" class="button secondary" data-testid="hand-over"
                on:click=move |_| { action.dispatch(HandOverRecord { child }); }>
                {t!(i18n, transition.hand_over)}
            </button>
            {move || action.value().get().map(|r| match r {
                Ok(()) => view! { <p role="status">{t!(i18n, transition.hand_over_done)}</p> }.into_any(),
                Err(error) => view! { <ErrorMessage error /> }.into_any(),
            })}
        </div>
    }
    .into_any()
}
