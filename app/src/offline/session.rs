//! Ending the session on a shared tablet, with or without network (SECURITY S1, O2, O3).
//!
//! Signing out, switching user and the idle lock first act on the device: the outbox is sealed
//! one last time, its key and every decrypted item leave memory, and the data the server put in
//! the page for hydration is dropped. The server is told at once when it can be reached; when it
//! cannot, a marker with no personal data (`tvaers.signout_pending`) stays on the device and the
//! session is ended at the next contact: when the network returns, when any page of the app
//! starts, or by the next sign-in (a login ends the browser's previous session,
//! `app/src/auth/login.rs`). The server's own idle timeout (S4) ends it in any case.

use super::Outbox;
use leptos::prelude::*;

/// What the page shows about the session on this device.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct DeviceSession {
    /// This page signed out (or locked): nothing of the previous person is shown again.
    pub signed_out: RwSignal<bool>,
    /// A session left behind offline is being ended on the server: a login waits for it.
    pub ending: RwSignal<bool>,
}

pub(super) fn provide_device_session() {
    provide_context(DeviceSession {
        signed_out: RwSignal::new(false),
        ending: RwSignal::new(false),
    });
}

pub fn use_device_session() -> DeviceSession {
    expect_context::<DeviceSession>()
}

#[cfg(feature = "hydrate")]
const PENDING_KEY: &str = "tvaers.signout_pending";

#[cfg(feature = "hydrate")]
thread_local! {
    /// A login is on its way: a late logout of the previous session must not race it (its
    /// answer would clear the new session's cookie).
    static SIGNING_IN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Signs out on this device at once, and on the server now or at the next contact. Answers
/// whether the server was told; either way nothing of the user is left readable in the page.
pub async fn sign_out(outbox: Outbox, session: DeviceSession) -> bool {
    #[cfg(feature = "hydrate")]
    {
        // First the marker, so that a crash or a closed tab still ends the session later.
        set_pending(true);
        session.signed_out.set(true);
        outbox.close().await;
        forget_page_data();
        let told = crate::auth::logout().await.is_ok();
        if told {
            set_pending(false);
        }
        told
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (outbox, session);
        false
    }
}

/// Ends on the server a session this device signed out of offline: now, and whenever the
/// network returns. `ended` runs after a session was ended this way (the page then leaves
/// whatever it shows for the login page).
pub fn resume_pending_sign_out(session: DeviceSession, ended: impl Fn() + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        let flush = move || {
            let ended = ended.clone();
            leptos::task::spawn_local(async move {
                if flush_pending(session).await {
                    ended();
                }
            });
        };
        flush();
        if let Some(window) = web_sys::window() {
            let online = Closure::<dyn FnMut()>::new(flush);
            let _ =
                window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
            online.forget();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (session, ended);
}

#[cfg(feature = "hydrate")]
async fn flush_pending(session: DeviceSession) -> bool {
    if !is_pending() || session.ending.get_untracked() || SIGNING_IN.with(|s| s.get()) {
        return false;
    }
    session.ending.set(true);
    let ended = crate::auth::logout().await.is_ok();
    if ended {
        set_pending(false);
    }
    session.ending.set(false);
    ended
}

/// The login page reports a login on its way, so a pending logout does not race it.
pub fn signing_in(active: bool) {
    #[cfg(feature = "hydrate")]
    SIGNING_IN.with(|s| s.set(active));
    #[cfg(not(feature = "hydrate"))]
    let _ = active;
}

/// A login succeeded: it ended whatever session this browser had before, so nothing is
/// pending any more.
pub fn signed_in() {
    #[cfg(feature = "hydrate")]
    set_pending(false);
}

#[cfg(feature = "hydrate")]
fn is_pending() -> bool {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::raw()
        .get_item(PENDING_KEY)
        .ok()
        .flatten()
        .is_some()
}

#[cfg(feature = "hydrate")]
fn set_pending(pending: bool) {
    use gloo_storage::{LocalStorage, Storage};
    if pending {
        let _ = LocalStorage::raw().set_item(PENDING_KEY, "1");
    } else {
        LocalStorage::delete(PENDING_KEY);
    }
}

/// Drops what the server put in the page for hydration (the first page's data and the
/// streamed `<template>` fragments, children's names included): a page left without a reload
/// must not keep it for the next person.
#[cfg(feature = "hydrate")]
fn forget_page_data() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    for name in [
        "__RESOLVED_RESOURCES",
        "__SERIALIZED_ERRORS",
        "__PENDING_RESOURCES",
        "__INCOMPLETE_CHUNKS",
    ] {
        if let Ok(value) = js_sys::Reflect::get(&window, &name.into()) {
            if let Some(array) = value.dyn_ref::<js_sys::Array>() {
                array.set_length(0);
            }
        }
    }
    let Some(document) = window.document() else {
        return;
    };
    if let Ok(scripts) = document.query_selector_all("script:not([src]), body > template") {
        for i in 0..scripts.length() {
            if let Some(script) = scripts.item(i) {
                if let Some(parent) = script.parent_node() {
                    let _ = parent.remove_child(&script);
                }
            }
        }
    }
}
