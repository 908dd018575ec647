//! A focus meeting on a parent's phone: what it is about, when and where, who takes part (by
//! role), their own answer, the minutes once held, and the parents' voice afterwards.

use super::plan_lines::ParentPlanLines;
use super::InDanish;
use crate::care::answers::{AnswerFocusMeeting, AnswerMeeting, GiveMeetingFeedback};
use crate::components::{
    format_date, format_meeting_time, meeting_status_word, participant_word, ErrorMessage,
};
use crate::domain::{MeetingAnswer, MeetingId, MeetingStatus, MeetingTimeId};
use crate::i18n::*;
use crate::wire::parent_care::ParentMeeting;
use leptos::prelude::*;

#[component]
pub(super) fn ParentMeetingView(m: ParentMeeting) -> impl IntoView {
    let i18n = use_i18n();
    let status = m.status;
    let participants = m.participants.clone();
    let when = m.held_on.map(format_date).unwrap_or_else(|| {
        m.times
            .iter()
            .map(|t| format_meeting_time(&t.starts_at))
            .collect::<Vec<_>>()
            .join(" · ")
    });
    view! {
        <h1>{t!(i18n, meeting.title)} ": " <bdi>{m.child_name.clone()}</bdi></h1>
        {(m.invited && status == MeetingStatus::Invited).then(|| view! { <AnswerForm m=m.clone() /> })}
        {(!m.invited).then(|| view! { <p class="muted">{t!(i18n, meeting.not_invited_note)}</p> })}
        <section class="card" aria-labelledby="agenda">
            <h2 id="agenda">{t!(i18n, meeting.agenda)}</h2>
            <p class="care-text" dir="auto">{m.concern.clone()}</p>
            <InDanish />
            <dl class="facts">
                <dt>{t!(i18n, plan.status)}</dt>
                <dd data-testid="meeting-status">{move || meeting_status_word(i18n, status)}</dd>
                <dt>{t!(i18n, meeting.when)}</dt>
                <dd>{when}</dd>
                <dt>{t!(i18n, meeting.where_)}</dt>
                {match m.place.clone() {
                    Some(place) => view! { <dd dir="auto">{place}</dd> }.into_any(),
                    None => view! { <dd>{t!(i18n, meeting.place_by_staff)}</dd> }.into_any(),
                }}
                <dt>{t!(i18n, meeting.participants)}</dt>
                <dd>
                    {move || {
                        participants
                            .iter()
                            .map(|p| participant_word(i18n, *p))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }}
                </dd>
                <dt>{t!(i18n, meeting.deleted_on)}</dt>
                <dd>{format_date(m.deleted_on)}</dd>
            </dl>
        </section>
        {m.minutes.clone().map(|mm| {
            view! {
                <section class="card" aria-labelledby="minutes">
                    <h2 id="minutes">{t!(i18n, meeting.minutes_title)}</h2>
                    <InDanish />
                    <h3>{t!(i18n, meeting.minutes)}</h3>
                    <p class="care-text" dir="auto">{mm.minutes}</p>
                    <h3>{t!(i18n, meeting.parents_perspective)}</h3>
                    <p class="care-text" dir="auto">{mm.parents_perspective}</p>
                    <h3>{t!(i18n, meeting.decisions)}</h3>
                    <p class="care-text" dir="auto">{mm.decisions}</p>
                    <h3>{t!(i18n, meeting.next_steps)}</h3>
                    <p class="care-text" dir="auto">{mm.next_steps}</p>
                </section>
            }
        })}
        {(!m.plans.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="meeting-plans">
                <h2 id="meeting-plans">{t!(i18n, meeting.plans_at_meeting)}</h2>
                <ParentPlanLines plans=m.plans.clone() />
            </section>
        })}
        {m.may_give_feedback.then(|| view! { <FeedbackForm id=m.id /> })}
    }
    .into_any()
}

/// Accept one of the times, decline, or ask for another: three large choices, one tap each.
#[component]
fn AnswerForm(m: ParentMeeting) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AnswerFocusMeeting>::new();
    let mine = m.my_answer.clone();
    let chosen = RwSignal::new(match &mine {
        Some(a) if a.answer == MeetingAnswer::Accepted => a.time.map(Choice::Time),
        Some(a) => Some(Choice::Other(a.answer)),
        None => None,
    });
    let note = RwSignal::new(mine.map(|a| a.note).unwrap_or_default());
    let id = m.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (answer, time) = match chosen.get_untracked() {
            Some(Choice::Time(t)) => (MeetingAnswer::Accepted, Some(t)),
            Some(Choice::Other(a)) => (a, None),
            None => (MeetingAnswer::Accepted, None),
        };
        action.dispatch(AnswerFocusMeeting {
            input: AnswerMeeting {
                meeting: id,
                answer,
                time,
                note: note.get_untracked(),
            },
        });
    };
    let option = move |choice: Choice, label: String| {
        view! {
            <label class="choice big-choice">
                <input type="radio" name="answer"
                    prop:checked=move || chosen.get() == Some(choice)
                    on:change=move |_| chosen.set(Some(choice)) />
                <span>{label}</span>
            </label>
        }
    };
    let times = m.times.clone();
    view! {
        <section class="card answer" aria-labelledby="answer">
            <h2 id="answer">{t!(i18n, meeting.your_answer)}</h2>
            <form class="care-form" on:submit=submit>
                <fieldset>
                    <legend>{t!(i18n, meeting.i_come_at)}</legend>
                    {times
                        .into_iter()
                        .map(|t| option(Choice::Time(t.id), format_meeting_time(&t.starts_at)))
                        .collect_view()}
                </fieldset>
                {move || option(Choice::Other(MeetingAnswer::OtherTime), t_string!(i18n, meeting.other_time).to_string())}
                {move || option(Choice::Other(MeetingAnswer::Declined), t_string!(i18n, meeting.decline).to_string())}
                <label for="answer-note">{t!(i18n, meeting.note_label)}</label>
                <textarea id="answer-note" rows="2" maxlength="500" dir="auto"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                {move || match action.value().get() {
                    Some(Ok(())) => view! { <p class="success" role="status">{t!(i18n, meeting.answer_saved)}</p> }.into_any(),
                    Some(Err(error)) => view! { <ErrorMessage error /> }.into_any(),
                    None => ().into_any(),
                }}
                <button type="submit" class="button primary" data-testid="send-answer"
                    disabled=move || action.pending().get() || chosen.get().is_none()>
                    {t!(i18n, meeting.send_answer)}
                </button>
            </form>
        </section>
    }
    .into_any()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Time(MeetingTimeId),
    Other(MeetingAnswer),
}

/// The parents' voice: two questions, 1 to 5, and a comment, kept apart from the record.
#[component]
fn FeedbackForm(id: MeetingId) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<GiveMeetingFeedback>::new();
    let listened = RwSignal::new(0u8);
    let knows_next = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let scale = move |name: &'static str, value: RwSignal<u8>| {
        (1..=5u8)
            .map(|n| {
                view! {
                    <label class="choice scale-choice">
                        <input type="radio" name=name prop:checked=move || value.get() == n
                            on:change=move |_| value.set(n) />
                        <span>{n}</span>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="feedback">
            <h2 id="feedback">{t!(i18n, meeting.feedback_title)}</h2>
            <p class="muted">{t!(i18n, meeting.feedback_lead)}</p>
            {move || match action.value().get() {
                Some(Ok(())) => view! { <p class="success" role="status">{t!(i18n, meeting.feedback_thanks)}</p> }.into_any(),
                other => view! {
                    <form class="care-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        action.dispatch(GiveMeetingFeedback {
                            meeting: id,
                            listened: listened.get_untracked(),
                            knows_next: knows_next.get_untracked(),
                            comment: comment.get_untracked(),
                        });
                    }>
                        <p class="hint">{t!(i18n, meeting.scale)}</p>
                        <fieldset class="scale">
                            <legend>{t!(i18n, meeting.listened)}</legend>
                            {scale("listened", listened)}
                        </fieldset>
                        <fieldset class="scale">
                            <legend>{t!(i18n, meeting.knows_next)}</legend>
                            {scale("knows_next", knows_next)}
                        </fieldset>
                        <label for="feedback-comment">{t!(i18n, meeting.comment)}</label>
                        <textarea id="feedback-comment" rows="2" maxlength="1000" dir="auto"
                            prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                        {other.and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
                        <button type="submit" class="button primary" data-testid="send-feedback">
                            {t!(i18n, meeting.send_feedback)}
                        </button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
