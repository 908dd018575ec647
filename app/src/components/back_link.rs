use crate::i18n::*;
use leptos::prelude::*;

/// The way back to the home page, with an arrow that mirrors in right-to-left languages.
#[component]
pub fn BackToHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>
            <a class="back-link" href="/">
                <span class="back-arrow" aria-hidden="true">
                    "←"
                </span>
                " "
                {t!(i18n, nav.home)}
            </a>
        </p>
    }
}
