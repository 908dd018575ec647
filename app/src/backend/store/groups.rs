//! Groups (*stuer*, classes) and where a write lands: the group, its unit, the child's
//! enrolment, the municipality's settings and the named round's window.

use super::{date, date_text, decode, id, ACTIVE_ENROLMENT, NARROWED};
use crate::backend::db::Conn;
use crate::domain::*;
use crate::policy::Placement;
use crate::wire::assessment::*;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

/// A group with the unit it belongs to.
#[derive(Clone, Debug)]
pub struct GroupPlace {
    pub group: GroupId,
    pub name: String,
    pub unit: UnitId,
    pub unit_name: String,
    pub unit_kind: UnitKind,
    pub municipality: MunicipalityId,
    pub area: AreaId,
    /// Whether the municipality narrows access in units of this kind to the staff's groups.
    pub narrowed: bool,
}

impl GroupPlace {
    /// Where the group sits, as the policy reads it.
    pub fn placement(&self) -> Placement {
        Placement {
            municipality: self.municipality,
            area: self.area,
            unit: self.unit,
            group: Some(self.group),
            narrowed: self.narrowed,
        }
    }
}

pub async fn group_place(
    conn: &mut Conn,
    group: GroupId,
) -> Result<Option<GroupPlace>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {} FROM child_groups g JOIN units u ON u.id = g.unit_id \
         WHERE g.id = $1",
        group_place_columns()
    ))
    .bind(group.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(group_place_in).transpose()
}

fn group_place_columns() -> String {
    format!(
        "g.id, g.name, u.id AS unit_id, u.name AS unit_name, u.kind, u.municipality_id, u.area_id, \
         {NARROWED}"
    )
}

fn group_place_in(r: &AnyRow) -> Result<GroupPlace, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    Ok(GroupPlace {
        group: id(r, "id")?,
        name: r.try_get("name")?,
        unit: id(r, "unit_id")?,
        unit_name: r.try_get("unit_name")?,
        unit_kind: decode("unit kind", UnitKind::parse(&kind), &kind)?,
        municipality: id(r, "municipality_id")?,
        area: id(r, "area_id")?,
        narrowed: r.try_get::<i64, _>("narrowed")? != 0,
    })
}

/// What a write checks about where it lands.
#[derive(Clone, Debug)]
pub struct WritePlace {
    pub group: GroupPlace,
    /// Whether the child is enrolled in the group today.
    pub enrolled: bool,
    /// The municipality's settings (the defaults until it stores its own).
    pub settings: AssessmentSettings,
    /// The named round's window for the unit's kind, if the unit takes part in it.
    pub round: Option<RoundInfo>,
}

/// The group, its unit, the child's enrolment, the settings and the named round's window, in
/// one statement: every save asks all of them, and on SQLite each statement is a trip to the
/// connection's thread and back. `None` when there is no such group.
pub async fn write_place(
    conn: &mut Conn,
    group: GroupId,
    child: ChildId,
    round: Option<RoundId>,
    today: Date,
) -> Result<Option<WritePlace>, sqlx::Error> {
    // One row per window of the round (a window for each kind of unit), or one with the
    // round's columns empty.
    let rows = sqlx::query(&format!(
        "SELECT {}, \
           CAST(CASE WHEN EXISTS (SELECT 1 FROM enrolments e \
             WHERE e.group_id = g.id AND {ACTIVE_ENROLMENT} AND e.child_id = $3) \
           THEN 1 ELSE 0 END AS BIGINT) AS enrolled, \
           s.green_note_required, s.min_individual, s.follow_up_days, \
           r.id AS round_id, r.name AS round_name, w.window_kind, w.starts_on, w.ends_on \
         FROM child_groups g JOIN units u ON u.id = g.unit_id \
         LEFT JOIN assessment_settings s ON s.municipality_id = u.municipality_id \
         LEFT JOIN round_units ru ON ru.round_id = $4 AND ru.unit_id = u.id \
         LEFT JOIN rounds r ON r.id = ru.round_id \
         LEFT JOIN round_windows w ON w.round_id = r.id \
         WHERE g.id = $1",
        group_place_columns()
    ))
    .bind(group.to_string())
    .bind(date_text(today))
    .bind(child.to_string())
    .bind(round.map(|r| r.to_string()))
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let place = group_place_in(first)?;
    let window_kind = WindowKind::of(place.unit_kind).code();
    let mut round = None;
    for r in &rows {
        let kind: Option<String> = r.try_get("window_kind")?;
        if kind.as_deref() == Some(window_kind) {
            let window = Window {
                starts_on: date(r, "starts_on")?,
                ends_on: date(r, "ends_on")?,
            };
            round = Some(RoundInfo {
                id: id(r, "round_id")?,
                name: r.try_get("round_name")?,
                open: window.is_open(today),
                window,
            });
        }
    }
    Ok(Some(WritePlace {
        enrolled: first.try_get::<i64, _>("enrolled")? != 0,
        settings: super::settings::settings_in(first)?,
        group: place,
        round,
    }))
}

/// A child on a group's roster.
#[derive(Clone, Debug)]
pub struct RosterChild {
    pub id: ChildId,
    pub name: String,
    pub birth_date: Date,
}

/// The children enrolled in a group today, by name.
pub async fn roster(
    conn: &mut Conn,
    group: GroupId,
    today: Date,
) -> Result<Vec<RosterChild>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT c.id, c.first_name, c.last_name, c.birth_date FROM enrolments e \
         JOIN children c ON c.id = e.child_id WHERE e.group_id = $1 AND {ACTIVE_ENROLMENT} \
         ORDER BY c.first_name, c.last_name"
    ))
    .bind(group.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let first: String = r.try_get("first_name")?;
        let last: String = r.try_get("last_name")?;
        Ok(RosterChild {
            id: id(r, "id")?,
            name: format!("{first} {last}"),
            birth_date: date(r, "birth_date")?,
        })
    })
    .collect()
}

/// How many close staff (pedagogues, teachers, childminders, health visitors) work with the
/// group today: the "group's staff" a joint assessment waits for. Where access is narrowed
/// that is the staff who work in the group (the others cannot reach its children); elsewhere
/// the unit's close staff.
pub async fn close_staff_count(
    conn: &mut Conn,
    place: &GroupPlace,
    today: Date,
) -> Result<usize, sqlx::Error> {
    let in_group = if place.narrowed {
        "AND EXISTS (SELECT 1 FROM staff_groups sg WHERE sg.user_id = m.user_id AND sg.group_id = $3)"
    } else {
        ""
    };
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(DISTINCT m.user_id) FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.unit_id = $1 AND m.role IN ('pedagogue', 'teacher', 'childminder', 'health_visitor') \
           AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on >= $2) AND u.disabled = 0 {in_group}"
    ))
    .bind(place.unit.to_string())
    .bind(date_text(today))
    .bind(place.group.to_string())
    .fetch_one(conn)
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}
