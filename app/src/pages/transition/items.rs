//! The consent's items as words and as checkboxes, and a consent shown as evidence.

use crate::components::format_date;
use crate::domain::ConsentItems;
use crate::domain::TransitionDescription;
use crate::i18n::*;
use crate::wire::transition::{ConsentHow, ConsentView, OpenedView};
use leptos::prelude::*;

/// The items a consent lists, in words.
pub fn item_words(i18n: crate::I18n, items: ConsentItems) -> String {
    let mut words = Vec::new();
    if items.assessments {
        words.push(t_string!(i18n, transition.item_assessments).to_string());
    }
    if items.plans {
        words.push(t_string!(i18n, transition.item_plans).to_string());
    }
    if items.meetings {
        words.push(t_string!(i18n, transition.item_meetings).to_string());
    }
    if items.description {
        words.push(t_string!(i18n, transition.item_description).to_string());
    }
    words.join(", ")
}

/// Where one item's flag sits in the items.
type ItemField = fn(&mut ConsentItems) -> &mut bool;

/// Four labelled checkboxes bound to `items`; `prefix` keeps ids unique on the page.
#[component]
pub fn ItemChoice(items: RwSignal<ConsentItems>, prefix: String) -> impl IntoView {
    let i18n = use_i18n();
    let boxes: [(&str, ItemField); 4] = [
        ("assessments", |i| &mut i.assessments),
        ("plans", |i| &mut i.plans),
        ("meetings", |i| &mut i.meetings),
        ("description", |i| &mut i.description),
    ];
    view! {
        <fieldset class="consent-items">
            <legend>{t!(i18n, transition.items)}</legend>
            {boxes
                .into_iter()
                .map(|(name, field)| {
                    let id = format!("{prefix}-{name}");
                    let for_id = id.clone();
                    let label = move || match name {
                        "assessments" => t_string!(i18n, transition.item_assessments).to_string(),
                        "plans" => t_string!(i18n, transition.item_plans).to_string(),
                        "meetings" => t_string!(i18n, transition.item_meetings).to_string(),
                        _ => t_string!(i18n, transition.item_description).to_string(),
                    };
                    view! {
                        <label class="check" for=for_id>
                            <input type="checkbox" id=id data-item=name
                                prop:checked=move || { let mut i = items.get(); *field(&mut i) }
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    items.update(|i| *field(i) = on);
                                } />
                            <span>{label}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
    .into_any()
}

/// One consent as evidence: who, what, until when, how, and whether it was revoked.
#[component]
pub fn ConsentLine(c: ConsentView) -> impl IntoView {
    let i18n = use_i18n();
    let items = c.items;
    let how = c.how.clone();
    view! {
        <li class=if c.revoked_on.is_some() { "consent revoked" } else { "consent" } data-testid="consent">
            <bdi>{c.guardian_name.clone()}</bdi> ": "
            <span>{move || item_words(i18n, items)}</span> " · "
            {t!(i18n, transition.valid_until)} " " {format_date(c.valid_until)} " · "
            {match how {
                ConsentHow::Digital => view! {
                    <span>{t!(i18n, transition.given_digital)} " " {format_date(c.given_on)}</span>
                }.into_any(),
                ConsentHow::Paper { signed_on, reference, recorded_by } => view! {
                    <span>
                        {t!(i18n, transition.given_paper)} " " {format_date(signed_on)} " ("
                        <bdi>{reference}</bdi> ")"
                        {recorded_by.map(|name| view! { " " {t!(i18n, transition.recorded_by)} " " <bdi>{name}</bdi> })}
                    </span>
                }.into_any(),
            }}
            {c.revoked_on.map(|d| view! {
                <strong>" · ✕ " {t!(i18n, transition.revoked_on)} " " {format_date(d)}</strong>
            })}
        </li>
    }
    .into_any()
}

/// What passes today for a move, or that nothing does: the same line for staff and parents.
#[component]
pub fn OpenedLine(opened: Option<OpenedView>) -> impl IntoView {
    let i18n = use_i18n();
    match opened {
        Some(o) => view! {
            <p data-testid="opened">"✓ " {t!(i18n, transition.consent_opened)} " " {format_date(o.until)}
                ": " {move || item_words(i18n, o.items)}</p>
        }
        .into_any(),
        None => view! { <p data-testid="opened">{t!(i18n, transition.consent_none)}</p> }.into_any(),
    }
}

/// A transition description as read (by the parents, or by the new place with consent).
#[component]
pub fn DescriptionText(d: TransitionDescription) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p><strong>{t!(i18n, transition.strengths)}": "</strong><bdi>{d.strengths}</bdi></p>
        <p><strong>{t!(i18n, transition.what_helps)}": "</strong><bdi>{d.what_helps}</bdi></p>
        <p><strong>{t!(i18n, transition.watch_for)}": "</strong><bdi>{d.watch_for}</bdi></p>
    }
    .into_any()
}

/// Reloads the section once `action` has succeeded: every form here changes what the whole
/// section shows (a consent, a revocation, a description, a handover).
pub fn refresh_on_success<A, T>(action: ServerAction<A>, changed: Callback<()>)
where
    A: leptos::server_fn::ServerFn<Output = T> + Send + Sync + Clone + 'static,
    T: Send + Sync + Clone + 'static,
    A::Error: Send + Sync + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            changed.run(());
        }
    });
}
