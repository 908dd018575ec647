//! The child's positions over time on the child page, with the open follow-ups, and the ad hoc
//! assessment for the staff closest to the child.

use super::adhoc::AdhocForm;
use crate::assessment::{ChildTimeline, FollowUpView, StaffTimeline, TimelineEntry};
use crate::components::{context_word, format_date, PageShell, PositionBadge};
use crate::domain::{AssessmentContext, AssessmentKind, ChildId, Position};
use crate::error::AppError;
use crate::i18n::*;
use crate::wire::parent::{ParentEntry, ParentTimeline};
use leptos::prelude::*;
use time::Date;

#[component]
pub(super) fn Timeline(
    child: ChildId,
    data: Resource<Result<ChildTimeline, AppError>>,
) -> impl IntoView {
    view! {
        // Someone who may see the child but not its assessments sees no section.
        <PageShell resource=data section=true let:timeline>
            {match timeline {
                ChildTimeline::Staff(timeline) => view! { <TimelineView child timeline /> }.into_any(),
                ChildTimeline::Parent(timeline) => view! { <ParentView timeline /> }.into_any(),
            }}
        </PageShell>
    }
}

#[component]
fn TimelineView(child: ChildId, timeline: StaffTimeline) -> impl IntoView {
    let i18n = use_i18n();
    let entries = timeline.entries.clone();
    view! {
        {(!timeline.adhoc_groups.is_empty())
            .then(|| {
                view! {
                    <AdhocForm child groups=timeline.adhoc_groups.clone() settings=timeline.settings />
                }
            })}
        {(!timeline.follow_ups.is_empty())
            .then(|| view! { <FollowUps items=timeline.follow_ups.clone() /> })}
        <section class="card" aria-labelledby="timeline">
            <h2 id="timeline">{t!(i18n, timeline.title)}</h2>
            <p class="muted">{t!(i18n, timeline.lead)}</p>
            {(timeline.hidden > 0)
                .then(|| {
                    view! {
                        <p class="muted" data-testid="hidden-count">
                            {timeline.hidden} " " {t!(i18n, timeline.hidden)}
                        </p>
                    }
                })}
            {entries
                .is_empty()
                .then(|| view! { <p class="empty">{t!(i18n, timeline.empty)}</p> })}
            <ol class="timeline" data-testid="timeline">
                {entries.into_iter().map(|e| view! { <Entry entry=e /> }).collect_view()}
            </ol>
        </section>
    }
}

/// What the parents see: the positions the team set, worded for parents, with no staff names
/// and no staff instructions.
#[component]
fn ParentView(timeline: ParentTimeline) -> impl IntoView {
    let i18n = use_i18n();
    let entries = timeline.entries;
    view! {
        <section class="card" aria-labelledby="timeline">
            <h2 id="timeline">{t!(i18n, timeline.title)}</h2>
            <p class="muted">{t!(i18n, timeline.parent_lead)}</p>
            {entries
                .is_empty()
                .then(|| view! { <p class="empty">{t!(i18n, timeline.empty)}</p> })}
            <ol class="timeline" data-testid="timeline">
                {entries.into_iter().map(|e| view! { <ParentItem entry=e /> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn ParentItem(entry: ParentEntry) -> impl IntoView {
    let i18n = use_i18n();
    let in_round = entry.round_name.is_some();
    let kind = move || {
        if in_round {
            t_string!(i18n, timeline.parent_joint)
        } else {
            t_string!(i18n, timeline.parent_adhoc)
        }
    };
    view! {
        <li class="timeline-entry">
            <EntryHead on=entry.assessed_on position=entry.position context=entry.context />
            <p class="muted">
                {kind}
                {entry.round_name.clone().map(|r| view! { " (" <bdi>{r}</bdi> ")" })}
                {entry.place.clone().map(|p| view! { " · " <bdi>{p}</bdi> })}
            </p>
            <Note text=entry.note.clone() />
            <DeletedOn on=entry.deleted_on />
        </li>
    }
}

/// The team's own words, isolated: a note keeps its own direction (a Danish note on an Arabic
/// page reads left to right, its full stop at its end), and nothing when there is none.
#[component]
fn Note(text: String) -> impl IntoView {
    (!text.is_empty()).then(|| view! { <p class="note" dir="auto">{text}</p> })
}

#[component]
fn Entry(entry: TimelineEntry) -> impl IntoView {
    let i18n = use_i18n();
    let assessment_kind = entry.kind;
    let kind = move || match assessment_kind {
        AssessmentKind::Individual => t_string!(i18n, timeline.individual),
        AssessmentKind::Joint => t_string!(i18n, timeline.joint),
        AssessmentKind::Adhoc => t_string!(i18n, timeline.adhoc),
    };
    view! {
        <li class="timeline-entry" data-kind=format!("{:?}", entry.kind).to_lowercase()>
            <EntryHead on=entry.assessed_on position=entry.position context=entry.context />
            <p class="muted">
                {kind}
                {entry.round_name.clone().map(|r| view! { " (" <bdi>{r}</bdi> ")" })}
                " · "
                <bdi>{entry.by.clone()}</bdi>
                " · "
                <bdi>{entry.unit_name.clone()}</bdi>
            </p>
            <Note text=entry.note.clone() />
            {(!entry.indicators.is_empty())
                .then(|| {
                    view! {
                        <ul class="indicator-list">
                            {entry
                                .indicators
                                .iter()
                                .map(|t| view! { <li dir="auto">{t.clone()}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
            <DeletedOn on=entry.deleted_on />
        </li>
    }
}

/// When, which position and in which context: the head of every entry, staff's or parents'.
#[component]
fn EntryHead(on: Date, position: Position, context: AssessmentContext) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="timeline-head">
            <time datetime=on.to_string()>{format_date(on)}</time>
            " · "
            <PositionBadge position />
            " "
            {t!(i18n, timeline.in_context)}
            " "
            <strong>{move || context_word(i18n, context)}</strong>
        </p>
    }
}

/// The date an entry will be deleted (SECURITY P1).
#[component]
fn DeletedOn(on: Date) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="muted small">{t!(i18n, timeline.deleted_on)} " " {format_date(on)}</p> }
}

#[component]
fn FollowUps(items: Vec<FollowUpView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="follow-ups-child">
            <h2 id="follow-ups-child">{t!(i18n, follow_up.title)}</h2>
            <ul class="follow-ups">
                {items
                    .into_iter()
                    .map(|f| {
                        view! {
                            <li class:overdue=f.overdue>
                                <PositionBadge position=f.position />
                                " "
                                {t!(i18n, follow_up.what)}
                                " · "
                                {t!(i18n, follow_up.due)}
                                " "
                                {format_date(f.due_on)}
                                {match f.done_on {
                                    Some(d) => {
                                        view! { " · " {t!(i18n, follow_up.done_on)} " " {format_date(d)} }
                                            .into_any()
                                    }
                                    None if f.overdue => {
                                        view! {
                                            " · "
                                            <strong class="overdue-mark">"⚠ " {t!(i18n, follow_up.overdue)}</strong>
                                        }
                                            .into_any()
                                    }
                                    None => view! { " · " {t!(i18n, follow_up.open)} }.into_any(),
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
