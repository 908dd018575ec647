//! A child's page: who the child is, its positions over time, and who can see its data.

mod adhoc;
mod timeline;

use crate::assessment::timeline::get_child_timeline;
use crate::assessment::ChildTimeline;
use crate::care::meetings::get_child_care;
use crate::care::ChildCare;
use crate::components::{
    format_date, load_by_id, unit_kind_word, use_route_id, BackToHome, PageShell,
};
use crate::domain::{ChildId, Role};
use crate::error::AppError;
use crate::i18n::*;
use crate::org::child_page::get_child_page;
use crate::org::{AccessRow, AccessWho, ChildPage, ChildPageFor};
use crate::transition::staff::get_child_transitions;
use crate::transition::ChildTransitions;
use crate::I18n;
use leptos::prelude::*;
use timeline::Timeline;

#[component]
pub fn ChildPageView() -> impl IntoView {
    let child = use_route_id::<ChildId>();
    let page = load_by_id(child, get_child_page);
    // Every section's data is asked for here, beside the page's own, and only read inside the
    // page's Suspense. A section that made its own request once the page around it had loaded
    // sent the server's renderer round again for it, and a few times in a thousand under load
    // the response never ended (the test `page_streams`; leptos-rs/leptos#4866 is the pattern).
    // Side by side is also one round trip instead of two.
    let sections = Sections {
        timeline: load_by_id(child, get_child_timeline),
        care: load_by_id(child, get_child_care),
        transitions: load_by_id(child, get_child_transitions),
    };
    view! {
        <BackToHome />
        <PageShell resource=page let:page>
            <ChildDetails page sections />
        </PageShell>
    }
}

/// The data of the page's sections, each shown only when the one asking may see it.
#[derive(Clone, Copy)]
struct Sections {
    timeline: Resource<Result<ChildTimeline, AppError>>,
    care: Resource<Result<ChildCare, AppError>>,
    transitions: Resource<Result<ChildTransitions, AppError>>,
}

#[component]
fn ChildDetails(page: ChildPage, sections: Sections) -> impl IntoView {
    let i18n = use_i18n();
    let for_guardian = page.viewer_is_guardian();
    let (external_id, guardians) = match page.view.clone() {
        ChildPageFor::Staff {
            external_id,
            guardians,
        } => (external_id, guardians),
        ChildPageFor::Parent => (None, Vec::new()),
    };
    view! {
        <h1>
            <bdi>{page.first_name.clone()} " " {page.last_name.clone()}</bdi>
        </h1>
        <section class="card" aria-labelledby="who">
            <h2 id="who">{t!(i18n, child.about)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, child.born)}</dt>
                <dd>{format_date(page.birth_date)}</dd>
                {external_id
                    .map(|id| {
                        view! {
                            <dt>{t!(i18n, child.external_id)}</dt>
                            <dd>
                                <bdi>{id}</bdi>
                            </dd>
                        }
                    })}
                {page
                    .placements
                    .iter()
                    .map(|p| {
                        let kind = p.unit_kind;
                        view! {
                            <dt>{move || unit_kind_word(i18n, kind)}</dt>
                            <dd>
                                <bdi>{p.unit_name.clone()}</bdi> ", " <bdi>{p.group_name.clone()}</bdi>
                                " (" {t!(i18n, child.since)} " " {format_date(p.since)} ")"
                            </dd>
                        }
                    })
                    .collect_view()}
            </dl>
            {(!guardians.is_empty())
                .then(|| {
                    view! {
                        <h3>{t!(i18n, child.guardians)}</h3>
                        <ul>
                            {guardians
                                .iter()
                                .map(|g| {
                                    let custody = g.has_custody;
                                    view! {
                                        <li>
                                            <bdi>{g.name.clone()}</bdi> " – "
                                            {move || {
                                                if custody {
                                                    t_string!(i18n, child.custody).to_string()
                                                } else {
                                                    t_string!(i18n, child.no_custody).to_string()
                                                }
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
        <Timeline child=page.id data=sections.timeline />
        <crate::pages::care::CareSection child=page.id data=sections.care />
        <crate::pages::transition::TransitionSection child=page.id data=sections.transitions />
        <AccessList rows=page.access.clone() for_guardian />
        {for_guardian
            .then(|| {
                view! {
                    <p class="info-link">
                        <a href="/information">{t!(i18n, info.link)}</a>
                    </p>
                }
            })}
    }
}

/// Who can see this child's data and why (SECURITY P2). Written for parents first: plain words,
/// and the reason next to each role.
///
/// A table on a wide screen; on a phone each row stacks into a small card of labelled lines
/// (`.reflow-table` in style/main.css), so nothing scrolls sideways. The explicit roles keep it
/// a table for screen readers when the phone's CSS changes how it is displayed; the labels
/// repeated in each cell are for the eye only, as the column headers still name every cell.
#[component]
fn AccessList(rows: Vec<AccessRow>, for_guardian: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="access">
            <h2 id="access">{t!(i18n, access.title)}</h2>
            <p class="lead">
                {move || {
                    if for_guardian {
                        t_string!(i18n, access.lead_guardian).to_string()
                    } else {
                        t_string!(i18n, access.lead_staff).to_string()
                    }
                }}
            </p>
            <table class="access-table reflow-table" role="table">
                <thead role="rowgroup">
                    <tr role="row">
                        <th scope="col" role="columnheader">{t!(i18n, access.who)}</th>
                        <th scope="col" role="columnheader">{t!(i18n, access.where_)}</th>
                        <th scope="col" role="columnheader">{t!(i18n, access.people)}</th>
                        <th scope="col" role="columnheader">{t!(i18n, access.why)}</th>
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    {rows
                        .into_iter()
                        .map(|row| {
                            let who = row.who;
                            view! {
                                <tr role="row">
                                    <td role="cell">
                                        <span class="cell-label" aria-hidden="true">{t!(i18n, access.who)}</span>
                                        <span>{move || who_text(i18n, who)}</span>
                                    </td>
                                    <td role="cell">
                                        <span class="cell-label" aria-hidden="true">{t!(i18n, access.where_)}</span>
                                        <span>
                                            <bdi>{row.place.unwrap_or_else(|| "–".to_string())}</bdi>
                                        </span>
                                    </td>
                                    <td role="cell">
                                        <span class="cell-label" aria-hidden="true">{t!(i18n, access.people)}</span>
                                        <span>{row.people}</span>
                                    </td>
                                    <td role="cell">
                                        <span class="cell-label" aria-hidden="true">{t!(i18n, access.why)}</span>
                                        <span>{move || why_text(i18n, who)}</span>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Who holds the access, in the reader's language of the moment.
fn who_text(i18n: I18n, who: AccessWho) -> String {
    match who {
        AccessWho::Guardians => t_string!(i18n, access.guardians).to_string(),
        AccessWho::Staff(role) => crate::components::role_word(i18n, role),
    }
}

/// Why they hold it.
fn why_text(i18n: I18n, who: AccessWho) -> String {
    match who {
        AccessWho::Guardians => t_string!(i18n, access.why_guardians).to_string(),
        AccessWho::Staff(role) => role_reason(i18n, role),
    }
}

fn role_reason(i18n: I18n, role: Role) -> String {
    match role {
        Role::Pedagogue | Role::Teacher | Role::Childminder | Role::HealthVisitor => {
            t_string!(i18n, access.why_close_staff)
        }
        Role::UnitLeader => t_string!(i18n, access.why_unit_leader),
        Role::AreaLeader => t_string!(i18n, access.why_area_leader),
        Role::Specialist => t_string!(i18n, access.why_specialist),
        Role::Administrator => t_string!(i18n, access.why_administrator),
    }
    .to_string()
}
