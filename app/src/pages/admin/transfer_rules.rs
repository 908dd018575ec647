//! The administrator's transition rules (issue 17 item 5): whether data may follow a child to a
//! new place with consent, one custody holder or all, who records a paper consent, and how
//! many years registrations are kept.

use crate::components::ErrorMessage;
use crate::domain::TransferRules;
use crate::i18n::*;
use crate::transition::settings::{get_transfer_rules, SaveTransferRules};
use leptos::prelude::*;

#[component]
pub(super) fn TransferRulesForm() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(|| (), |_| get_transfer_rules());
    view! {
        <section class="card" aria-labelledby="transfer-rules">
            <h2 id="transfer-rules">{t!(i18n, transition.settings_heading)}</h2>
            <Suspense>
                {move || loaded.get().map(|r| match r {
                    Ok(rules) => view! { <RulesForm rules /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn RulesForm(rules: TransferRules) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(rules);
    let years = RwSignal::new(
        rules
            .retention_years
            .map(|y| y.to_string())
            .unwrap_or_default(),
    );
    let save = ServerAction::<SaveTransferRules>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut rules = current.get_untracked();
        rules.retention_years = years.get_untracked().trim().parse().ok();
        save.dispatch(SaveTransferRules { rules });
    };
    let check = |id: &'static str,
                 label: String,
                 get: fn(&TransferRules) -> bool,
                 set: fn(&mut TransferRules, bool)| {
        view! {
            <label class="check" for=id>
                <input type="checkbox" id=id prop:checked=move || get(&current.get())
                    on:change=move |ev| { let on = event_target_checked(&ev); current.update(|r| set(r, on)); } />
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <form class="care-form" on:submit=submit>
            {check("rule-consent", t_string!(i18n, transition.settings_with_consent).to_string(), |r| r.with_consent, |r, v| r.with_consent = v)}
            {check("rule-all", t_string!(i18n, transition.settings_all).to_string(), |r| r.all_custody_holders, |r, v| r.all_custody_holders = v)}
            {check("rule-paper", t_string!(i18n, transition.settings_paper_staff).to_string(), |r| r.paper_by_staff, |r, v| r.paper_by_staff = v)}
            <label for="rule-years">{t!(i18n, transition.settings_retention)}</label>
            <input id="rule-years" type="number" min="1" max="10" inputmode="numeric"
                prop:value=move || years.get() on:input=move |ev| years.set(event_target_value(&ev)) />
            {move || save.value().get().map(|r| match r {
                Ok(()) => view! { <p role="status">"✓ " {t!(i18n, transition.saved)}</p> }.into_any(),
                Err(error) => view! { <ErrorMessage error /> }.into_any(),
            })}
            <button type="submit" class="button" data-testid="save-transfer-rules">{t!(i18n, transition.settings_save)}</button>
        </form>
    }
    .into_any()
}
