//! An ad hoc assessment of a child outside a round (*vurdering uden for runde*), by the staff
//! closest to the child, saved through the outbox.

use crate::assessment::{AdhocInput, Draft};
use crate::components::{checked_choice, ChoiceProblem, NoteField, OutboxStatus, PositionChoice};
use crate::domain::{
    AssessmentContext, AssessmentSettings, ChildId, GroupId, IdempotencyKey, Position,
};
use crate::error::ProblemCode;
use crate::i18n::*;
use crate::offline::{new_key, use_outbox, ItemState, OutboxSlot, OutboxWrite};
use leptos::prelude::*;

#[component]
pub(super) fn AdhocForm(
    child: ChildId,
    groups: Vec<(GroupId, String)>,
    settings: AssessmentSettings,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    Effect::new(move |_| outbox.start());
    let group = groups[0].0;
    let position = RwSignal::new(None::<Position>);
    let context = RwSignal::new(AssessmentContext::Overall);
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ProblemCode>);
    let sent = RwSignal::new(Vec::<IdempotencyKey>::new());
    let save = move || {
        let text = note.get_untracked();
        let p = match checked_choice(position.get_untracked(), &settings, &text) {
            Ok(p) => p,
            Err(code) => return problem.set(Some(code)),
        };
        let key = new_key();
        outbox.push(
            OutboxWrite::Adhoc(AdhocInput {
                draft: Draft {
                    key,
                    group,
                    child,
                    position: p,
                    context: context.get_untracked(),
                    note: text.trim().to_owned(),
                },
            }),
            String::new(),
        );
        sent.update(|s| s.push(key));
        position.set(None);
        note.set(String::new());
    };
    let status = move || {
        sent.get()
            .into_iter()
            .map(|key| match outbox.waiting_for(OutboxSlot::Adhoc(key)) {
                Some(item) if item.state == ItemState::Pending => {
                    view! { <p class="not-sent-mark">"⏳ " {t!(i18n, round.not_sent)}</p> }
                        .into_any()
                }
                Some(_) => ().into_any(),
                None => {
                    view! { <p class="success" role="status">{t!(i18n, timeline.adhoc_saved)}</p> }
                        .into_any()
                }
            })
            .collect_view()
    };
    view! {
        <details class="card adhoc">
            <summary>{t!(i18n, timeline.adhoc_new)}</summary>
            <p class="muted">{t!(i18n, timeline.adhoc_lead)}</p>
            <OutboxStatus />
            <PositionChoice position context compact=true on_pick=move |_| problem.set(None) />
            <NoteField note />
            <ChoiceProblem problem />
            <button type="button" class="button primary" data-testid="save-adhoc" on:click=move |_| save()>
                {t!(i18n, timeline.adhoc_save)}
            </button>
            {status}
        </details>
    }
}
