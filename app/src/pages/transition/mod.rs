//! The child page's section on moving on (issue 17): for the place the child leaves, the
//! transition description, the consents and handing everything over; for the new place, what
//! reached it by consent; for the parents, the move, their consent and everything registered.

mod items;
pub(crate) mod lookups;
mod parent;
mod received;
mod staff;

pub use lookups::LookupsPage;

use crate::domain::ChildId;
use crate::error::AppError;
use crate::transition::ChildTransitions;
use leptos::prelude::*;

#[component]
pub fn TransitionSection(
    child: ChildId,
    data: Resource<Result<ChildTransitions, AppError>>,
) -> impl IntoView {
    let changed = Callback::new(move |()| data.refetch());
    view! {
        <crate::components::PageShell resource=data section=true let:found>
            {match found {
                ChildTransitions::Staff(t) => {
                    view! { <staff::StaffTransitionsView child t changed /> }.into_any()
                }
                ChildTransitions::Parent(t) => {
                    view! { <parent::ParentTransitionsView t changed /> }.into_any()
                }
            }}
        </crate::components::PageShell>
    }
    .into_any()
}
