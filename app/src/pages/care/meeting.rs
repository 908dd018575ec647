//! One focus meeting. Staff see who is invited and their answers, and write the minutes on a
//! tablet during the meeting; parents see `meeting_parent`.

use super::meeting_parent::ParentMeetingView;
use super::plan_lines::PlanLines;
use super::specialist_form::SpecialistForm;
use crate::care::meetings::{get_meeting, CancelMeeting, SaveMeetingMinutes};
use crate::care::MeetingPage;
use crate::components::{
    answer_word, format_date, format_meeting_time, load_by_id, meeting_status_word, role_word,
    specialist_word, use_route_id, ErrorMessage, PageShell,
};
use crate::domain::{MeetingId, MeetingMinutes, MeetingStatus};
use crate::error::AppError;
use crate::i18n::*;
use crate::wire::care::{SaveMinutes, StaffMeeting};
use leptos::prelude::*;

#[component]
pub fn MeetingPageView() -> impl IntoView {
    let meeting = use_route_id::<MeetingId>();
    let page = load_by_id(meeting, get_meeting);
    view! {
        <PageShell resource=page let:page>
            {match page {
                MeetingPage::Staff(m) => view! { <StaffMeetingView m /> }.into_any(),
                MeetingPage::Parent(m) => view! { <ParentMeetingView m /> }.into_any(),
            }}
        </PageShell>
    }
    .into_any()
}

#[component]
fn StaffMeetingView(m: StaffMeeting) -> impl IntoView {
    let i18n = use_i18n();
    let status = m.status;
    let times = m.times.clone();
    let invitees = m.invitees.clone();
    view! {
        <p><a href=format!("/children/{}", m.child) class="back-link">"← " {t!(i18n, meeting.back_to_child)}</a></p>
        <h1>{t!(i18n, meeting.title)} ": " <bdi>{m.child_name.clone()}</bdi></h1>
        <section class="card" aria-labelledby="agenda">
            <h2 id="agenda">{t!(i18n, meeting.agenda)}</h2>
            <p class="care-text" dir="auto">{m.concern.clone()}</p>
            <dl class="facts">
                <dt>{t!(i18n, meeting.where_)}</dt>
                <dd dir="auto">{m.place.clone()}</dd>
                <dt>{t!(i18n, meeting.when)}</dt>
                <dd>
                    {m.held_on
                        .map(format_date)
                        .unwrap_or_else(|| {
                            times.iter().map(|t| format_meeting_time(&t.starts_at)).collect::<Vec<_>>().join(" · ")
                        })}
                </dd>
                <dt>{t!(i18n, plan.status)}</dt>
                <dd data-testid="meeting-status">{move || meeting_status_word(i18n, status)}</dd>
                <dt>{t!(i18n, meeting.deleted_on)}</dt>
                <dd>{format_date(m.deleted_on)}</dd>
            </dl>
            <h3>{t!(i18n, meeting.invited)}</h3>
            <ul class="care-list" data-testid="invitees">
                {invitees
                    .into_iter()
                    .map(|i| {
                        let answer = i.answer;
                        let role = i.role;
                        let specialist = i.specialist_role;
                        view! {
                            <li>
                                <bdi>{i.name.clone()}</bdi>
                                " – "
                                {move || match (specialist, role) {
                                    (Some(s), _) => specialist_word(i18n, s),
                                    (None, Some(role)) => role_word(i18n, role),
                                    (None, None) => t_string!(i18n, meeting.participant_parents).to_string(),
                                }}
                                {role.is_none()
                                    .then(|| {
                                        view! {
                                            ": "
                                            <strong>{move || answer_word(i18n, answer)}</strong>
                                            {i.answer_time.as_deref().map(format_meeting_time).map(|t| view! { " " {t} })}
                                            {(!i.answer_note.is_empty())
                                                .then(|| view! { <q dir="auto">{i.answer_note.clone()}</q> })}
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(m.may_hold && status == MeetingStatus::Invited).then(|| view! { <CancelButton id=m.id /> })}
        </section>
        {(m.may_invite_specialist && status == MeetingStatus::Invited)
            .then(|| view! { <SpecialistForm meeting=m.id until=m.deleted_on.min(until_default(&m)) /> })}
        {(status != MeetingStatus::Cancelled).then(|| view! { <MinutesForm m=m.clone() /> })}
        <section class="card" aria-labelledby="meeting-plans">
            <h2 id="meeting-plans">{t!(i18n, meeting.plans_at_meeting)}</h2>
            <PlanLines plans=m.plans.clone() />
            {(m.may_hold && status != MeetingStatus::Cancelled)
                .then(|| {
                    view! {
                        <a class="button" data-testid="make-plan"
                            href=format!("/plans/new?child={}&meeting={}", m.child, m.id)>
                            {t!(i18n, meeting.make_plan)}
                        </a>
                    }
                })}
        </section>
    }
    .into_any()
}

#[component]
fn CancelButton(id: MeetingId) -> impl IntoView {
    let i18n = use_i18n();
    let cancel = ServerAction::<CancelMeeting>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = cancel.value().get() {
            crate::components::leave_to(&format!("/meetings/{id}"));
        }
    });
    view! {
        <button type="button" class="button" on:click=move |_| {
            cancel.dispatch(CancelMeeting { meeting: id });
        }>{t!(i18n, meeting.cancel)}</button>
        {move || cancel.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
    }
    .into_any()
}

/// The minutes, written during the meeting: saved on the version the page was loaded with; a
/// newer one saved meanwhile on another tablet is shown as a conflict, the text kept.
#[component]
fn MinutesForm(m: StaffMeeting) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveMeetingMinutes>::new();
    let version = RwSignal::new(m.version);
    let fields = [
        RwSignal::new(m.minutes.minutes.clone()),
        RwSignal::new(m.minutes.parents_perspective.clone()),
        RwSignal::new(m.minutes.decisions.clone()),
        RwSignal::new(m.minutes.next_steps.clone()),
    ];
    let held_on = RwSignal::new(m.held_on.map(|d| d.to_string()).unwrap_or_default());
    let id = m.id;
    // Someone saved first: their minutes are shown beside the form, and the next save is made
    // on their version, knowingly.
    let newer = RwSignal::new(None::<Vec<String>>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(new_version)) => {
            version.set(new_version);
            newer.set(None);
        }
        Some(Err(AppError::Conflict { .. })) => {
            leptos::task::spawn_local(async move {
                if let Ok(MeetingPage::Staff(current)) = get_meeting(id).await {
                    version.set(current.version);
                    let mm = current.minutes;
                    newer.set(Some(vec![
                        mm.minutes,
                        mm.parents_perspective,
                        mm.decisions,
                        mm.next_steps,
                    ]));
                }
            });
        }
        _ => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let [minutes, parents, decisions, next] = fields.map(|f| f.get_untracked());
        let held = held_on.get_untracked();
        save.dispatch(SaveMeetingMinutes {
            input: SaveMinutes {
                meeting: id,
                version: version.get_untracked(),
                minutes: MeetingMinutes {
                    minutes,
                    parents_perspective: parents,
                    decisions,
                    next_steps: next,
                },
                held_on: (!held.trim().is_empty()).then_some(held),
            },
        });
    };
    let labels = ["minutes", "parents_perspective", "decisions", "next_steps"];
    let disabled = !m.may_hold;
    view! {
        <section class="card" aria-labelledby="minutes">
            <h2 id="minutes">{t!(i18n, meeting.minutes_title)}</h2>
            <form class="care-form" on:submit=submit>
                {fields
                    .into_iter()
                    .zip(labels)
                    .map(|(field, name)| {
                        let id = format!("meeting-{name}");
                        let label = move || match name {
                            "minutes" => t_string!(i18n, meeting.minutes).to_string(),
                            "parents_perspective" => t_string!(i18n, meeting.parents_perspective).to_string(),
                            "decisions" => t_string!(i18n, meeting.decisions).to_string(),
                            _ => t_string!(i18n, meeting.next_steps).to_string(),
                        };
                        view! {
                            <label for=id.clone()>{label}</label>
                            <textarea id=id rows="4" maxlength="4000" disabled=disabled dir="auto"
                                prop:value=move || field.get()
                                on:input=move |ev| field.set(event_target_value(&ev))></textarea>
                        }
                    })
                    .collect_view()}
                <label for="meeting-held-on">{t!(i18n, meeting.held_on)}</label>
                <p class="hint">{t!(i18n, meeting.held_hint)}</p>
                <input id="meeting-held-on" type="date" disabled=disabled
                    prop:value=move || held_on.get()
                    on:input=move |ev| held_on.set(event_target_value(&ev)) />
                {move || match save.value().get() {
                    Some(Ok(_)) => view! { <p class="success" role="status">{t!(i18n, meeting.saved)}</p> }.into_any(),
                    Some(Err(AppError::Conflict { .. })) => view! { <Conflict newer /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorMessage error /> }.into_any(),
                    None => ().into_any(),
                }}
                {m.may_hold.then(|| view! {
                    <button type="submit" class="button primary" data-testid="save-minutes"
                        disabled=move || save.pending().get()>{t!(i18n, meeting.save_minutes)}</button>
                })}
            </form>
        </section>
    }
    .into_any()
}

/// Someone saved first: say so, show what they saved, and keep the writer's own text in the
/// form, so nothing is overwritten without the writer seeing it.
#[component]
pub(super) fn Conflict(newer: RwSignal<Option<Vec<String>>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error" role="alert" data-testid="conflict">
            <p>{t!(i18n, meeting.conflict)}</p>
            {move || {
                newer
                    .get()
                    .map(|texts| {
                        view! {
                            <blockquote class="newer" dir="auto">
                                {texts
                                    .into_iter()
                                    .filter(|t| !t.is_empty())
                                    .map(|t| view! { <p>{t}</p> })
                                    .collect_view()}
                            </blockquote>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

/// A specialist's access runs, by default, to two weeks after the last time offered.
fn until_default(m: &StaffMeeting) -> time::Date {
    m.times
        .iter()
        .filter_map(|t| crate::domain::parse_meeting_time(&t.starts_at))
        .map(|at| at.date())
        .max()
        .map(|day| day + time::Duration::days(14))
        .unwrap_or(m.deleted_on)
}
