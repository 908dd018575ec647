//! Writing an imported file: names are resolved and checked against the database inside the
//! same write transaction that inserts, so the file goes in whole or not at all. A staff or
//! guardian row naming the importing administrator is refused: nobody grants themselves access
//! (SECURITY A1); every access the file creates is handed back for the audit log (SECURITY L1).

mod children;
mod staff_groups;

use crate::backend::db::Conn;
use crate::domain::import::{GroupRow, GuardianRow, Rows, StaffRow, UnitRow};
use crate::domain::{AreaId, ChildId, GroupId, MunicipalityId, Role, RoleLevel, UnitId, UserId};
use crate::error::{Problem, ProblemCode};
use sqlx::Row;
use std::collections::HashSet;

/// Either what was written, or every problem found (and nothing written).
pub enum Applied {
    Written(Written),
    Refused(Vec<Problem>),
}

/// What a file that went in wrote.
pub struct Written {
    /// Rows written.
    pub rows: u32,
    /// Every access the file created, in file order.
    pub granted: Vec<Granted>,
}

/// An access an import created: one row of the audit log each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Granted {
    /// A staff membership; `unit` for a unit role, `area` for an area role, neither for a
    /// municipal one.
    Membership {
        id: String,
        user: UserId,
        role: Role,
        unit: Option<UnitId>,
        area: Option<AreaId>,
    },
    Guardianship {
        user: UserId,
        child: ChildId,
        has_custody: bool,
    },
    /// A staff member's work in a group, which is what they reach where access is narrowed.
    GroupWork {
        user: UserId,
        unit: UnitId,
        group: GroupId,
    },
    /// A child's new placement in a group: the group's unit reaches the child from its first
    /// to its last day.
    Placement {
        enrolment: String,
        child: ChildId,
        unit: UnitId,
        group: GroupId,
        starts_on: time::Date,
        ends_on: Option<time::Date>,
    },
    /// A stored placement whose last day the file set, changed or took away.
    PlacementEnd {
        enrolment: String,
        child: ChildId,
        unit: UnitId,
        group: GroupId,
        ends_on: Option<time::Date>,
    },
}

/// Who runs the import and where: the importer's own rows are refused.
#[derive(Clone, Copy, Debug)]
pub struct Importer {
    pub user: UserId,
    pub municipality: MunicipalityId,
}

pub async fn apply(
    tx: &mut Conn,
    importer: Importer,
    rows: &Rows,
    now: i64,
) -> Result<Applied, sqlx::Error> {
    let mut problems = Vec::new();
    let mut granted = Vec::new();
    let m = importer.municipality.to_string();
    let mut access = Access {
        importer: importer.user,
        problems: &mut problems,
        granted: &mut granted,
    };
    match rows {
        Rows::Units(rows) => units(tx, &m, rows, access.problems).await?,
        Rows::Groups(rows) => groups(tx, &m, rows, access.problems).await?,
        Rows::Children(rows) => children::children(tx, &m, rows, now, &mut access).await?,
        Rows::Guardians(rows) => guardians(tx, &m, rows, now, &mut access).await?,
        Rows::Staff(rows) => staff(tx, &m, rows, now, &mut access).await?,
        Rows::StaffGroups(rows) => {
            let today = time::OffsetDateTime::from_unix_timestamp(now)
                .map(|t| t.date())
                .map_err(|e| sqlx::Error::Decode(e.into()))?;
            staff_groups::staff_groups(tx, &m, rows, today, &mut access).await?
        }
    }
    if problems.is_empty() {
        Ok(Applied::Written(Written {
            rows: rows.len() as u32,
            granted,
        }))
    } else {
        // The caller drops the transaction unwritten: nothing half saved.
        Ok(Applied::Refused(problems))
    }
}

/// For the rows that grant access: who imports, what is wrong, and what was granted.
struct Access<'a> {
    importer: UserId,
    problems: &'a mut Vec<Problem>,
    granted: &'a mut Vec<Granted>,
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

/// The user with this username in the municipality, created without a password if new (they
/// will sign in through single sign-on). A username taken in another municipality is refused,
/// and so is the importer's own: an administrator does not grant themselves access.
async fn user(
    tx: &mut Conn,
    m: &str,
    importer: UserId,
    username: &str,
    name: &str,
    now: i64,
) -> Result<Result<UserId, ProblemCode>, sqlx::Error> {
    let row = sqlx::query("SELECT id, municipality_id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(row) = row {
        let municipality: String = row.get(1);
        let id: UserId = super::id(&row, "id")?;
        return Ok(if id == importer {
            Err(ProblemCode::SelfGrant)
        } else if municipality == m {
            Ok(id)
        } else {
            Err(ProblemCode::Duplicate)
        });
    }
    let id = UserId::random();
    sqlx::query(
        "INSERT INTO users (id, municipality_id, username, display_name, password_hash, disabled, created_at) \
         VALUES ($1, $2, $3, $4, NULL, 0, $5)",
    )
    .bind(id.to_string())
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
    access: &mut Access<'_>,
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
                access.problems,
                row.line,
                "barn_eksternt_id",
                ProblemCode::UnknownChild,
            );
            continue;
        };
        let user = match user(
            tx,
            m,
            access.importer,
            row.username.as_str(),
            &row.name,
            now,
        )
        .await?
        {
            Ok(id) => id,
            Err(code) => {
                problem(access.problems, row.line, "brugernavn", code);
                continue;
            }
        };
        let exists = lookup(
            tx,
            "SELECT user_id FROM guardianships WHERE user_id = $1 AND child_id = $2",
            &user.to_string(),
            &child,
        )
        .await?;
        if exists.is_some() {
            problem(
                access.problems,
                row.line,
                "brugernavn",
                ProblemCode::Duplicate,
            );
            continue;
        }
        sqlx::query("INSERT INTO guardianships (user_id, child_id, has_custody, address_protected) VALUES ($1, $2, $3, $4)")
            .bind(user.to_string())
            .bind(&child)
            .bind(i64::from(row.has_custody))
            .bind(i64::from(row.address_protected))
            .execute(&mut *tx)
            .await?;
        access.granted.push(Granted::Guardianship {
            user,
            child: super::parse_id(&child)?,
            has_custody: row.has_custody,
        });
    }
    Ok(())
}

async fn staff(
    tx: &mut Conn,
    m: &str,
    rows: &[StaffRow],
    now: i64,
    access: &mut Access<'_>,
) -> Result<(), sqlx::Error> {
    for row in rows {
        let (unit, area, municipality) = match row.role.level() {
            RoleLevel::Unit => match unit_id(tx, m, row.unit.as_deref().unwrap_or_default()).await?
            {
                Some(unit) => (Some(unit), None, None),
                None => {
                    problem(
                        access.problems,
                        row.line,
                        "tilbud",
                        ProblemCode::UnknownUnit,
                    );
                    continue;
                }
            },
            RoleLevel::Area => match area_id(tx, m, row.area.as_deref().unwrap_or_default()).await?
            {
                Some(area) => (None, Some(area), None),
                None => {
                    problem(
                        access.problems,
                        row.line,
                        "område",
                        ProblemCode::UnknownArea,
                    );
                    continue;
                }
            },
            RoleLevel::Municipality => (None, None, Some(m.to_owned())),
        };
        let user = match user(
            tx,
            m,
            access.importer,
            row.username.as_str(),
            &row.name,
            now,
        )
        .await?
        {
            Ok(id) => id,
            Err(code) => {
                problem(access.problems, row.line, "brugernavn", code);
                continue;
            }
        };
        let id = UserId::random().to_string();
        sqlx::query(
            "INSERT INTO memberships (id, user_id, role, unit_id, area_id, municipality_id, starts_on, ends_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(user.to_string())
        .bind(row.role.code())
        .bind(&unit)
        .bind(&area)
        .bind(municipality)
        .bind(row.starts_on.to_string())
        .bind(row.ends_on.map(|d| d.to_string()))
        .execute(&mut *tx)
        .await?;
        access.granted.push(Granted::Membership {
            id,
            user,
            role: row.role,
            unit: unit.as_deref().map(super::parse_id).transpose()?,
            area: area.as_deref().map(super::parse_id).transpose()?,
        });
    }
    Ok(())
}
