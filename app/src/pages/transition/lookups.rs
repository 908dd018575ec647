//! "Who looked at my child" on the parent's phone (issue 18 item 3): a line per day, role,
//! place and purpose, newest first, never a staff member's name.

use crate::components::{format_date, load_by_id, role_word, use_route_id, PageShell};
use crate::domain::ChildId;
use crate::i18n::*;
use crate::transition::lookups::get_child_lookups;
use crate::wire::lookups::{ChildLookups, LookupLine, LookupPurpose};
use crate::I18n;
use leptos::prelude::*;

#[component]
pub fn LookupsPage() -> impl IntoView {
    let child = use_route_id::<ChildId>();
    let page = load_by_id(child, get_child_lookups);
    view! {
        <PageShell resource=page let:found>
            <LookupsView found />
        </PageShell>
    }
    .into_any()
}

#[component]
fn LookupsView(found: ChildLookups) -> impl IntoView {
    let i18n = use_i18n();
    let empty = found.lines.is_empty();
    view! {
        <p><a href=format!("/children/{}", found.child) class="back-link">"← " {t!(i18n, lookups.back)}</a></p>
        <h1>{t!(i18n, lookups.heading)} ": " <bdi>{found.child_name.clone()}</bdi></h1>
        <p class="hint">{t!(i18n, lookups.intro)}</p>
        {found.places_hidden.then(|| view! { <p class="hint">{t!(i18n, lookups.places_hidden)}</p> })}
        {if empty {
            view! { <p class="empty" data-testid="lookups-empty">{t!(i18n, lookups.empty)}</p> }.into_any()
        } else {
            view! {
                <ul class="care-list lookups" data-testid="lookups">
                    {found.lines.into_iter().map(|line| view! { <Line line /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
    .into_any()
}

#[component]
fn Line(line: LookupLine) -> impl IntoView {
    let i18n = use_i18n();
    let (role, purpose, times) = (line.role, line.purpose, line.times);
    view! {
        <li data-testid="lookup">
            <strong>{format_date(line.on)}</strong>
            " · "
            {move || match role {
                Some(role) => role_word(i18n, role),
                None => t_string!(i18n, lookups.staff).to_string(),
            }}
            {line.place.map(|place| view! { " · " <bdi>{place}</bdi> })}
            <br />
            {move || purpose_word(i18n, purpose)}
            " · "
            {move || format!("{} {times}", t_string!(i18n, lookups.times))}
        </li>
    }
}

pub fn purpose_word(i18n: I18n, purpose: LookupPurpose) -> String {
    match purpose {
        LookupPurpose::ChildPage => t_string!(i18n, lookups.purpose_child_page),
        LookupPurpose::Assessments => t_string!(i18n, lookups.purpose_assessments),
        LookupPurpose::UnitOverview => t_string!(i18n, lookups.purpose_unit_overview),
        LookupPurpose::FollowUps => t_string!(i18n, lookups.purpose_follow_ups),
        LookupPurpose::Care => t_string!(i18n, lookups.purpose_care),
        LookupPurpose::Transition => t_string!(i18n, lookups.purpose_transition),
        LookupPurpose::Record => t_string!(i18n, lookups.purpose_record),
        LookupPurpose::SpotCheck => t_string!(i18n, lookups.purpose_spot_check),
        LookupPurpose::Other => t_string!(i18n, lookups.purpose_other),
    }
    .to_string()
}
