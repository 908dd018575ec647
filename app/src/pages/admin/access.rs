//! The administrator's choice of narrower access: per kind of unit, whether close staff see
//! every child of their unit or only the children of the groups they work in.

use crate::components::{unit_kind_word, ErrorMessage};
use crate::domain::UnitKind;
use crate::i18n::*;
use crate::org::access::{get_access_settings, SaveAccessSettings};
use crate::org::AccessSettings;
use leptos::prelude::*;

#[component]
pub fn AccessSettingsForm() -> impl IntoView {
    let i18n = use_i18n();
    // Read in the browser: the boxes start empty on the server's page and fill once it answers.
    let stored = LocalResource::new(get_access_settings);
    let save = ServerAction::<SaveAccessSettings>::new();
    let narrowed = RwSignal::new(Vec::<UnitKind>::new());
    let all_staff = RwSignal::new(false);
    // The stored choice fills the boxes once it arrives.
    Effect::new(move |_| {
        if let Some(Ok(settings)) = stored.get() {
            narrowed.set(settings.narrowed);
            all_staff.set(settings.second_factor_all_staff);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveAccessSettings {
            settings: AccessSettings {
                narrowed: narrowed.get_untracked(),
                second_factor_all_staff: all_staff.get_untracked(),
            },
        });
    };
    view! {
        <section class="card">
            <h2 id="access-title">{t!(i18n, admin.access_title)}</h2>
            <p class="muted">{t!(i18n, admin.access_lead)}</p>
            <form on:submit=submit class="access-form" aria-labelledby="access-title">
                <fieldset>
                    <legend>{t!(i18n, admin.access_narrow)}</legend>
                    {UnitKind::ALL
                        .into_iter()
                        .map(|kind| {
                            let id = format!("narrow-{}", kind.code());
                                let label_for = id.clone();
                            view! {
                                <label class="check" for=label_for>
                                    <input
                                        id=id
                                        type="checkbox"
                                        prop:checked=move || narrowed.get().contains(&kind)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            narrowed
                                                .update(|kinds| {
                                                    kinds.retain(|k| *k != kind);
                                                    if on {
                                                        kinds.push(kind);
                                                    }
                                                });
                                        }
                                    />
                                    {move || unit_kind_word(i18n, kind)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, admin.second_factor_legend)}</legend>
                    <label class="check" for="second-factor-all-staff">
                        <input
                            id="second-factor-all-staff"
                            type="checkbox"
                            prop:checked=move || all_staff.get()
                            on:change=move |ev| all_staff.set(event_target_checked(&ev))
                        />
                        {t!(i18n, admin.second_factor_all_staff)}
                    </label>
                </fieldset>
                <button type="submit" class="button" disabled=move || save.pending().get()>
                    {t!(i18n, admin.access_save)}
                </button>
            </form>
            {move || {
                save.value()
                    .get()
                    .map(|result| match result {
                        Ok(()) => {
                            view! {
                                <p class="success" role="status">
                                    {t!(i18n, admin.access_saved)}
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
