//! Counts for leaders and planners: a unit's progress in a round, the municipality's units.

use super::{date_text, decode, id, ACTIVE_ENROLMENT};
use crate::backend::db::Conn;
use crate::domain::*;
use crate::wire::assessment::GroupProgress;
use sqlx::Row;
use time::Date;

/// Per group of a unit: children today, children with an individual assessment in the round,
/// joint assessments, and joint positions.
pub async fn unit_progress(
    conn: &mut Conn,
    unit: UnitId,
    round: Option<RoundId>,
    today: Date,
) -> Result<Vec<GroupProgress>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT g.id, g.name, \
           (SELECT COUNT(*) FROM enrolments e WHERE e.group_id = g.id AND {ACTIVE_ENROLMENT}) AS children, \
           (SELECT COUNT(DISTINCT a.child_id) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.unit_id = g.unit_id AND a.kind = 'individual') AS individual, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.unit_id = g.unit_id AND a.kind = 'joint') AS joint, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.unit_id = g.unit_id AND a.kind = 'joint' AND a.position = 'green') AS green, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.unit_id = g.unit_id AND a.kind = 'joint' AND a.position = 'yellow') AS yellow, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.unit_id = g.unit_id AND a.kind = 'joint' AND a.position = 'red') AS red \
         FROM child_groups g WHERE g.unit_id = $1 ORDER BY g.name"
    ))
    .bind(unit.to_string())
    .bind(date_text(today))
    .bind(round.map(|r| r.to_string()).unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let n = |c: &str| -> Result<u32, sqlx::Error> {
                Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0))
            };
            Ok(GroupProgress {
                group_id: id(r, "id")?,
                name: r.try_get("name")?,
                children: n("children")?,
                individually_assessed: n("individual")?,
                joint_done: n("joint")?,
                counts: [n("green")?, n("yellow")?, n("red")?],
            })
        })
        .collect()
}

/// A unit of the municipality, with its kind and area.
#[derive(Clone, Debug)]
pub struct MunicipalityUnit {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub area: AreaId,
    pub area_name: String,
}

/// Units a planner may choose from: the municipality's, with kind and area.
pub async fn municipality_units(
    conn: &mut Conn,
    muni: MunicipalityId,
) -> Result<Vec<MunicipalityUnit>, sqlx::Error> {
    sqlx::query(
        "SELECT u.id, u.name, u.kind, a.id AS area_id, a.name AS area_name FROM units u \
         JOIN areas a ON a.id = u.area_id WHERE u.municipality_id = $1 ORDER BY a.name, u.name",
    )
    .bind(muni.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let kind: String = r.try_get("kind")?;
        Ok(MunicipalityUnit {
            id: id(r, "id")?,
            name: r.try_get("name")?,
            kind: decode("unit kind", UnitKind::parse(&kind), &kind)?,
            area: id(r, "area_id")?,
            area_name: r.try_get("area_name")?,
        })
    })
    .collect()
}
