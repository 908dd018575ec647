//! Setting up the second factor (`/second-factor`, issue 15 item 3): a QR code and its key for
//! the authenticator app, a code from the app to confirm it, and the recovery codes shown once.
//! A leader or administrator signing in for the first time lands here and can do nothing else
//! until it is done.

use crate::auth::second_factor::{
    get_second_factor, BeginSecondFactor, ConfirmSecondFactor, NewSecondFactor,
};
use crate::components::ErrorMessage;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = LocalResource::new(get_second_factor);
    let begin = ServerAction::<BeginSecondFactor>::new();
    // Someone without one is shown a key at once: they came here to set it up.
    Effect::new(move |_| {
        if let Some(Ok(status)) = status.get() {
            if !status.enrolled && begin.value().get_untracked().is_none() {
                begin.dispatch(BeginSecondFactor {});
            }
        }
    });
    view! {
        <section class="card second-factor">
            <h1>{t!(i18n, second_factor.title)}</h1>
            <p class="lead">{t!(i18n, second_factor.lead)}</p>
            {move || {
                status.get()
                    .map(|answer| match answer {
                        Err(error) => view! {
                            <ErrorMessage error />
                            <p><a href="/login">{t!(i18n, login.title)}</a></p>
                        }.into_any(),
                        Ok(status) if status.enrolled => {
                            let left = status.recovery_codes_left;
                            view! {
                                <p class="success" role="status">{t!(i18n, second_factor.enrolled)}</p>
                                <p>{t!(i18n, second_factor.codes_left, count = left)}</p>
                                <p class="muted">{t!(i18n, second_factor.lost)}</p>
                            }.into_any()
                        }
                        Ok(status) => view! {
                            {(!status.required).then(|| view! { <p class="muted">{t!(i18n, second_factor.optional)}</p> })}
                            {move || match begin.value().get() {
                                None => ().into_any(),
                                Some(Err(error)) => view! { <ErrorMessage error /> }.into_any(),
                                Some(Ok(new)) => view! { <Enrol new /> }.into_any(),
                            }}
                        }.into_any(),
                    })
            }}
        </section>
    }
}

/// The key to put into the app, and the form that confirms it with the app's code.
#[component]
fn Enrol(new: NewSecondFactor) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmSecondFactor>::new();
    let code_ref = NodeRef::<leptos::html::Input>::new();
    let key = grouped(&new.secret);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = code_ref
            .get()
            .map(|input| input.value())
            .unwrap_or_default();
        confirm.dispatch(ConfirmSecondFactor { code });
    };
    view! {
        <Show
            when=move || matches!(confirm.value().get(), Some(Ok(_)))
            fallback=move || {
                view! {
                    <p>{t!(i18n, second_factor.scan)}</p>
                    <div
                        class="qr"
                        role="img"
                        aria-label=move || t_string!(i18n, second_factor.qr_label).to_string()
                        inner_html=new.qr_svg.clone()
                    ></div>
                    <p>
                        {t!(i18n, second_factor.key_label)} ": "
                        <code class="secret" data-secret=new.secret.clone()>{key.clone()}</code>
                    </p>
                    <form on:submit=submit>
                        <label for="enrol-code">{t!(i18n, second_factor.confirm_label)}</label>
                        <input
                            id="enrol-code"
                            inputmode="numeric"
                            autocomplete="one-time-code"
                            pattern="[0-9 ]{6,7}"
                            maxlength="7"
                            required
                            node_ref=code_ref
                        />
                        <button type="submit" class="button primary" disabled=move || confirm.pending().get()>
                            {t!(i18n, second_factor.confirm)}
                        </button>
                    </form>
                    {move || confirm.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
                }
            }
        >
            <RecoveryCodes codes=confirm.value().get().and_then(Result::ok).unwrap_or_default() />
        </Show>
    }
}

/// The recovery codes, shown this once, and the way on.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 id="recovery-title" tabindex="-1">{t!(i18n, second_factor.recovery_title)}</h2>
        <p>{t!(i18n, second_factor.recovery_lead)}</p>
        <ul class="recovery-codes" aria-labelledby="recovery-title">
            {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
        </ul>
        <p>
            <a class="button primary" href="/" rel="external">{t!(i18n, second_factor.go_on)}</a>
        </p>
    }
}

/// A base32 key in groups of four, as authenticator apps show them.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
