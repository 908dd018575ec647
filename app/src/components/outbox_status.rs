use super::{position_word, ErrorMessage};
use crate::i18n::*;
use crate::offline::{use_outbox, ItemState};
use leptos::prelude::*;

/// What waits on this device: a banner while something is not yet on the server (never
/// "saved" for it, SECURITY O4), and every conflict or refusal with a way to resolve it (O6, O8).
#[component]
pub fn OutboxStatus() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let pending = move || {
        outbox
            .items
            .read()
            .iter()
            .filter(|i| i.state == ItemState::Pending)
            .count()
    };
    let problems = move || {
        outbox
            .items
            .get()
            .into_iter()
            .filter(|i| i.state != ItemState::Pending)
            .collect::<Vec<_>>()
    };
    view! {
        <div class="outbox-status" aria-live="polite">
            <Show when=move || !outbox.reachable.get()>
                <p class="offline-banner" data-testid="offline-banner">
                    <span aria-hidden="true">"⚡ "</span>
                    {t!(i18n, outbox.offline)}
                </p>
            </Show>
            <Show when=move || { pending() > 0 }>
                <p class="pending-banner" data-testid="pending-banner">
                    <span aria-hidden="true">"⏳ "</span>
                    <strong data-testid="pending-count">{pending}</strong>
                    " "
                    {t!(i18n, outbox.pending)}
                </p>
            </Show>
            <Show when=move || { !outbox.sealed.get() && pending() > 0 }>
                <p class="error">{t!(i18n, outbox.not_sealed)}</p>
            </Show>
            <For
                each=problems
                key=|item| (item.write.key(), format!("{:?}", item.state))
                children=move |item| {
                    let key = item.write.key();
                    let mine = Some(item.write.position());
                    match item.state.clone() {
                        ItemState::Conflict(current) => {
                            let server_version = current.as_ref().map(|c| c.version);
                            view! {
                                <div class="conflict card" role="alert" data-testid="conflict">
                                    <p>
                                        <strong>{item.child_name.clone()}</strong>
                                        ": "
                                        {t!(i18n, outbox.conflict)}
                                    </p>
                                    <p>
                                        {t!(i18n, outbox.yours)} ": "
                                        {move || mine.map(|p| position_word(i18n, p))}
                                    </p>
                                    {current
                                        .map(|c| {
                                            view! {
                                                <p>
                                                    {t!(i18n, outbox.theirs)} " (" {c.by.clone()} "): "
                                                    {move || position_word(i18n, c.position)} " – " {c.note.clone()}
                                                </p>
                                            }
                                        })}
                                    <div class="actions">
                                        <button
                                            class="button primary"
                                            on:click=move |_| outbox.keep_mine(key, server_version)
                                        >
                                            {t!(i18n, outbox.keep_mine)}
                                        </button>
                                        <button
                                            class="button secondary"
                                            on:click=move |_| outbox.discard(key)
                                        >
                                            {t!(i18n, outbox.keep_theirs)}
                                        </button>
                                    </div>
                                </div>
                            }
                                .into_any()
                        }
                        ItemState::Refused(error) => {
                            view! {
                                <div class="refused card" data-testid="refused">
                                    <p>
                                        <strong>{item.child_name.clone()}</strong>
                                        ": "
                                        {t!(i18n, outbox.refused)}
                                    </p>
                                    <ErrorMessage error />
                                    <button
                                        class="button secondary"
                                        on:click=move |_| outbox.discard(key)
                                    >
                                        {t!(i18n, outbox.dismiss)}
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                        ItemState::Pending => ().into_any(),
                    }
                }
            />
        </div>
    }
}
