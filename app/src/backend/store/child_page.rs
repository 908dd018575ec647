//! What the child page reads besides the placements: the child's identity, its placements as
//! shown, its guardians, and how many people of each role can see its data.

use super::org::unit_kind;
use super::{date_text, parse_date, ACTIVE_ENROLMENT};
use crate::backend::db::Conn;
use crate::domain::{AreaId, ChildId, GroupId, Role, UnitId, UserId};
use crate::wire::org::{GuardianView, PlacementView};
use sqlx::Row;
use time::Date;

/// The child's identity: first and last name, birth date and the municipal external id.
pub struct ChildIdentity {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    pub external_id: Option<String>,
}

pub async fn child_identity(
    conn: &mut Conn,
    child: ChildId,
) -> Result<Option<ChildIdentity>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT first_name, last_name, birth_date, external_id FROM children WHERE id = $1",
    )
    .bind(child.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(ChildIdentity {
            first_name: r.try_get("first_name")?,
            last_name: r.try_get("last_name")?,
            birth_date: parse_date(&r.try_get::<String, _>("birth_date")?)?,
            external_id: r.try_get("external_id")?,
        })
    })
    .transpose()
}

pub async fn child_placement_views(
    conn: &mut Conn,
    child: ChildId,
    today: Date,
) -> Result<Vec<PlacementView>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT u.name AS unit_name, u.kind, g.name AS group_name, e.starts_on \
         FROM enrolments e JOIN child_groups g ON g.id = e.group_id JOIN units u ON u.id = g.unit_id \
         WHERE e.child_id = $1 AND {ACTIVE_ENROLMENT} ORDER BY e.starts_on"
    ))
    .bind(child.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(PlacementView {
            unit_name: r.try_get("unit_name")?,
            unit_kind: unit_kind(&r.try_get::<String, _>("kind")?)?,
            group_name: r.try_get("group_name")?,
            since: parse_date(&r.try_get::<String, _>("starts_on")?)?,
        })
    })
    .collect()
}

/// A child's guardians on `today`, and whether any of them other than `viewer` has address
/// protection.
pub async fn child_guardians(
    conn: &mut Conn,
    child: ChildId,
    viewer: UserId,
    today: Date,
) -> Result<(Vec<GuardianView>, bool), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT gs.user_id, us.display_name, gs.has_custody, gs.address_protected FROM guardianships gs \
         JOIN users us ON us.id = gs.user_id WHERE gs.child_id = $1 \
           AND (gs.ends_on IS NULL OR gs.ends_on >= $2) ORDER BY us.display_name",
    )
    .bind(child.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    let mut guardians = Vec::with_capacity(rows.len());
    let mut other_protected = false;
    let viewer = viewer.to_string();
    for r in &rows {
        let user_id: String = r.try_get("user_id")?;
        let protected = r.try_get::<i64, _>("address_protected")? != 0;
        other_protected |= protected && user_id != viewer;
        guardians.push(GuardianView {
            name: r.try_get("display_name")?,
            has_custody: r.try_get::<i64, _>("has_custody")? != 0,
        });
    }
    Ok((guardians, other_protected))
}

/// How many people hold `role` through an active membership of a unit (or of a unit and
/// working in one of its groups) or of an area today.
pub async fn count_role_holders(
    conn: &mut Conn,
    role: Role,
    scope: RoleScope,
    today: Date,
) -> Result<i64, sqlx::Error> {
    let (column, id, group) = match scope {
        RoleScope::Unit(u) => ("unit_id", u.to_string(), None),
        RoleScope::Group { unit, group } => ("unit_id", unit.to_string(), Some(group)),
        RoleScope::Area(a) => ("area_id", a.to_string(), None),
    };
    let in_group = if group.is_some() {
        "AND EXISTS (SELECT 1 FROM staff_groups sg WHERE sg.user_id = m.user_id AND sg.group_id = $4)"
    } else {
        ""
    };
    let row = sqlx::query(&format!(
        "SELECT COUNT(DISTINCT m.user_id) AS n FROM memberships m \
         WHERE m.role = $1 AND m.{column} = $2 AND m.starts_on <= $3 \
           AND (m.ends_on IS NULL OR m.ends_on >= $3) {in_group}"
    ))
    .bind(role.code())
    .bind(id)
    .bind(date_text(today))
    .bind(group.map(|g| g.to_string()))
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("n")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleScope {
    Unit(UnitId),
    /// Members of the unit who work in the group (narrowed access).
    Group {
        unit: UnitId,
        group: GroupId,
    },
    Area(AreaId),
}

/// A group's name.
pub async fn group_name(conn: &mut Conn, group: GroupId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT name FROM child_groups WHERE id = $1")
        .bind(group.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get("name"))
        .transpose()
}

pub async fn count_invited_specialists(
    conn: &mut Conn,
    child: ChildId,
    today: Date,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "SELECT COUNT(DISTINCT user_id) AS n FROM case_invitations \
         WHERE child_id = $1 AND starts_on <= $2 AND (ends_on IS NULL OR ends_on >= $2)",
    )
    .bind(child.to_string())
    .bind(date_text(today))
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")
}
