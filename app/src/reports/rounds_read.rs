//! Reading the rounds-over-time report: which scopes the reader may choose, the policy's
//! decision on the one chosen (audited), and its lines from the kept counts.
//!
//! Who may see what (docs/ACCESS.md, *Reports over time*): a unit's leader their units; an area
//! leader the area and each of its units; the administrator the municipality, every area and
//! every unit. Counts only, with the small-count rules (SECURITY P6) at every level, also the
//! unit's own: a report is statistics, and a leader who needs a child opens the child.

use crate::backend::context::{fail, Caller, Target};
use crate::backend::db::Conn;
use crate::backend::store::{org, overview, round_counts};
use crate::domain::{ProblemCode, Role, RoundCounts, UnitId};
use crate::error::AppError;
use crate::policy::{Action, Placement, Scope};
use crate::wire::report::{Grouping, ReportScope, RoundsReport, ScopeChoice};

/// A scope the caller may choose, the units it adds up, and the decision it asks for.
struct Choice {
    shown: ScopeChoice,
    units: Vec<Placement>,
    action: Action,
}

pub async fn report(
    caller: &Caller,
    scope: Option<&str>,
    by: Option<&str>,
) -> Result<RoundsReport, AppError> {
    const PURPOSE: &str = "rounds report";
    let grouping = match by.map(str::trim).filter(|b| !b.is_empty()) {
        None => Grouping::Round,
        Some(text) => match Grouping::parse(text) {
            Some(g) => g,
            None => return fail(AppError::invalid(0, "by", ProblemCode::UnknownChoice)),
        },
    };
    let wanted = match scope.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => match text.parse::<ReportScope>() {
            Ok(s) => Some(s),
            Err(()) => return fail(AppError::invalid(0, "scope", ProblemCode::UnknownChoice)),
        },
    };
    let mut conn = caller.state.db.conn().await?;
    let choices = choices(caller, &mut conn).await?;
    let chosen = match wanted {
        None => choices.first(),
        Some(w) => choices.iter().find(|c| c.shown.scope == w),
    };
    let Some(chosen) = chosen else {
        // Not the reader's to see: refused as any other (a unit → not found, logged).
        let target = match wanted {
            Some(ReportScope::Unit(u)) => Target::Unit(u),
            Some(other) => Target::Missing(format!("report:{other}")),
            None => Target::Missing("report".to_owned()),
        };
        caller
            .authorize(&mut conn, Action::ViewCounts, target, PURPOSE)
            .await?;
        return fail(AppError::NotFound);
    };
    let mut receipts = Vec::new();
    match chosen.shown.scope {
        ReportScope::Municipality => {
            let muni = chosen.units.first().map(|p| p.municipality);
            let Some(muni) = muni else {
                return fail(AppError::NotFound);
            };
            let target = Target::Municipality(muni);
            let (_, audited) = caller
                .authorize_on(&mut conn, chosen.action, target, PURPOSE)
                .await?;
            receipts.push(audited);
        }
        _ => {
            for place in &chosen.units {
                let target = Target::UnitAt(*place);
                let (_, audited) = caller
                    .authorize_on(&mut conn, chosen.action, target, PURPOSE)
                    .await?;
                receipts.push(audited);
            }
        }
    }
    let units: Vec<UnitId> = chosen.units.iter().map(|p| p.unit).collect();
    let stored = round_counts::counts_of_units(&mut conn, &units).await?;
    let lines = lines(&stored, grouping);
    for audited in receipts {
        audited.committed().await?;
    }
    Ok(RoundsReport {
        scope: chosen.shown.scope,
        label: chosen.shown.label.clone(),
        grouping,
        lines,
        choices: choices.into_iter().map(|c| c.shown).collect(),
    })
}

/// The stored counts added up per round (in the order the rounds started) or per year.
fn lines(
    stored: &[round_counts::StoredCounts],
    grouping: Grouping,
) -> Vec<crate::domain::ReportLine> {
    let mut keyed: Vec<(String, RoundCounts)> = Vec::new();
    for row in stored {
        let key = match grouping {
            Grouping::Round => row.round_name.clone(),
            Grouping::Year => row.starts_on.year().to_string(),
        };
        match keyed.iter_mut().find(|(k, _)| *k == key) {
            Some((_, sum)) => sum.add(&row.counts),
            None => keyed.push((key, row.counts.clone())),
        }
    }
    keyed
        .into_iter()
        .map(|(label, counts)| counts.shown(label))
        .collect()
}

/// Every scope the caller's memberships today reach, widest first, each once.
async fn choices(caller: &Caller, conn: &mut Conn) -> Result<Vec<Choice>, AppError> {
    let today = caller.state.clock.today();
    let subject = caller.subject();
    let Some(muni) = org::user_municipality(conn, caller.user.user_id).await? else {
        return Ok(Vec::new());
    };
    let all = overview::municipality_units(conn, muni).await?;
    let place = |u: &overview::MunicipalityUnit| Placement {
        municipality: muni,
        area: u.area,
        unit: u.id,
        group: None,
        narrowed: false,
    };
    let mut out: Vec<Choice> = Vec::new();
    let push = |out: &mut Vec<Choice>, choice: Choice| {
        if !out.iter().any(|c| c.shown.scope == choice.shown.scope) {
            out.push(choice);
        }
    };
    let active = subject
        .memberships
        .iter()
        .filter(|m| m.starts_on <= today && m.ends_on.is_none_or(|e| today <= e));
    let mut areas = Vec::new();
    let mut units = Vec::new();
    for m in active {
        match (m.role, m.scope) {
            (Role::Administrator, Scope::Municipality(m_id)) if m_id == muni => {
                let name = org::municipality_name(conn, muni)
                    .await?
                    .unwrap_or_default();
                push(
                    &mut out,
                    Choice {
                        shown: ScopeChoice {
                            scope: ReportScope::Municipality,
                            label: name,
                        },
                        units: all.iter().map(place).collect(),
                        action: Action::ViewCounts,
                    },
                );
                areas.extend(all.iter().map(|u| u.area));
                units.extend(all.iter().map(|u| (u.id, Action::ViewCounts)));
            }
            (Role::AreaLeader, Scope::Area(area)) => {
                areas.push(area);
                let mine = all.iter().filter(|u| u.area == area);
                units.extend(mine.map(|u| (u.id, Action::ViewCounts)));
            }
            (Role::UnitLeader, Scope::Unit(unit)) => {
                units.push((unit, Action::ViewUnitDashboard));
            }
            _ => {}
        }
    }
    for area in areas {
        let members: Vec<_> = all.iter().filter(|u| u.area == area).collect();
        let Some(first) = members.first() else {
            continue;
        };
        push(
            &mut out,
            Choice {
                shown: ScopeChoice {
                    scope: ReportScope::Area(area),
                    label: first.area_name.clone(),
                },
                units: members.iter().map(|u| place(u)).collect(),
                action: Action::ViewCounts,
            },
        );
    }
    for (unit, action) in units {
        let Some(found) = all.iter().find(|u| u.id == unit) else {
            continue;
        };
        push(
            &mut out,
            Choice {
                shown: ScopeChoice {
                    scope: ReportScope::Unit(unit),
                    label: format!("{} · {}", found.name, found.area_name),
                },
                units: vec![place(found)],
                action,
            },
        );
    }
    Ok(out)
}
