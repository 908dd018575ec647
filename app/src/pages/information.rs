use crate::auth::whoami;
use crate::components::BackToHome;
use crate::i18n::*;
use leptos::prelude::*;

/// What Tværs is and what it registers, for parents, readable before any login and in all five
/// languages (SECURITY P5). Openness is the point: parents should never be surprised. Parents
/// also reach it from their own pages; signed in, the way on is back home, not to the login.
#[component]
pub fn InformationPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| whoami());
    let signed_in = move || me.get().and_then(Result::ok).flatten().is_some();
    view! {
        <Transition fallback=|| ()>{move || signed_in().then(|| view! { <BackToHome /> })}</Transition>
        <article class="information card">
            <h1>{t!(i18n, info.title)}</h1>
            <p class="lead">{t!(i18n, info.lead)}</p>
            <h2>{t!(i18n, info.purpose_title)}</h2>
            <p>{t!(i18n, info.purpose)}</p>
            <h2>{t!(i18n, info.method_title)}</h2>
            <p>{t!(i18n, info.method)}</p>
            <ul class="positions-explained">
                <li>
                    <span class="position position-green">
                        <span aria-hidden="true">"●"</span>
                        {t!(i18n, info.green)}
                    </span>
                    " "
                    {t!(i18n, info.green_means)}
                </li>
                <li>
                    <span class="position position-yellow">
                        <span aria-hidden="true">"▲"</span>
                        {t!(i18n, info.yellow)}
                    </span>
                    " "
                    {t!(i18n, info.yellow_means)}
                </li>
                <li>
                    <span class="position position-red">
                        <span aria-hidden="true">"■"</span>
                        {t!(i18n, info.red)}
                    </span>
                    " "
                    {t!(i18n, info.red_means)}
                </li>
            </ul>
            <p>{t!(i18n, info.not_a_label)}</p>
            <h2>{t!(i18n, info.registered_title)}</h2>
            <p>{t!(i18n, info.registered)}</p>
            <h2>{t!(i18n, info.who_title)}</h2>
            <p>{t!(i18n, info.who)}</p>
            <h2>{t!(i18n, info.deletion_title)}</h2>
            <p>{t!(i18n, info.deletion)}</p>
            <h2>{t!(i18n, info.rights_title)}</h2>
            <p>{t!(i18n, info.rights)}</p>
            <Transition fallback=|| ()>
                {move || {
                    (!signed_in())
                        .then(|| {
                            view! {
                                <p>
                                    <a class="button primary" href="/login">
                                        {t!(i18n, login.title)}
                                    </a>
                                </p>
                            }
                        })
                }}
            </Transition>
        </article>
    }
}
