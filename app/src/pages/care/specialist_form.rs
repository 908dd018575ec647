//! The leader invites a specialist to an extended focus meeting, by role, until a date.

use crate::care::specialists::InviteSpecialistToMeeting;
use crate::components::{specialist_word, ErrorMessage};
use crate::domain::{MeetingId, SpecialistRole};
use crate::i18n::*;
use crate::wire::care::InviteToMeeting;
use leptos::prelude::*;

#[component]
pub(super) fn SpecialistForm(meeting: MeetingId, until: time::Date) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<InviteSpecialistToMeeting>::new();
    let role = RwSignal::new(SpecialistRole::Psychologist);
    let username = RwSignal::new(String::new());
    let ends_on = RwSignal::new(until.to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = time::Date::parse(
            &ends_on.get_untracked(),
            &time::format_description::well_known::Iso8601::DATE,
        );
        let Ok(ends_on) = day else { return };
        action.dispatch(InviteSpecialistToMeeting {
            input: InviteToMeeting {
                meeting,
                specialist: username.get_untracked(),
                role: role.get_untracked(),
                ends_on,
            },
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            crate::components::leave_to(&format!("/meetings/{meeting}"));
        }
    });
    view! {
        <details class="card">
            <summary>{t!(i18n, meeting.extended_title)}</summary>
            <p class="hint">{t!(i18n, meeting.extended_lead)}</p>
            <form class="care-form" on:submit=submit>
                <label for="specialist-role">{t!(i18n, meeting.specialist_as)}</label>
                <select id="specialist-role" on:change=move |ev| {
                    if let Some(r) = SpecialistRole::parse(&event_target_value(&ev)) {
                        role.set(r);
                    }
                }>
                    {SpecialistRole::ALL.into_iter().map(|r| view! {
                        <option value=r.code() selected=r == SpecialistRole::Psychologist>
                            {move || specialist_word(i18n, r)}
                        </option>
                    }).collect_view()}
                </select>
                <label for="specialist-user">{t!(i18n, meeting.specialist_username)}</label>
                <input id="specialist-user" type="text" autocomplete="off" autocapitalize="none"
                    maxlength="64" prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev)) />
                <label for="specialist-until">{t!(i18n, meeting.until)}</label>
                <input id="specialist-until" type="date" prop:value=move || ends_on.get()
                    on:input=move |ev| ends_on.set(event_target_value(&ev)) />
                {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
                <button type="submit" class="button" data-testid="invite-specialist">{t!(i18n, meeting.invite_specialist)}</button>
            </form>
        </details>
    }
    .into_any()
}
