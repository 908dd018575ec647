//! Writing an imported file: names are resolved and checked against the database inside the
//! same write transaction that inserts, so the file goes in whole or not at all.

use crate::backend::db::Conn;
use crate::domain::import::{ChildRow, GroupRow, GuardianRow, Rows, StaffRow, UnitRow};
use crate::domain::{AreaId, ChildId, GroupId, MunicipalityId, RoleLevel, UnitId, UserId};
use crate::error::{Problem, ProblemCode};
use sqlx::Row;
use std::collections::HashSet;

/// Either the number of rows written, or every problem found (and nothing written).
pub enum Applied {
    Written(u32),
    Refused(Vec<Problem>),
}

pub async fn apply(
    tx: &mut Conn,
    municipality: MunicipalityId,
    rows: &Rows,
    now: i64,
) -> Result<Applied, sqlx::Error> {
    let mut problems = Vec::new();
    let m = municipality.to_string();
    match rows {
        Rows::Units(rows) => units(tx, &m, rows, &mut problems).await?,
        Rows::Groups(rows) => groups(tx, &m, rows, &mut problems).await?,
        Rows::Children(rows) => children(tx, &m, rows, now, &mut problems).await?,
        Rows::Guardians(rows) => guardians(tx, &m, rows, now, &mut problems).await?,
        Rows::Staff(rows) => staff(tx, &m, rows, now, &mut problems).await?,
    }
    if problems.is_empty() {
        Ok(Applied::Written(rows.len() as u32))
    } else {
        // The caller drops the transaction unwritten: nothing half saved.
        Ok(Applied::Refused(problems))
    }
}

fn problem(problems: &mut Vec<Problem>, line: u32, field: &str, code: ProblemCode) {
    problems.push(Problem {
        line,
        field: field.to_owned(),
        code,
    });
}

async fn lookup(tx: &mut Conn, sql: &str, a: &str, b: &str) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query(sql)
        .bind(a)
        .bind(b)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.get::<String, _>(0)))
}

async fn unit_id(tx: &mut Conn, m: &str, name: &str) -> Result<Option<String>, sqlx::Error> {
    lookup(
        tx,
        "SELECT id FROM units WHERE municipality_id = $1 AND name = $2",
        m,
        name,
    )
    .await
}

async fn area_id(tx: &mut Conn, m: &str, name: &str) -> Result<Option<String>, sqlx::Error> {
    lookup(
        tx,
        "SELECT id FROM areas WHERE municipality_id = $1 AND name = $2",
        m,
        name,
    )
    .await
}

async fn units(
    tx: &mut Conn,
    m: &str,
    rows: &[UnitRow],
    problems: &mut Vec<Problem>,
) -> Result<(), sqlx::Error> {
    let mut seen = HashSet::new();
    for row in rows {
        if !seen.insert(row.unit.to_lowercase()) || unit_id(tx, m, &row.unit).await?.is_some() {
            problem(problems, row.line, "tilbud", ProblemCode::Duplicate);
            continue;
        }
        let area = match area_id(tx, m, &row.area).await? {
            Some(id) => id,
            None => {
                let id = AreaId::random().to_string();
                sqlx::query("INSERT INTO areas (id, municipality_id, name) VALUES ($1, $2, $3)")
                    .bind(&id)
                    .bind(m)
                    .bind(&row.area)
                    .execute(&mut *tx)
                    .await?;
                id
            }
        };
        sqlx::query("INSERT INTO units (id, municipality_id, area_id, name, kind) VALUES ($1, $2, $3, $4, $5)")
            .bind(UnitId::random().to_string())
            .bind(m)
            .bind(area)
            .bind(&row.unit)
            .bind(row.kind.code())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

async fn groups(
    tx: &mut Conn,
    m: &str,
    rows: &[GroupRow],
    problems: &mut Vec<Problem>,
) -> Result<(), sqlx::Error> {
    let mut seen = HashSet::new();
    for row in rows {
        let Some(unit) = unit_id(tx, m, &row.unit).await? else {
            problem(problems, row.line, "tilbud", ProblemCode::UnknownUnit);
            continue;
        };
        let exists = lookup(
            tx,
            "SELECT id FROM child_groups WHERE unit_id = $1 AND name = $2",
            &unit,
            &row.group,
        )
        .await?;
        if !seen.insert((unit.clone(), row.group.to_lowercase())) || exists.is_some() {
            problem(problems, row.line, "gruppe", ProblemCode::Duplicate);
            continue;
        }
        sqlx::query("INSERT INTO child_groups (id, unit_id, name) VALUES ($1, $2, $3)")
            .bind(GroupId::random().to_string())
            .bind(unit)
            .bind(&row.group)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

async fn children(
    tx: &mut Conn,
    m: &str,
    rows: &[ChildRow],
    now: i64,
    problems: &mut Vec<Problem>,
) -> Result<(), sqlx::Error> {
    let mut seen = HashSet::new();
    for row in rows {
        let exists = lookup(
            tx,
            "SELECT id FROM children WHERE municipality_id = $1 AND external_id = $2",
            m,
            &row.external_id,
        )
        .await?;
        if !seen.insert(row.external_id.clone()) || exists.is_some() {
            problem(problems, row.line, "eksternt_id", ProblemCode::Duplicate);
            continue;
        }
        let Some(unit) = unit_id(tx, m, &row.unit).await? else {
            problem(problems, row.line, "tilbud", ProblemCode::UnknownUnit);
            continue;
        };
        let Some(group) = lookup(
            tx,
            "SELECT id FROM child_groups WHERE unit_id = $1 AND name = $2",
            &unit,
            &row.group,
        )
        .await?
        else {
            problem(problems, row.line, "gruppe", ProblemCode::UnknownGroup);
            continue;
        };
        let child = ChildId::random().to_string();
        sqlx::query(
            "INSERT INTO children (id, municipality_id, first_name, last_name, birth_date, external_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&child)
        .bind(m)
        .bind(row.name.first())
        .bind(row.name.last())
        .bind(row.birth_date.to_string())
        .bind(&row.external_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO enrolments (id, child_id, group_id, starts_on) VALUES ($1, $2, $3, $4)",
        )
        .bind(ChildId::random().to_string())
        .bind(&child)
        .bind(group)
        .bind(row.starts_on.to_string())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The user with this username in the municipality, created without a password if new (they
/// will sign in through single sign-on). A username taken in another municipality is refused.
async fn user(
    tx: &mut Conn,
    m: &str,
    username: &str,
    name: &str,
    now: i64,
) -> Result<Result<String, ProblemCode>, sqlx::Error> {
    let row = sqlx::query("SELECT id, municipality_id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(row) = row {
        let municipality: String = row.get(1);
        return Ok(if municipality == m {
            Ok(row.get(0))
        } else {
            Err(ProblemCode::Duplicate)
        });
    }
    let id = UserId::random().to_string();
    sqlx::query(
        "INSERT INTO users (id, municipality_id, username, display_name, password_hash, disabled, created_at) \
         VALUES ($1, $2, $3, $4, NULL, 0, $5)",
    )
    .bind(&id)
    .bind(m)
    .bind(username)
    .bind(name)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(Ok(id))
}

async fn guardians(
    tx: &mut Conn,
    m: &str,
    rows: &[GuardianRow],
    now: i64,
    problems: &mut Vec<Problem>,
) -> Result<(), sqlx::Error> {
    for row in rows {
        let Some(child) = lookup(
            tx,
            "SELECT id FROM children WHERE municipality_id = $1 AND external_id = $2",
            m,
            &row.child_external_id,
        )
        .await?
        else {
            problem(
                problems,
                row.line,
                "barn_eksternt_id",
                ProblemCode::UnknownChild,
            );
            continue;
        };
        let user = match user(tx, m, row.username.as_str(), &row.name, now).await? {
            Ok(id) => id,
            Err(code) => {
                problem(problems, row.line, "brugernavn", code);
                continue;
            }
        };
        let exists = lookup(
            tx,
            "SELECT user_id FROM guardianships WHERE user_id = $1 AND child_id = $2",
            &user,
            &child,
        )
        .await?;
        if exists.is_some() {
            problem(problems, row.line, "brugernavn", ProblemCode::Duplicate);
            continue;
        }
        sqlx::query("INSERT INTO guardianships (user_id, child_id, has_custody, address_protected) VALUES ($1, $2, $3, $4)")
            .bind(user)
            .bind(child)
            .bind(i64::from(row.has_custody))
            .bind(i64::from(row.address_protected))
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

async fn staff(
    tx: &mut Conn,
    m: &str,
    rows: &[StaffRow],
    now: i64,
    problems: &mut Vec<Problem>,
) -> Result<(), sqlx::Error> {
    for row in rows {
        let (unit, area, municipality) = match row.role.level() {
            RoleLevel::Unit => match unit_id(tx, m, row.unit.as_deref().unwrap_or_default()).await?
            {
                Some(unit) => (Some(unit), None, None),
                None => {
                    problem(problems, row.line, "tilbud", ProblemCode::UnknownUnit);
                    continue;
                }
            },
            RoleLevel::Area => match area_id(tx, m, row.area.as_deref().unwrap_or_default()).await?
            {
                Some(area) => (None, Some(area), None),
                None => {
                    problem(problems, row.line, "område", ProblemCode::UnknownArea);
                    continue;
                }
            },
            RoleLevel::Municipality => (None, None, Some(m.to_owned())),
        };
        let user = match user(tx, m, row.username.as_str(), &row.name, now).await? {
            Ok(id) => id,
            Err(code) => {
                problem(problems, row.line, "brugernavn", code);
                continue;
            }
        };
        sqlx::query(
            "INSERT INTO memberships (id, user_id, role, unit_id, area_id, municipality_id, starts_on, ends_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(UserId::random().to_string())
        .bind(user)
        .bind(row.role.code())
        .bind(unit)
        .bind(area)
        .bind(municipality)
        .bind(row.starts_on.to_string())
        .bind(row.ends_on.map(|d| d.to_string()))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
