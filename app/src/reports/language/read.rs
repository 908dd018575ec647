//! Who sees which lines of the language report, asked of the policy, and the report itself:
//! the administrator the whole municipality; an area leader their areas' schools; a school's
//! leader their own school; each beside the municipality's line, whose totals are suppressed
//! against what the reader cannot see (`figures`). Counts only: no child leaves the store.

use super::figures::{lines, Line, Place, View};
use super::{table, LanguageReport, ShareBar};
use crate::backend::context::{fail, Caller, Target};
use crate::backend::store::{language, org};
use crate::domain::{AreaId, Role, UnitId};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::policy::{active, Action, Resource, Scope};

const PURPOSE: &str = "language report";

/// The report's lines for the caller, after the policy has allowed each school shown.
pub async fn lines_for(caller: &Caller) -> Result<Vec<Line>, AppError> {
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let Some(municipality) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    let schools = language::schools(&mut conn, municipality).await?;
    let memberships: Vec<_> = caller
        .subject()
        .memberships
        .iter()
        .filter(|m| active(m.starts_on, m.ends_on, today))
        .copied()
        .collect();
    let administrator = memberships
        .iter()
        .any(|m| m.role == Role::Administrator && m.scope == Scope::Municipality(municipality));
    let view = if administrator {
        View::Municipality
    } else {
        let mut areas: Vec<AreaId> = Vec::new();
        let mut units: Vec<UnitId> = Vec::new();
        for m in &memberships {
            match (m.role, m.scope) {
                (Role::AreaLeader, Scope::Area(area)) if !areas.contains(&area) => areas.push(area),
                (Role::UnitLeader, Scope::Unit(unit))
                    if schools.iter().any(|s| s.unit == unit) && !units.contains(&unit) =>
                {
                    units.push(unit)
                }
                _ => {}
            }
        }
        if !areas.is_empty() {
            View::Areas(areas)
        } else if !units.is_empty() {
            View::Schools(units)
        } else {
            // Nobody else sees the measure: asked anyway, so the refusal is decided by the
            // policy and logged (SECURITY A7).
            caller
                .authorize(
                    &mut conn,
                    Action::ViewMeasures,
                    Target::Municipality(municipality),
                    PURPOSE,
                )
                .await?;
            return fail(AppError::Forbidden);
        }
    };
    // Every place shown is asked of the policy, which logs it (SECURITY A2, L1).
    match &view {
        View::Municipality => {
            caller
                .authorize(
                    &mut conn,
                    Action::ViewMeasures,
                    Target::Municipality(municipality),
                    PURPOSE,
                )
                .await?;
        }
        View::Areas(areas) => {
            for school in schools.iter().filter(|s| areas.contains(&s.area)) {
                let target = Target::Unit(school.unit);
                caller
                    .authorize(&mut conn, Action::ViewMeasures, target, PURPOSE)
                    .await?;
            }
        }
        View::Schools(units) => {
            for unit in units {
                let target = Target::Unit(*unit);
                caller
                    .authorize(&mut conn, Action::ViewMeasures, target, PURPOSE)
                    .await?;
            }
        }
    }
    let pupils = language::pupils(&mut conn, municipality).await?;
    Ok(lines(&pupils, &schools, &view))
}

/// The report in `locale`: the table, the chart of the reader's widest line, and whether
/// the reader may import.
pub async fn report(caller: &Caller, locale: Locale) -> Result<LanguageReport, AppError> {
    let lines = lines_for(caller).await?;
    let mut conn = caller.state.db.conn().await?;
    let may_import = match org::user_municipality(&mut conn, caller.user.user_id).await? {
        Some(m) => caller.also_may(Action::ImportMeasures, &Resource::Municipality(m)),
        None => false,
    };
    // The widest line the reader sees besides the municipality's, whose total may be hidden
    // for them: the administrator's is the municipality itself.
    let widest = if may_import {
        Some(Place::Municipality)
    } else {
        lines
            .iter()
            .map(|l| l.place.clone())
            .find(|p| *p != Place::Municipality)
    };
    let chart_place = widest.clone().unwrap_or(Place::Municipality);
    let chart = lines
        .iter()
        .filter(|l| l.place == chart_place)
        .map(|l| ShareBar {
            school_year: l.year.label(),
            share: l.shown.share,
        })
        .collect();
    Ok(LanguageReport {
        table: table::build(locale, &lines),
        chart_place: table::place_name(locale, &chart_place),
        chart,
        may_import,
    })
}
