//! The spot check of lookups (issue 18 item 4) on a leader's laptop: each unit's weekly
//! sample, a decision per lookup (work-related, or flagged with a reason); for the
//! administrator the leaders' own lookups, every flag, and the sample size.

use crate::components::{format_date, role_word, BackToHome, ErrorMessage, PageShell};
use crate::i18n::*;
use crate::pages::transition::lookups::purpose_word;
use crate::spot_check::{get_spot_check, DecideSpotCheck, SaveSpotCheckSample, NOTE_MAX};
use crate::wire::spot_check::{LookedAt, SpotCheckDecision, SpotCheckItem, SpotCheckPage, Verdict};
use leptos::prelude::*;

#[component]
pub fn SpotCheckPageView() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_spot_check());
    view! {
        <BackToHome />
        <h1>{t!(i18n, spot_check.title)}</h1>
        <p class="muted">{t!(i18n, spot_check.lead)}</p>
        <PageShell resource=data let:page>
            <Sections page />
        </PageShell>
    }
}

#[component]
fn Sections(page: SpotCheckPage) -> impl IntoView {
    let i18n = use_i18n();
    let administrator = page.sample_size.is_some();
    let nothing =
        page.units.iter().all(|u| u.items.is_empty()) && page.leaders.is_empty() && !administrator;
    view! {
        {nothing.then(|| view! { <p class="empty" data-testid="spot-check-empty">{t!(i18n, spot_check.empty)}</p> })}
        {page.units.into_iter().filter(|u| !u.items.is_empty()).map(|unit| {
            let heading = format!("unit-{}", unit.unit);
            let labelled_by = heading.clone();
            view! {
                <section aria-labelledby=labelled_by data-testid="spot-check-unit">
                    <h2 id=heading><bdi>{unit.unit_name}</bdi></h2>
                    <Items items=unit.items decide=true />
                </section>
            }
        }).collect_view()}
        {administrator.then(|| view! {
            <section aria-labelledby="leaders-lookups" data-testid="spot-check-leaders">
                <h2 id="leaders-lookups">{t!(i18n, spot_check.leaders_title)}</h2>
                <p class="hint">{t!(i18n, spot_check.leaders_lead)}</p>
                {page.leaders.is_empty().then(|| view! { <p class="empty">{t!(i18n, spot_check.empty)}</p> })}
                <Items items=page.leaders.clone() decide=true />
            </section>
            <section aria-labelledby="flagged-lookups" data-testid="spot-check-flagged">
                <h2 id="flagged-lookups">{t!(i18n, spot_check.flagged_title)}</h2>
                {page.flagged.is_empty().then(|| view! { <p class="empty">{t!(i18n, spot_check.flagged_empty)}</p> })}
                <Items items=page.flagged.clone() decide=false />
            </section>
            <SampleSize size=page.sample_size.unwrap_or_default() />
        })}
    }
}

#[component]
fn Items(items: Vec<SpotCheckItem>, decide: bool) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <ul class="care-list spot-check">
                {items.into_iter().map(|item| view! { <Item item decide /> }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn Item(item: SpotCheckItem, decide: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (role, purpose) = (item.looker_role, item.purpose);
    let looked_at = item.looked_at.clone();
    let looked = move || match &looked_at {
        LookedAt::Child { name, .. } => name.clone(),
        LookedAt::HiddenChild => t_string!(i18n, spot_check.hidden_child).to_string(),
        LookedAt::Children(n) => format!("{n} {}", t_string!(i18n, spot_check.children)),
    };
    let decided = RwSignal::new(item.verdict);
    let open = decide && item.verdict.is_none();
    view! {
        <li data-testid="spot-check-item">
            <strong>{format_date(item.looked_on)} " " {t!(i18n, spot_check.at)} " " {item.looked_time.clone()}</strong>
            " · " {t!(i18n, spot_check.week)} " " {item.week.clone()}
            <br />
            <bdi>{item.looker.clone()}</bdi>
            {role.map(|role| view! { " (" {move || role_word(i18n, role)} ")" })}
            " · " <bdi>{item.unit_name.clone()}</bdi>
            <br />
            {move || purpose_word(i18n, purpose)} " · " <bdi>{looked}</bdi>
            <p class="verdict" data-testid="verdict">{move || verdict_word(i18n, decided.get())}
                {item.checked_by.clone().map(|by| view! {
                    " · " {t!(i18n, spot_check.checked_by)} " " <bdi>{by}</bdi>
                    {item.checked_on.map(|on| view! { " " {format_date(on)} })}
                })}
            </p>
            {(!item.note.is_empty()).then(|| view! { <p class="note"><bdi>{item.note.clone()}</bdi></p> })}
            {open.then(|| view! { <DecisionForm item=item.id decided /> })}
        </li>
    }
}

fn verdict_word(i18n: crate::I18n, verdict: Option<Verdict>) -> String {
    match verdict {
        None => format!("○ {}", t_string!(i18n, spot_check.not_checked)),
        Some(Verdict::WorkRelated) => format!("✓ {}", t_string!(i18n, spot_check.work_related)),
        Some(Verdict::Flagged) => format!("⚑ {}", t_string!(i18n, spot_check.flagged)),
    }
}

#[component]
fn DecisionForm(
    item: crate::domain::SpotCheckItemId,
    decided: RwSignal<Option<Verdict>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let note = RwSignal::new(String::new());
    let save = ServerAction::<DecideSpotCheck>::new();
    let pending = RwSignal::new(None::<Verdict>);
    let send = move |verdict: Verdict| {
        pending.set(Some(verdict));
        save.dispatch(DecideSpotCheck {
            decision: SpotCheckDecision {
                item,
                verdict,
                note: note.get_untracked(),
            },
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            decided.set(pending.get_untracked());
        }
    });
    let note_id = format!("note-{item}");
    move || {
        if decided.get().is_some() {
            return view! { <p role="status">{t!(i18n, spot_check.decided)}</p> }.into_any();
        }
        let hint_id = format!("{note_id}-hint");
        view! {
            <div class="care-form spot-check-form">
                <label for=note_id.clone()>{t!(i18n, spot_check.note)}</label>
                <p class="hint" id=hint_id.clone()>{t!(i18n, spot_check.note_hint)}</p>
                <textarea id=note_id.clone() aria-describedby=hint_id maxlength=NOTE_MAX
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                {move || save.value().get().and_then(|r| r.err()).map(|error| view! { <ErrorMessage error /> })}
                <p class="actions">
                    <button type="button" class="button" data-testid="work-related"
                        disabled=move || save.pending().get()
                        on:click=move |_| send(Verdict::WorkRelated)>
                        "✓ " {t!(i18n, spot_check.work_related)}
                    </button>
                    <button type="button" class="button secondary" data-testid="flag"
                        disabled=move || save.pending().get()
                        on:click=move |_| send(Verdict::Flagged)>
                        "⚑ " {t!(i18n, spot_check.flag)}
                    </button>
                </p>
            </div>
        }
        .into_any()
    }
}

#[component]
fn SampleSize(size: i64) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(size.to_string());
    let save = ServerAction::<SaveSpotCheckSample>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Not a number reaches the server as -1: refused there with the same message.
        let size = value.get_untracked().trim().parse().unwrap_or(-1);
        save.dispatch(SaveSpotCheckSample { size });
    };
    view! {
        // novalidate: the browser's own bubble would speak the browser's language; the
        // server's refusal speaks the user's.
        <form class="care-form card" novalidate on:submit=submit>
            <label for="spot-check-size">{t!(i18n, spot_check.sample_label)}</label>
            <input id="spot-check-size" type="number" min="0" max="50" inputmode="numeric"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            {move || save.value().get().map(|r| match r {
                Ok(()) => view! { <p role="status">"✓ " {t!(i18n, spot_check.saved)}</p> }.into_any(),
                Err(error) => view! { <ErrorMessage error /> }.into_any(),
            })}
            <button type="submit" class="button" data-testid="save-sample-size">{t!(i18n, spot_check.sample_save)}</button>
        </form>
    }
}
