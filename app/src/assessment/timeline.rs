//! A child's positions over time: each a statement about a context at a time, with its note,
//! date and deletion date — never a label on the child. Staff read what their own units
//! registered; guardians the parents' view (`policy::scope` decides which).

use super::ChildTimeline;
use crate::domain::ChildId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(name = GetChildTimeline, prefix = "/api", endpoint = "child_timeline", input = Json)]
pub async fn get_child_timeline(child: ChildId) -> Result<ChildTimeline, AppError> {
    use crate::backend::context::{Caller, Target};
    use crate::policy::scope::{reader, Reader};
    use crate::policy::Action;

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
    match reader(&allowed.subject, child, &allowed.placements, today) {
        Some(Reader::Staff { units }) => Ok(ChildTimeline::Staff(
            read::staff(&caller, &mut conn, &allowed, child, &units).await?,
        )),
        Some(Reader::Guardian { .. }) => Ok(ChildTimeline::Parent(
            read::parent(&caller, &mut conn, child).await?,
        )),
        // The policy let the caller reach the child, but no view fits: nothing to show.
        None => Err(AppError::NotFound),
    }
}

/// The reads behind both views; the parents' view also answers their home page's news.
#[cfg(feature = "ssr")]
pub(super) mod read {
    use crate::backend::context::{Allowed, Caller};
    use crate::backend::db::Conn;
    use crate::backend::store::assessments::{self, AssessmentRow, RegisteredBy};
    use crate::backend::store::{child_page, follow_ups, indicators, org, settings};
    use crate::domain::{
        deleted_on, registered_on, AssessmentKind, AssessmentSettings, ChildId, UnitId,
    };
    use crate::error::AppError;
    use crate::policy::blind::may_see_individual;
    use crate::policy::{Action, Resource};
    use crate::wire::assessment::{StaffTimeline, TimelineEntry};
    use crate::wire::parent::{ParentEntry, ParentTimeline};
    /// The staff's view: what `units` registered, the blind rule applied.
    pub async fn staff(
        caller: &Caller,
        conn: &mut Conn,
        allowed: &Allowed,
        child: ChildId,
        units: &[UnitId],
    ) -> Result<StaffTimeline, AppError> {
        let today = caller.state.clock.today();
        let me = caller.user.user_id;
        let resource = Resource::Child {
            id: child,
            placements: &allowed.placements,
        };
        let assesses = caller.also_may(Action::AssessChild, &resource);
        let rows = assessments::child_assessments(conn, child, RegisteredBy::Units(units)).await?;
        let texts = indicators::indicator_texts(conn, child).await?;
        let years = crate::care::read::years(caller, conn, child).await?;
        let mut hidden = 0;
        let mut entries = Vec::new();
        for row in &rows {
            if row.kind == AssessmentKind::Individual && !blind_lets_see(me, assesses, row, &rows) {
                hidden += 1;
                continue;
            }
            entries.push(TimelineEntry {
                id: row.id,
                kind: row.kind,
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
                // From the registration, not the last edit (which moves `assessed_on`): the day
                // the retention job deletes it (SECURITY R1).
                deleted_on: deleted_on(registered_on(row.created_at), years),
            });
        }
        let follow_ups = follow_ups::child_follow_ups(conn, child, units, today).await?;
        // Groups where this caller could add an ad hoc assessment today.
        let mut adhoc_groups = Vec::new();
        let mut settings = AssessmentSettings::default();
        for place in &allowed.placements {
            if caller.also_may(Action::AssessChild, &Resource::Unit(*place)) {
                settings = settings::settings(conn, place.municipality).await?;
                adhoc_groups
                    .extend(org::child_groups_in_unit(conn, child, place.unit, today).await?);
            }
        }
        Ok(StaffTimeline {
            entries,
            hidden,
            follow_ups,
            adhoc_groups,
            settings,
        })
    }

    /// The blind rule for one individual position among the rows of its round.
    fn blind_lets_see(
        me: crate::domain::UserId,
        assesses: bool,
        row: &AssessmentRow,
        rows: &[AssessmentRow],
    ) -> bool {
        let same_round = |r: &&AssessmentRow| r.round == row.round && r.unit == row.unit;
        let submitted = rows
            .iter()
            .filter(same_round)
            .any(|r| r.kind == AssessmentKind::Individual && r.assessor == me);
        let joint_set = rows
            .iter()
            .filter(same_round)
            .any(|r| r.kind == AssessmentKind::Joint);
        may_see_individual(me, row.assessor, assesses, submitted, joint_set)
    }

    /// The parents' view: the positions the teams set, with their notes, from every unit that
    /// registered one — never an individual position, a staff name or, under another
    /// guardian's address protection, a place.
    pub async fn parent(
        caller: &Caller,
        conn: &mut Conn,
        child: ChildId,
    ) -> Result<ParentTimeline, AppError> {
        let today = caller.state.clock.today();
        let (_, other_protected) =
            child_page::child_guardians(conn, child, caller.user.user_id, today).await?;
        let years = crate::care::read::years(caller, conn, child).await?;
        let rows = assessments::child_assessments(conn, child, RegisteredBy::AnyUnit).await?;
        let entries = rows
            .into_iter()
            .filter(|row| row.kind != AssessmentKind::Individual)
            .map(|row| ParentEntry {
                id: row.id,
                round_name: row.round_name,
                position: row.position,
                context: row.context,
                note: row.note,
                assessed_on: row.assessed_on,
                place: (!other_protected).then_some(row.unit_name),
                // From the registration, not the last edit (which moves `assessed_on`): the day
                // the retention job deletes it (SECURITY R1).
                deleted_on: deleted_on(registered_on(row.created_at), years),
            })
            .collect();
        Ok(ParentTimeline { entries })
    }
}
