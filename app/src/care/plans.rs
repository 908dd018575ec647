//! Action plans in SMTTE form: one plan as the caller may see it, and saving a new plan or a
//! new version of one (never an overwrite: two tablets saving at once get a conflict).

use super::PlanPage;
use crate::domain::PlanId;
use crate::error::AppError;
use crate::wire::care::SavePlan;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[server(name = GetPlan, prefix = "/api", endpoint = "plan", input = Json)]
pub async fn get_plan(plan: PlanId) -> Result<PlanPage, AppError> {
    use super::meetings::child_name;
    use super::{gate, read};
    use crate::backend::store::plans;
    use crate::policy::scope::Reader;
    use crate::policy::Action;

    const PURPOSE: &str = "action plan";
    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let missing = format!("plan:{plan}");
    let Some(row) = plans::plan(&mut conn, plan).await? else {
        return gate::refuse(&caller, &mut conn, Action::ViewCare, missing, PURPOSE).await;
    };
    let reached = gate::child(&caller, &mut conn, row.child, Action::ViewCare, PURPOSE).await?;
    if !reached.reads(row.unit) {
        return gate::refuse(&caller, &mut conn, Action::ViewCare, missing, PURPOSE).await;
    }
    let name = child_name(&mut conn, row.child).await?;
    match reached.reader {
        Reader::Guardian { custody } => {
            let page = read::parent_plan(&caller, &mut conn, row, name, custody);
            Ok(PlanPage::Parent(page.await?))
        }
        Reader::Staff { .. } => {
            let may_hold = reached
                .units_for(&caller, row.child, Action::HoldMeetings)
                .contains(&row.unit);
            let page = read::staff_plan(&caller, &mut conn, row, name, may_hold);
            Ok(PlanPage::Staff(page.await?))
        }
    }
}

/// What a save answers: the plan and its new version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSaved {
    pub plan: PlanId,
    pub version: u32,
}

/// Saves a new plan (made at a meeting, or following an evaluated plan) or a new version of
/// one: the staff of the unit that made it. The status only moves forward; evaluating needs
/// what came of it.
#[server(name = SaveActionPlan, prefix = "/api", endpoint = "save_plan", input = Json)]
pub async fn save_plan(input: SavePlan) -> Result<PlanSaved, AppError> {
    use super::gate;
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{meetings, plans};
    use crate::domain::{PlanContent, PlanStatus, ProblemCode};
    use crate::policy::Action;

    const PURPOSE: &str = "save action plan";
    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let now = caller.state.clock.unix();
    let child = input.child;
    let hold = Action::HoldMeetings;
    let reached = gate::child(&caller, &mut conn, child, hold, PURPOSE).await?;
    let hold_units = reached.units_for(&caller, child, hold);
    let existing = match input.plan {
        Some(plan) => {
            let row = plans::plan(&mut conn, plan).await?;
            match row.filter(|r| r.child == child && hold_units.contains(&r.unit)) {
                Some(row) => Some(row),
                None => {
                    let what = format!("plan:{plan}");
                    return gate::refuse(&caller, &mut conn, hold, what, PURPOSE).await;
                }
            }
        }
        None => None,
    };
    if let Some(row) = &existing {
        if row.status == PlanStatus::Closed {
            return fail(AppError::invalid(0, "status", ProblemCode::Closed));
        }
        if !row.status.may_become(input.status) {
            return fail(AppError::invalid(0, "status", ProblemCode::BadStatus));
        }
    } else if input.status != PlanStatus::Active {
        return fail(AppError::invalid(0, "status", ProblemCode::BadStatus));
    }
    let content = match PlanContent::parse(&input.form, input.status, today) {
        Ok(c) => c,
        Err(problems) => return fail(AppError::Invalid { problems }),
    };
    let mut tx;
    let saved = match existing {
        Some(row) => {
            tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
            let base = i64::from(input.version);
            let by = caller.user.user_id;
            if !plans::new_version(&mut tx, row.id, base, input.status, &content, by, now).await? {
                return fail(AppError::Conflict { current: None });
            }
            PlanSaved {
                plan: row.id,
                version: input.version + 1,
            }
        }
        None => {
            let mut unit = hold_units.first().copied();
            if let Some(meeting) = input.meeting {
                let found = meetings::meeting(&mut conn, meeting).await?;
                let at = found.filter(|m| m.child == child && hold_units.contains(&m.unit));
                unit = match at {
                    Some(m) => Some(m.unit),
                    None => {
                        let what = format!("meeting:{meeting}");
                        return gate::refuse(&caller, &mut conn, hold, what, PURPOSE).await;
                    }
                };
            }
            if let Some(follows) = input.follows {
                let before = plans::plan(&mut conn, follows).await?;
                let ok = before.filter(|p| p.child == child && hold_units.contains(&p.unit));
                match ok {
                    Some(p) if p.status != PlanStatus::Active => {}
                    Some(_) => {
                        return fail(AppError::invalid(0, "follows", ProblemCode::BadStatus))
                    }
                    None => {
                        let what = format!("plan:{follows}");
                        return gate::refuse(&caller, &mut conn, hold, what, PURPOSE).await;
                    }
                }
            }
            let unit = unit.ok_or(AppError::NotFound)?;
            let id = PlanId::random();
            tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
            let new = plans::NewPlan {
                id,
                child,
                unit,
                meeting: input.meeting,
                follows: input.follows,
                content: &content,
                by: caller.user.user_id,
                now,
            };
            plans::insert(&mut tx, new).await?;
            if let Some(meeting) = input.meeting {
                let today = caller.state.clock.today();
                crate::backend::store::round_counts::refresh_for_meeting(&mut tx, meeting, today)
                    .await?;
            }
            PlanSaved {
                plan: id,
                version: 1,
            }
        }
    };
    tx.commit().await?;
    Ok(saved)
}
