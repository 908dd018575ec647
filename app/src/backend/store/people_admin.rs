//! People administration (issue 15): the people of a municipality with their memberships and
//! guardianships, where a person or membership sits (for the gate), and the changes. The store
//! decides nothing about access: the server functions ask the policy and filter.

use super::{date_text, id, parse_date, parse_id, NARROWED};
use crate::backend::db::Conn;
use crate::domain::{ChildId, MunicipalityId, Role, UnitId, UserId};
use crate::policy::Placement;
use crate::wire::people::MembershipId;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

/// A person of the municipality.
pub struct PersonFact {
    pub user: UserId,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
}

/// A membership with the name of its place and its unit (for a unit membership).
pub struct MembershipFact {
    pub id: MembershipId,
    pub user: UserId,
    pub role: Role,
    pub unit: Option<UnitId>,
    pub place: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

/// A guardianship with the places its child is enrolled in today.
pub struct GuardianshipFact {
    pub user: UserId,
    pub child: ChildId,
    pub child_name: String,
    pub has_custody: bool,
    pub address_protected: bool,
    /// The guardianship's last day, when it has one.
    pub ends_on: Option<Date>,
    pub placements: Vec<Placement>,
}

pub(super) fn placement(row: &AnyRow) -> Result<Option<Placement>, sqlx::Error> {
    let Some(unit) = row.try_get::<Option<String>, _>("unit_id")? else {
        return Ok(None);
    };
    let group: Option<String> = row.try_get("group_id")?;
    Ok(Some(Placement {
        municipality: id(row, "municipality_id")?,
        area: id(row, "area_id")?,
        unit: parse_id(&unit)?,
        group: group.as_deref().map(parse_id).transpose()?,
        narrowed: row.try_get::<i64, _>("narrowed")? != 0,
    }))
}

fn role(row: &AnyRow) -> Result<Role, sqlx::Error> {
    let text: String = row.try_get("role")?;
    super::decode("role", Role::parse(&text), &text)
}

fn optional_date(row: &AnyRow, column: &str) -> Result<Option<Date>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    text.as_deref().map(parse_date).transpose()
}

/// Everyone whose account belongs to the municipality, by name.
pub async fn people(
    conn: &mut Conn,
    municipality: MunicipalityId,
) -> Result<Vec<PersonFact>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, username, display_name, disabled FROM users \
          WHERE municipality_id = $1 ORDER BY display_name, username",
    )
    .bind(municipality.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PersonFact {
                user: id(row, "id")?,
                username: row.try_get("username")?,
                display_name: row.try_get("display_name")?,
                disabled: row.try_get::<i64, _>("disabled")? != 0,
            })
        })
        .collect()
}

const MEMBERSHIP_COLUMNS: &str = "m.id, m.user_id, m.role, m.unit_id, m.starts_on, m.ends_on, \
     COALESCE(u.name, a.name, mu.name) AS place";
const MEMBERSHIP_JOINS: &str = "FROM memberships m JOIN users us ON us.id = m.user_id \
     LEFT JOIN units u ON u.id = m.unit_id LEFT JOIN areas a ON a.id = m.area_id \
     LEFT JOIN municipalities mu ON mu.id = m.municipality_id";

fn membership(row: &AnyRow) -> Result<MembershipFact, sqlx::Error> {
    let unit: Option<String> = row.try_get("unit_id")?;
    Ok(MembershipFact {
        id: id(row, "id")?,
        user: id(row, "user_id")?,
        role: role(row)?,
        unit: unit.as_deref().map(parse_id).transpose()?,
        place: row.try_get("place")?,
        starts_on: super::date(row, "starts_on")?,
        ends_on: optional_date(row, "ends_on")?,
    })
}

/// Every membership of the municipality's people, oldest first.
pub async fn memberships(
    conn: &mut Conn,
    municipality: MunicipalityId,
) -> Result<Vec<MembershipFact>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {MEMBERSHIP_COLUMNS} {MEMBERSHIP_JOINS} WHERE us.municipality_id = $1 \
          ORDER BY m.starts_on, m.id"
    ))
    .bind(municipality.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(membership).collect()
}

/// Every guardianship of the municipality's people, with the places (group and unit) the
/// child is enrolled in on `today`.
pub async fn guardianships(
    conn: &mut Conn,
    municipality: MunicipalityId,
    today: Date,
) -> Result<Vec<GuardianshipFact>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT g.user_id, g.child_id, g.has_custody, g.address_protected, g.ends_on, \
                c.first_name || ' ' || c.last_name AS child_name, \
                e.group_id, u.id AS unit_id, u.area_id, u.municipality_id, {NARROWED} \
           FROM guardianships g JOIN users us ON us.id = g.user_id \
           JOIN children c ON c.id = g.child_id \
           LEFT JOIN enrolments e ON e.child_id = c.id \
                AND e.starts_on <= $2 AND (e.ends_on IS NULL OR e.ends_on >= $2) \
           LEFT JOIN child_groups cg ON cg.id = e.group_id \
           LEFT JOIN units u ON u.id = cg.unit_id \
          WHERE us.municipality_id = $1 AND (g.ends_on IS NULL OR g.ends_on >= $2) \
          ORDER BY g.user_id, g.child_id"
    ))
    .bind(municipality.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    let mut facts: Vec<GuardianshipFact> = Vec::new();
    for row in &rows {
        let user: UserId = id(row, "user_id")?;
        let child: ChildId = id(row, "child_id")?;
        let place = placement(row)?;
        if let Some(last) = facts
            .last_mut()
            .filter(|f| f.user == user && f.child == child)
        {
            last.placements.extend(place);
            continue;
        }
        facts.push(GuardianshipFact {
            user,
            child,
            child_name: row.try_get("child_name")?,
            has_custody: row.try_get::<i64, _>("has_custody")? != 0,
            address_protected: row.try_get::<i64, _>("address_protected")? != 0,
            ends_on: row
                .try_get::<Option<String>, _>("ends_on")?
                .map(|d| parse_date(&d))
                .transpose()?,
            placements: place.into_iter().collect(),
        });
    }
    Ok(facts)
}

/// Where a person sits, for the gate: their municipality, and the units they work in (today
/// or from a later day) or whose children they are guardian of (enrolled today).
pub struct PersonPlaces {
    pub municipality: MunicipalityId,
    pub units: Vec<Placement>,
}

pub async fn person_places(
    conn: &mut Conn,
    user: UserId,
    today: Date,
) -> Result<Option<PersonPlaces>, sqlx::Error> {
    let municipality: Option<String> =
        sqlx::query_scalar("SELECT municipality_id FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let Some(municipality) = municipality else {
        return Ok(None);
    };
    let rows = sqlx::query(&format!(
        "SELECT u.id AS unit_id, u.area_id, u.municipality_id, NULL AS group_id, {NARROWED} \
           FROM units u WHERE u.id IN ( \
             SELECT m.unit_id FROM memberships m WHERE m.user_id = $1 AND m.unit_id IS NOT NULL \
                AND (m.ends_on IS NULL OR m.ends_on >= $2) \
             UNION SELECT cg.unit_id FROM guardianships g \
               JOIN enrolments e ON e.child_id = g.child_id \
                AND e.starts_on <= $2 AND (e.ends_on IS NULL OR e.ends_on >= $2) \
               JOIN child_groups cg ON cg.id = e.group_id WHERE g.user_id = $1 \
                AND (g.ends_on IS NULL OR g.ends_on >= $2)) \
          ORDER BY u.name"
    ))
    .bind(user.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    let mut units = Vec::new();
    for row in &rows {
        units.extend(placement(row)?);
    }
    Ok(Some(PersonPlaces {
        municipality: parse_id(&municipality)?,
        units,
    }))
}

/// One membership, with the unit it is in (the whole unit, for the gate) and its owner's
/// municipality.
pub struct MembershipPlace {
    pub fact: MembershipFact,
    pub municipality: MunicipalityId,
    pub unit: Option<Placement>,
}

pub async fn membership_place(
    conn: &mut Conn,
    membership_id: MembershipId,
) -> Result<Option<MembershipPlace>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {MEMBERSHIP_COLUMNS}, us.municipality_id AS user_municipality, \
                u.area_id, u.municipality_id, NULL AS group_id, {NARROWED} \
           {MEMBERSHIP_JOINS} WHERE m.id = $1"
    ))
    .bind(membership_id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(MembershipPlace {
            fact: membership(&row)?,
            municipality: id(&row, "user_municipality")?,
            unit: placement(&row)?,
        })
    })
    .transpose()
}

/// How many administrator memberships `user` holds, other than `except`, that last until
/// `day` or later.
pub async fn other_administrator_memberships(
    conn: &mut Conn,
    user: UserId,
    except: MembershipId,
    day: Date,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND role = 'administrator' \
            AND id <> $2 AND (ends_on IS NULL OR ends_on >= $3)",
    )
    .bind(user.to_string())
    .bind(except.to_string())
    .bind(date_text(day))
    .fetch_one(&mut *conn)
    .await
}

/// Sets a membership's last day (inclusive).
pub async fn end_membership(
    tx: &mut Conn,
    membership_id: MembershipId,
    last_day: Date,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE memberships SET ends_on = $1 WHERE id = $2")
        .bind(date_text(last_day))
        .bind(membership_id.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Lets a disabled user sign in again (disabling is `people::disable_user`).
pub async fn enable_user(tx: &mut Conn, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET disabled = 0 WHERE id = $1")
        .bind(user.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The user named `username` in `municipality` who holds a specialist membership on `today`.
pub async fn specialist(
    conn: &mut Conn,
    username: &str,
    municipality: MunicipalityId,
    today: Date,
) -> Result<Option<UserId>, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT DISTINCT us.id FROM users us JOIN memberships m ON m.user_id = us.id \
          WHERE us.username = $1 AND us.municipality_id = $2 AND us.disabled = 0 \
            AND m.role = 'specialist' AND m.starts_on <= $3 \
            AND (m.ends_on IS NULL OR m.ends_on >= $3)",
    )
    .bind(username)
    .bind(municipality.to_string())
    .bind(date_text(today))
    .fetch_optional(&mut *conn)
    .await?;
    found.as_deref().map(parse_id).transpose()
}

/// Invites a specialist to a child's case from `starts_on` through `ends_on`.
pub async fn invite_specialist(
    tx: &mut Conn,
    user: UserId,
    child: ChildId,
    starts_on: Date,
    ends_on: Date,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_invitations (id, user_id, child_id, starts_on, ends_on) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(user.to_string())
    .bind(child.to_string())
    .bind(date_text(starts_on))
    .bind(date_text(ends_on))
    .execute(&mut *tx)
    .await?;
    Ok(())
}
