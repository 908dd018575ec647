//! A parent's home page on their phone: for each child, when the team last shared something
//! with them, a way into the child's page, and the information about Tværs.

use crate::components::{format_date, PageShell};
use crate::error::AppError;
use crate::i18n::*;
use crate::wire::parent::{ChildNews, ParentNews};
use leptos::prelude::*;

/// What is new for a parent. Everything shown comes from the parents' view types
/// (`wire::parent`), never from the staff's.
///
/// The news is read in one Suspense: one resource read in two of them left, now and then, a
/// server response that never ended (leptos-rs/leptos#4851; the test `page_streams`).
#[component]
pub(super) fn ParentHome(news: Resource<Result<ParentNews, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageShell resource=news section=true let:news>
            <AwaitingParents children=news.children.clone() />
            <section aria-labelledby="my-children">
                <h2 id="my-children">{t!(i18n, home.my_children)}</h2>
                <p class="lead">{t!(i18n, home.parent_lead)}</p>
                <ul class="cards news-cards">
                    {news
                        .children
                        .into_iter()
                        .map(|child| view! { <NewsCard child /> })
                        .collect_view()}
                </ul>
            </section>
        </PageShell>
        <p class="info-link">
            <a href="/information">{t!(i18n, info.link)}</a>
        </p>
    }
}

/// What waits for the parent themselves, above the children's cards: focus meetings to answer
/// and action plans to read, each leading to the child's page where they are. Nothing when
/// nothing waits.
#[component]
fn AwaitingParents(children: Vec<ChildNews>) -> impl IntoView {
    let i18n = use_i18n();
    let waiting: Vec<ChildNews> = children
        .into_iter()
        .filter(|c| c.meetings_to_answer > 0 || c.plans_to_read > 0)
        .collect();
    (!waiting.is_empty()).then(|| {
        view! {
            <section class="card awaiting" aria-labelledby="awaiting" data-testid="awaiting">
                <h2 id="awaiting">{t!(i18n, home.awaiting)}</h2>
                <ul class="care-list">
                    {waiting
                        .into_iter()
                        .map(|c| {
                            let (meetings, plans) = (c.meetings_to_answer, c.plans_to_read);
                            view! {
                                <li>
                                    <a class="care-link" href=format!("/children/{}", c.id)>
                                        <bdi class="care-text">{c.name}</bdi>
                                        {(meetings > 0).then(|| view! {
                                            <span class="badge-new">"✉ " {meetings} " " {t!(i18n, home.meetings_to_answer)}</span>
                                        })}
                                        {(plans > 0).then(|| view! {
                                            <span class="badge-new">"✉ " {plans} " " {t!(i18n, home.plans_to_read)}</span>
                                        })}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// One child: the name, and the date of the newest entry the parents can read on the child's
/// page. There is no record of what a parent has already read, so it says when, not "new".
#[component]
fn NewsCard(child: ChildNews) -> impl IntoView {
    let i18n = use_i18n();
    let newest = match child.newest_entry {
        Some(on) => view! {
            <span>
                {t!(i18n, home.newest_entry)} " "
                <time datetime=on.to_string()>{format_date(on)}</time>
            </span>
        }
        .into_any(),
        None => view! { <span class="muted">{t!(i18n, home.no_entries)}</span> }.into_any(),
    };
    view! {
        <li>
            <a class="news-card" href=format!("/children/{}", child.id)>
                <span class="child-name">
                    <bdi>{child.name}</bdi>
                </span>
                {newest}
            </a>
        </li>
    }
}
