//! Counts for leaders and planners: a unit's progress in a round, the municipality's units.

use super::{date_text, decode, id, ACTIVE_ENROLMENT};
use crate::backend::db::Db;
use crate::domain::*;
use sqlx::Row;
use time::Date;

/// Per group of a unit: children today, children with an individual assessment in the round,
/// joint assessments, and joint positions.
pub async fn unit_progress(
    db: &Db,
    unit: UnitId,
    round: Option<RoundId>,
    today: Date,
) -> Result<Vec<(GroupId, String, [u32; 6])>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT g.id, g.name, \
           (SELECT COUNT(*) FROM enrolments e WHERE e.group_id = g.id AND {ACTIVE_ENROLMENT}) AS children, \
           (SELECT COUNT(DISTINCT a.child_id) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'individual') AS individual, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'joint') AS joint, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'joint' AND a.position = 'green') AS green, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'joint' AND a.position = 'yellow') AS yellow, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'joint' AND a.position = 'red') AS red \
         FROM child_groups g WHERE g.unit_id = $1 ORDER BY g.name"
    ))
    .bind(unit.to_string())
    .bind(date_text(today))
    .bind(round.map(|r| r.to_string()).unwrap_or_default())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let n = |c: &str| -> Result<u32, sqlx::Error> {
                Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0))
            };
            Ok((
                id(r, "id")?,
                r.try_get("name")?,
                [
                    n("children")?,
                    n("individual")?,
                    n("joint")?,
                    n("green")?,
                    n("yellow")?,
                    n("red")?,
                ],
            ))
        })
        .collect()
}

/// Units a planner may choose from: the municipality's, with kind and area.
pub async fn municipality_units(
    db: &Db,
    muni: MunicipalityId,
) -> Result<Vec<(UnitId, String, UnitKind, crate::domain::AreaId, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT u.id, u.name, u.kind, a.id AS area_id, a.name AS area_name FROM units u \
         JOIN areas a ON a.id = u.area_id WHERE u.municipality_id = $1 ORDER BY a.name, u.name",
    )
    .bind(muni.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        let kind: String = r.try_get("kind")?;
        Ok((
            id(r, "id")?,
            r.try_get("name")?,
            decode("unit kind", UnitKind::parse(&kind), &kind)?,
            id(r, "area_id")?,
            r.try_get("area_name")?,
        ))
    })
    .collect()
}
