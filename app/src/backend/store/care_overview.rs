//! What a leader follows of a unit's meetings and plans (issue 16 item 6): the invitations not
//! yet held, the meetings held, plans due for evaluation and overdue ones, and the parents'
//! voice. Decides nothing about access.

use super::{date, date_text, id};
use crate::backend::db::Conn;
use crate::domain::{ChildId, MeetingId, PlanId, UnitId};
use sqlx::Row;
use time::Date;

/// How far ahead a plan counts as due for evaluation.
pub const DUE_WITHIN_DAYS: i64 = 30;

/// A unit's meetings and plans, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CareCounts {
    pub to_hold: i64,
    /// Held in the last twelve months.
    pub held: i64,
    /// Active, to be evaluated within [`DUE_WITHIN_DAYS`] (not yet overdue).
    pub plans_due: i64,
    /// Active after their evaluation date.
    pub plans_overdue: i64,
}

pub async fn care_counts(
    conn: &mut Conn,
    unit: UnitId,
    today: Date,
) -> Result<CareCounts, sqlx::Error> {
    let year_ago = today - time::Duration::days(365);
    let horizon = today + time::Duration::days(DUE_WITHIN_DAYS);
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM focus_meetings WHERE unit_id = $1 AND status = 'invited') AS to_hold, \
           (SELECT COUNT(*) FROM focus_meetings WHERE unit_id = $1 AND status = 'held' AND held_on >= $3) AS held, \
           (SELECT COUNT(*) FROM action_plans WHERE unit_id = $1 AND status = 'active' \
               AND evaluate_on >= $2 AND evaluate_on <= $4) AS due, \
           (SELECT COUNT(*) FROM action_plans WHERE unit_id = $1 AND status = 'active' \
               AND evaluate_on < $2) AS overdue",
    )
    .bind(unit.to_string())
    .bind(date_text(today))
    .bind(date_text(year_ago))
    .bind(date_text(horizon))
    .fetch_one(&mut *conn)
    .await?;
    Ok(CareCounts {
        to_hold: row.try_get("to_hold")?,
        held: row.try_get("held")?,
        plans_due: row.try_get("due")?,
        plans_overdue: row.try_get("overdue")?,
    })
}

/// A meeting to hold, as the leader's list shows it.
#[derive(Clone, Debug)]
pub struct MeetingToHold {
    pub id: MeetingId,
    pub child: ChildId,
    pub child_name: String,
    /// The earliest time offered.
    pub first_time: Option<String>,
    pub answered: i64,
    pub invited: i64,
}

pub async fn meetings_to_hold(
    conn: &mut Conn,
    unit: UnitId,
) -> Result<Vec<MeetingToHold>, sqlx::Error> {
    sqlx::query(
        "SELECT f.id, f.child_id, c.first_name, c.last_name, \
                (SELECT MIN(t.starts_at) FROM meeting_times t WHERE t.meeting_id = f.id) AS first_time, \
                (SELECT COUNT(*) FROM meeting_invitees i WHERE i.meeting_id = f.id \
                    AND i.kind = 'guardian' AND i.answer IS NOT NULL) AS answered, \
                (SELECT COUNT(*) FROM meeting_invitees i WHERE i.meeting_id = f.id \
                    AND i.kind = 'guardian') AS invited \
           FROM focus_meetings f JOIN children c ON c.id = f.child_id \
          WHERE f.unit_id = $1 AND f.status = 'invited' ORDER BY first_time",
    )
    .bind(unit.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let first: String = r.try_get("first_name")?;
        let last: String = r.try_get("last_name")?;
        Ok(MeetingToHold {
            id: id(r, "id")?,
            child: id(r, "child_id")?,
            child_name: format!("{first} {last}"),
            first_time: r.try_get("first_time")?,
            answered: r.try_get("answered")?,
            invited: r.try_get("invited")?,
        })
    })
    .collect()
}

/// An active plan due for evaluation (or overdue).
#[derive(Clone, Debug)]
pub struct PlanDue {
    pub id: PlanId,
    pub child: ChildId,
    pub child_name: String,
    pub evaluate_on: Date,
}

pub async fn plans_due(
    conn: &mut Conn,
    unit: UnitId,
    today: Date,
) -> Result<Vec<PlanDue>, sqlx::Error> {
    let horizon = today + time::Duration::days(DUE_WITHIN_DAYS);
    sqlx::query(
        "SELECT p.id, p.child_id, p.evaluate_on, c.first_name, c.last_name \
           FROM action_plans p JOIN children c ON c.id = p.child_id \
          WHERE p.unit_id = $1 AND p.status = 'active' AND p.evaluate_on <= $2 \
          ORDER BY p.evaluate_on",
    )
    .bind(unit.to_string())
    .bind(date_text(horizon))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let first: String = r.try_get("first_name")?;
        let last: String = r.try_get("last_name")?;
        Ok(PlanDue {
            id: id(r, "id")?,
            child: id(r, "child_id")?,
            child_name: format!("{first} {last}"),
            evaluate_on: date(r, "evaluate_on")?,
        })
    })
    .collect()
}
