use super::format_date;
use crate::i18n::*;
use crate::org::{ChildCard, GroupRoster};
use leptos::prelude::*;

/// A group and its children; for the staff who assess it, the way into the round.
#[component]
pub fn Roster(group: GroupRoster, #[prop(optional)] assess: bool) -> impl IntoView {
    let i18n = use_i18n();
    let count = group.children.len();
    let id = group.group_id;
    view! {
        <article class="roster card">
            <h3>
                <bdi>{group.group_name}</bdi>
                <span class="muted">" · " <bdi>{group.unit_name}</bdi></span>
            </h3>
            <p class="muted">{count} " " {t!(i18n, home.children_count)}</p>
            {assess
                .then(|| {
                    view! {
                        <p class="actions">
                            <a class="button primary" href=format!("/groups/{id}/round") data-testid="open-round">
                                {t!(i18n, round.open_grid)}
                            </a>
                            <a class="button secondary" href=format!("/groups/{id}/joint")>
                                {t!(i18n, round.to_joint)}
                            </a>
                        </p>
                    }
                })}
            <ChildList children=group.children />
        </article>
    }
}

/// Children as tiles, each a link to the child's page.
#[component]
pub fn ChildList(children: Vec<ChildCard>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="child-grid">
            {children
                .into_iter()
                .map(|c| {
                    view! {
                        <li>
                            <a class="child-tile" href=format!("/children/{}", c.id)>
                                <span class="child-name">
                                    <bdi>{c.name}</bdi>
                                </span>
                                <span class="muted">
                                    {t!(i18n, child.born)} " " {format_date(c.birth_date)}
                                </span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
