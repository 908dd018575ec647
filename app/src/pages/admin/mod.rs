mod access;
mod invite;
mod people;
mod transfer_rules;

pub use people::PeopleAdminPage;

use crate::auth::UnlockAccount;
use crate::components::{BackToHome, ErrorMessage};
use crate::i18n::*;
use crate::org::import::{CsvFile, ImportCsv, ImportKind};
use crate::I18n;
use leptos::prelude::*;

/// The administrator's import of the municipality's own exports (units, groups, children,
/// guardians, staff). A file with any bad row imports nothing, and every bad row is listed.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let import = ServerAction::<ImportCsv>::new();
    let kind = RwSignal::new(ImportKind::Units);
    // The file's bytes, undecoded: the server tells UTF-8 from Excel's Windows-1252.
    let content = RwSignal::new(Vec::<u8>::new());
    let file_name = RwSignal::new(String::new());
    // Checked before reading: a file over the limit would only be refused after the upload.
    let too_large = RwSignal::new(false);

    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: web_sys::HtmlInputElement = ev
                .target()
                .and_then(|t| t.dyn_into().ok())
                .expect("file input");
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                file_name.set(file.name());
                content.set(Vec::new());
                let over = file.size() > crate::org::import::MAX_BYTES as f64;
                too_large.set(over);
                if over {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                    if let Ok(buffer) = read {
                        content.set(js_sys::Uint8Array::new(&buffer).to_vec());
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if too_large.get_untracked() {
            return;
        }
        import.dispatch(ImportCsv {
            kind: kind.get_untracked(),
            file: CsvFile(content.get_untracked()),
        });
    };

    view! {
        <BackToHome />
        <h1>{t!(i18n, admin.title)}</h1>
        <section class="card">
            <p class="lead">{t!(i18n, admin.lead)}</p>
            <form on:submit=submit class="import-form">
                <label for="import-kind">{t!(i18n, admin.kind)}</label>
                <select
                    id="import-kind"
                    on:change=move |ev| {
                        if let Some(k) = ImportKind::parse(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }
                >
                    {ImportKind::ALL
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.code() selected=move || kind.get() == k>
                                    {kind_label(i18n, k)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="muted columns">
                    {t!(i18n, admin.columns)} ": " <code>{move || kind.get().header()}</code>
                </p>
                {move || {
                    kind.get()
                        .optional_column()
                        .map(|column| {
                            view! {
                                <p class="muted columns">
                                    {t!(i18n, admin.optional_column)} ": " <code>{column}</code>
                                </p>
                            }
                        })
                }}
                // How a child moves: the rows that end a placement and start the next one.
                {move || {
                    (kind.get() == ImportKind::Children)
                        .then(|| view! { <p class="muted">{t!(i18n, admin.children_help)}</p> })
                }}
                <label for="import-file">{t!(i18n, admin.file)}</label>
                <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_file />
                {move || {
                    too_large
                        .get()
                        .then(|| {
                            view! {
                                <p class="error" role="alert">
                                    {t!(i18n, problem.file_too_large)}
                                </p>
                            }
                        })
                }}
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || content.with(Vec::is_empty) || import.pending().get()
                >
                    {t!(i18n, admin.submit)}
                </button>
            </form>
            {move || {
                import
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(report) => {
                            view! {
                                <p class="success" role="status">
                                    {t!(i18n, admin.imported)} ": " {report.rows} " ("
                                    {file_name.get_untracked()} ")"
                                </p>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    })
            }}
        </section>
        <p class="actions">
            <a class="button secondary" href="/admin/people">{t!(i18n, people.link)}</a>
        </p>
        <access::AccessSettingsForm />
        <transfer_rules::TransferRulesForm />
        <UnlockForm />
        <invite::InviteForm />
    }
}

/// Lifts the login wait of a person who typed a wrong password too often (SECURITY S2): the
/// unit leader for the staff of the unit, the administrator for anyone.
#[component]
fn UnlockForm() -> impl IntoView {
    let i18n = use_i18n();
    let unlock = ServerAction::<UnlockAccount>::new();
    let username = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        unlock.dispatch(UnlockAccount {
            username: username.get_untracked(),
        });
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, admin.unlock_title)}</h2>
            <p class="muted">{t!(i18n, admin.unlock_lead)}</p>
            <form on:submit=submit class="unlock-form">
                <label for="unlock-username">{t!(i18n, admin.unlock_username)}</label>
                <input
                    id="unlock-username"
                    type="text"
                    autocomplete="off"
                    autocapitalize="none"
                    maxlength="64"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
                <button
                    type="submit"
                    class="button"
                    disabled=move || username.get().trim().is_empty() || unlock.pending().get()
                >
                    {t!(i18n, admin.unlock_submit)}
                </button>
            </form>
            {move || {
                unlock
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(()) => {
                            view! {
                                <p class="success" role="status">
                                    {t!(i18n, admin.unlocked)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    })
            }}
        </section>
    }
}

fn kind_label(i18n: I18n, kind: ImportKind) -> String {
    match kind {
        ImportKind::Units => t_string!(i18n, admin.kind_units),
        ImportKind::Groups => t_string!(i18n, admin.kind_groups),
        ImportKind::Children => t_string!(i18n, admin.kind_children),
        ImportKind::Guardians => t_string!(i18n, admin.kind_guardians),
        ImportKind::Staff => t_string!(i18n, admin.kind_staff),
        ImportKind::StaffGroups => t_string!(i18n, admin.kind_staff_groups),
    }
    .to_string()
}
