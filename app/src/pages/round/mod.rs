//! The tablet view of a round (*egen vurdering*): a grid of the group's children with progress,
//! and a panel that goes straight on to the next child after each save. Saves go through the
//! outbox, so assessing goes on when the Wi-Fi drops.

use super::{error_view, format_date};
use crate::assessment::group::get_group_round;
use crate::assessment::{GridChild, GroupRound, IndividualInput, OwnAssessment};
use crate::components::{
    age_band_word, area_word, context_word, position_meaning, position_word, BackToHome,
    OutboxStatus, PositionBadge,
};
use crate::domain::{
    check_note, AssessmentContext, GroupId, IndicatorArea, IndicatorId, Position, RoundId,
    NOTE_MAX_CHARS,
};
use crate::error::ProblemCode;
use crate::i18n::*;
use crate::offline::{new_key, use_outbox, ItemState, OutboxWrite, Target};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RoundPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let group = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<GroupId>().ok())
    };
    let data = Resource::new(group, |group| async move {
        match group {
            Some(group) => get_group_round(group).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <BackToHome />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(data) => view! { <RoundGrid data /> }.into_any(),
                        Err(error) => error_view(error),
                    })
            }}
        </Suspense>
    }
}

/// Where a child stands for the signed-in assessor in this round.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Status {
    NotAssessed,
    Saved(Position),
    NotSent(Position),
    Conflict,
    Refused,
}

#[component]
fn RoundGrid(data: GroupRound) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    Effect::new(move |_| outbox.start());
    let group = data.group_id;
    let can_assess = data.can_assess;
    let children = RwSignal::new(data.children.clone());
    let open = RwSignal::new(None::<usize>);
    let total = data.children.len();
    let round_id = data.round.as_ref().map(|r| r.id);

    // The server confirmed a write: the next edit builds on the version it now holds.
    Effect::new(move |_| {
        for (write, saved) in outbox.confirmed.get() {
            if let OutboxWrite::Individual(input) = write {
                children.update(|cs| {
                    let Some(child) = cs.iter_mut().find(|c| c.id == input.child) else {
                        return;
                    };
                    match child.own.as_mut() {
                        Some(own) => own.version = own.version.max(saved.version),
                        // Sent from the outbox after a reload: the page learns it here.
                        None => {
                            if let (Some(position), Some(context)) = (
                                Position::parse(&input.position),
                                AssessmentContext::parse(&input.context),
                            ) {
                                child.own = Some(OwnAssessment {
                                    position,
                                    context,
                                    note: input.note.clone(),
                                    indicators: input.indicators.clone(),
                                    version: saved.version,
                                });
                            }
                        }
                    }
                });
            }
        }
    });

    let status = move |child: &GridChild| -> Status {
        let Some(round) = round_id else {
            return Status::NotAssessed;
        };
        match outbox.waiting_for(Target::Individual(round, child.id)) {
            Some(item) => match item.state {
                ItemState::Pending => Position::parse(item.write.position())
                    .map(Status::NotSent)
                    .unwrap_or(Status::NotAssessed),
                ItemState::Conflict(_) => Status::Conflict,
                ItemState::Refused(_) => Status::Refused,
            },
            None => child
                .own
                .as_ref()
                .map(|o| Status::Saved(o.position))
                .unwrap_or(Status::NotAssessed),
        }
    };
    let done = move || children.read().iter().filter(|c| c.own.is_some()).count();
    let not_sent = move || {
        children
            .read()
            .iter()
            .filter(|c| matches!(status(c), Status::NotSent(_)))
            .count()
    };

    let Some(round) = data.round.clone() else {
        return view! {
            <h1>{data.group_name.clone()} <span class="muted">" · " {data.unit_name.clone()}</span></h1>
            <p class="empty" data-testid="no-open-round">{t!(i18n, round.none_open)}</p>
            <ul class="child-grid">
                {data
                    .children
                    .iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a class="child-tile" href=format!("/children/{}", c.id)>
                                    <span class="child-name">{c.name.clone()}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
            .into_any();
    };
    let settings = data.settings;
    let indicators = StoredValue::new(data.indicators.clone());
    let group_name = data.group_name.clone();

    view! {
        <h1>{group_name} <span class="muted">" · " {data.unit_name.clone()}</span></h1>
        <p class="round-info">
            <strong>{round.name.clone()}</strong>
            " · "
            {format_date(round.window.starts_on)}
            "–"
            {format_date(round.window.ends_on)}
        </p>
        <div class="progress-line">
            <progress max=total value=done aria-labelledby="progress-text"></progress>
            <p id="progress-text" data-testid="progress">
                <strong>{done}</strong>
                " "
                {t!(i18n, round.of)}
                " "
                {total}
                " "
                {t!(i18n, round.assessed)}
                <Show when=move || { not_sent() > 0 }>
                    " (" {not_sent} " " {t!(i18n, round.not_sent_yet)} ")"
                </Show>
            </p>
            <a class="button secondary" href=format!("/groups/{group}/joint")>
                {t!(i18n, round.to_joint)}
            </a>
        </div>
        <OutboxStatus />
        {(!can_assess).then(|| view! { <p class="muted">{t!(i18n, round.view_only)}</p> })}
        <ul class="child-grid assess-grid">
            {move || {
                children
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, child)| {
                        let st = status(&child);
                        let is_open = move || open.get() == Some(index);
                        view! {
                            <li>
                                <button
                                    class="child-tile assess-tile"
                                    class:open=is_open
                                    data-testid="assess-tile"
                                    data-status=match st {
                                        Status::NotAssessed => "not-assessed",
                                        Status::Saved(_) => "saved",
                                        Status::NotSent(_) => "not-sent",
                                        Status::Conflict => "conflict",
                                        Status::Refused => "refused",
                                    }
                                    disabled=!can_assess
                                    aria-expanded=move || is_open().to_string()
                                    on:click=move |_| open.set(Some(index))
                                >
                                    <span class="child-name">{child.name.clone()}</span>
                                    <StatusLine status=st />
                                    {child
                                        .last_joint
                                        .clone()
                                        .map(|last| {
                                            view! {
                                                <span class="muted last-joint">
                                                    {t!(i18n, round.last_joint)} ": "
                                                    {position_word(i18n, last.position)} " · "
                                                    {format_date(last.assessed_on)}
                                                </span>
                                            }
                                        })}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
        {move || {
            // Only a new child opens a new panel: a confirmation arriving for an earlier save
            // must not re-create the open panel and drop what the user just tapped.
            open.get()
                .and_then(|index| {
                    children.with_untracked(|cs| cs.get(index).cloned()).map(|c| (index, c))
                })
                .map(|(index, child)| {
                    view! {
                        <AssessPanel
                            child
                            index
                            round=round.id
                            group
                            settings
                            indicators=indicators.get_value()
                            children
                            open
                        />
                    }
                })
        }}
    }
    .into_any()
}

#[component]
fn StatusLine(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    match status {
        Status::NotAssessed => {
            view! { <span class="status muted">{t!(i18n, round.not_assessed)}</span> }.into_any()
        }
        Status::Saved(p) => view! {
            <span class="status">
                <span class="visually-hidden">{t!(i18n, round.saved)} " "</span>
                <PositionBadge position=p />
                " "
                <span aria-hidden="true">"✓"</span>
            </span>
        }
        .into_any(),
        Status::NotSent(p) => view! {
            <span class="status not-sent">
                <PositionBadge position=p />
                " "
                <span class="not-sent-mark">"⏳ " {t!(i18n, round.not_sent)}</span>
            </span>
        }
        .into_any(),
        Status::Conflict => {
            view! { <span class="status not-sent-mark">"⚠ " {t!(i18n, round.conflict)}</span> }
                .into_any()
        }
        Status::Refused => {
            view! { <span class="status not-sent-mark">"⚠ " {t!(i18n, round.refused)}</span> }
                .into_any()
        }
    }
}

#[allow(clippy::too_many_arguments)]
#[component]
fn AssessPanel(
    child: GridChild,
    index: usize,
    round: RoundId,
    group: GroupId,
    settings: crate::domain::AssessmentSettings,
    indicators: Vec<crate::assessment::IndicatorView>,
    children: RwSignal<Vec<GridChild>>,
    open: RwSignal<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    // A write still waiting on the device is what the assessor last said.
    let waiting = outbox
        .waiting_for(Target::Individual(round, child.id))
        .and_then(|item| match item.write {
            OutboxWrite::Individual(input) => Some(input),
            _ => None,
        });
    let position = RwSignal::new(
        waiting
            .as_ref()
            .and_then(|w| Position::parse(&w.position))
            .or(child.own.as_ref().map(|o| o.position)),
    );
    let context = RwSignal::new(
        waiting
            .as_ref()
            .and_then(|w| AssessmentContext::parse(&w.context))
            .or(child.own.as_ref().map(|o| o.context))
            .unwrap_or(AssessmentContext::Overall),
    );
    let note = RwSignal::new(
        waiting
            .as_ref()
            .map(|w| w.note.clone())
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
        let Some(p) = position.get_untracked() else {
            problem.set(Some(ProblemCode::UnknownPosition));
            return;
        };
        let text = note.get_untracked();
        if let Err(e) = check_note(&settings, p, &text) {
            problem.set(Some(e.code));
            return;
        }
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
            key: new_key(),
            round,
            group,
            child: child_id,
            position: p.code().to_owned(),
            context: context.get_untracked().code().to_owned(),
            indicators: picked.clone(),
            note: text.trim().to_owned(),
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
                {age_band_word(i18n, band)}
                {child
                    .last_joint
                    .clone()
                    .map(|last| {
                        view! {
                            " · " {t!(i18n, round.last_joint)} ": "
                            <PositionBadge position=last.position />
                            " " {context_word(i18n, last.context)} " · " {format_date(last.assessed_on)}
                        }
                    })}
            </p>
            <fieldset class="position-choice">
                <legend>{t!(i18n, round.position)}</legend>
                {Position::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <button
                                type="button"
                                class=format!("position-button position-{}", p.code())
                                aria-pressed=move || (position.get() == Some(p)).to_string()
                                data-position=p.code()
                                on:click=move |_| {
                                    position.set(Some(p));
                                    problem.set(None);
                                    chosen.set(vec![]);
                                }
                            >
                                <span aria-hidden="true" class="position-icon">{p.icon()}</span>
                                <span class="position-word">{position_word(i18n, p)}</span>
                                <span class="position-meaning">{position_meaning(i18n, p)}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <label class="field">
                <span>{t!(i18n, round.context)}</span>
                <select
                    on:change=move |ev| {
                        if let Some(c) = AssessmentContext::parse(&event_target_value(&ev)) {
                            context.set(c);
                        }
                    }
                    prop:value=move || context.get().code()
                >
                    {AssessmentContext::ALL
                        .into_iter()
                        .map(|c| {
                            view! {
                                <option value=c.code() selected=move || context.get() == c>
                                    {context_word(i18n, c)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
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
                                                        <legend>{area_word(i18n, area)}</legend>
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
            {move || {
                problem
                    .get()
                    .map(|code| {
                        let text = match code {
                            ProblemCode::UnknownPosition => t_string!(i18n, round.choose_position),
                            ProblemCode::NoteRequired => t_string!(i18n, round.note_missing),
                            _ => t_string!(i18n, round.note_too_long),
                        };
                        view! {
                            <p class="error" role="alert">
                                {text}
                            </p>
                        }
                    })
            }}
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
