use leptos::prelude::*;

/// Registers the service worker that caches the app shell, in release builds only: during
/// `cargo leptos watch` a cache-first worker would serve stale wasm and break hydration.
#[component]
pub fn ServiceWorker() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if !cfg!(debug_assertions) {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().service_worker().register("/sw.js");
            }
        }
    });
}
