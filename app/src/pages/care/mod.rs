//! Focus meetings and action plans (issue 16): the child page's section, a meeting's page and a
//! plan's page, each in a staff and a parent form.

mod meeting;
mod meeting_parent;
mod plan;
mod plan_lines;
mod plan_parent;
mod propose;
mod section;
mod specialist_form;

pub use meeting::MeetingPageView;
pub use plan::{NewPlanPage, PlanPageView};
pub use section::CareSection;

use crate::i18n::*;
use leptos::prelude::*;

/// Under text the staff wrote, for a parent reading in another language: it is shown as
/// written, and this says it is Danish.
#[component]
fn InDanish() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || i18n.get_locale() != Locale::da>
            <p class="muted in-danish" lang=move || i18n.get_locale().as_str()>"ⓘ " {t!(i18n, meeting.in_danish)}</p>
        </Show>
    }
    .into_any()
}
