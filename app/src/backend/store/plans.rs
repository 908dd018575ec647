//! Action plans (*handleplaner*) in SMTTE form: every change a new version, the parents' own
//! view and when they read it (issue 16). Decides nothing about access.

use super::{date, date_text, id, parse_date, parse_id};
use crate::backend::db::Conn;
use crate::domain::*;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

/// A plan's current version.
#[derive(Clone, Debug)]
pub struct PlanRow {
    pub id: PlanId,
    pub child: ChildId,
    pub unit: UnitId,
    pub meeting: Option<MeetingId>,
    pub follows: Option<PlanId>,
    pub status: PlanStatus,
    pub version: i64,
    pub content: PlanContent,
    pub changed_at: i64,
    pub created_at: i64,
}

const PLAN_SELECT: &str = "SELECT p.id, p.child_id, p.unit_id, p.meeting_id, p.follows_plan_id, \
     p.status, p.version, p.created_at, v.context, v.goals, v.actions, v.signs, v.evaluate_on, \
     v.evaluation, v.changed_at \
     FROM action_plans p JOIN action_plan_versions v ON v.plan_id = p.id AND v.version = p.version";

fn status(r: &AnyRow) -> Result<PlanStatus, sqlx::Error> {
    let text: String = r.try_get("status")?;
    super::decode("plan status", PlanStatus::parse(&text), &text)
}

fn content(r: &AnyRow) -> Result<PlanContent, sqlx::Error> {
    let actions: String = r.try_get("actions")?;
    Ok(PlanContent {
        context: r.try_get("context")?,
        goals: r.try_get("goals")?,
        actions: serde_json::from_str(&actions).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        signs: r.try_get("signs")?,
        evaluate_on: date(r, "evaluate_on")?,
        evaluation: r.try_get("evaluation")?,
    })
}

fn plan_row(r: &AnyRow) -> Result<PlanRow, sqlx::Error> {
    let meeting: Option<String> = r.try_get("meeting_id")?;
    let follows: Option<String> = r.try_get("follows_plan_id")?;
    Ok(PlanRow {
        id: id(r, "id")?,
        child: id(r, "child_id")?,
        unit: id(r, "unit_id")?,
        meeting: meeting.as_deref().map(parse_id).transpose()?,
        follows: follows.as_deref().map(parse_id).transpose()?,
        status: status(r)?,
        version: r.try_get("version")?,
        content: content(r)?,
        changed_at: r.try_get("changed_at")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn plan(conn: &mut Conn, plan: PlanId) -> Result<Option<PlanRow>, sqlx::Error> {
    sqlx::query(&format!("{PLAN_SELECT} WHERE p.id = $1"))
        .bind(plan.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(plan_row)
        .transpose()
}

/// A child's plans made by `units` (every unit's for `None`: the parents' view), newest first.
pub async fn child_plans(
    conn: &mut Conn,
    child: ChildId,
    units: Option<&[UnitId]>,
) -> Result<Vec<PlanRow>, sqlx::Error> {
    let Some(filter) = super::units_clause("p.unit_id", units, 2) else {
        return Ok(Vec::new());
    };
    let sql = format!("{PLAN_SELECT} WHERE p.child_id = $1{filter} ORDER BY p.created_at DESC");
    let mut query = sqlx::query(&sql).bind(child.to_string());
    for unit in units.unwrap_or_default() {
        query = query.bind(unit.to_string());
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(plan_row)
        .collect()
}

/// The plans made at a meeting.
pub async fn meeting_plans(
    conn: &mut Conn,
    meeting: MeetingId,
) -> Result<Vec<PlanRow>, sqlx::Error> {
    sqlx::query(&format!(
        "{PLAN_SELECT} WHERE p.meeting_id = $1 ORDER BY p.created_at"
    ))
    .bind(meeting.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(plan_row)
    .collect()
}

/// One stored version, with who made it.
#[derive(Clone, Debug)]
pub struct VersionRow {
    pub version: i64,
    pub status: PlanStatus,
    pub content: PlanContent,
    pub changed_by: String,
    pub changed_at: i64,
}

pub async fn versions(conn: &mut Conn, plan: PlanId) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query(
        "SELECT v.version, v.status, v.context, v.goals, v.actions, v.signs, v.evaluate_on, \
                v.evaluation, v.changed_at, us.display_name \
           FROM action_plan_versions v JOIN users us ON us.id = v.changed_by \
          WHERE v.plan_id = $1 ORDER BY v.version",
    )
    .bind(plan.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(VersionRow {
            version: r.try_get("version")?,
            status: status(r)?,
            content: content(r)?,
            changed_by: r.try_get("display_name")?,
            changed_at: r.try_get("changed_at")?,
        })
    })
    .collect()
}

async fn insert_version(
    tx: &mut Conn,
    plan: PlanId,
    version: i64,
    status: PlanStatus,
    content: &PlanContent,
    by: UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    let actions = serde_json::to_string(&content.actions)
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(
        "INSERT INTO action_plan_versions (plan_id, version, status, context, goals, actions, \
            signs, evaluate_on, evaluation, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(plan.to_string())
    .bind(version)
    .bind(status.code())
    .bind(&content.context)
    .bind(&content.goals)
    .bind(actions)
    .bind(&content.signs)
    .bind(date_text(content.evaluate_on))
    .bind(&content.evaluation)
    .bind(by.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A new plan at version 1.
pub struct NewPlan<'a> {
    pub id: PlanId,
    pub child: ChildId,
    pub unit: UnitId,
    pub meeting: Option<MeetingId>,
    pub follows: Option<PlanId>,
    pub content: &'a PlanContent,
    pub by: UserId,
    pub now: i64,
}

pub async fn insert(tx: &mut Conn, new: NewPlan<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO action_plans (id, child_id, unit_id, meeting_id, follows_plan_id, version, \
            status, evaluate_on, created_at) VALUES ($1, $2, $3, $4, $5, 1, 'active', $6, $7)",
    )
    .bind(new.id.to_string())
    .bind(new.child.to_string())
    .bind(new.unit.to_string())
    .bind(new.meeting.map(|m| m.to_string()))
    .bind(new.follows.map(|p| p.to_string()))
    .bind(date_text(new.content.evaluate_on))
    .bind(new.now)
    .execute(&mut *tx)
    .await?;
    insert_version(
        tx,
        new.id,
        1,
        PlanStatus::Active,
        new.content,
        new.by,
        new.now,
    )
    .await
}

/// Writes version `base + 1` if the plan is still at `base`; `false` when someone saved since
/// (nothing is written then).
pub async fn new_version(
    tx: &mut Conn,
    plan: PlanId,
    base: i64,
    status: PlanStatus,
    content: &PlanContent,
    by: UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE action_plans SET version = version + 1, status = $3, evaluate_on = $4 \
          WHERE id = $1 AND version = $2",
    )
    .bind(plan.to_string())
    .bind(base)
    .bind(status.code())
    .bind(date_text(content.evaluate_on))
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    insert_version(tx, plan, base + 1, status, content, by, now).await?;
    Ok(true)
}

/// What one parent added to a plan.
#[derive(Clone, Debug)]
pub struct ParentRow {
    pub user: UserId,
    pub name: String,
    pub own_view: String,
    pub view_at: Option<i64>,
    pub read_version: Option<i64>,
    pub read_on: Option<Date>,
}

pub async fn parents(conn: &mut Conn, plan: PlanId) -> Result<Vec<ParentRow>, sqlx::Error> {
    sqlx::query(
        "SELECT a.user_id, us.display_name, a.own_view, a.view_at, a.read_version, a.read_on \
           FROM action_plan_parents a JOIN users us ON us.id = a.user_id \
          WHERE a.plan_id = $1 ORDER BY us.display_name",
    )
    .bind(plan.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let read_on: Option<String> = r.try_get("read_on")?;
        Ok(ParentRow {
            user: id(r, "user_id")?,
            name: r.try_get("display_name")?,
            own_view: r.try_get("own_view")?,
            view_at: r.try_get("view_at")?,
            read_version: r.try_get("read_version")?,
            read_on: read_on.as_deref().map(parse_date).transpose()?,
        })
    })
    .collect()
}

/// A parent's own view of the plan, replacing what they wrote before.
pub async fn set_own_view(
    tx: &mut Conn,
    plan: PlanId,
    user: UserId,
    text: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO action_plan_parents (plan_id, user_id, own_view, view_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (plan_id, user_id) DO UPDATE SET own_view = $3, view_at = $4",
    )
    .bind(plan.to_string())
    .bind(user.to_string())
    .bind(text)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Marks `version` of the plan read by a parent on `today`.
pub async fn mark_read(
    tx: &mut Conn,
    plan: PlanId,
    user: UserId,
    version: i64,
    today: Date,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO action_plan_parents (plan_id, user_id, read_version, read_on) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (plan_id, user_id) DO UPDATE SET read_version = $3, read_on = $4",
    )
    .bind(plan.to_string())
    .bind(user.to_string())
    .bind(version)
    .bind(date_text(today))
    .execute(&mut *tx)
    .await?;
    Ok(())
}
