//! What leaders follow: a unit's round progress and follow-ups, and counts across an area or
//! the municipality with small counts hidden.

use super::{UnitCounts, UnitDashboard};
use crate::domain::{FollowUpId, UnitId};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A unit's round: per group progress and joint positions, and every follow-up.
#[server(name = GetUnitDashboard, prefix = "/api", endpoint = "unit_dashboard", input = Json)]
pub async fn get_unit_dashboard(unit: UnitId) -> Result<UnitDashboard, AppError> {
    use crate::backend::context::{Caller, Target};
    use crate::backend::store::org;
    use crate::backend::store::{follow_ups, overview, rounds};
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    caller
        .authorize(
            &mut conn,
            Action::ViewUnitDashboard,
            Target::Unit(unit),
            "unit dashboard",
        )
        .await?;
    // The same connection reads on: a second one taken while this one is held would, with
    // the pool full of such requests, wait for ever (`backend::connection::Conn`).
    let today = caller.state.clock.today();
    let summary = org::unit_summaries(&mut conn, org::UnitsOf::Unit(unit), today)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let round = rounds::current_or_latest_round(&mut conn, unit, summary.kind, today).await?;
    let round_id = round.as_ref().map(|r| r.id);
    let groups = overview::unit_progress(&mut conn, unit, round_id, today).await?;
    let follow_ups = follow_ups::unit_follow_ups(&mut conn, unit, today).await?;
    // The follow-ups name children: one audit row each (SECURITY L1).
    let children_shown = follow_ups.iter().map(|f| f.child);
    caller
        .record_children(
            Action::ViewUnitDashboard,
            unit,
            children_shown,
            "unit dashboard",
        )
        .committed()
        .await?;
    Ok(UnitDashboard {
        unit_id: unit,
        unit_name: summary.name,
        round,
        groups,
        follow_ups,
    })
}

/// Marks a follow-up done on the date the parents were informed and invited.
#[server(name = CompleteFollowUp, prefix = "/api", endpoint = "complete_follow_up", input = Json)]
pub async fn complete_follow_up(follow_up: FollowUpId, done_on: String) -> Result<(), AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::store::follow_ups;
    use crate::error::ProblemCode;
    use crate::policy::{Action, Resource};

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let found = follow_ups::follow_up_unit(&mut conn, follow_up, today).await?;
    let Some(follow_up_place) = found else {
        // Refused like another unit's follow-up: logged, after the same wait (SECURITY A4).
        let missing = Target::Missing(format!("follow_up:{follow_up}"));
        caller
            .authorize(
                &mut conn,
                Action::HandleFollowUps,
                missing,
                "follow-up done",
            )
            .await?;
        return fail(AppError::NotFound);
    };
    // Where access is narrowed, the staff of the child's group handle it: asked of the policy
    // in a group of the child the caller reaches, if there is one.
    let unit = follow_up_place.place;
    let place = follow_up_place
        .groups
        .iter()
        .map(|group| unit.in_group(*group))
        .find(|place| caller.also_may(Action::HandleFollowUps, &Resource::Unit(*place)))
        .unwrap_or(unit);
    caller
        .authorize(
            &mut conn,
            Action::HandleFollowUps,
            Target::UnitAt(place),
            "follow-up done",
        )
        .await?;
    let opened = time::OffsetDateTime::from_unix_timestamp(follow_up_place.created_at)
        .map(|t| t.date())
        .unwrap_or(today);
    let done_on = time::Date::parse(
        done_on.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok()
    .filter(|d| *d <= today && *d >= opened);
    let Some(done_on) = done_on else {
        return fail(AppError::invalid(0, "done_on", ProblemCode::BadDate));
    };
    let mut tx = crate::backend::db::begin_write_on(&mut conn, caller.state.db.kind()).await?;
    follow_ups::complete_follow_up(&mut tx, follow_up, done_on, caller.user.user_id).await?;
    crate::backend::store::round_counts::refresh_for_follow_up(&mut tx, follow_up, today).await?;
    tx.commit().await?;
    Ok(())
}

/// Counts per unit for an area leader (their area) or an administrator (the municipality).
/// No child is named; counts below 5 are hidden (issue: "counts below 5 suppressed").
#[server(name = GetCountsOverview, prefix = "/api", endpoint = "counts_overview")]
pub async fn get_counts_overview() -> Result<Vec<UnitCounts>, AppError> {
    use super::GroupProgress;
    use crate::backend::context::{Caller, Target};
    use crate::backend::store::{follow_ups, overview, rounds};
    use crate::domain::{suppress_positions, Role, ShownCount};
    use crate::policy::{Action, Scope};

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let subject = caller.subject();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in subject
        .memberships
        .iter()
        .filter(|m| m.starts_on <= today && m.ends_on.is_none_or(|e| today <= e))
    {
        let muni = match (m.role, m.scope) {
            (Role::AreaLeader, Scope::Area(_)) | (Role::Administrator, Scope::Municipality(_)) => {
                crate::backend::store::org::user_municipality(&mut conn, caller.user.user_id)
                    .await?
            }
            _ => None,
        };
        let Some(muni) = muni else { continue };
        for found in overview::municipality_units(&mut conn, muni).await? {
            let unit = found.id;
            let in_scope = match m.scope {
                Scope::Area(a) => a == found.area,
                _ => true,
            };
            if !in_scope || !seen.insert(unit) {
                continue;
            }
            caller
                .authorize(
                    &mut conn,
                    Action::ViewCounts,
                    Target::Unit(unit),
                    "counts overview",
                )
                .await?;
            let round = rounds::current_or_latest_round(&mut conn, unit, found.kind, today).await?;
            let groups =
                overview::unit_progress(&mut conn, unit, round.as_ref().map(|r| r.id), today)
                    .await?;
            let sum = |n: fn(&GroupProgress) -> u32| groups.iter().map(|g| i64::from(n(g))).sum();
            let follow_ups = follow_ups::follow_up_counts(&mut conn, unit, today).await?;
            let care =
                crate::backend::store::care_overview::care_counts(&mut conn, unit, today).await?;
            let children = sum(|g| g.children);
            let positions = [
                sum(|g| g.counts[0]),
                sum(|g| g.counts[1]),
                sum(|g| g.counts[2]),
            ];
            out.push(UnitCounts {
                unit_name: found.name,
                area_name: found.area_name,
                kind: found.kind,
                round_name: round.map(|r| r.name),
                children,
                joint: suppress_positions(&positions, children),
                open_follow_ups: ShownCount::suppressed(follow_ups.open),
                overdue_follow_ups: ShownCount::suppressed(follow_ups.overdue),
                meetings_to_hold: ShownCount::suppressed(care.to_hold),
                plans_overdue: ShownCount::suppressed(care.plans_overdue),
            });
        }
    }
    Ok(out)
}
