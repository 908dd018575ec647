//! The staff-groups file: which groups (rooms, classes, caseloads) each staff member works in.
//! It matters where the municipality narrows access (SECURITY A1): close staff then reach only
//! the children of their groups. For each person and unit the file names, the groups in the
//! file replace the ones stored; a row without a group leaves the person in none of the unit's
//! groups in particular.

use super::{problem, unit_id, Access, Granted};
use crate::backend::db::Conn;
use crate::domain::import::StaffGroupRow;
use crate::domain::{GroupId, UnitId, UserId};
use crate::error::ProblemCode;
use sqlx::Row;
use std::collections::HashSet;

/// One checked row: who, in which unit, in which group (if any).
struct Work {
    user: UserId,
    unit: UnitId,
    group: Option<GroupId>,
}

pub(super) async fn staff_groups(
    tx: &mut Conn,
    m: &str,
    rows: &[StaffGroupRow],
    today: time::Date,
    access: &mut Access<'_>,
) -> Result<(), sqlx::Error> {
    let mut checked = Vec::with_capacity(rows.len());
    let mut seen = HashSet::new();
    for row in rows {
        let found =
            sqlx::query("SELECT id FROM users WHERE municipality_id = $1 AND username = $2")
                .bind(m)
                .bind(row.username.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(found) = found else {
            problem(
                access.problems,
                row.line,
                "brugernavn",
                ProblemCode::UnknownPerson,
            );
            continue;
        };
        let user: UserId = crate::backend::store::id(&found, "id")?;
        if user == access.importer {
            problem(
                access.problems,
                row.line,
                "brugernavn",
                ProblemCode::SelfGrant,
            );
            continue;
        }
        let Some(unit) = unit_id(tx, m, &row.unit).await? else {
            problem(
                access.problems,
                row.line,
                "tilbud",
                ProblemCode::UnknownUnit,
            );
            continue;
        };
        // Close staff of the unit whose membership has not ended: the people the narrowing
        // applies to. Leaders keep the whole unit and need no group.
        let staff_of_unit = sqlx::query(
            "SELECT 1 AS one FROM memberships WHERE user_id = $1 AND unit_id = $2 \
               AND role IN ('pedagogue', 'teacher', 'childminder', 'health_visitor') \
               AND (ends_on IS NULL OR ends_on >= $3)",
        )
        .bind(user.to_string())
        .bind(&unit)
        .bind(today.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if !staff_of_unit {
            problem(
                access.problems,
                row.line,
                "brugernavn",
                ProblemCode::NotStaffOfUnit,
            );
            continue;
        }
        let group = match &row.group {
            None => None,
            Some(name) => {
                let found =
                    sqlx::query("SELECT id FROM child_groups WHERE unit_id = $1 AND name = $2")
                        .bind(&unit)
                        .bind(name)
                        .fetch_optional(&mut *tx)
                        .await?;
                match found {
                    Some(found) => Some(found.try_get::<String, _>("id")?),
                    None => {
                        problem(
                            access.problems,
                            row.line,
                            "gruppe",
                            ProblemCode::UnknownGroup,
                        );
                        continue;
                    }
                }
            }
        };
        if !seen.insert((user, unit.clone(), group.clone())) {
            problem(access.problems, row.line, "gruppe", ProblemCode::Duplicate);
            continue;
        }
        checked.push(Work {
            user,
            unit: super::super::parse_id(&unit)?,
            group: group.as_deref().map(super::super::parse_id).transpose()?,
        });
    }
    if !access.problems.is_empty() {
        return Ok(());
    }
    let mut replaced = HashSet::new();
    for work in &checked {
        if replaced.insert((work.user, work.unit)) {
            sqlx::query(
                "DELETE FROM staff_groups WHERE user_id = $1 \
                   AND group_id IN (SELECT id FROM child_groups WHERE unit_id = $2)",
            )
            .bind(work.user.to_string())
            .bind(work.unit.to_string())
            .execute(&mut *tx)
            .await?;
        }
        let Some(group) = work.group else { continue };
        sqlx::query("INSERT INTO staff_groups (user_id, group_id) VALUES ($1, $2)")
            .bind(work.user.to_string())
            .bind(group.to_string())
            .execute(&mut *tx)
            .await?;
        access.granted.push(Granted::GroupWork {
            user: work.user,
            unit: work.unit,
            group,
        });
    }
    Ok(())
}
