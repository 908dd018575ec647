//! Inviting the parents to a focus meeting: from a concern's follow-up (the agenda starts from
//! its context and note) or a concern of one's own; one or more times; a place or video link;
//! every custody holder invited.

use crate::care::meetings::ProposeFocusMeeting;
use crate::care::StaffCare;
use crate::components::{context_word, format_date, ErrorMessage};
use crate::domain::{ChildId, FollowUpId, UserId};
use crate::i18n::*;
use crate::wire::care::{ConcernToMeet, ProposeMeeting};
use leptos::prelude::*;

fn concern_text(i18n: crate::I18n, c: &ConcernToMeet) -> String {
    format!("{}: {}", context_word(i18n, c.context), c.note)
}

#[component]
pub(super) fn ProposeForm(child: ChildId, care: StaffCare) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ProposeFocusMeeting>::new();
    let concerns = care.concerns.clone();
    let first = concerns.first().cloned();
    let follow_up = RwSignal::new(first.as_ref().map(|c| c.follow_up));
    let concern = RwSignal::new(String::new());
    // The agenda starts from the concern in the reader's language, once the page is there.
    Effect::new(move |done: Option<bool>| {
        if done != Some(true) {
            if let Some(c) = &first {
                concern.set(concern_text(i18n, c));
            }
        }
        true
    });
    let place = RwSignal::new(String::new());
    let times: [RwSignal<String>; 3] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let chosen = RwSignal::new(Vec::<UserId>::new());
    let joining = RwSignal::new(Vec::<UserId>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ProposeFocusMeeting {
            input: ProposeMeeting {
                child,
                follow_up: follow_up.get_untracked(),
                concern: concern.get_untracked(),
                place: place.get_untracked(),
                times: times.iter().map(|t| t.get_untracked()).collect(),
                staff: joining.get_untracked(),
                guardians: chosen.get_untracked(),
            },
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            let navigate = leptos_router::hooks::use_navigate();
            navigate(&format!("/meetings/{id}"), Default::default());
        }
    });
    let pick = move |choice: Option<ConcernToMeet>| {
        follow_up.set(choice.as_ref().map(|c| c.follow_up));
        concern.set(choice.map(|c| concern_text(i18n, &c)).unwrap_or_default());
    };
    let open = !concerns.is_empty();
    view! {
        <details class="propose" open=open>
            <summary class="button primary">{t!(i18n, meeting.invite)}</summary>
            <form class="care-form" on:submit=submit>
                {(!concerns.is_empty())
                    .then(|| {
                        view! {
                            <fieldset>
                                <legend>{t!(i18n, meeting.from_concern)}</legend>
                                {concerns
                                    .iter()
                                    .map(|c| {
                                        let id: FollowUpId = c.follow_up;
                                        let choice = c.clone();
                                        let label = format!(
                                            "{} ({})",
                                            concern_text(i18n, c),
                                            format_date(c.assessed_on),
                                        );
                                        view! {
                                            <label class="choice">
                                                <input
                                                    type="radio"
                                                    name="concern-source"
                                                    prop:checked=move || follow_up.get() == Some(id)
                                                    on:change=move |_| pick(Some(choice.clone()))
                                                />
                                                <bdi>{label}</bdi>
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name="concern-source"
                                        prop:checked=move || follow_up.get().is_none()
                                        on:change=move |_| pick(None)
                                    />
                                    {t!(i18n, meeting.own_concern)}
                                </label>
                            </fieldset>
                        }
                    })}
                <label for="meeting-concern">{t!(i18n, meeting.concern)}</label>
                <p class="hint">{t!(i18n, meeting.concern_hint)}</p>
                <textarea
                    id="meeting-concern"
                    rows="3"
                    maxlength="4000"
                    prop:value=move || concern.get()
                    on:input=move |ev| concern.set(event_target_value(&ev))
                ></textarea>
                <label for="meeting-place">{t!(i18n, meeting.place)}</label>
                {care.address_protection
                    .then(|| view! { <p class="warning" role="note">"⚠ " {t!(i18n, meeting.address_protection)}</p> })}
                <input
                    id="meeting-place"
                    type="text"
                    maxlength="500"
                    prop:value=move || place.get()
                    on:input=move |ev| place.set(event_target_value(&ev))
                />
                <fieldset>
                    <legend>{t!(i18n, meeting.times)}</legend>
                    <p class="hint">{t!(i18n, meeting.times_hint)}</p>
                    {times
                        .iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let t = *t;
                            let id = format!("meeting-time-{i}");
                            view! {
                                <label for=id.clone()>{t!(i18n, meeting.time)} " " {i + 1}</label>
                                <input
                                    id=id
                                    type="datetime-local"
                                    prop:value=move || t.get()
                                    on:input=move |ev| t.set(event_target_value(&ev))
                                />
                            }
                        })
                        .collect_view()}
                </fieldset>
                {(!care.staff.is_empty()).then(|| view! {
                    <fieldset>
                        <legend>{t!(i18n, meeting.staff_joining)}</legend>
                        {care.staff.iter().map(|m| {
                            let user = m.user;
                            let role = m.role;
                            view! {
                                <label class="choice">
                                    <input type="checkbox"
                                        prop:checked=move || joining.get().contains(&user)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            joining.update(|j| {
                                                j.retain(|u| *u != user);
                                                if on {
                                                    j.push(user);
                                                }
                                            });
                                        } />
                                    <bdi>{m.name.clone()}</bdi>
                                    " – "
                                    {move || crate::components::role_word(i18n, role)}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
                <fieldset>
                    <legend>{t!(i18n, meeting.guardians)}</legend>
                    {care.guardians.is_empty()
                        .then(|| view! { <p class="warning">{t!(i18n, meeting.no_guardians)}</p> })}
                    {care
                        .guardians
                        .iter()
                        .map(|g| {
                            let user = g.user;
                            let fixed = g.has_custody;
                            let invitable = g.invitable;
                            let note = move || {
                                if fixed {
                                    t_string!(i18n, meeting.custody_invited).to_string()
                                } else if invitable {
                                    t_string!(i18n, meeting.no_custody_may).to_string()
                                } else {
                                    t_string!(i18n, meeting.no_custody_not).to_string()
                                }
                            };
                            view! {
                                <label class="choice">
                                    <input
                                        type="checkbox"
                                        disabled=fixed || !g.invitable
                                        prop:checked=move || fixed || chosen.get().contains(&user)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| {
                                                c.retain(|u| *u != user);
                                                if on {
                                                    c.push(user);
                                                }
                                            });
                                        }
                                    />
                                    <bdi>{g.name.clone()}</bdi>
                                    " – "
                                    {note}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                {move || {
                    action
                        .value()
                        .get()
                        .and_then(Result::err)
                        .map(|error| view! { <ErrorMessage error /> })
                }}
                <button type="submit" class="button primary" data-testid="send-invitation"
                    disabled=move || action.pending().get()>
                    {t!(i18n, meeting.send)}
                </button>
            </form>
        </details>
    }
    .into_any()
}
