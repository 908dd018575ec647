//! Planning rounds, and the municipality's indicators and assessment settings.

use crate::assessment::planning::{
    get_indicator_admin, get_round_planning, plan_round, retire_indicator,
    save_assessment_settings, save_indicator,
};
use crate::assessment::{IndicatorEdit, PlanRoundInput, RoundPlanning, WindowInput};
use crate::components::{
    age_band_word, area_word, format_date, position_word, unit_kind_word, BackToHome, ErrorMessage,
    PageShell, PositionBadge,
};
use crate::domain::{AgeBand, AssessmentSettings, IndicatorArea, Position, UnitId, WindowKind};
use crate::i18n::*;
use crate::I18n;
use leptos::prelude::*;

fn window_word(i18n: I18n, kind: WindowKind) -> String {
    match kind {
        WindowKind::Daycare => t_string!(i18n, rounds.window_daycare),
        WindowKind::HealthVisiting => t_string!(i18n, rounds.window_health_visiting),
        WindowKind::School => t_string!(i18n, rounds.window_school),
    }
    .to_string()
}

#[component]
pub fn RoundsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_round_planning());
    view! {
        <BackToHome />
        <h1>{t!(i18n, rounds.title)}</h1>
        <PageShell resource=data let:planning>
            <Planner planning refresh=move || data.refetch() />
        </PageShell>
    }
}

#[component]
fn Planner(
    planning: RoundPlanning,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let windows = WindowKind::ALL.map(|k| {
        (
            k,
            RwSignal::new(String::new()),
            RwSignal::new(String::new()),
        )
    });
    let chosen: RwSignal<Vec<UnitId>> =
        RwSignal::new(planning.units.iter().map(|u| u.id).collect());
    let submit = Action::new(|input: &PlanRoundInput| plan_round(input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            refresh();
        }
    });
    view! {
        <form
            class="card planning-form"
            on:submit=move |ev| {
                ev.prevent_default();
                let input = PlanRoundInput {
                    name: name.get_untracked(),
                    windows: windows
                        .iter()
                        .filter(|(_, s, e)| !s.get_untracked().is_empty() || !e.get_untracked().is_empty())
                        .map(|(k, s, e)| WindowInput {
                            kind: k.code().to_owned(),
                            starts_on: s.get_untracked(),
                            ends_on: e.get_untracked(),
                        })
                        .collect(),
                    units: chosen.get_untracked(),
                };
                submit.dispatch(input);
            }
        >
            <h2>{t!(i18n, rounds.new_round)}</h2>
            <label class="field">
                <span>{t!(i18n, rounds.name)}</span>
                <input name="name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <fieldset>
                <legend>{t!(i18n, rounds.windows)}</legend>
                <p class="muted">{t!(i18n, rounds.windows_lead)}</p>
                {windows
                    .into_iter()
                    .map(|(kind, start, end)| {
                        view! {
                            <div class="window-row">
                                <span>{move || window_word(i18n, kind)}</span>
                                <label>
                                    <span class="visually-hidden">{move || window_word(i18n, kind)} " – "</span>
                                    {t!(i18n, rounds.starts)}
                                    <input type="date" name=format!("{}-start", kind.code()) on:input=move |ev| start.set(event_target_value(&ev)) />
                                </label>
                                <label>
                                    <span class="visually-hidden">{move || window_word(i18n, kind)} " – "</span>
                                    {t!(i18n, rounds.ends)}
                                    <input type="date" name=format!("{}-end", kind.code()) on:input=move |ev| end.set(event_target_value(&ev)) />
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, rounds.units)}</legend>
                {planning
                    .units
                    .iter()
                    .map(|u| {
                        let id = u.id;
                        let kind = u.kind;
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || chosen.read().contains(&id)
                                    on:change=move |_| chosen.update(|c| {
                                        if let Some(at) = c.iter().position(|x| *x == id) { c.remove(at); } else { c.push(id); }
                                    })
                                />
                                <span>{u.name.clone()} <span class="muted">" · " {move || unit_kind_word(i18n, kind)} " · " {u.area_name.clone()}</span></span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <button type="submit" class="button primary">{t!(i18n, rounds.create)}</button>
            {move || submit.value().get().map(|r| match r {
                Ok(_) => view! { <p class="success" role="status">{t!(i18n, rounds.created)}</p> }.into_any(),
                Err(error) => view! { <ErrorMessage error /> }.into_any(),
            })}
        </form>
        <section class="card">
            <h2>{t!(i18n, rounds.existing)}</h2>
            <ul class="rounds">
                {planning.rounds.into_iter().map(|r| view! {
                    <li>
                        <strong>{r.name}</strong> " · " {r.units} " " {t!(i18n, rounds.units_count)}
                        <ul>
                            {r.windows.into_iter().map(|(k, w)| view! {
                                <li>{move || window_word(i18n, k)} ": " {format_date(w.starts_on)} "–" {format_date(w.ends_on)}</li>
                            }).collect_view()}
                        </ul>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_indicator_admin());
    let refresh = move || data.refetch();
    view! {
        <BackToHome />
        <h1>{t!(i18n, indicators.title)}</h1>
        <p class="muted">{t!(i18n, indicators.lead)}</p>
        <PageShell resource=data let:admin>
            <SettingsForm settings=admin.settings />
            <AddIndicator refresh />
            {AgeBand::ALL.into_iter().map(|band| {
                let of_band: Vec<_> = admin.indicators.iter().filter(|i| i.age_band == band).cloned().collect();
                view! {
                    <section class="card">
                        <h2>{move || age_band_word(i18n, band)}</h2>
                        <ul class="indicator-admin">
                            {of_band.into_iter().map(|ind| {
                                let text = RwSignal::new(ind.text.clone());
                                let id = ind.id;
                                let save = Action::new(move |t: &String| save_indicator(IndicatorEdit {
                                    replaces: Some(id), position: ind.position, age_band: ind.age_band, area: ind.area, text: t.clone(),
                                }));
                                let retire = Action::new(move |_: &()| retire_indicator(id));
                                Effect::new(move |_| {
                                    if matches!(save.value().get(), Some(Ok(_))) || matches!(retire.value().get(), Some(Ok(()))) {
                                        refresh();
                                    }
                                });
                                view! {
                                    <li>
                                        <PositionBadge position=ind.position />
                                        " " <span class="muted">{move || area_word(i18n, ind.area)}</span>
                                        <input class="indicator-text" aria-label=ind.text.clone() prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                                        <button class="button secondary" on:click=move |_| { save.dispatch(text.get_untracked()); }>{t!(i18n, indicators.save)}</button>
                                        <button class="button secondary" on:click=move |_| { retire.dispatch(()); }>{t!(i18n, indicators.retire)}</button>
                                        {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
        </PageShell>
    }
}

#[component]
fn SettingsForm(settings: AssessmentSettings) -> impl IntoView {
    let i18n = use_i18n();
    let green = RwSignal::new(settings.green_note_required);
    let min = RwSignal::new(settings.min_individual.to_string());
    let days = RwSignal::new(settings.follow_up_days.to_string());
    let save = Action::new(|s: &AssessmentSettings| save_assessment_settings(*s));
    view! {
        <form class="card" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(AssessmentSettings {
                green_note_required: green.get_untracked(),
                min_individual: min.get_untracked().trim().parse().unwrap_or(0),
                follow_up_days: days.get_untracked().trim().parse().unwrap_or(0),
            });
        }>
            <h2>{t!(i18n, indicators.settings)}</h2>
            <label class="check">
                <input type="checkbox" prop:checked=move || green.get() on:change=move |ev| green.set(event_target_checked(&ev)) />
                <span>{t!(i18n, indicators.green_note_required)}</span>
            </label>
            <label class="field">
                <span>{t!(i18n, indicators.min_individual)}</span>
                <input type="number" min="1" max="9" prop:value=move || min.get() on:input=move |ev| min.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t!(i18n, indicators.follow_up_days)}</span>
                <input type="number" min="1" max="90" prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="button primary">{t!(i18n, indicators.save)}</button>
            {move || save.value().get().map(|r| match r {
                Ok(()) => view! { <p class="success" role="status">{t!(i18n, indicators.saved)}</p> }.into_any(),
                Err(error) => view! { <ErrorMessage error /> }.into_any(),
            })}
        </form>
    }
}

#[component]
fn AddIndicator(refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let position = RwSignal::new(Position::Green);
    let band = RwSignal::new(AgeBand::Preschool);
    let area = RwSignal::new(IndicatorArea::SocialSkills);
    let text = RwSignal::new(String::new());
    let add = Action::new(|e: &IndicatorEdit| save_indicator(e.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            refresh();
        }
    });
    view! {
        <form class="card" on:submit=move |ev| {
            ev.prevent_default();
            add.dispatch(IndicatorEdit { replaces: None, position: position.get_untracked(), age_band: band.get_untracked(), area: area.get_untracked(), text: text.get_untracked() });
        }>
            <h2>{t!(i18n, indicators.add)}</h2>
            <label class="field"><span>{t!(i18n, round.position)}</span>
                <select on:change=move |ev| if let Some(p) = Position::parse(&event_target_value(&ev)) { position.set(p) }>
                    {Position::ALL.into_iter().map(|p| view! { <option value=p.code()>{move || position_word(i18n, p)}</option> }).collect_view()}
                </select>
            </label>
            <label class="field"><span>{t!(i18n, indicators.age_band)}</span>
                <select on:change=move |ev| if let Some(b) = AgeBand::parse(&event_target_value(&ev)) { band.set(b) }>
                    {AgeBand::ALL.into_iter().map(|b| view! { <option value=b.code() selected=b == AgeBand::Preschool>{move || age_band_word(i18n, b)}</option> }).collect_view()}
                </select>
            </label>
            <label class="field"><span>{t!(i18n, indicators.area)}</span>
                <select on:change=move |ev| if let Some(a) = IndicatorArea::parse(&event_target_value(&ev)) { area.set(a) }>
                    {IndicatorArea::ALL.into_iter().map(|a| view! { <option value=a.code()>{move || area_word(i18n, a)}</option> }).collect_view()}
                </select>
            </label>
            <label class="field"><span>{t!(i18n, indicators.text)}</span>
                <input prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="button primary">{t!(i18n, indicators.add)}</button>
            {move || add.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
        </form>
    }
}
