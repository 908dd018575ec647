//! The login page's single sign-on part (issue 15 item 2): a button per configured provider —
//! MitID for parents, the municipality's own login for staff — and, when a sign-in through
//! one came back refused, why, in the reader's language.
//!
//! The buttons are plain links to the server's routes (`/auth/oidc/…`, not pages of the app):
//! `rel="external"` keeps the router from handling them, so the browser leaves for the
//! provider.

use crate::auth::{sso_offer, SsoProblem};
use crate::i18n::*;
use crate::I18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SsoChoices() -> impl IntoView {
    let i18n = use_i18n();
    let offer = Resource::new(|| (), |_| sso_offer());
    let query = use_query_map();
    let problem = move || {
        query
            .read()
            .get("sso")
            .and_then(|code| SsoProblem::parse(&code))
    };
    view! {
        {move || {
            problem()
                .map(|problem| {
                    view! {
                        <div class="error" role="alert">
                            <p>{problem_text(i18n, problem)}</p>
                        </div>
                    }
                })
        }}
        <Suspense fallback=|| ()>
            {move || {
                offer
                    .get()
                    .and_then(Result::ok)
                    .filter(|offer| offer.staff || offer.parent)
                    .map(|offer| {
                        view! {
                            <div class="sso-choices">
                                {offer
                                    .parent
                                    .then(|| {
                                        view! {
                                            <a class="button primary sso-button" href="/auth/oidc/parent" rel="external" on:click=leaving>
                                                <span aria-hidden="true" class="sso-icon">"🔑"</span>
                                                {t!(i18n, sso.parent_button)}
                                            </a>
                                        }
                                    })}
                                {offer
                                    .staff
                                    .then(|| {
                                        view! {
                                            <a class="button primary sso-button" href="/auth/oidc/staff" rel="external" on:click=leaving>
                                                <span aria-hidden="true" class="sso-icon">"🏛"</span>
                                                {t!(i18n, sso.staff_button)}
                                            </a>
                                        }
                                    })}
                                <p class="sso-or">{t!(i18n, sso.or_password)}</p>
                            </div>
                        }
                    })
            }}
        </Suspense>
    }
}

/// The browser leaves for the provider. The start route ends whatever session this browser
/// still holds (its cookie comes along), so a sign-out left pending by an offline switch of user
/// (SECURITY O2) is done: the marker goes now, or the first page after the sign-in would end
/// the new session in its place.
fn leaving(_: leptos::ev::MouseEvent) {
    crate::offline::signed_in();
}

/// The message for a refused single sign-on.
fn problem_text(i18n: I18n, problem: SsoProblem) -> String {
    match problem {
        SsoProblem::Expired => t_string!(i18n, sso.error_expired),
        SsoProblem::Unknown => t_string!(i18n, sso.error_unknown),
        SsoProblem::WrongProvider => t_string!(i18n, sso.error_wrong_provider),
        SsoProblem::Unavailable => t_string!(i18n, sso.error_unavailable),
        SsoProblem::Refused => t_string!(i18n, sso.error_refused),
        SsoProblem::Failed => t_string!(i18n, sso.error_failed),
        SsoProblem::Clock => t_string!(i18n, sso.error_clock),
        SsoProblem::Disabled => t_string!(i18n, sso.error_disabled),
        SsoProblem::SecondFactor => t_string!(i18n, sso.error_second_factor),
    }
    .to_string()
}
