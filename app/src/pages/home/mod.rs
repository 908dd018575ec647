//! The home page: what each person works with — groups, units, cases, the organisation — and
//! for a parent, what is new about their children (`parent`).

mod parent;

use crate::assessment::news::get_parent_news;
use crate::components::{unit_kind_word, ChildList, PageShell, Roster};
use crate::error::AppError;
use crate::i18n::*;
use crate::org::home::get_home;
use crate::org::{ChildCard, Home, MunicipalitySummary, UnitSummary};
use crate::wire::parent::ParentNews;
use leptos::prelude::*;
use parent::ParentHome;

#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| get_home());
    // What is new for a parent loads beside the home page and is read inside its Suspense,
    // never asked for from within it (why: `pages::child::ChildPageView`). For someone who has
    // no children of their own it is an empty list, from one query.
    let news = Resource::new(|| (), |_| get_parent_news());
    view! {
        <PageShell resource=home let:home>
            <HomeSections home news />
        </PageShell>
    }
}

#[component]
fn HomeSections(home: Home, news: Resource<Result<ParentNews, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let area_leader = home.roles.contains(&crate::domain::Role::AreaLeader);
    let unit_leader = home.roles.contains(&crate::domain::Role::UnitLeader);
    let nothing = home.groups.is_empty()
        && home.units.is_empty()
        && home.own_children.is_empty()
        && home.invited_children.is_empty()
        && home.municipality.is_none();
    view! {
        <h1>{t!(i18n, home.greeting)} ", " <bdi>{home.display_name.clone()}</bdi></h1>
        {nothing.then(|| view! { <p class="empty">{t!(i18n, home.nothing)}</p> })}
        {(!home.groups.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="my-groups">
                        <h2 id="my-groups">{t!(i18n, home.my_groups)}</h2>
                        {home
                            .groups
                            .into_iter()
                            .map(|g| view! { <Roster group=g assess=true /> })
                            .collect_view()}
                    </section>
                }
            })}
        {(!home.units.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="my-units">
                        <h2 id="my-units">{t!(i18n, home.my_units)}</h2>
                        <ul class="cards">
                            {home.units.into_iter().map(|u| view! { <UnitCard unit=u /> }).collect_view()}
                        </ul>
                        {unit_leader
                            .then(|| {
                                view! {
                                    <p class="actions">
                                        <a class="button secondary" href="/spot-check">{t!(i18n, spot_check.title)}</a>
                                        <a class="button secondary" href="/reports/rounds">{t!(i18n, reports.home_link)}</a>
                                    </p>
                                }
                            })}
                        {area_leader
                            .then(|| {
                                view! {
                                    <p class="actions">
                                        <a class="button secondary" href="/overview">{t!(i18n, overview.title)}</a>
                                        <a class="button secondary" href="/reports/language">{t!(i18n, language.link)}</a>
                                        <a class="button secondary" href="/admin/rounds">{t!(i18n, rounds.title)}</a>
                                        <a class="button secondary" href="/reports/rounds">{t!(i18n, reports.home_link)}</a>
                                    </p>
                                }
                            })}
                    </section>
                }
            })}
        {(!home.own_children.is_empty()).then(|| view! { <ParentHome news /> })}
        <ChildSection
            id="my-cases"
            title=move || t!(i18n, home.my_cases)
            children=home.invited_children
        />
        {home.municipality.map(|m| view! { <MunicipalityCard municipality=m /> })}
    }
}

/// A titled list of children (a specialist's cases); nothing when empty.
#[component]
fn ChildSection(
    id: &'static str,
    #[prop(into)] title: ViewFn,
    children: Vec<ChildCard>,
) -> impl IntoView {
    (!children.is_empty()).then(|| {
        view! {
            <section aria-labelledby=id>
                <h2 id=id>{title.run()}</h2>
                <ChildList children />
            </section>
        }
    })
}

#[component]
fn UnitCard(unit: UnitSummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li>
            <a class="card unit-card" href=format!("/units/{}", unit.unit_id)>
                <strong>
                    <bdi>{unit.name}</bdi>
                </strong>
                <span class="muted">
                    {move || unit_kind_word(i18n, unit.kind)} " · " <bdi>{unit.area_name}</bdi>
                </span>
                <span>
                    {unit.groups} " " {t!(i18n, home.groups_count)} ", " {unit.children} " "
                    {t!(i18n, home.children_count)}
                </span>
            </a>
        </li>
    }
}

#[component]
fn MunicipalityCard(municipality: MunicipalitySummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="organisation">
            <h2 id="organisation">
                {t!(i18n, home.organisation)} ": " <bdi>{municipality.name}</bdi>
            </h2>
            <dl class="facts">
                <dt>{t!(i18n, org.areas)}</dt>
                <dd>{municipality.areas}</dd>
                <dt>{t!(i18n, org.units)}</dt>
                <dd>{municipality.units}</dd>
                <dt>{t!(i18n, org.groups)}</dt>
                <dd>{municipality.groups}</dd>
                <dt>{t!(i18n, org.children)}</dt>
                <dd>{municipality.children}</dd>
                <dt>{t!(i18n, org.staff)}</dt>
                <dd>{municipality.staff}</dd>
                <dt>{t!(i18n, org.guardians)}</dt>
                <dd>{municipality.guardians}</dd>
            </dl>
            <p class="actions">
                <a class="button primary" href="/admin">
                    {t!(i18n, admin.open_import)}
                </a>
                <a class="button secondary" href="/admin/rounds">{t!(i18n, rounds.title)}</a>
                <a class="button secondary" href="/admin/indicators">{t!(i18n, indicators.title)}</a>
                <a class="button secondary" href="/overview">{t!(i18n, overview.title)}</a>
                <a class="button secondary" href="/reports/rounds">{t!(i18n, reports.home_link)}</a>
                <a class="button secondary" href="/reports/language">{t!(i18n, language.link)}</a>
                <a class="button secondary" href="/spot-check">{t!(i18n, spot_check.title)}</a>
            </p>
        </section>
    }
}
