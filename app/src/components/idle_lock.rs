use leptos::prelude::*;

/// How long a shared tablet may sit untouched before it locks (SECURITY O3: at most 10 minutes).
#[cfg(feature = "hydrate")]
const IDLE_LOCK_MINUTES: f64 = 10.0;

/// Locks the device after 10 minutes without a touch, key or pointer, also while offline: the
/// outbox key and every decrypted item leave memory, the login page shows and the session ends
/// on the server now or at the next contact (the header's sign-out, `header::sign_out_here`).
/// The sealed outbox stays for its owner's next sign-in.
#[component]
pub fn IdleLock() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let outbox = crate::offline::use_outbox();
        let session = crate::offline::use_device_session();
        Effect::new(move |_| start(outbox, session));
    }
}

#[cfg(feature = "hydrate")]
fn start(outbox: crate::offline::Outbox, session: crate::offline::DeviceSession) {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let Some(window) = web_sys::window() else {
        return;
    };
    let last = Rc::new(Cell::new(js_sys::Date::now()));
    for event in ["pointerdown", "keydown", "touchstart", "scroll"] {
        let last = last.clone();
        let touch = Closure::<dyn FnMut()>::new(move || last.set(js_sys::Date::now()));
        let _ = window.add_event_listener_with_callback(event, touch.as_ref().unchecked_ref());
        touch.forget();
    }
    let check = Closure::<dyn FnMut()>::new(move || {
        let idle_ms = js_sys::Date::now() - last.get();
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        let public = path == "/login" || path == "/information";
        if idle_ms >= IDLE_LOCK_MINUTES * 60_000.0 && !public {
            super::header::sign_out_here(outbox, session);
        }
    });
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        check.as_ref().unchecked_ref(),
        15_000,
    );
    check.forget();
}
