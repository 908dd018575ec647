use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_use::SameSite;

/// How long the language choice is kept, in days: a parent who chose Somali once should not
/// meet Danish at the next visit.
const LANGUAGE_KEPT_DAYS: i64 = 365;

/// The attributes of the cookie that keeps the language choice, for the browser's writes and
/// the server's alike. `Path=/`: without it the browser scopes the cookie to the folder of the
/// page it was chosen on (`/children` on a child's page), so the home page and every reload
/// elsewhere came back in Danish. A lifetime, so that closing the phone's browser does not
/// forget it either. It holds a language code and nothing else: not `HttpOnly` (the browser
/// writes it when the language is switched) and not `Secure` (plain-HTTP trials on a LAN,
/// `--insecure-cookies`, keep their language too); `SameSite=Lax` as no cross-site request has
/// any use for it.
pub fn language_cookie() -> CookieOptions<Locale> {
    CookieOptions::<Locale>::default()
        .path("/")
        // leptos-use counts the cookie's age in milliseconds.
        .max_age(LANGUAGE_KEPT_DAYS * 24 * 60 * 60 * 1000)
        .same_site(SameSite::Lax)
}

/// The language switch. The choice is kept in a cookie ([`language_cookie`]), so the server
/// renders the next page in the same language.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        if let Some(locale) = Locale::get_all().iter().find(|l| l.as_str() == code) {
            i18n.set_locale(*locale);
        }
    };
    view! {
        <label class="language">
            <span class="visually-hidden">{t!(i18n, header.language)}</span>
            <select on:change=on_change prop:value=move || i18n.get_locale().as_str()>
                {Locale::get_all()
                    .iter()
                    .map(|locale| {
                        let code = locale.as_str();
                        view! {
                            // Each name in its own language, so a screen reader says it so.
                            <option
                                value=code
                                lang=code
                                selected=move || i18n.get_locale().as_str() == code
                            >
                                {language_name(code)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Each language named in itself, so a reader finds their own whatever is shown now.
fn language_name(code: &str) -> &'static str {
    match code {
        "da" => "Dansk",
        "en" => "English",
        "ar" => "العربية",
        "pl" => "Polski",
        "so" => "Soomaali",
        _ => "?",
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use codee::string::FromToStringCodec;
    use std::sync::{Arc, Mutex};

    /// The cookie as leptos-use writes it from these options: caught through its server side,
    /// which writes the value the cookie starts with (the browser's side builds the same
    /// cookie into `document.cookie`; the end-to-end test reads it back from Chromium).
    #[test]
    fn the_language_cookie_is_for_the_whole_site_kept_for_a_year_and_same_site() {
        let owner = Owner::new();
        owner.set();
        let written = Arc::new(Mutex::new(Vec::new()));
        let sink = written.clone();
        let options = language_cookie()
            .default_value(Some(Locale::ar))
            .ssr_cookies_header_getter(|| Some(String::new()))
            .ssr_set_cookie(move |cookie| sink.lock().unwrap().push(cookie.to_string()));
        let _ = leptos_use::use_cookie_with_options::<Locale, FromToStringCodec>(
            "i18n_pref_locale",
            options,
        );
        let written = written.lock().unwrap();
        let cookie = written.last().expect("the cookie was written");
        let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
        assert_eq!(attributes[0], "i18n_pref_locale=ar");
        for wanted in ["Path=/", "SameSite=Lax", "Max-Age=31536000"] {
            assert!(attributes.contains(&wanted), "{cookie} lacks {wanted}");
        }
        assert!(!cookie.contains("Domain"), "{cookie}: this site only");
    }
}
