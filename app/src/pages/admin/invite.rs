use crate::auth::password::InviteUser;
use crate::components::ErrorMessage;
use crate::i18n::*;
use leptos::prelude::*;

/// Sends a person a letter with a link to choose their password (issue 15): the administrator
/// for anyone in the municipality, the unit leader for the people of the unit.
#[component]
pub fn InviteForm() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteUser>::new();
    let username = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        invite.dispatch(InviteUser {
            username: username.get_untracked(),
        });
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, password.invite_title)}</h2>
            <p class="muted">{t!(i18n, password.invite_lead)}</p>
            <form on:submit=submit class="unlock-form invite-form">
                <label for="invite-username">{t!(i18n, password.invite_username)}</label>
                <input
                    id="invite-username"
                    type="text"
                    autocomplete="off"
                    autocapitalize="none"
                    maxlength="64"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
                <button
                    type="submit"
                    class="button"
                    disabled=move || username.get().trim().is_empty() || invite.pending().get()
                >
                    {t!(i18n, password.invite_submit)}
                </button>
            </form>
            {move || {
                invite
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(()) => {
                            view! {
                                <p class="success" role="status">
                                    {t!(i18n, password.invite_sent)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    })
            }}
        </section>
    }
}
