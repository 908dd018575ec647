use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>{t!(i18n, error.not_found)}</h1>
        <p>
            <a href="/">{t!(i18n, nav.home)}</a>
        </p>
    }
}
