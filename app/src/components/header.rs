use super::LanguagePicker;
use crate::auth::{logout, whoami};
use crate::i18n::*;
use leptos::prelude::*;

/// The top bar: who is signed in, the language, and a quick switch of user for shared tablets
/// (SECURITY S1).
#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| whoami());
    let sign_out = Action::new(|_: &()| logout());
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            leave_to("/login");
        }
    });
    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">{t!(i18n, header.skip)}</a>
            <a class="brand" href="/">
                <img src="/icons/icon.svg" alt="" width="32" height="32" />
                <span>{t!(i18n, app.name)}</span>
            </a>
            <div class="header-tools">
                <LanguagePicker />
                <Transition fallback=|| ()>
                    {move || {
                        me.get()
                            .and_then(Result::ok)
                            .flatten()
                            .map(|me| {
                                view! {
                                    <span class="signed-in" data-testid="signed-in-as">
                                        {me.display_name}
                                    </span>
                                    <button
                                        class="button secondary"
                                        on:click=move |_| {
                                            sign_out.dispatch(());
                                        }
                                    >
                                        {t!(i18n, header.switch_user)}
                                    </button>
                                }
                            })
                    }}
                </Transition>
            </div>
        </header>
    }
}

/// Leaves the app state behind with a full page load, so nothing of the previous user stays
/// in memory.
pub fn leave_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
