//! The leader's view of a unit's round on the unit page: progress per group, and the
//! follow-ups to handle.

use crate::assessment::dashboard::complete_follow_up;
use crate::assessment::{FollowUpView, UnitDashboard};
use crate::components::{format_date, ErrorMessage, PageShell, PositionBadge};
use crate::domain::{FollowUpId, Position};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// Shown on the unit page to those who lead the unit; nothing for anyone else.
#[component]
pub(super) fn UnitDashboardView(data: Resource<Result<UnitDashboard, AppError>>) -> impl IntoView {
    view! {
        <PageShell resource=data section=true let:d>
            <Dashboard data=d refresh=move || data.refetch() />
        </PageShell>
    }
}

#[component]
fn Dashboard(
    data: UnitDashboard,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = data
        .follow_ups
        .iter()
        .filter(|f| f.done_on.is_none())
        .count();
    let overdue = data.follow_ups.iter().filter(|f| f.overdue).count();
    let has_overdue = overdue > 0;
    view! {
        <section class="card" aria-labelledby="round-progress" data-testid="dashboard">
            <h2 id="round-progress">
                {t!(i18n, dashboard.title)}
                {data.round.clone().map(|r| format!(" · {}", r.name))}
            </h2>
            {data.round.is_none().then(|| view! { <p class="empty">{t!(i18n, dashboard.no_round)}</p> })}
            <ul class="progress-list">
                {data
                    .groups
                    .iter()
                    .map(|g| {
                        view! {
                            <li class="group-progress" data-testid="group-progress">
                                <h3>{g.name.clone()}</h3>
                                <label class="progress-label">
                                    <span>
                                        {t!(i18n, dashboard.individual)} ": " {g.individually_assessed}
                                        " " {t!(i18n, round.of)} " " {g.children}
                                    </span>
                                    <progress max=g.children value=g.individually_assessed></progress>
                                </label>
                                <label class="progress-label">
                                    <span data-testid="joint-progress">
                                        {t!(i18n, dashboard.joint)} ": " {g.joint_done} " "
                                        {t!(i18n, round.of)} " " {g.children}
                                    </span>
                                    <progress max=g.children value=g.joint_done></progress>
                                </label>
                                <p class="counts">
                                    {Position::ALL
                                        .iter()
                                        .zip(g.counts)
                                        .map(|(p, n)| {
                                            view! {
                                                <span class="count">
                                                    <PositionBadge position=*p />
                                                    " "
                                                    <strong data-position-count=p.code()>{n}</strong>
                                                </span>
                                            }
                                        })
                                        .collect_view()}
                                </p>
                                <p>
                                    <a class="button secondary" href=format!("/groups/{}/joint", g.group_id)>
                                        {t!(i18n, round.to_joint)}
                                    </a>
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="follow-ups">
            <h2 id="follow-ups">{t!(i18n, follow_up.title)}</h2>
            <p data-testid="follow-up-summary">
                <strong>{open}</strong> " " {t!(i18n, follow_up.open)} " · "
                <strong class:overdue-mark=has_overdue>{overdue}</strong> " " {t!(i18n, follow_up.overdue)}
            </p>
            <ul class="follow-ups">
                {data
                    .follow_ups
                    .into_iter()
                    .map(|f| view! { <FollowUpRow item=f refresh /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn FollowUpRow(
    item: FollowUpView,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id: FollowUpId = item.id;
    let today = RwSignal::new(String::new());
    let done = Action::new(move |date: &String| complete_follow_up(id, date.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = done.value().get() {
            refresh();
        }
    });
    let date_id = format!("done-{id}");
    view! {
        <li class="follow-up" class:overdue=item.overdue data-testid="follow-up" data-overdue=item.overdue.to_string()>
            <p>
                <a href=format!("/children/{}", item.child)>{item.child_name.clone()}</a>
                " · "
                <PositionBadge position=item.position />
                " · "
                {t!(i18n, follow_up.what)}
            </p>
            <p class="muted">
                {t!(i18n, follow_up.assessed)} " " {format_date(item.assessed_on)} " · "
                {t!(i18n, follow_up.due)} " " {format_date(item.due_on)}
                {item.overdue.then(|| view! { " · " <strong class="overdue-mark">"⚠ " {t!(i18n, follow_up.overdue)}</strong> })}
            </p>
            {match item.done_on {
                Some(d) => view! { <p class="success">{t!(i18n, follow_up.done_on)} " " {format_date(d)}</p> }.into_any(),
                None => view! {
                    <div class="inline-form">
                        <label for=date_id.clone()>{t!(i18n, follow_up.informed_on)}</label>
                        <input
                            id=date_id
                            type="date"
                            prop:value=move || today.get()
                            on:input=move |ev| today.set(event_target_value(&ev))
                        />
                        <button
                            class="button primary"
                            data-testid="mark-done"
                            on:click=move |_| {
                                done.dispatch(today.get_untracked());
                            }
                        >
                            {t!(i18n, follow_up.mark_done)}
                        </button>
                        {move || done.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
                    </div>
                }.into_any(),
            }}
        </li>
    }
}
