//! Choosing a password by a one-time link (`/password/<token>`), and asking for such a link
//! when the password is forgotten (`/forgot-password`) — issue 15.

use crate::auth::password::{password_link, RequestPasswordReset, SetPassword};
use crate::components::password_words::password_problem;
use crate::components::ErrorMessage;
use crate::i18n::*;
use crate::wire::password::{LinkPurpose, PasswordProblem};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    // The link is checked before anyone types: an old or used link says so at once.
    let link = Resource::new(token, password_link);
    view! {
        <section class="login card password-page">
            <Suspense fallback=|| ()>
                {move || {
                    link.get()
                        .map(|answer| match answer {
                            Ok(purpose) => view! { <PasswordForm token=token() purpose /> }.into_any(),
                            Err(error) => {
                                view! {
                                    <h1>{t!(i18n, password.title_reset)}</h1>
                                    <ErrorMessage error />
                                    <p><a href="/forgot-password">{t!(i18n, password.forgot_link)}</a></p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn PasswordForm(token: String, purpose: LinkPurpose) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetPassword>::new();
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let mismatch = move || !repeat.get().is_empty() && password.get() != repeat.get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if password.get_untracked() != repeat.get_untracked() {
            return;
        }
        action.dispatch(SetPassword {
            token: token.clone(),
            password: password.get_untracked(),
        });
    };
    let title = move || match purpose {
        LinkPurpose::Invite => t_string!(i18n, password.title_invite),
        LinkPurpose::Reset => t_string!(i18n, password.title_reset),
    };
    let min = PasswordProblem::TooShort;
    view! {
        <h1>{title}</h1>
        <Show
            when=move || matches!(action.value().get(), Some(Ok(())))
            fallback=move || {
                view! {
                    <p class="lead">{t!(i18n, password.lead)}</p>
                    <form on:submit=submit.clone()>
                        <label for="new-password">{t!(i18n, password.new_password)}</label>
                        <input
                            id="new-password"
                            type="password"
                            autocomplete="new-password"
                            minlength="12"
                            maxlength="128"
                            required
                            aria-describedby="password-rule"
                            on:input=move |ev| password.set(event_target_value(&ev))
                        />
                        <p id="password-rule" class="muted">{move || password_problem(i18n, min)}</p>
                        <label for="repeat-password">{t!(i18n, password.repeat)}</label>
                        <input
                            id="repeat-password"
                            type="password"
                            autocomplete="new-password"
                            required
                            on:input=move |ev| repeat.set(event_target_value(&ev))
                        />
                        <Show when=mismatch>
                            <p class="error" role="alert">{t!(i18n, password.mismatch)}</p>
                        </Show>
                        <button
                            type="submit"
                            class="button primary"
                            disabled=move || action.pending().get() || mismatch()
                        >
                            {t!(i18n, password.submit)}
                        </button>
                    </form>
                    {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
                }
            }
        >
            <p class="success" role="status">{t!(i18n, password.done)}</p>
            <p><a class="button primary" href="/login">{t!(i18n, password.to_login)}</a></p>
        </Show>
    }
}

/// Asks for a link by username. The answer is the same whoever is named (issue 15).
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    let username = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(RequestPasswordReset {
            username: username.get_untracked(),
        });
    };
    view! {
        <section class="login card">
            <h1>{t!(i18n, password.forgot_title)}</h1>
            <p class="lead">{t!(i18n, password.forgot_lead)}</p>
            <form on:submit=submit>
                <label for="forgot-username">{t!(i18n, login.username)}</label>
                <input
                    id="forgot-username"
                    autocomplete="username"
                    autocapitalize="none"
                    maxlength="64"
                    required
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {t!(i18n, password.forgot_submit)}
                </button>
            </form>
            {move || {
                action
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(()) => {
                            view! {
                                <p class="success" role="status">{t!(i18n, password.forgot_sent)}</p>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    })
            }}
            <p><a href="/login">{t!(i18n, password.to_login)}</a></p>
        </section>
    }
}
