//! What is new for a parent: for each of their children, the date of the newest entry in the
//! parents' timeline, and the focus meetings that wait for their answer and the action plans
//! they have not read — the parents' home page (issue 16 item 4).

use crate::error::AppError;
use crate::wire::parent::ParentNews;
use leptos::prelude::*;

/// The signed-in guardian's children whose guardianship holds today, each with the newest date
/// of what the team shared with the parents. Someone who is no guardian gets an empty list.
#[server(name = GetParentNews, prefix = "/api", endpoint = "parent_news")]
pub async fn get_parent_news() -> Result<ParentNews, AppError> {
    use super::timeline::read;
    use crate::backend::context::{Caller, Target};
    use crate::backend::store::org;
    use crate::policy::Action;
    use crate::wire::parent::ChildNews;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let mut news = ParentNews::default();
    for child in org::own_children(&mut conn, caller.user.user_id, today).await? {
        // The timeline's own gate and the parents' own view of it: the date is that of an
        // entry the parent will find on the child's page, and the lookup is in the audit log.
        caller
            .authorize(
                &mut conn,
                Action::ViewAssessments,
                Target::Child(child.id),
                "home: what is new",
            )
            .await?;
        let timeline = read::parent(&caller, &mut conn, child.id).await?;
        caller
            .authorize(
                &mut conn,
                Action::ViewCare,
                Target::Child(child.id),
                "home: what is new",
            )
            .await?;
        let care = crate::care::read::parent_care(&caller, &mut conn, child.id).await?;
        let open_plan = |p: &&crate::wire::parent_care::ParentPlanSummary| {
            p.unread && p.status != crate::domain::PlanStatus::Closed
        };
        news.children.push(ChildNews {
            id: child.id,
            name: child.name,
            newest_entry: timeline.newest_entry(),
            meetings_to_answer: care.meetings.iter().filter(|m| m.to_answer).count() as u32,
            plans_to_read: care.plans.iter().filter(open_plan).count() as u32,
        });
    }
    Ok(news)
}
