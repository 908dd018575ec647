//! Planning rounds and configuring indicators and settings: the administration's side.

use super::{IndicatorAdmin, IndicatorEdit, PlanRoundInput, RoundPlanning};
use crate::domain::{AssessmentSettings, IndicatorId, RoundId};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
async fn caller_municipality(
    caller: &crate::backend::context::Caller,
    conn: &mut crate::backend::db::Conn,
) -> Result<crate::domain::MunicipalityId, AppError> {
    use crate::backend::context::fail;
    match crate::backend::store::org::user_municipality(conn, caller.user.user_id).await? {
        Some(m) => Ok(m),
        None => fail(AppError::Forbidden),
    }
}

/// The units the caller may plan rounds for, and the municipality's rounds.
#[server(name = GetRoundPlanning, prefix = "/api", endpoint = "round_planning")]
pub async fn get_round_planning() -> Result<RoundPlanning, AppError> {
    use super::PlannableUnit;
    use crate::backend::context::{fail, Caller};
    use crate::backend::store::{overview, rounds};
    use crate::policy::{Action, Placement, Resource};

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let muni = caller_municipality(&caller, &mut conn).await?;
    // Units are organisation, not child data: the policy decides, nothing is logged per unit.
    let units: Vec<PlannableUnit> = overview::municipality_units(&mut conn, muni)
        .await?
        .into_iter()
        .filter(|unit| {
            // Planning is for leaders, whom narrowed access never limits.
            let place = Placement::whole_unit(muni, unit.area, unit.id);
            caller.also_may(Action::PlanRound, &Resource::Unit(place))
        })
        .map(|unit| PlannableUnit {
            id: unit.id,
            name: unit.name,
            kind: unit.kind,
            area_name: unit.area_name,
        })
        .collect();
    if units.is_empty() {
        return fail(AppError::Forbidden);
    }
    let rounds = rounds::rounds(&mut conn, muni).await?;
    Ok(RoundPlanning { units, rounds })
}

/// Plans a round: a name, a window per kind of unit taking part, and the units.
#[server(name = PlanRound, prefix = "/api", endpoint = "plan_round", input = Json)]
pub async fn plan_round(input: PlanRoundInput) -> Result<RoundId, AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{overview, rounds};
    use crate::domain::{Window, WindowKind};
    use crate::error::{Problem, ProblemCode};
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let muni = caller_municipality(&caller, &mut conn).await?;
    let mut problems = Vec::new();
    let mut problem = |field: &str, code| {
        problems.push(Problem {
            line: 0,
            field: field.into(),
            code,
        })
    };
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        problem("name", ProblemCode::Missing);
    } else if name.chars().count() > 80 {
        problem("name", ProblemCode::TooLong);
    }
    let parse = |t: &str| {
        time::Date::parse(
            t.trim(),
            &time::format_description::well_known::Iso8601::DATE,
        )
        .ok()
    };
    let mut windows: Vec<(WindowKind, Window)> = Vec::new();
    for w in &input.windows {
        let Some(kind) = WindowKind::parse(&w.kind) else {
            problem("window", ProblemCode::BadWindow);
            continue;
        };
        match (parse(&w.starts_on), parse(&w.ends_on)) {
            (Some(start), Some(end)) => match Window::new(start, end) {
                Some(window) if !windows.iter().any(|(k, _)| *k == kind) => {
                    windows.push((kind, window))
                }
                _ => problem(kind.code(), ProblemCode::BadWindow),
            },
            _ => problem(kind.code(), ProblemCode::BadDate),
        }
    }
    if input.units.is_empty() {
        problem("units", ProblemCode::NoUnits);
    }
    // Each unit must be the caller's to plan, and its kind needs a window.
    let all = overview::municipality_units(&mut conn, muni).await?;
    for unit in &input.units {
        caller
            .authorize(
                &mut conn,
                Action::PlanRound,
                Target::Unit(*unit),
                "plan round",
            )
            .await?;
        let kind = all.iter().find(|u| u.id == *unit).map(|u| u.kind);
        match kind {
            Some(kind) if windows.iter().any(|(k, _)| *k == WindowKind::of(kind)) => {}
            _ => problem("units", ProblemCode::BadWindow),
        }
    }
    if !problems.is_empty() {
        return fail(AppError::Invalid { problems });
    }
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let created = rounds::create_round(
        &mut tx,
        muni,
        &name,
        &windows,
        &input.units,
        caller.user.user_id,
        caller.state.clock.unix(),
    )
    .await?;
    if created.is_some() {
        tx.commit().await?;
    }
    match created {
        Some(round) => Ok(round),
        None => fail(AppError::invalid(0, "name", ProblemCode::Duplicate)),
    }
}

/// The indicator set and settings, for the administrator to edit.
#[server(name = GetIndicatorAdmin, prefix = "/api", endpoint = "indicator_admin")]
pub async fn get_indicator_admin() -> Result<IndicatorAdmin, AppError> {
    use crate::backend::context::{Caller, Target};
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let muni = caller_municipality(&caller, &mut conn).await?;
    caller
        .authorize(
            &mut conn,
            Action::ConfigureAssessment,
            Target::Municipality(muni),
            "indicators",
        )
        .await?;
    let (settings, indicators) = crate::backend::store::indicators::settings_and_indicators(
        &mut conn,
        caller.state.db.kind(),
        &caller.state.indicators,
        muni,
        caller.state.clock.unix(),
    )
    .await?;
    Ok(IndicatorAdmin {
        settings,
        indicators: indicators.to_vec(),
    })
}

/// Changes an indicator's text or adds one. Past assessments keep the words they were made
/// with: the old text is retired, never rewritten.
#[server(name = SaveIndicator, prefix = "/api", endpoint = "save_indicator", input = Json)]
pub async fn save_indicator(edit: IndicatorEdit) -> Result<IndicatorId, AppError> {
    use super::IndicatorView;
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::indicators;
    use crate::error::ProblemCode;
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let muni = caller_municipality(&caller, &mut conn).await?;
    caller
        .authorize(
            &mut conn,
            Action::ConfigureAssessment,
            Target::Municipality(muni),
            "indicators",
        )
        .await?;
    let text = edit.text.trim();
    if text.is_empty() {
        return fail(AppError::invalid(0, "text", ProblemCode::Missing));
    }
    if text.chars().count() > 200 {
        return fail(AppError::invalid(0, "text", ProblemCode::TooLong));
    }
    let view = IndicatorView {
        id: IndicatorId::random(),
        position: edit.position,
        age_band: edit.age_band,
        area: edit.area,
        text: text.to_owned(),
    };
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let saved = indicators::save_indicator(
        &mut tx,
        muni,
        edit.replaces,
        &view,
        caller.state.clock.unix(),
    )
    .await?;
    tx.commit().await?;
    if saved {
        Ok(view.id)
    } else {
        fail(AppError::NotFound)
    }
}

#[server(name = RetireIndicator, prefix = "/api", endpoint = "retire_indicator", input = Json)]
pub async fn retire_indicator(indicator: IndicatorId) -> Result<(), AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::indicators;
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let muni = caller_municipality(&caller, &mut conn).await?;
    caller
        .authorize(
            &mut conn,
            Action::ConfigureAssessment,
            Target::Municipality(muni),
            "indicators",
        )
        .await?;
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let done =
        indicators::retire_indicator(&mut tx, muni, indicator, caller.state.clock.unix()).await?;
    tx.commit().await?;
    if done {
        Ok(())
    } else {
        fail(AppError::NotFound)
    }
}

#[server(name = SaveAssessmentSettings, prefix = "/api", endpoint = "save_assessment_settings", input = Json)]
pub async fn save_assessment_settings(settings: AssessmentSettings) -> Result<(), AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::store::settings;
    use crate::error::ProblemCode;
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let muni = caller_municipality(&caller, &mut conn).await?;
    caller
        .authorize(
            &mut conn,
            Action::ConfigureAssessment,
            Target::Municipality(muni),
            "assessment settings",
        )
        .await?;
    if !(1..=9).contains(&settings.min_individual) {
        return fail(AppError::invalid(0, "min_individual", ProblemCode::BadFlag));
    }
    if !(1..=90).contains(&settings.follow_up_days) {
        return fail(AppError::invalid(0, "follow_up_days", ProblemCode::BadFlag));
    }
    let kind = caller.state.db.kind();
    Ok(settings::save_settings(&mut conn, kind, muni, settings).await?)
}

/// The key that seals this user's offline outbox on the device (SECURITY O2). It is handed
/// out only through a live session, so a locked or signed-out tablet cannot read the outbox.
#[server(name = GetOutboxKey, prefix = "/api", endpoint = "outbox_key")]
pub async fn get_outbox_key() -> Result<String, AppError> {
    use crate::backend::context::Caller;
    use base64::Engine;
    use rand::RngCore;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let mut fresh = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    let fresh = base64::engine::general_purpose::STANDARD.encode(fresh);
    Ok(crate::backend::store::people::outbox_key(
        &mut conn,
        caller.user.user_id,
        &fresh,
        caller.state.clock.unix(),
    )
    .await?)
}
