//! The tablet view of a round (*egen vurdering*): a grid of the group's children with progress,
//! and a panel that goes straight on to the next child after each save. Saves go through the
//! outbox, so assessing goes on when the Wi-Fi drops.

mod assess_panel;

use crate::assessment::group::get_group_round;
use crate::assessment::{GridChild, GroupRound, OwnAssessment};
use crate::components::{
    format_date, load_by_id, position_word, use_route_id, BackToHome, OutboxStatus, PageShell,
    PositionBadge,
};
use crate::domain::{GroupId, Position};
use crate::i18n::*;
use crate::offline::{use_outbox, ItemState, OutboxSlot, OutboxWrite};
use assess_panel::AssessPanel;
use leptos::prelude::*;

#[component]
pub fn RoundPage() -> impl IntoView {
    let group = use_route_id::<GroupId>();
    let data = load_by_id(group, get_group_round);
    view! {
        <BackToHome />
        <PageShell resource=data let:data>
            <RoundGrid data />
        </PageShell>
    }
}

/// Where a child stands for the signed-in assessor in this round.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Status {
    NotAssessed,
    Saved(Position),
    NotSent(Position),
    Conflict,
    Refused,
}

#[component]
fn RoundGrid(data: GroupRound) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    Effect::new(move |_| outbox.start());
    let group = data.group_id;
    let can_assess = data.can_assess;
    let children = RwSignal::new(data.children.clone());
    let open = RwSignal::new(None::<usize>);
    let total = data.children.len();
    let round_id = data.round.as_ref().map(|r| r.id);

    // The server confirmed a write: the next edit builds on the version it now holds.
    Effect::new(move |_| {
        for (write, saved) in outbox.confirmed.get() {
            if let OutboxWrite::Individual(input) = write {
                children.update(|cs| {
                    let Some(child) = cs.iter_mut().find(|c| c.id == input.draft.child) else {
                        return;
                    };
                    match child.own.as_mut() {
                        Some(own) => own.version = own.version.max(saved.version),
                        // Sent from the outbox after a reload: the page learns it here.
                        None => {
                            child.own = Some(OwnAssessment {
                                position: input.draft.position,
                                context: input.draft.context,
                                note: input.draft.note.clone(),
                                indicators: input.indicators.clone(),
                                version: saved.version,
                            });
                        }
                    }
                });
            }
        }
    });

    let status = move |child: &GridChild| -> Status {
        let Some(round) = round_id else {
            return Status::NotAssessed;
        };
        match outbox.waiting_for(OutboxSlot::Individual(round, child.id)) {
            Some(item) => match item.state {
                ItemState::Pending => Status::NotSent(item.write.position()),
                ItemState::Conflict(_) => Status::Conflict,
                ItemState::Refused(_) => Status::Refused,
            },
            None => child
                .own
                .as_ref()
                .map(|o| Status::Saved(o.position))
                .unwrap_or(Status::NotAssessed),
        }
    };
    let done = move || children.read().iter().filter(|c| c.own.is_some()).count();
    let not_sent = move || {
        children
            .read()
            .iter()
            .filter(|c| matches!(status(c), Status::NotSent(_)))
            .count()
    };

    let Some(round) = data.round.clone() else {
        return view! {
            <h1>{data.group_name.clone()} <span class="muted">" · " {data.unit_name.clone()}</span></h1>
            <p class="empty" data-testid="no-open-round">{t!(i18n, round.none_open)}</p>
            <ul class="child-grid">
                {data
                    .children
                    .iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a class="child-tile" href=format!("/children/{}", c.id)>
                                    <span class="child-name">{c.name.clone()}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
            .into_any();
    };
    let settings = data.settings;
    let indicators = StoredValue::new(data.indicators.clone());
    let group_name = data.group_name.clone();

    view! {
        <h1>{group_name} <span class="muted">" · " {data.unit_name.clone()}</span></h1>
        <p class="round-info">
            <strong>{round.name.clone()}</strong>
            " · "
            {format_date(round.window.starts_on)}
            "–"
            {format_date(round.window.ends_on)}
        </p>
        <div class="progress-line">
            <progress max=total value=done aria-labelledby="progress-text"></progress>
            <p id="progress-text" data-testid="progress">
                <strong>{done}</strong>
                " "
                {t!(i18n, round.of)}
                " "
                {total}
                " "
                {t!(i18n, round.assessed)}
                <Show when=move || { not_sent() > 0 }>
                    " (" {not_sent} " " {t!(i18n, round.not_sent_yet)} ")"
                </Show>
            </p>
            <a class="button secondary" href=format!("/groups/{group}/joint")>
                {t!(i18n, round.to_joint)}
            </a>
        </div>
        <OutboxStatus />
        {(!can_assess).then(|| view! { <p class="muted">{t!(i18n, round.view_only)}</p> })}
        <ul class="child-grid assess-grid">
            {move || {
                children
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, child)| {
                        let st = status(&child);
                        let is_open = move || open.get() == Some(index);
                        view! {
                            <li>
                                <button
                                    class="child-tile assess-tile"
                                    class:open=is_open
                                    data-testid="assess-tile"
                                    data-status=match st {
                                        Status::NotAssessed => "not-assessed",
                                        Status::Saved(_) => "saved",
                                        Status::NotSent(_) => "not-sent",
                                        Status::Conflict => "conflict",
                                        Status::Refused => "refused",
                                    }
                                    disabled=!can_assess
                                    aria-expanded=move || is_open().to_string()
                                    on:click=move |_| open.set(Some(index))
                                >
                                    <span class="child-name">{child.name.clone()}</span>
                                    <StatusLine status=st />
                                    {child
                                        .last_joint
                                        .clone()
                                        .map(|last| {
                                            view! {
                                                <span class="muted last-joint">
                                                    {t!(i18n, round.last_joint)} ": "
                                                    {move || position_word(i18n, last.position)} " · "
                                                    {format_date(last.assessed_on)}
                                                </span>
                                            }
                                        })}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
        {move || {
            // Only a new child opens a new panel: a confirmation arriving for an earlier save
            // must not re-create the open panel and drop what the user just tapped.
            open.get()
                .and_then(|index| {
                    children.with_untracked(|cs| cs.get(index).cloned()).map(|c| (index, c))
                })
                .map(|(index, child)| {
                    view! {
                        <AssessPanel
                            child
                            index
                            round=round.id
                            group
                            settings
                            indicators=indicators.get_value()
                            children
                            open
                        />
                    }
                })
        }}
    }
    .into_any()
}

#[component]
fn StatusLine(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    match status {
        Status::NotAssessed => {
            view! { <span class="status muted">{t!(i18n, round.not_assessed)}</span> }.into_any()
        }
        Status::Saved(p) => view! {
            <span class="status">
                <span class="visually-hidden">{t!(i18n, round.saved)} " "</span>
                <PositionBadge position=p />
                " "
                <span aria-hidden="true">"✓"</span>
            </span>
        }
        .into_any(),
        Status::NotSent(p) => view! {
            <span class="status not-sent">
                <PositionBadge position=p />
                " "
                <span class="not-sent-mark">"⏳ " {t!(i18n, round.not_sent)}</span>
            </span>
        }
        .into_any(),
        Status::Conflict => {
            view! { <span class="status not-sent-mark">"⚠ " {t!(i18n, round.conflict)}</span> }
                .into_any()
        }
        Status::Refused => {
            view! { <span class="status not-sent-mark">"⚠ " {t!(i18n, round.refused)}</span> }
                .into_any()
        }
    }
}
