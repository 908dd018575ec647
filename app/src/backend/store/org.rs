//! Reads of the organisation: where children are placed, rosters, summaries.

use super::idempotency::{answer_in, StoredAnswer};
use super::{date_text, parse_date, parse_id, ACTIVE_ENROLMENT, NARROWED};
use crate::backend::db::Conn;
use crate::domain::{AreaId, ChildId, MunicipalityId, UnitId, UnitKind, UserId};
use crate::policy::Placement;
use crate::wire::org::{ChildCard, GroupRoster, MunicipalitySummary, UnitSummary};
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

/// From a child `c` to the units of its enrolments on `$2`, for the policy: left joins, so a
/// child enrolled nowhere today still yields a row.
fn placement_joins() -> String {
    format!(
        "LEFT JOIN enrolments e ON e.child_id = c.id AND {ACTIVE_ENROLMENT} \
         LEFT JOIN child_groups g ON g.id = e.group_id LEFT JOIN units u ON u.id = g.unit_id"
    )
}

/// Whether a child exists, and the units it is enrolled in today: what the policy decides a
/// child action on.
#[derive(Clone, Debug)]
pub struct ChildPlacements {
    pub exists: bool,
    pub placements: Vec<Placement>,
}

/// A unit's place from the columns `municipality_id`, `area_id`, `unit_id` and `narrowed`.
fn unit_place(row: &AnyRow) -> Result<Placement, sqlx::Error> {
    Ok(Placement {
        municipality: parse_id(&row.try_get::<String, _>("municipality_id")?)?,
        area: parse_id(&row.try_get::<String, _>("area_id")?)?,
        unit: parse_id(&row.try_get::<String, _>("unit_id")?)?,
        group: None,
        narrowed: row.try_get::<i64, _>("narrowed")? != 0,
    })
}

/// A child's place in a group of a unit: [`unit_place`] and `group_id`.
fn group_place(row: &AnyRow) -> Result<Placement, sqlx::Error> {
    let group = parse_id(&row.try_get::<String, _>("group_id")?)?;
    Ok(unit_place(row)?.in_group(group))
}

fn child_card(row: &AnyRow) -> Result<ChildCard, sqlx::Error> {
    let first: String = row.try_get("first_name")?;
    let last: String = row.try_get("last_name")?;
    Ok(ChildCard {
        id: parse_id(&row.try_get::<String, _>("child_id")?)?,
        name: format!("{first} {last}"),
        birth_date: parse_date(&row.try_get::<String, _>("birth_date")?)?,
    })
}

pub(super) fn unit_kind(text: &str) -> Result<UnitKind, sqlx::Error> {
    UnitKind::parse(text)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown unit kind {text}").into()))
}

/// Whether the child exists, and the units it is enrolled in on `today`.
pub async fn child_placements(
    conn: &mut Conn,
    child: ChildId,
    today: Date,
) -> Result<ChildPlacements, sqlx::Error> {
    // One statement (it runs for every child a request names): no row when there is no such
    // child, a row with no unit when the child is enrolled nowhere today.
    let rows = sqlx::query(&format!(
        "SELECT c.id AS child_id, u.municipality_id, u.area_id, u.id AS unit_id, g.id AS group_id, \
                {NARROWED} FROM children c {} WHERE c.id = $1",
        placement_joins()
    ))
    .bind(child.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    placements_in(&rows)
}

/// A write's first facts: the child's placements as [`child_placements`] reads them, and the
/// answer stored for the write's idempotency key (who sent it, the request's hash, the
/// answer), in one statement: every save asks both before anything else.
pub async fn child_placements_and_answer(
    conn: &mut Conn,
    child: ChildId,
    today: Date,
    key: &str,
) -> Result<(ChildPlacements, Option<StoredAnswer>), sqlx::Error> {
    // Always at least one row, whether or not the child or the answer exists.
    let rows = sqlx::query(&format!(
        "SELECT c.id AS child_id, u.municipality_id, u.area_id, u.id AS unit_id, g.id AS group_id, \
                {NARROWED}, w.user_id AS answer_user, w.request_hash, w.response \
         FROM (SELECT 1 AS one) one \
         LEFT JOIN children c ON c.id = $1 {} \
         LEFT JOIN idempotent_writes w ON w.key = $3",
        placement_joins()
    ))
    .bind(child.to_string())
    .bind(date_text(today))
    .bind(key)
    .fetch_all(&mut *conn)
    .await?;
    let answer = match rows.first() {
        Some(row) => answer_in(row, "answer_user")?,
        None => None,
    };
    Ok((placements_in(&rows)?, answer))
}

/// Whether rows of a child's enrolments name a child, and the distinct units among them.
fn placements_in(rows: &[AnyRow]) -> Result<ChildPlacements, sqlx::Error> {
    let mut exists = false;
    let mut places = Vec::with_capacity(rows.len());
    for row in rows {
        if row.try_get::<Option<String>, _>("child_id")?.is_none() {
            continue;
        }
        exists = true;
        if row.try_get::<Option<String>, _>("unit_id")?.is_none() {
            continue;
        }
        let place = group_place(row)?;
        // A child in two groups of one unit has a placement for each: where access is
        // narrowed, each group's staff reach the child.
        if !places.contains(&place) {
            places.push(place);
        }
    }
    Ok(ChildPlacements {
        exists,
        placements: places,
    })
}

pub async fn unit_placement(
    conn: &mut Conn,
    unit: UnitId,
) -> Result<Option<Placement>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT u.municipality_id, u.area_id, u.id AS unit_id, {NARROWED} FROM units u WHERE u.id = $1"
    ))
    .bind(unit.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(unit_place)
    .transpose()
}

/// Every group of a unit with the children enrolled in it today, in name order.
pub async fn group_rosters(
    conn: &mut Conn,
    unit: UnitId,
    today: Date,
) -> Result<Vec<GroupRoster>, sqlx::Error> {
    let groups = sqlx::query(
        "SELECT g.id, g.name, u.name AS unit_name FROM child_groups g JOIN units u ON u.id = g.unit_id \
         WHERE g.unit_id = $1 ORDER BY g.name",
    )
    .bind(unit.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let children = sqlx::query(&format!(
        "SELECT e.group_id, c.id AS child_id, c.first_name, c.last_name, c.birth_date \
         FROM enrolments e JOIN children c ON c.id = e.child_id JOIN child_groups g ON g.id = e.group_id \
         WHERE g.unit_id = $1 AND {ACTIVE_ENROLMENT} ORDER BY c.first_name, c.last_name"
    ))
    .bind(unit.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    let mut rosters = Vec::with_capacity(groups.len());
    for g in &groups {
        let group_id: String = g.try_get("id")?;
        let members = children
            .iter()
            .filter(|c| {
                c.try_get::<String, _>("group_id")
                    .is_ok_and(|id| id == group_id)
            })
            .map(child_card)
            .collect::<Result<_, _>>()?;
        rosters.push(GroupRoster {
            group_id: parse_id(&group_id)?,
            group_name: g.try_get("name")?,
            unit_name: g.try_get("unit_name")?,
            children: members,
        });
    }
    Ok(rosters)
}

/// The units of an area, or one unit, with counts of groups and of children enrolled today.
pub async fn unit_summaries(
    conn: &mut Conn,
    scope: UnitsOf,
    today: Date,
) -> Result<Vec<UnitSummary>, sqlx::Error> {
    let (filter, id) = match scope {
        UnitsOf::Unit(u) => ("u.id = $1", u.to_string()),
        UnitsOf::Area(a) => ("u.area_id = $1", a.to_string()),
    };
    let rows = sqlx::query(&format!(
        "SELECT u.id, u.name, u.kind, a.name AS area_name, \
           (SELECT COUNT(*) FROM child_groups g WHERE g.unit_id = u.id) AS groups, \
           (SELECT COUNT(DISTINCT e.child_id) FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
              WHERE g.unit_id = u.id AND {ACTIVE_ENROLMENT}) AS children \
         FROM units u JOIN areas a ON a.id = u.area_id WHERE {filter} ORDER BY u.name"
    ))
    .bind(id)
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(UnitSummary {
                unit_id: parse_id(&r.try_get::<String, _>("id")?)?,
                name: r.try_get("name")?,
                kind: unit_kind(&r.try_get::<String, _>("kind")?)?,
                area_name: r.try_get("area_name")?,
                groups: r.try_get("groups")?,
                children: r.try_get("children")?,
            })
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
pub enum UnitsOf {
    Unit(UnitId),
    Area(AreaId),
}

/// A guardian's own children: those whose guardianship holds on `today`.
pub async fn own_children(
    conn: &mut Conn,
    user: UserId,
    today: Date,
) -> Result<Vec<ChildCard>, sqlx::Error> {
    sqlx::query(
        "SELECT c.id AS child_id, c.first_name, c.last_name, c.birth_date FROM guardianships gs \
         JOIN children c ON c.id = gs.child_id WHERE gs.user_id = $1 \
           AND (gs.ends_on IS NULL OR gs.ends_on >= $2) ORDER BY c.first_name",
    )
    .bind(user.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(child_card)
    .collect()
}

/// The children whose case `user` is invited to today.
pub async fn invited_children(
    conn: &mut Conn,
    user: UserId,
    today: Date,
) -> Result<Vec<ChildCard>, sqlx::Error> {
    sqlx::query(
        "SELECT DISTINCT c.id AS child_id, c.first_name, c.last_name, c.birth_date \
         FROM case_invitations ci JOIN children c ON c.id = ci.child_id \
         WHERE ci.user_id = $1 AND ci.starts_on <= $2 AND (ci.ends_on IS NULL OR ci.ends_on >= $2) \
         ORDER BY c.first_name, c.last_name",
    )
    .bind(user.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(child_card)
    .collect()
}

pub async fn municipality_summary(
    conn: &mut Conn,
    municipality: MunicipalityId,
    today: Date,
) -> Result<Option<MunicipalitySummary>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT m.name, \
           (SELECT COUNT(*) FROM areas WHERE municipality_id = m.id) AS areas, \
           (SELECT COUNT(*) FROM units WHERE municipality_id = m.id) AS units, \
           (SELECT COUNT(*) FROM child_groups g JOIN units u ON u.id = g.unit_id WHERE u.municipality_id = m.id) AS groups, \
           (SELECT COUNT(*) FROM children WHERE municipality_id = m.id) AS children, \
           (SELECT COUNT(DISTINCT ms.user_id) FROM memberships ms JOIN users us ON us.id = ms.user_id \
              WHERE us.municipality_id = m.id AND ms.starts_on <= $2 AND (ms.ends_on IS NULL OR ms.ends_on >= $2)) AS staff, \
           (SELECT COUNT(DISTINCT gs.user_id) FROM guardianships gs JOIN children c ON c.id = gs.child_id \
              WHERE c.municipality_id = m.id AND (gs.ends_on IS NULL OR gs.ends_on >= $2)) AS guardians \
         FROM municipalities m WHERE m.id = $1",
    )
    .bind(municipality.to_string())
    .bind(date_text(today))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(MunicipalitySummary {
            municipality_id: municipality,
            name: r.try_get("name")?,
            areas: r.try_get("areas")?,
            units: r.try_get("units")?,
            groups: r.try_get("groups")?,
            children: r.try_get("children")?,
            staff: r.try_get("staff")?,
            guardians: r.try_get("guardians")?,
        })
    })
    .transpose()
}

pub async fn unit_and_area_names(
    conn: &mut Conn,
    unit: UnitId,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT u.name, a.name AS area_name FROM units u JOIN areas a ON a.id = u.area_id WHERE u.id = $1")
        .bind(unit.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((r.try_get("name")?, r.try_get("area_name")?)))
        .transpose()
}

/// The municipality a user belongs to.
pub async fn user_municipality(
    conn: &mut Conn,
    user: UserId,
) -> Result<Option<MunicipalityId>, sqlx::Error> {
    let row = sqlx::query("SELECT municipality_id FROM users WHERE id = $1")
        .bind(user.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| parse_id(&r.try_get::<String, _>("municipality_id")?))
        .transpose()
}

/// The groups of a unit a child is enrolled in today.
pub async fn child_groups_in_unit(
    conn: &mut Conn,
    child: ChildId,
    unit: UnitId,
    today: Date,
) -> Result<Vec<(crate::domain::GroupId, String)>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT g.id, g.name FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
         WHERE e.child_id = $1 AND {ACTIVE_ENROLMENT} AND g.unit_id = $3 ORDER BY g.name"
    ))
    .bind(child.to_string())
    .bind(date_text(today))
    .bind(unit.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            parse_id(&r.try_get::<String, _>("id")?)?,
            r.try_get("name")?,
        ))
    })
    .collect()
}

/// The municipality a child belongs to.
pub async fn child_municipality(
    conn: &mut Conn,
    child: ChildId,
) -> Result<Option<MunicipalityId>, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT municipality_id FROM children WHERE id = $1")
            .bind(child.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    found.as_deref().map(parse_id).transpose()
}

/// A municipality's name, as the reports head their widest line.
pub async fn municipality_name(
    conn: &mut Conn,
    muni: MunicipalityId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM municipalities WHERE id = $1")
        .bind(muni.to_string())
        .fetch_optional(&mut *conn)
        .await
}
