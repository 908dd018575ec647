//! Tværs: the Leptos app (pages, components, server functions) and the types the server and
//! the browser share. Server-only code sits behind the `ssr` feature; the wasm client is built
//! with `hydrate`.

#![recursion_limit = "256"]

pub mod app;
pub mod assessment;
pub mod auth;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod care;
pub mod components;
pub mod domain;
pub mod error;
#[cfg(test)]
mod locale_check;
pub mod offline;
pub mod org;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod policy;
pub mod reports;
pub mod spot_check;
pub mod transition;
pub mod wire;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// The translation context every component reads its texts from.
pub type I18n = leptos_i18n::I18nContext<i18n::Locale>;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
