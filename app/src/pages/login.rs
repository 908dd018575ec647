use crate::auth::{whoami, Login, LoginNext};
use crate::components::{leave_to, ErrorMessage};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// Usernames recently signed in on this device, newest first: a tap fills in the name, so
/// switching user on a shared tablet costs one tap and a password (SECURITY S1). Only the
/// usernames are kept, never a password or anything about a child.
#[cfg(feature = "hydrate")]
const RECENT_KEY: &str = "tvaers.recent_users";
#[cfg(feature = "hydrate")]
const RECENT_MAX: usize = 6;

fn recent_users() -> Vec<String> {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        LocalStorage::get::<Vec<String>>(RECENT_KEY).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    Vec::new()
}

fn remember_user(name: &str) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        let mut names = recent_users();
        names.retain(|n| n != name);
        names.insert(0, name.to_owned());
        names.truncate(RECENT_MAX);
        let _ = LocalStorage::set(RECENT_KEY, names);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = name;
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let username = RwSignal::new(String::new());
    let recent = RwSignal::new(Vec::<String>::new());
    let password_ref = NodeRef::<leptos::html::Input>::new();
    let code_ref = NodeRef::<leptos::html::Input>::new();
    // Once the server asks for a second factor's code, the form has a field for it (and keeps
    // it for a retry), and the focus moves there.
    let code_wanted = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Err(AppError::CodeNeeded | AppError::BadCode)) = action.value().get() {
            code_wanted.set(true);
        }
    });
    // The field exists only once shown: focus it when it is there, and after a wrong code.
    Effect::new(move |_| {
        let _ = action.value().get();
        if let Some(input) = code_ref.get() {
            let _ = input.focus();
        }
    });
    // A session left behind by an offline sign-out may be ending on the server (SECURITY S1,
    // O2): the login waits for that, and a late logout never races the login.
    let session = crate::offline::use_device_session();
    Effect::new(move |_| crate::offline::signing_in(action.pending().get()));

    // Already signed in (e.g. after a form post without JavaScript): go home.
    let me = Resource::new(|| (), |_| whoami());
    Effect::new(move |_| {
        recent.set(recent_users());
    });
    Effect::new(move |_| {
        if let Some(Ok(next)) = action.value().get() {
            remember_user(&username.get_untracked().trim().to_lowercase());
            // The login ended whatever session this browser had before.
            crate::offline::signed_in();
            leave_to(match next {
                LoginNext::Home => "/",
                LoginNext::EnrolSecondFactor => "/second-factor",
            });
        }
    });

    let pick = move |name: String| {
        username.set(name);
        code_wanted.set(false);
        if let Some(input) = password_ref.get() {
            let _ = input.focus();
        }
    };

    view! {
        <Suspense fallback=|| ()>
            {move || {
                if let Some(Ok(Some(_))) = me.get() {
                    #[cfg(feature = "ssr")]
                    leptos_axum::redirect("/");
                }
            }}
        </Suspense>
        <section class="login card">
            <h1>{t!(i18n, login.title)}</h1>
            <p class="lead">{t!(i18n, login.lead)}</p>
            <super::login_sso::SsoChoices />
            <Show when=move || !recent.get().is_empty()>
                <div class="recent-users">
                    <h2>{t!(i18n, login.recent)}</h2>
                    <ul>
                        <For each=move || recent.get() key=|n| n.clone() let:name>
                            <li>
                                <button
                                    type="button"
                                    class="button secondary"
                                    on:click={
                                        let name = name.clone();
                                        move |_| pick(name.clone())
                                    }
                                >
                                    {name.clone()}
                                </button>
                            </li>
                        </For>
                    </ul>
                </div>
            </Show>
            <ActionForm action>
                <label for="username">{t!(i18n, login.username)}</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    autocapitalize="none"
                    required
                    prop:value=move || username.get()
                    on:input=move |ev| {
                        username.set(event_target_value(&ev));
                        code_wanted.set(false);
                    }
                />
                <label for="password">{t!(i18n, login.password)}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    node_ref=password_ref
                />
                <Show when=move || code_wanted.get()>
                    <label for="code">{t!(i18n, second_factor.code_label)}</label>
                    <input
                        id="code"
                        name="code"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        autocapitalize="none"
                        maxlength="16"
                        required
                        node_ref=code_ref
                    />
                </Show>
                <button type="submit" class="button primary" disabled=move || action.pending().get() || session.ending.get()>
                    {t!(i18n, login.submit)}
                </button>
            </ActionForm>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
            <p class="forgot">
                <a href="/forgot-password">{t!(i18n, password.forgot_link)}</a>
            </p>
        </section>
        <p class="for-parents">
            <a href="/information">{t!(i18n, info.link)}</a>
        </p>
    }
}
