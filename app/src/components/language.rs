use crate::i18n::*;
use leptos::prelude::*;

/// The language switch. The choice is kept in a cookie, so the server renders the next page
/// in the same language.
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
                            <option value=code selected=move || i18n.get_locale().as_str() == code>
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
