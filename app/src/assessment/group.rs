//! The two group views of a round: the assessor's grid and the team's joint dialogue.

use super::{GroupRound, JointView};
#[cfg(feature = "ssr")]
use crate::domain::AssessmentKind;
use crate::domain::GroupId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod load {
    use crate::backend::context::{fail, Allowed, Audited, Caller, Target};
    use crate::backend::db::Conn;
    use crate::backend::store::{assessments, groups, groups::GroupPlace};
    use crate::domain::{GroupId, RoundId};
    use crate::error::AppError;
    use crate::policy::{Action, Resource};

    /// The group, after the policy allowed listing its unit. The caller reads on with `conn`
    /// while the audit row (with the purpose) is committed, and awaits `Audited` before
    /// answering.
    pub async fn group(
        caller: &Caller,
        conn: &mut Conn,
        group: GroupId,
        purpose: &str,
    ) -> Result<(GroupPlace, Allowed, Audited), AppError> {
        let place = groups::group_place(conn, group).await?;
        let Some(place) = place else {
            // Refused like another unit's group: logged, after the same wait (SECURITY A4).
            let missing = Target::Missing(format!("group:{group}"));
            let (_, audited) = caller
                .authorize_on(conn, Action::ListUnitChildren, missing, purpose)
                .await?;
            audited.committed().await?;
            return fail(AppError::NotFound);
        };
        let (allowed, audited) = caller
            .authorize_on(
                conn,
                Action::ListUnitChildren,
                Target::UnitAt(place.placement()),
                purpose,
            )
            .await?;
        Ok((place, allowed, audited))
    }

    /// Whether the caller may do a child action in this unit (asked of the same policy).
    pub fn may(caller: &Caller, allowed: &Allowed, action: Action) -> bool {
        // Asked about the unit as a place: staff rights come from memberships there.
        allowed
            .placements
            .first()
            .is_some_and(|place| caller.also_may(action, &Resource::Unit(*place)))
    }

    pub fn is_round(row: &assessments::AssessmentRow, round: Option<RoundId>) -> bool {
        round.is_some() && row.round == round
    }
}

/// The assessor's grid for a group: every child, progress, the last joint position as context.
#[server(name = GetGroupRound, prefix = "/api", endpoint = "group_round", input = Json)]
pub async fn get_group_round(group: GroupId) -> Result<GroupRound, AppError> {
    use super::GridChild;
    use crate::backend::context::Caller;
    use crate::backend::store::indicators::settings_and_indicators;
    use crate::backend::store::{assessments, groups, indicators, rounds};
    use crate::domain::AgeBand;
    use crate::policy::Action;

    let caller = Caller::current()?;
    let db = &caller.state.db;
    // One connection for every read of the page; the audit row is committed meanwhile.
    let mut conn = db.conn().await?;
    let (place, allowed, audited) =
        load::group(&caller, &mut conn, group, "round: group grid").await?;
    let today = caller.state.clock.today();
    let me = caller.user.user_id;
    let (settings, indicators) = settings_and_indicators(
        &mut conn,
        db.kind(),
        &caller.state.indicators,
        place.municipality,
        caller.state.clock.unix(),
    )
    .await?;
    let round = rounds::open_round(&mut conn, place.unit, place.unit_kind, today).await?;
    let round_id = round.as_ref().map(|r| r.id);
    let roster = groups::roster(&mut conn, group, today).await?;
    let rows =
        assessments::group_assessments(&mut conn, group, place.unit, round_id, today).await?;
    let own_indicators = match round_id {
        Some(r) => indicators::own_indicators(&mut conn, r, me).await?,
        None => vec![],
    };
    drop(conn);
    let children_shown = roster.iter().map(|c| c.id);
    let audited = audited.and(caller.record_children(
        Action::ViewAssessments,
        place.unit,
        children_shown,
        "round: group grid",
    ));
    audited.committed().await?;
    let children = roster
        .into_iter()
        .map(|child| {
            let mine = rows.iter().filter(|r| r.child == child.id);
            let last_joint = mine
                .clone()
                .find(|r| r.kind == AssessmentKind::Joint && !load::is_round(r, round_id))
                .map(assessments::stamp);
            let own = mine
                .clone()
                .find(|r| {
                    r.kind == AssessmentKind::Individual
                        && r.assessor == me
                        && load::is_round(r, round_id)
                })
                .map(|r| {
                    let chosen = own_indicators
                        .iter()
                        .filter(|chosen| chosen.assessment == r.id)
                        .map(|chosen| chosen.indicator)
                        .collect();
                    assessments::own_assessment(r, chosen)
                });
            let individual_count = mine
                .clone()
                .filter(|r| r.kind == AssessmentKind::Individual && load::is_round(r, round_id))
                .count() as u32;
            let joint = mine
                .clone()
                .find(|r| r.kind == AssessmentKind::Joint && load::is_round(r, round_id))
                .map(|r| r.position);
            GridChild {
                id: child.id,
                name: child.name,
                age_band: AgeBand::of(child.birth_date, today),
                last_joint,
                own,
                individual_count,
                joint,
            }
        })
        .collect();
    Ok(GroupRound {
        group_id: group,
        group_name: place.name.clone(),
        unit_name: place.unit_name.clone(),
        can_assess: load::may(&caller, &allowed, Action::AssessChild),
        round,
        children,
        indicators: indicators.to_vec(),
        settings,
    })
}

/// The joint dialogue for a group: each child's individual positions side by side (where the
/// blind rule lets the viewer see them), disagreements marked, and the joint position.
#[server(name = GetJointView, prefix = "/api", endpoint = "joint_view", input = Json)]
pub async fn get_joint_view(group: GroupId) -> Result<JointView, AppError> {
    use super::{IndividualView, JointChild, JointCurrent, SeenAssessment};
    use crate::backend::context::Caller;
    use crate::backend::store::{assessments, groups, rounds};
    use crate::policy::blind::may_see_individual;
    use crate::policy::Action;
    use std::collections::BTreeSet;

    let caller = Caller::current()?;
    let db = &caller.state.db;
    let mut conn = db.conn().await?;
    let (place, allowed, audited) =
        load::group(&caller, &mut conn, group, "round: joint assessment").await?;
    let today = caller.state.clock.today();
    let me = caller.user.user_id;
    let settings = crate::backend::store::settings::settings(&mut conn, place.municipality).await?;
    let staff = groups::close_staff_count(&mut conn, &place, today).await?;
    let round = rounds::open_round(&mut conn, place.unit, place.unit_kind, today).await?;
    let round_id = round.as_ref().map(|r| r.id);
    let roster = groups::roster(&mut conn, group, today).await?;
    let rows =
        assessments::group_assessments(&mut conn, group, place.unit, round_id, today).await?;
    drop(conn);
    let children_shown = roster.iter().map(|c| c.id);
    let audited = audited.and(caller.record_children(
        Action::ViewAssessments,
        place.unit,
        children_shown,
        "round: joint assessment",
    ));
    audited.committed().await?;
    let assesses = load::may(&caller, &allowed, Action::AssessChild);
    let children = roster
        .into_iter()
        .map(|child| {
            let in_round: Vec<_> = rows
                .iter()
                .filter(|r| r.child == child.id && load::is_round(r, round_id))
                .collect();
            let joint = in_round
                .iter()
                .find(|r| r.kind == AssessmentKind::Joint)
                .map(|r| JointCurrent {
                    position: r.position,
                    context: r.context,
                    note: r.note.clone(),
                    version: r.version,
                    by: r.assessor_name.clone(),
                });
            let submitted = in_round
                .iter()
                .any(|r| r.kind == AssessmentKind::Individual && r.assessor == me);
            let individuals: Vec<IndividualView> = in_round
                .iter()
                .filter(|r| r.kind == AssessmentKind::Individual)
                .map(|r| IndividualView {
                    by: r.assessor_name.clone(),
                    seen: may_see_individual(me, r.assessor, assesses, submitted, joint.is_some())
                        .then(|| SeenAssessment {
                            position: r.position,
                            context: r.context,
                            note: r.note.clone(),
                        }),
                })
                .collect();
            let distinct: BTreeSet<_> = individuals
                .iter()
                .filter_map(|i| i.seen.as_ref().map(|s| s.position))
                .collect();
            JointChild {
                id: child.id,
                name: child.name,
                disagreement: distinct.len() > 1,
                individuals,
                joint,
            }
        })
        .collect();
    Ok(JointView {
        group_id: group,
        group_name: place.name.clone(),
        round,
        needed: settings.individual_needed(staff) as u32,
        can_set: load::may(&caller, &allowed, Action::SetJointAssessment),
        children,
        settings,
    })
}
