//! The panel for one child in a round: the assessor's position, context, indicators and note,
//! saved through the outbox, and then straight on to the next child not yet assessed.

use crate::assessment::{Draft, GridChild, IndicatorView, IndividualInput, OwnAssessment};
use crate::components::{
    age_band_word, area_word, checked_choice, context_word, format_date, ChoiceProblem,
    PositionBadge, PositionChoice,
};
use crate::domain::{
    AssessmentContext, AssessmentSettings, GroupId, IndicatorArea, IndicatorId, RoundId,
    NOTE_MAX_CHARS,
};
use crate::error::ProblemCode;
use crate::i18n::*;
use crate::offline::{new_key, use_outbox, OutboxSlot, OutboxWrite};
use leptos::prelude::*;

#[allow(clippy::too_many_arguments)]
#[component]
pub(super) fn AssessPanel(
    child: GridChild,
    index: usize,
    round: RoundId,
    group: GroupId,
    settings: AssessmentSettings,
    indicators: Vec<IndicatorView>,
    children: RwSignal<Vec<GridChild>>,
    open: RwSignal<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    // A write still waiting on the device is what the assessor last said.
    let waiting = outbox
        .waiting_for(OutboxSlot::Individual(round, child.id))
        .and_then(|item| match item.write {
            OutboxWrite::Individual(input) => Some(input),
            _ => None,
        });
    let position = RwSignal::new(
        waiting
            .as_ref()
            .map(|w| w.draft.position)
            .or(child.own.as_ref().map(|o| o.position)),
    );
    let context = RwSignal::new(
        waiting
            .as_ref()
            .map(|w| w.draft.context)
            .or(child.own.as_ref().map(|o| o.context))
            .unwrap_or(AssessmentContext::Overall),
    );
    let note = RwSignal::new(
        waiting
            .as_ref()
            .map(|w| w.draft.note.clone())
            .or(child.own.as_ref().map(|o| o.note.clone()))
            .unwrap_or_default(),
    );
    let chosen: RwSignal<Vec<IndicatorId>> = RwSignal::new(
        waiting
            .as_ref()
            .map(|w| w.indicators.clone())
            .or(child.own.as_ref().map(|o| o.indicators.clone()))
            .unwrap_or_default(),
    );
    let problem = RwSignal::new(None::<ProblemCode>);
    let band = child.age_band;
    let child_id = child.id;
    let child_name = child.name.clone();

    let save = move || {
        let text = note.get_untracked();
        let p = match checked_choice(position.get_untracked(), &settings, &text) {
            Ok(p) => p,
            Err(code) => return problem.set(Some(code)),
        };
        let picked: Vec<IndicatorId> = chosen.get_untracked();
        // The version the server confirmed last, read now: it may have arrived while the panel
        // was open.
        let base_version = children.with_untracked(|cs| {
            cs.get(index)
                .and_then(|c| c.own.as_ref())
                .map(|o| o.version)
                .filter(|v| *v > 0)
        });
        let input = IndividualInput {
            draft: Draft {
                key: new_key(),
                group,
                child: child_id,
                position: p,
                context: context.get_untracked(),
                note: text.trim().to_owned(),
            },
            round,
            indicators: picked.clone(),
            base_version,
        };
        outbox.push(OutboxWrite::Individual(input), child_name.clone());
        children.update(|cs| {
            if let Some(c) = cs.get_mut(index) {
                c.own = Some(OwnAssessment {
                    position: p,
                    context: context.get_untracked(),
                    note: text.trim().to_owned(),
                    indicators: picked,
                    version: base_version.unwrap_or(0),
                });
            }
        });
        // Straight on to the next child without an assessment of mine.
        let next = {
            let cs = children.read_untracked();
            (1..=cs.len())
                .map(|step| (index + step) % cs.len())
                .find(|&i| cs[i].own.is_none())
        };
        open.set(next);
    };

    let note_hint = move || {
        if settings.green_note_required {
            t_string!(i18n, round.note_required_always).to_string()
        } else {
            t_string!(i18n, round.note_required_concern).to_string()
        }
    };
    let title_id = format!("assess-{child_id}");
    let labelled_by = title_id.clone();
    view! {
        <section class="assess-panel card" role="region" aria-labelledby=labelled_by data-testid="assess-panel">
            <h2 id=title_id>{child.name.clone()}</h2>
            <p class="muted">
                {move || age_band_word(i18n, band)}
                {child
                    .last_joint
                    .clone()
                    .map(|last| {
                        view! {
                            " · " {t!(i18n, round.last_joint)} ": "
                            <PositionBadge position=last.position />
                            " " {move || context_word(i18n, last.context)} " · " {format_date(last.assessed_on)}
                        }
                    })}
            </p>
            <PositionChoice
                position
                context
                on_pick=move |_| {
                    problem.set(None);
                    chosen.set(vec![]);
                }
            />
            {move || {
                position
                    .get()
                    .map(|p| {
                        let shown: Vec<_> = indicators
                            .iter()
                            .filter(|i| i.position == p && i.age_band == band)
                            .cloned()
                            .collect();
                        (!shown.is_empty())
                            .then(|| {
                                view! {
                                    <details class="indicators">
                                        <summary>{t!(i18n, round.indicators)}</summary>
                                        {IndicatorArea::ALL
                                            .into_iter()
                                            .map(|area| {
                                                let in_area: Vec<_> = shown
                                                    .iter()
                                                    .filter(|i| i.area == area)
                                                    .cloned()
                                                    .collect();
                                                view! {
                                                    <fieldset>
                                                        <legend>{move || area_word(i18n, area)}</legend>
                                                        {in_area
                                                            .into_iter()
                                                            .map(|ind| {
                                                                let id = ind.id;
                                                                view! {
                                                                    <label class="check">
                                                                        <input
                                                                            type="checkbox"
                                                                            prop:checked=move || chosen.read().contains(&id)
                                                                            on:change=move |_| {
                                                                                chosen
                                                                                    .update(|c| {
                                                                                        if let Some(at) = c.iter().position(|x| *x == id) {
                                                                                            c.remove(at);
                                                                                        } else {
                                                                                            c.push(id);
                                                                                        }
                                                                                    })
                                                                            }
                                                                        />
                                                                        <span>{ind.text}</span>
                                                                    </label>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </fieldset>
                                                }
                                            })
                                            .collect_view()}
                                    </details>
                                }
                            })
                    })
            }}
            <label class="field">
                <span>{t!(i18n, round.note)}</span>
                <textarea
                    rows="3"
                    maxlength=NOTE_MAX_CHARS
                    prop:value=move || note.get()
                    on:input=move |ev| {
                        note.set(event_target_value(&ev));
                        problem.set(None);
                    }
                ></textarea>
                <span class="muted note-meta">
                    {note_hint}
                    " · "
                    <span data-testid="note-count">
                        {move || note.read().chars().count()}
                        "/"
                        {NOTE_MAX_CHARS}
                    </span>
                </span>
            </label>
            <ChoiceProblem problem />
            <div class="actions">
                <button
                    type="button"
                    class="button primary"
                    data-testid="save-next"
                    on:click=move |_| save()
                >
                    {t!(i18n, round.save_next)}
                </button>
                <button type="button" class="button secondary" on:click=move |_| open.set(None)>
                    {t!(i18n, round.close)}
                </button>
            </div>
        </section>
    }
}
