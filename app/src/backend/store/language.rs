//! The grade-0 language assessments (issue 19 item 3): what an import needs to know of the
//! children, writing a file's rows, the rows the committee's report counts, and a child's own
//! values for everything registered.

use super::{date, id};
use crate::backend::db::Conn;
use crate::domain::{
    CheckedRow, ChildFacts, ChildId, Effort, MunicipalityId, SchoolSpan, SchoolYear, UnitId, UserId,
};
use crate::reports::language::figures::{Pupil, School};
use sqlx::Row;
use std::collections::HashMap;

/// The municipality's children that have an external id, with their school placements: what
/// a file's rows are checked against.
pub async fn child_facts(
    conn: &mut Conn,
    municipality: MunicipalityId,
) -> Result<HashMap<String, ChildFacts>, sqlx::Error> {
    let m = municipality.to_string();
    let mut children = HashMap::new();
    let rows = sqlx::query(
        "SELECT id, external_id, birth_date FROM children \
         WHERE municipality_id = $1 AND external_id IS NOT NULL",
    )
    .bind(&m)
    .fetch_all(&mut *conn)
    .await?;
    let mut external_of: HashMap<ChildId, String> = HashMap::new();
    for r in &rows {
        let child: ChildId = id(r, "id")?;
        let external: String = r.try_get("external_id")?;
        external_of.insert(child, external.clone());
        children.insert(
            external,
            ChildFacts {
                id: child,
                birth_date: date(r, "birth_date")?,
                schools: Vec::new(),
            },
        );
    }
    let spans = sqlx::query(
        "SELECT e.child_id, g.unit_id, e.starts_on, e.ends_on FROM enrolments e \
         JOIN child_groups g ON g.id = e.group_id JOIN units u ON u.id = g.unit_id \
         WHERE u.municipality_id = $1 AND u.kind = 'school' ORDER BY e.starts_on",
    )
    .bind(&m)
    .fetch_all(&mut *conn)
    .await?;
    for r in &spans {
        let child: ChildId = id(r, "child_id")?;
        let Some(external) = external_of.get(&child) else {
            continue;
        };
        let ends_on: Option<String> = r.try_get("ends_on")?;
        let span = SchoolSpan {
            unit: id(r, "unit_id")?,
            starts_on: date(r, "starts_on")?,
            ends_on: ends_on.as_deref().map(super::parse_date).transpose()?,
        };
        if let Some(facts) = children.get_mut(external) {
            facts.schools.push(span);
        }
    }
    Ok(children)
}

/// How a file's rows changed what was stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub new: u32,
    pub changed: u32,
    pub unchanged: u32,
}

/// Writes checked rows: a new child and year is added; a stored one takes the file's effort
/// and school (re-importing a year replaces it) and keeps its first registration day, from
/// which the retention job counts.
pub async fn write(
    tx: &mut Conn,
    rows: &[CheckedRow],
    by: UserId,
    now: i64,
) -> Result<Written, sqlx::Error> {
    let mut written = Written::default();
    for row in rows {
        let stored = sqlx::query(
            "SELECT id, effort, unit_id FROM language_assessments \
             WHERE child_id = $1 AND school_year = $2",
        )
        .bind(row.child.to_string())
        .bind(i64::from(row.school_year.0))
        .fetch_optional(&mut *tx)
        .await?;
        match stored {
            None => {
                sqlx::query(
                    "INSERT INTO language_assessments (id, child_id, school_year, effort, \
                     unit_id, created_at, imported_at, imported_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
                )
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(row.child.to_string())
                .bind(i64::from(row.school_year.0))
                .bind(row.effort.code())
                .bind(row.unit.to_string())
                .bind(now)
                .bind(by.to_string())
                .execute(&mut *tx)
                .await?;
                written.new += 1;
            }
            Some(stored) => {
                let effort: String = stored.try_get("effort")?;
                let unit: String = stored.try_get("unit_id")?;
                if effort == row.effort.code() && unit == row.unit.to_string() {
                    written.unchanged += 1;
                    continue;
                }
                sqlx::query(
                    "UPDATE language_assessments SET effort = $1, unit_id = $2, \
                     imported_at = $3, imported_by = $4 WHERE id = $5",
                )
                .bind(row.effort.code())
                .bind(row.unit.to_string())
                .bind(now)
                .bind(by.to_string())
                .bind(stored.try_get::<String, _>("id")?)
                .execute(&mut *tx)
                .await?;
                written.changed += 1;
            }
        }
    }
    Ok(written)
}

/// The municipality's schools with their areas, by area and name.
pub async fn schools(
    conn: &mut Conn,
    municipality: MunicipalityId,
) -> Result<Vec<School>, sqlx::Error> {
    sqlx::query(
        "SELECT u.id, u.name, u.area_id, a.name AS area_name FROM units u \
         JOIN areas a ON a.id = u.area_id \
         WHERE u.municipality_id = $1 AND u.kind = 'school' ORDER BY a.name, u.name",
    )
    .bind(municipality.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(School {
            unit: id(r, "id")?,
            name: r.try_get("name")?,
            area: id(r, "area_id")?,
            area_name: r.try_get("area_name")?,
        })
    })
    .collect()
}

/// Every stored assessment of the municipality's children, as the report counts it: no child's
/// id leaves this function. An earlier concern is a yellow or red joint position assessed
/// before the school year began.
pub async fn pupils(
    conn: &mut Conn,
    municipality: MunicipalityId,
) -> Result<Vec<Pupil>, sqlx::Error> {
    sqlx::query(
        "SELECT la.school_year, la.unit_id, la.effort, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM assessments a WHERE a.child_id = la.child_id \
           AND a.kind = 'joint' AND a.position IN ('yellow', 'red') \
           AND a.assessed_on < CAST(la.school_year AS TEXT) || '-08-01') \
         THEN 1 ELSE 0 END AS BIGINT) AS earlier_concern \
         FROM language_assessments la JOIN children c ON c.id = la.child_id \
         WHERE c.municipality_id = $1",
    )
    .bind(municipality.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let effort: String = r.try_get("effort")?;
        let effort = super::decode("effort", Effort::parse(&effort), &effort)?;
        let year: i64 = r.try_get("school_year")?;
        let concern: i64 = r.try_get("earlier_concern")?;
        Ok(Pupil {
            year: SchoolYear(year as i32),
            unit: id(r, "unit_id")?,
            needs: effort.is_needed(),
            earlier_concern: concern == 1,
        })
    })
    .collect()
}

/// A child's own assessment for one school year, as everything registered shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildLanguage {
    pub school_year: SchoolYear,
    pub effort: Effort,
    pub unit: UnitId,
    pub created_at: i64,
    pub imported_at: i64,
}

/// The child's assessments, the oldest school year first.
pub async fn of_child(conn: &mut Conn, child: ChildId) -> Result<Vec<ChildLanguage>, sqlx::Error> {
    sqlx::query(
        "SELECT school_year, effort, unit_id, created_at, imported_at FROM language_assessments \
         WHERE child_id = $1 ORDER BY school_year",
    )
    .bind(child.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let effort: String = r.try_get("effort")?;
        let year: i64 = r.try_get("school_year")?;
        Ok(ChildLanguage {
            school_year: SchoolYear(year as i32),
            effort: super::decode("effort", Effort::parse(&effort), &effort)?,
            unit: id(r, "unit_id")?,
            created_at: r.try_get("created_at")?,
            imported_at: r.try_get("imported_at")?,
        })
    })
    .collect()
}
