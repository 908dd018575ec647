//! The joint assessment (*fælles vurdering*): per child, every individual position side by side,
//! disagreements marked, and the team's joint position with its note.

use crate::assessment::group::get_joint_view;
use crate::assessment::{Draft, JointChild, JointCurrent, JointInput, JointView};
use crate::components::{
    checked_choice, context_word, format_date, load_by_id, use_route_id, BackToHome, ChoiceProblem,
    NoteField, OutboxStatus, PageShell, PositionBadge, PositionChoice,
};
use crate::domain::{AssessmentContext, GroupId, RoundId};
use crate::error::ProblemCode;
use crate::i18n::*;
use crate::offline::{new_key, use_outbox, ItemState, OutboxSlot, OutboxWrite};
use leptos::prelude::*;

#[component]
pub fn JointPage() -> impl IntoView {
    let group = use_route_id::<GroupId>();
    let data = load_by_id(group, get_joint_view);
    view! {
        <BackToHome />
        <PageShell resource=data let:data>
            <JointTable data />
        </PageShell>
    }
}

#[component]
fn JointTable(data: JointView) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    Effect::new(move |_| outbox.start());
    let group = data.group_id;
    let Some(round) = data.round.clone() else {
        return view! {
            <h1>{t!(i18n, joint.title)} " · " {data.group_name.clone()}</h1>
            <p class="empty">{t!(i18n, round.none_open)}</p>
        }
        .into_any();
    };
    let children = RwSignal::new(data.children.clone());
    let me = RwSignal::new(String::new());
    // Confirmed joint writes become the version the next edit builds on.
    Effect::new(move |_| {
        for (write, saved) in outbox.confirmed.get() {
            if let OutboxWrite::Joint(input) = write {
                children.update(|cs| {
                    if let Some(c) = cs.iter_mut().find(|c| c.id == input.draft.child) {
                        let newer = c.joint.as_ref().is_none_or(|j| j.version < saved.version);
                        if newer {
                            c.joint = Some(JointCurrent {
                                position: input.draft.position,
                                context: input.draft.context,
                                note: input.draft.note.clone(),
                                version: saved.version,
                                by: me.get_untracked(),
                            });
                        }
                    }
                });
            }
        }
    });
    let settings = data.settings;
    let needed = data.needed;
    let can_set = data.can_set;
    view! {
        <h1>{t!(i18n, joint.title)} " · " {data.group_name.clone()}</h1>
        <p class="round-info">
            <strong>{round.name.clone()}</strong>
            " · "
            {format_date(round.window.starts_on)}
            "–"
            {format_date(round.window.ends_on)}
            " · "
            {t!(i18n, joint.needed)}
            ": "
            {needed}
        </p>
        <p>
            <a class="button secondary" href=format!("/groups/{group}/round")>
                {t!(i18n, joint.to_round)}
            </a>
        </p>
        <OutboxStatus />
        <ul class="joint-list">
            // Keyed by child and version: a confirmation redraws its own row only, never a
            // row someone is editing.
            <For
                each=move || children.get()
                key=|c| (c.id, c.joint.as_ref().map(|j| j.version))
                let(child)
            >
                <JointRow child round=round.id group needed settings can_set />
            </For>
        </ul>
    }
    .into_any()
}

#[component]
fn JointRow(
    child: JointChild,
    round: RoundId,
    group: GroupId,
    needed: u32,
    settings: crate::domain::AssessmentSettings,
    can_set: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let editing = RwSignal::new(false);
    let position = RwSignal::new(child.joint.as_ref().map(|j| j.position));
    let context = RwSignal::new(
        child
            .joint
            .as_ref()
            .map(|j| j.context)
            .unwrap_or(AssessmentContext::Overall),
    );
    let note = RwSignal::new(
        child
            .joint
            .as_ref()
            .map(|j| j.note.clone())
            .unwrap_or_default(),
    );
    let problem = RwSignal::new(None::<ProblemCode>);
    let enough = child.individuals.len() as u32 >= needed;
    let base_version = child.joint.as_ref().map(|j| j.version);
    let child_id = child.id;
    let child_name = StoredValue::new(child.name.clone());
    let joint_now = child.joint.clone();
    let waiting = move || {
        outbox
            .waiting_for(OutboxSlot::Joint(round, child_id))
            .map(|item| (item.state, Some(item.write.position())))
    };
    let save = move || {
        let text = note.get_untracked();
        let p = match checked_choice(position.get_untracked(), &settings, &text) {
            Ok(p) => p,
            Err(code) => return problem.set(Some(code)),
        };
        outbox.push(
            OutboxWrite::Joint(JointInput {
                draft: Draft {
                    key: new_key(),
                    group,
                    child: child_id,
                    position: p,
                    context: context.get_untracked(),
                    note: text.trim().to_owned(),
                },
                round,
                base_version,
            }),
            child_name.get_value(),
        );
        editing.set(false);
    };
    view! {
        <li class="joint-row card" class:disagreement=child.disagreement data-testid="joint-row">
            <h2 class="child-name">
                <a href=format!("/children/{}", child.id)>{child.name.clone()}</a>
            </h2>
            {child
                .disagreement
                .then(|| {
                    view! {
                        <p class="disagreement-mark" data-testid="disagreement">
                            <span aria-hidden="true">"≠ "</span>
                            {t!(i18n, joint.disagreement)}
                        </p>
                    }
                })}
            <ul class="individuals">
                {child
                    .individuals
                    .iter()
                    .map(|ind| {
                        view! {
                            <li>
                                <span class="muted">{ind.by.clone()} ": "</span>
                                {match ind.seen.clone() {
                                    Some(seen) => {
                                        view! {
                                            <PositionBadge position=seen.position />
                                            " "
                                            <span class="muted">{move || context_word(i18n, seen.context)}</span>
                                            {(!seen.note.is_empty())
                                                .then(|| view! { <q class="note">{seen.note.clone()}</q> })}
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <span class="hidden-individual" data-testid="hidden-individual">
                                                {t!(i18n, joint.hidden)}
                                            </span>
                                        }
                                            .into_any()
                                    }
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
                {child
                    .individuals
                    .is_empty()
                    .then(|| view! { <li class="muted">{t!(i18n, joint.no_individual)}</li> })}
            </ul>
            <div class="joint-current">
                <strong>{t!(i18n, joint.joint)} ": "</strong>
                {move || match waiting() {
                    Some((ItemState::Pending, Some(p))) => {
                        view! {
                            <PositionBadge position=p />
                            " "
                            <span class="not-sent-mark">"⏳ " {t!(i18n, round.not_sent)}</span>
                        }
                            .into_any()
                    }
                    _ => {
                        match joint_now.clone() {
                            Some(j) => {
                                view! {
                                    <PositionBadge position=j.position />
                                    " "
                                    <span class="muted">
                                        {move || context_word(i18n, j.context)} " · " {j.by.clone()}
                                    </span>
                                    {(!j.note.is_empty())
                                        .then(|| view! { <q class="note">{j.note.clone()}</q> })}
                                }
                                    .into_any()
                            }
                            None => view! { <span class="muted">{t!(i18n, joint.not_set)}</span> }.into_any(),
                        }
                    }
                }}
            </div>
            {(can_set && !enough)
                .then(|| view! { <p class="muted">{t!(i18n, joint.too_few)}</p> })}
            {(can_set && enough)
                .then(|| {
                    view! {
                        <Show
                            when=move || editing.get()
                            fallback=move || {
                                view! {
                                    <button
                                        class="button secondary"
                                        data-testid="set-joint"
                                        on:click=move |_| editing.set(true)
                                    >
                                        {t!(i18n, joint.set)}
                                    </button>
                                }
                            }
                        >
                            <PositionChoice
                                position
                                context
                                compact=true
                                on_pick=move |_| problem.set(None)
                            />
                            <NoteField note />
                            <ChoiceProblem problem />
                            <div class="actions">
                                <button
                                    type="button"
                                    class="button primary"
                                    data-testid="save-joint"
                                    on:click=move |_| save()
                                >
                                    {t!(i18n, joint.save)}
                                </button>
                                <button
                                    type="button"
                                    class="button secondary"
                                    on:click=move |_| editing.set(false)
                                >
                                    {t!(i18n, round.close)}
                                </button>
                            </div>
                        </Show>
                    }
                })}
        </li>
    }
}
