use super::LanguagePicker;
use crate::auth::whoami;
use crate::i18n::*;
use crate::offline::{
    resume_pending_sign_out, use_device_session, use_outbox, DeviceSession, Outbox,
};
use leptos::prelude::*;

/// The top bar: who is signed in, the language, and a quick switch of user for shared tablets
/// (SECURITY S1) — for a parent on their own phone, simply "sign out". The switch works offline
/// too (O2): see [`sign_out_here`].
#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| whoami());
    let outbox = use_outbox();
    let session = use_device_session();
    // The router's navigation, for a sign-out that cannot load a page (offline); the idle lock
    // sits outside the router and uses it through `sign_out_here`.
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        NAVIGATE.with(|n| {
            *n.borrow_mut() = Some(std::rc::Rc::new(move |path: &str| {
                navigate(path, Default::default())
            }))
        });
    }
    // A session this device signed out of offline ends on the server at the next contact;
    // a page that still shows someone then goes to the login page.
    Effect::new(move |_| resume_pending_sign_out(session, || leave_unless_public("/login")));
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
                            .filter(|_| !session.signed_out.get())
                            .map(|me| {
                                // A parent on their own phone signs out; on a shared tablet the
                                // same button is the quick switch of user (SECURITY S1).
                                let guardian_only = me.guardian_only;
                                view! {
                                    <span class="signed-in" data-testid="signed-in-as">
                                        <bdi>{me.display_name}</bdi>
                                    </span>
                                    <button
                                        class="button secondary"
                                        on:click=move |_| sign_out_here(outbox, session)
                                    >
                                        {move || {
                                            if guardian_only {
                                                t_string!(i18n, header.sign_out)
                                            } else {
                                                t_string!(i18n, header.switch_user)
                                            }
                                        }}
                                    </button>
                                }
                            })
                    }}
                </Transition>
            </div>
        </header>
    }
}

#[cfg(feature = "hydrate")]
type Navigate = std::rc::Rc<dyn Fn(&str)>;

#[cfg(feature = "hydrate")]
thread_local! {
    static NAVIGATE: std::cell::RefCell<Option<Navigate>> = const { std::cell::RefCell::new(None) };
}

/// Signs out on this device at once (the header's switch, the idle lock): the outbox key and
/// every decrypted item leave memory and the login page shows, with or without network.
/// Online the server ends the session now and the login page is a full page load; offline the
/// router shows the login page in place (a page load would only find the offline page) and the
/// server session ends at the next contact (`crate::offline::resume_pending_sign_out`).
pub fn sign_out_here(outbox: Outbox, session: DeviceSession) {
    if session.signed_out.get_untracked() {
        return;
    }
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if crate::offline::sign_out(outbox, session).await {
            leave_to("/login");
        } else if let Some(navigate) = NAVIGATE.with(|n| n.borrow().clone()) {
            navigate("/login");
        } else {
            leave_to("/login");
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (outbox, session);
}

/// Goes to `path` unless the page is one anyone may see (the login page, the information for
/// parents).
fn leave_unless_public(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let here = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        if here != "/login" && here != "/information" {
            leave_to(path);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
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
