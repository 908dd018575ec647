//! A child's positions over time: each a statement about a context at a time, with its note,
//! date and who assessed — never a label on the child.

use super::ChildTimeline;
use crate::domain::ChildId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(name = GetChildTimeline, prefix = "/api", endpoint = "child_timeline", input = Json)]
pub async fn get_child_timeline(child: ChildId) -> Result<ChildTimeline, AppError> {
    use super::TimelineEntry;
    use crate::backend::context::{Caller, Target};
    use crate::backend::store::org;
    use crate::backend::store::{assessments, follow_ups, indicators};
    use crate::domain::AssessmentKind;
    use crate::policy::blind::may_see_individual;
    use crate::policy::{Action, Resource};

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let allowed = caller
        .authorize(
            &mut conn,
            Action::ViewAssessments,
            Target::Child(child),
            "child timeline",
        )
        .await?;
    let today = caller.state.clock.today();
    let me = caller.user.user_id;
    let resource = Resource::Child {
        id: child,
        placements: &allowed.placements,
    };
    let assesses = caller.also_may(Action::AssessChild, &resource);
    let rows = assessments::child_assessments(&mut conn, child).await?;
    let texts = indicators::indicator_texts(&mut conn, child).await?;
    let years = caller.state.settings.retention_years;
    let mut hidden = 0;
    let mut entries = Vec::new();
    for row in &rows {
        let kind = row.kind;
        if kind == AssessmentKind::Individual {
            let same_round = |r: &&assessments::AssessmentRow| r.round == row.round;
            let submitted = rows
                .iter()
                .filter(same_round)
                .any(|r| r.kind == AssessmentKind::Individual && r.assessor == me);
            let joint_set = rows
                .iter()
                .filter(same_round)
                .any(|r| r.kind == AssessmentKind::Joint);
            if !may_see_individual(me, row.assessor, assesses, submitted, joint_set) {
                hidden += 1;
                continue;
            }
        }
        let deleted_on = row
            .assessed_on
            .replace_year(row.assessed_on.year() + years as i32)
            .unwrap_or(row.assessed_on + time::Duration::days(365 * years));
        entries.push(TimelineEntry {
            id: row.id,
            kind,
            round_name: row.round_name.clone(),
            position: row.position,
            context: row.context,
            note: row.note.clone(),
            indicators: texts
                .iter()
                .filter(|chosen| chosen.assessment == row.id)
                .map(|chosen| chosen.text.clone())
                .collect(),
            assessed_on: row.assessed_on,
            by: row.assessor_name.clone(),
            unit_name: row.unit_name.clone(),
            deleted_on,
        });
    }
    let follow_ups = follow_ups::child_follow_ups(&mut conn, child, today).await?;
    // Groups where this caller could add an ad hoc assessment today.
    let mut adhoc_groups = Vec::new();
    let mut settings = crate::domain::AssessmentSettings::default();
    for place in &allowed.placements {
        let here = Resource::Unit(*place);
        if caller.also_may(Action::AssessChild, &here) {
            settings =
                crate::backend::store::settings::settings(&mut conn, place.municipality).await?;
            for (group, name) in
                org::child_groups_in_unit(&mut conn, child, place.unit, today).await?
            {
                adhoc_groups.push((group, name));
            }
        }
    }
    Ok(ChildTimeline {
        entries,
        hidden,
        follow_ups,
        adhoc_groups,
        settings,
    })
}
