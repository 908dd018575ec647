//! Follow-ups (*opfølgning*) that a concern opens, with their deadlines.

use super::{date, date_text, id, parse_date, parse_id, placeholders, position};
use super::{ACTIVE_ENROLMENT, NARROWED};
use crate::backend::db::Conn;
use crate::domain::*;
use crate::policy::Placement;
use crate::wire::assessment::*;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

/// Opens the follow-up a concern calls for, once per assessment.
pub async fn open_follow_up(
    conn: &mut Conn,
    assessment: AssessmentId,
    child: ChildId,
    unit: UnitId,
    due_on: Date,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO follow_ups (id, assessment_id, child_id, unit_id, due_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (assessment_id) DO NOTHING",
    )
    .bind(FollowUpId::random().to_string())
    .bind(assessment.to_string())
    .bind(child.to_string())
    .bind(unit.to_string())
    .bind(date_text(due_on))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn follow_up_due(
    conn: &mut Conn,
    assessment: AssessmentId,
) -> Result<Option<Date>, sqlx::Error> {
    sqlx::query("SELECT due_on FROM follow_ups WHERE assessment_id = $1")
        .bind(assessment.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| date(&r, "due_on"))
        .transpose()
}

fn follow_up_view(r: &AnyRow, today: Date) -> Result<FollowUpView, sqlx::Error> {
    let done: Option<String> = r.try_get("done_on")?;
    let done_on = done.map(|d| parse_date(&d)).transpose()?;
    let due_on = date(r, "due_on")?;
    let first: String = r.try_get("first_name")?;
    let last: String = r.try_get("last_name")?;
    Ok(FollowUpView {
        id: id(r, "id")?,
        child: id(r, "child_id")?,
        child_name: format!("{first} {last}"),
        position: position(r, "position")?,
        assessed_on: date(r, "assessed_on")?,
        due_on,
        overdue: done_on.is_none() && due_on < today,
        done_on,
    })
}

const FOLLOW_UP_SELECT: &str =
    "SELECT f.id, f.child_id, f.due_on, f.done_on, a.position, a.assessed_on, \
     c.first_name, c.last_name FROM follow_ups f JOIN assessments a ON a.id = f.assessment_id \
     JOIN children c ON c.id = f.child_id";

/// A unit's open follow-ups (oldest deadline first) and those done in the last 60 days.
pub async fn unit_follow_ups(
    conn: &mut Conn,
    unit: UnitId,
    today: Date,
) -> Result<Vec<FollowUpView>, sqlx::Error> {
    sqlx::query(&format!(
        "{FOLLOW_UP_SELECT} WHERE f.unit_id = $1 AND (f.done_on IS NULL OR f.done_on >= $2) \
         ORDER BY CASE WHEN f.done_on IS NULL THEN 0 ELSE 1 END, f.due_on"
    ))
    .bind(unit.to_string())
    .bind(date_text(today - time::Duration::days(60)))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| follow_up_view(r, today))
    .collect()
}

/// A child's follow-ups that these units opened (each belongs to the unit whose concern
/// opened it), latest deadline first.
pub async fn child_follow_ups(
    conn: &mut Conn,
    child: ChildId,
    units: &[UnitId],
    today: Date,
) -> Result<Vec<FollowUpView>, sqlx::Error> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{FOLLOW_UP_SELECT} WHERE f.child_id = $1 AND f.unit_id IN ({}) ORDER BY f.due_on DESC",
        placeholders(2, units.len())
    );
    let mut query = sqlx::query(&sql).bind(child.to_string());
    for unit in units {
        query = query.bind(unit.to_string());
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| follow_up_view(r, today))
        .collect()
}

/// Where a follow-up belongs, and when it was opened.
#[derive(Clone, Debug)]
pub struct FollowUpPlace {
    /// The unit that opened it, as the policy reads it (no group).
    pub place: Placement,
    /// The groups of that unit the child is enrolled in today: where access is narrowed, the
    /// staff of these groups handle it.
    pub groups: Vec<GroupId>,
    pub child: ChildId,
    /// Unix seconds.
    pub created_at: i64,
}

/// The unit and child a follow-up belongs to, the child's groups there today, and when it
/// was opened.
pub async fn follow_up_unit(
    conn: &mut Conn,
    follow_up: FollowUpId,
    today: Date,
) -> Result<Option<FollowUpPlace>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT f.child_id, f.created_at, u.municipality_id, u.area_id, u.id AS unit_id, {NARROWED}, \
                g.id AS group_id \
           FROM follow_ups f JOIN units u ON u.id = f.unit_id \
           LEFT JOIN enrolments e ON e.child_id = f.child_id AND {ACTIVE_ENROLMENT} \
                AND e.group_id IN (SELECT id FROM child_groups WHERE unit_id = f.unit_id) \
           LEFT JOIN child_groups g ON g.id = e.group_id \
          WHERE f.id = $1"
    ))
    .bind(follow_up.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut groups = Vec::new();
    for row in &rows {
        if let Some(group) = row.try_get::<Option<String>, _>("group_id")? {
            groups.push(parse_id(&group)?);
        }
    }
    Ok(Some(FollowUpPlace {
        place: Placement {
            municipality: id(first, "municipality_id")?,
            area: id(first, "area_id")?,
            unit: id(first, "unit_id")?,
            group: None,
            narrowed: first.try_get::<i64, _>("narrowed")? != 0,
        },
        groups,
        child: id(first, "child_id")?,
        created_at: first.try_get("created_at")?,
    }))
}

/// Marks a follow-up done; a second call changes nothing.
pub async fn complete_follow_up(
    conn: &mut Conn,
    follow_up: FollowUpId,
    done_on: Date,
    by: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE follow_ups SET done_on = $2, done_by = $3 WHERE id = $1 AND done_on IS NULL",
    )
    .bind(follow_up.to_string())
    .bind(date_text(done_on))
    .bind(by.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many of a unit's follow-ups are open, and how many of those are overdue.
#[derive(Clone, Copy, Debug)]
pub struct FollowUpCounts {
    pub open: i64,
    pub overdue: i64,
}

/// Open and overdue follow-ups of a unit.
pub async fn follow_up_counts(
    conn: &mut Conn,
    unit: UnitId,
    today: Date,
) -> Result<FollowUpCounts, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS open, COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM follow_ups WHERE unit_id = $1 AND done_on IS NULL",
    )
    .bind(unit.to_string())
    .bind(date_text(today))
    .fetch_one(&mut *conn)
    .await?;
    Ok(FollowUpCounts {
        open: row.try_get("open")?,
        overdue: row.try_get("overdue")?,
    })
}

/// A concern whose follow-up is open and has no meeting yet: what the agenda starts from.
#[derive(Clone, Debug)]
pub struct OpenConcern {
    pub follow_up: FollowUpId,
    pub unit: UnitId,
    pub context: AssessmentContext,
    pub note: String,
    pub assessed_on: Date,
    pub due_on: Date,
}

/// The child's open follow-ups in `units` that no meeting answers yet, oldest deadline first.
pub async fn concerns_to_meet(
    conn: &mut Conn,
    child: ChildId,
    units: &[UnitId],
) -> Result<Vec<OpenConcern>, sqlx::Error> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT f.id, f.unit_id, f.due_on, a.context, a.note, a.assessed_on \
           FROM follow_ups f JOIN assessments a ON a.id = f.assessment_id \
          WHERE f.child_id = $1 AND f.done_on IS NULL AND f.unit_id IN ({}) \
            AND NOT EXISTS (SELECT 1 FROM focus_meetings m WHERE m.follow_up_id = f.id) \
          ORDER BY f.due_on",
        placeholders(2, units.len())
    );
    let mut query = sqlx::query(&sql).bind(child.to_string());
    for unit in units {
        query = query.bind(unit.to_string());
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(OpenConcern {
                follow_up: id(r, "id")?,
                unit: id(r, "unit_id")?,
                context: super::context(r, "context")?,
                note: r.try_get("note")?,
                assessed_on: date(r, "assessed_on")?,
                due_on: date(r, "due_on")?,
            })
        })
        .collect()
}
