use super::{context_word, position_meaning, position_word};
use crate::domain::{
    check_note, AssessmentContext, AssessmentSettings, Position, ProblemCode, NOTE_MAX_CHARS,
};
use crate::i18n::*;
use leptos::prelude::*;

/// The choice of a position — green, yellow or red as colour, icon and word together, each a
/// target of at least 44 px — and the context it was seen in, both labelled. The round, the
/// joint assessment and the ad hoc form all ask it this way.
#[component]
pub fn PositionChoice(
    /// The position chosen; `None` until a button is tapped.
    position: RwSignal<Option<Position>>,
    /// The context the position was seen in.
    context: RwSignal<AssessmentContext>,
    /// Smaller buttons without each position's meaning, for forms beside other content.
    #[prop(optional)]
    compact: bool,
    /// Runs after a tap has set the position, e.g. to clear a problem shown for the last one.
    #[prop(into)]
    on_pick: Callback<Position>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fieldset_class = if compact {
        "position-choice compact"
    } else {
        "position-choice"
    };
    view! {
        <fieldset class=fieldset_class>
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
                                on_pick.run(p);
                            }
                        >
                            <span aria-hidden="true" class="position-icon">{p.icon()}</span>
                            <span class="position-word">{move || position_word(i18n, p)}</span>
                            {(!compact)
                                .then(|| {
                                    view! {
                                        <span class="position-meaning">{move || position_meaning(i18n, p)}</span>
                                    }
                                })}
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
                                {move || context_word(i18n, c)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A position chosen and a note that fits the municipality's settings, or the problem the form
/// shows instead (the same checks the server makes, so the user learns at once).
pub fn checked_choice(
    position: Option<Position>,
    settings: &AssessmentSettings,
    note: &str,
) -> Result<Position, ProblemCode> {
    let position = position.ok_or(ProblemCode::UnknownPosition)?;
    check_note(settings, position, note).map_err(|problem| problem.code)?;
    Ok(position)
}

/// The line under a position choice that says what is missing, announced as it appears.
#[component]
pub fn ChoiceProblem(problem: RwSignal<Option<ProblemCode>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        problem.get().map(|code| {
            let text = match code {
                ProblemCode::UnknownPosition => t_string!(i18n, round.choose_position),
                ProblemCode::NoteRequired => t_string!(i18n, round.note_missing),
                _ => t_string!(i18n, round.note_too_long),
            };
            view! { <p class="error" role="alert">{text}</p> }
        })
    }
}

/// The labelled note beside a position choice, kept within the note's limit.
#[component]
pub fn NoteField(note: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{t!(i18n, round.note)}</span>
            <textarea
                rows="3"
                maxlength=NOTE_MAX_CHARS
                prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev))
            ></textarea>
        </label>
    }
}
