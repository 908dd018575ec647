//! The parents' side of a move, on the phone: where and when, the description, their consent
//! (custody holders choose each item and until when, and can revoke it), and everything
//! registered as one document.

use super::items::{refresh_on_success, ConsentLine, DescriptionText, ItemChoice, OpenedLine};
use crate::components::{format_date, ErrorMessage};
use crate::domain::{ChildId, ConsentItems};
use crate::i18n::*;
use crate::transition::consent::{GiveTransferConsent, RevokeTransferConsent};
use crate::transition::{GiveConsent, ParentMove, ParentTransitions};
use leptos::prelude::*;

#[component]
pub(super) fn ParentTransitionsView(t: ParentTransitions, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let child = t.child;
    let custody = t.custody;
    let with_consent = t.with_consent;
    let all = t.all_custody_holders;
    view! {
        {(!t.moves.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="transition" data-testid="transition">
                <h2 id="transition">{t!(i18n, transition.heading)}</h2>
                {if !with_consent {
                    view! { <p class="hint">{t!(i18n, transition.never)}</p> }.into_any()
                } else if custody {
                    view! { <p class="hint">{t!(i18n, transition.parent_intro)}</p> }.into_any()
                } else {
                    view! { <p class="hint">{t!(i18n, transition.no_custody)}</p> }.into_any()
                }}
                {all.then(|| view! { <p class="hint">{t!(i18n, transition.needs_all)}</p> })}
                {t.moves.clone().into_iter().map(|mv| view! {
                    <ParentMoveCard child mv may_consent=custody && with_consent changed />
                }).collect_view()}
            </section>
        })}
        {custody.then(|| view! {
            <section class="card" aria-labelledby="record">
                <h2 id="record">{t!(i18n, transition.download)}</h2>
                <p class="hint">{t!(i18n, transition.download_hint)}</p>
                <a class="button" href=format!("/records/{child}") download="" data-testid="download-record">
                    "⬇ " {t!(i18n, transition.download)}
                </a>
                {t.handed_over.first().map(|d| view! {
                    <p class="muted">{t!(i18n, transition.handed_over)} " " {format_date(*d)}</p>
                })}
                <p><a class="button secondary" href=format!("/children/{child}/lookups") data-testid="lookups-link">
                    "👁 " {t!(i18n, lookups.link)}
                </a></p>
            </section>
        })}
    }
    .into_any()
}

#[component]
fn ParentMoveCard(
    child: ChildId,
    mv: ParentMove,
    may_consent: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let place = move |name: Option<String>| {
        name.unwrap_or_else(|| t_string!(i18n, transition.hidden_place).to_string())
    };
    let from = place(mv.from_name.clone());
    let to = place(mv.to_name.clone());
    let opened = mv.opened;
    let mine = mv.mine.clone();
    let mine_active = mine.iter().any(|c| c.revoked_on.is_none());
    let (from_unit, to_unit) = (mv.from_unit, mv.to_unit);
    let revoke = ServerAction::<RevokeTransferConsent>::new();
    refresh_on_success(revoke, changed);
    view! {
        <div class="move" data-testid="move">
            <p><strong>{t!(i18n, transition.from)} " "</strong><bdi>{from}</bdi>
               " → " <strong>{t!(i18n, transition.to)} " "</strong><bdi>{to}</bdi></p>
            <p>{t!(i18n, transition.moves_on)} ": " {format_date(mv.moves_on)}</p>
            <h3>{t!(i18n, transition.description)}</h3>
            {match mv.description.clone() {
                Some(d) => view! { <DescriptionText d /> }.into_any(),
                None => view! { <p class="empty">{t!(i18n, transition.no_description)}</p> }.into_any(),
            }}
            <h3>{t!(i18n, transition.consent_heading)}</h3>
            <OpenedLine opened />
            <ul class="consents">{mine.into_iter().map(|c| view! { <ConsentLine c /> }).collect_view()}</ul>
            {mv.others_consented.iter().map(|given| {
                let given = *given;
                view! { <p class="muted">{move || if given {
                    t_string!(i18n, transition.other_consented).to_string()
                } else {
                    t_string!(i18n, transition.other_not).to_string()
                }}</p> }
            }).collect_view()}
            {(may_consent && (mine_active || opened.is_some())).then(|| view! {
                <button type="button" class="button secondary" data-testid="revoke"
                    on:click=move |_| { revoke.dispatch(RevokeTransferConsent { child, from_unit, to_unit }); }>
                    "✕ " {t!(i18n, transition.revoke)}
                </button>
            })}
            {move || revoke.value().get().map(|r| match r {
                Ok(()) => view! { <p role="status">{t!(i18n, transition.revoked)}</p> }.into_any(),
                Err(error) => view! { <ErrorMessage error /> }.into_any(),
            })}
            {(may_consent && !mine_active).then(|| view! { <ConsentForm child mv=mv.clone() changed /> })}
        </div>
    }
    .into_any()
}

#[component]
fn ConsentForm(child: ChildId, mv: ParentMove, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(ConsentItems::default());
    // A year after the move: the new place gets to know the child, then the consent ends.
    let default_until = mv
        .moves_on
        .replace_year(mv.moves_on.year() + 1)
        .unwrap_or(mv.moves_on);
    let until = RwSignal::new(default_until.to_string());
    let give = ServerAction::<GiveTransferConsent>::new();
    refresh_on_success(give, changed);
    let (from_unit, to_unit) = (mv.from_unit, mv.to_unit);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        give.dispatch(GiveTransferConsent {
            input: GiveConsent {
                child,
                from_unit,
                to_unit,
                items: items.get_untracked(),
                valid_until: until.get_untracked(),
                paper: None,
            },
        });
    };
    view! {
        <form class="care-form" on:submit=submit data-testid="consent-form">
            <ItemChoice items prefix=format!("consent-{to_unit}") />
            <label for="consent-until">{t!(i18n, transition.valid_until)}</label>
            <input id="consent-until" type="date" prop:value=move || until.get()
                on:input=move |ev| until.set(event_target_value(&ev)) />
            {move || give.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
            <button type="submit" class="button" data-testid="give-consent">"✓ " {t!(i18n, transition.give)}</button>
        </form>
    }
    .into_any()
}
