//! A parent's home page on their phone: for each child, when the team last shared something
//! with them, a way into the child's page, and the information about Tværs.

use crate::assessment::news::get_parent_news;
use crate::components::{format_date, PageShell};
use crate::i18n::*;
use crate::wire::parent::ChildNews;
use leptos::prelude::*;

/// What is new for a parent. Everything shown comes from the parents' view types
/// (`wire::parent`), never from the staff's.
#[component]
pub(super) fn ParentHome() -> impl IntoView {
    let i18n = use_i18n();
    let news = Resource::new(|| (), |_| get_parent_news());
    view! {
        <AwaitingParents />
        <section aria-labelledby="my-children">
            <h2 id="my-children">{t!(i18n, home.my_children)}</h2>
            <p class="lead">{t!(i18n, home.parent_lead)}</p>
            <PageShell resource=news section=true let:news>
                <ul class="cards news-cards">
                    {news
                        .children
                        .into_iter()
                        .map(|child| view! { <NewsCard child /> })
                        .collect_view()}
                </ul>
            </PageShell>
            <p class="info-link">
                <a href="/information">{t!(i18n, info.link)}</a>
            </p>
        </section>
    }
}

/// The place for what waits for the parents themselves: **focus meetings to answer** and
/// **action plans to read** (DESIGN §1), shown above the children's cards, most urgent first.
///
/// Empty on purpose until meetings and plans exist (they are being built under `app/src/care/`):
/// it must never show invented or sample data. When they come, load them here through a server
/// function that answers parents' view types (`wire::parent` or its like: no staff-only
/// fields, no place under another guardian's address protection, SECURITY A5 and C4), audited
/// per child, with every text in all five languages; render nothing when nothing waits.
#[component]
fn AwaitingParents() -> impl IntoView {}

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
