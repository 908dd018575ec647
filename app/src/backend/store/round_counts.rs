//! The counts per round and unit that the reports over time read (migration 0021): computed
//! again from the rows they count whenever one of those is written, settled daily for the last
//! year's rounds, never again after that.

use super::{date, date_text, parse_date, placeholders};
use crate::backend::db::Conn;
use crate::domain::{FollowUpId, MeetingId, RoundCounts, RoundId, UnitId};
use sqlx::Row;
use time::Date;

/// The window of the round for the unit's kind, in SQL: a health visiting unit uses the round's
/// health visiting window, a school its school window, every day-care kind the day-care one.
const UNIT_WINDOW: &str = "JOIN units u ON u.id = $2 \
     JOIN round_windows w ON w.round_id = $1 AND w.window_kind = CASE u.kind \
       WHEN 'health_visiting' THEN 'health_visiting' WHEN 'school' THEN 'school' ELSE 'daycare' END";

/// Computes the counts of `round` in `unit` from the rows they count and stores them. A unit
/// that does not take part in the round, or has no window for its kind, gets no row.
pub async fn refresh(
    conn: &mut Conn,
    round: RoundId,
    unit: UnitId,
    today: Date,
) -> Result<(), sqlx::Error> {
    let window = sqlx::query(&format!(
        "SELECT w.starts_on, w.ends_on FROM round_units ru {UNIT_WINDOW} \
         WHERE ru.round_id = $1 AND ru.unit_id = $2"
    ))
    .bind(round.to_string())
    .bind(unit.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(window) = window else {
        return Ok(());
    };
    let (starts_on, ends_on) = (date(&window, "starts_on")?, date(&window, "ends_on")?);
    let counted = sqlx::query(
        "SELECT \
           (SELECT COUNT(DISTINCT e.child_id) FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
              WHERE g.unit_id = $2 AND e.starts_on <= $4 AND (e.ends_on IS NULL OR e.ends_on >= $3)) AS children, \
           (SELECT COUNT(DISTINCT a.child_id) FROM assessments a \
              WHERE a.round_id = $1 AND a.unit_id = $2 AND a.kind = 'individual') AS individual, \
           (SELECT COUNT(*) FROM assessments a WHERE a.round_id = $1 AND a.unit_id = $2 \
              AND a.kind = 'joint' AND a.position = 'green') AS green, \
           (SELECT COUNT(*) FROM assessments a WHERE a.round_id = $1 AND a.unit_id = $2 \
              AND a.kind = 'joint' AND a.position = 'yellow') AS yellow, \
           (SELECT COUNT(*) FROM assessments a WHERE a.round_id = $1 AND a.unit_id = $2 \
              AND a.kind = 'joint' AND a.position = 'red') AS red",
    )
    .bind(round.to_string())
    .bind(unit.to_string())
    .bind(date_text(starts_on))
    .bind(date_text(ends_on))
    .fetch_one(&mut *conn)
    .await?;
    let follow_ups = sqlx::query(
        "SELECT a.assessed_on, f.due_on, f.done_on, \
           (SELECT MIN(m.held_on) FROM focus_meetings m WHERE m.follow_up_id = f.id AND m.status = 'held') AS held_on, \
           (SELECT COUNT(*) FROM action_plans p JOIN focus_meetings m ON m.id = p.meeting_id \
              WHERE m.follow_up_id = f.id) AS plans \
         FROM follow_ups f JOIN assessments a ON a.id = f.assessment_id \
         WHERE a.round_id = $1 AND a.unit_id = $2 AND a.kind = 'joint'",
    )
    .bind(round.to_string())
    .bind(unit.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let n = |c: &str| counted.try_get::<i64, _>(c);
    let mut counts = RoundCounts {
        children: n("children")?,
        individually_assessed: n("individual")?,
        joint: [n("green")?, n("yellow")?, n("red")?],
        ..Default::default()
    };
    for row in &follow_ups {
        let assessed_on = date(row, "assessed_on")?;
        let due_on = date(row, "due_on")?;
        let done_on: Option<String> = row.try_get("done_on")?;
        let held_on: Option<String> = row.try_get("held_on")?;
        counts.follow_ups += 1;
        counts.action_plans += row.try_get::<i64, _>("plans")?;
        match done_on.as_deref().map(parse_date).transpose()? {
            Some(done) => {
                counts.informed_days.push((done - assessed_on).whole_days());
                if done <= due_on {
                    counts.informed_in_time += 1;
                }
            }
            None => {
                counts.still_open += 1;
                if due_on < today {
                    counts.overdue += 1;
                }
            }
        }
        if let Some(held) = held_on.as_deref().map(parse_date).transpose()? {
            counts.meeting_days.push((held - assessed_on).whole_days());
        }
    }
    counts.informed_days.sort_unstable();
    counts.meeting_days.sort_unstable();
    store(conn, round, unit, &counts, today).await
}

/// Stores the counts of `round` in `unit` as computed on `today`, over what was there.
pub async fn store(
    conn: &mut Conn,
    round: RoundId,
    unit: UnitId,
    c: &RoundCounts,
    today: Date,
) -> Result<(), sqlx::Error> {
    let days = |d: &[i64]| d.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query(
        "INSERT INTO round_unit_counts (round_id, unit_id, children, individually_assessed, \
           joint_green, joint_yellow, joint_red, follow_ups, informed_in_time, informed_days, \
           meeting_days, still_open, overdue, action_plans, computed_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (round_id, unit_id) DO UPDATE SET children = excluded.children, \
           individually_assessed = excluded.individually_assessed, joint_green = excluded.joint_green, \
           joint_yellow = excluded.joint_yellow, joint_red = excluded.joint_red, \
           follow_ups = excluded.follow_ups, informed_in_time = excluded.informed_in_time, \
           informed_days = excluded.informed_days, meeting_days = excluded.meeting_days, \
           still_open = excluded.still_open, overdue = excluded.overdue, \
           action_plans = excluded.action_plans, computed_on = excluded.computed_on",
    )
    .bind(round.to_string())
    .bind(unit.to_string())
    .bind(c.children)
    .bind(c.individually_assessed)
    .bind(c.joint[0])
    .bind(c.joint[1])
    .bind(c.joint[2])
    .bind(c.follow_ups)
    .bind(c.informed_in_time)
    .bind(days(&c.informed_days))
    .bind(days(&c.meeting_days))
    .bind(c.still_open)
    .bind(c.overdue)
    .bind(c.action_plans)
    .bind(date_text(today))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// After a follow-up was done, or a meeting on it held or a plan made: the counts of its round.
pub async fn refresh_for_follow_up(
    conn: &mut Conn,
    follow_up: FollowUpId,
    today: Date,
) -> Result<(), sqlx::Error> {
    let found = sqlx::query(
        "SELECT a.round_id, a.unit_id FROM follow_ups f JOIN assessments a ON a.id = f.assessment_id \
         WHERE f.id = $1 AND a.round_id IS NOT NULL",
    )
    .bind(follow_up.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = found {
        let round: String = row.try_get("round_id")?;
        let unit: String = row.try_get("unit_id")?;
        refresh(
            conn,
            super::parse_id(&round)?,
            super::parse_id(&unit)?,
            today,
        )
        .await?;
    }
    Ok(())
}

/// After a meeting was held or a plan made at it: the counts of its follow-up's round.
pub async fn refresh_for_meeting(
    conn: &mut Conn,
    meeting: MeetingId,
    today: Date,
) -> Result<(), sqlx::Error> {
    let follow_up: Option<Option<String>> =
        sqlx::query_scalar("SELECT follow_up_id FROM focus_meetings WHERE id = $1")
            .bind(meeting.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    match follow_up.flatten() {
        Some(f) => refresh_for_follow_up(conn, super::parse_id(&f)?, today).await,
        None => Ok(()),
    }
}

/// The daily settling: every round and unit whose window ended within the last year or is
/// still to end, and every pair that has no row yet (a round planned before the table
/// existed). Answers how many were computed.
pub async fn settle(conn: &mut Conn, today: Date) -> Result<usize, sqlx::Error> {
    let year_ago = today - time::Duration::days(366);
    let pairs = sqlx::query(
        "SELECT ru.round_id, ru.unit_id FROM round_units ru \
         JOIN units u ON u.id = ru.unit_id \
         JOIN round_windows w ON w.round_id = ru.round_id AND w.window_kind = CASE u.kind \
           WHEN 'health_visiting' THEN 'health_visiting' WHEN 'school' THEN 'school' ELSE 'daycare' END \
         LEFT JOIN round_unit_counts c ON c.round_id = ru.round_id AND c.unit_id = ru.unit_id \
         WHERE w.starts_on <= $1 AND (w.ends_on >= $2 OR c.round_id IS NULL)",
    )
    .bind(date_text(today))
    .bind(date_text(year_ago))
    .fetch_all(&mut *conn)
    .await?;
    for row in &pairs {
        let round: String = row.try_get("round_id")?;
        let unit: String = row.try_get("unit_id")?;
        refresh(
            conn,
            super::parse_id(&round)?,
            super::parse_id(&unit)?,
            today,
        )
        .await?;
    }
    Ok(pairs.len())
}

/// A stored row with its round's name and window start for the unit's kind.
#[derive(Clone, Debug)]
pub struct StoredCounts {
    pub round: RoundId,
    pub round_name: String,
    pub starts_on: Date,
    pub unit: UnitId,
    pub counts: RoundCounts,
}

/// The stored counts of `units`, every round they took part in, oldest round first.
pub async fn counts_of_units(
    conn: &mut Conn,
    units: &[UnitId],
) -> Result<Vec<StoredCounts>, sqlx::Error> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT c.*, r.name AS round_name, \
           (SELECT MIN(w.starts_on) FROM round_windows w WHERE w.round_id = c.round_id) AS starts_on \
         FROM round_unit_counts c JOIN rounds r ON r.id = c.round_id \
         WHERE c.unit_id IN ({}) ORDER BY starts_on, r.name",
        placeholders(1, units.len())
    );
    let mut query = sqlx::query(&sql);
    for unit in units {
        query = query.bind(unit.to_string());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let days =
        |text: String| -> Vec<i64> { text.split(',').filter_map(|d| d.parse().ok()).collect() };
    rows.iter()
        .map(|r| {
            let n = |c: &str| r.try_get::<i64, _>(c);
            let round: String = r.try_get("round_id")?;
            let unit: String = r.try_get("unit_id")?;
            let (round, unit) = (super::parse_id(&round)?, super::parse_id(&unit)?);
            Ok(StoredCounts {
                round,
                round_name: r.try_get("round_name")?,
                starts_on: date(r, "starts_on")?,
                unit,
                counts: RoundCounts {
                    children: n("children")?,
                    individually_assessed: n("individually_assessed")?,
                    joint: [n("joint_green")?, n("joint_yellow")?, n("joint_red")?],
                    follow_ups: n("follow_ups")?,
                    informed_in_time: n("informed_in_time")?,
                    informed_days: days(r.try_get("informed_days")?),
                    meeting_days: days(r.try_get("meeting_days")?),
                    still_open: n("still_open")?,
                    overdue: n("overdue")?,
                    action_plans: n("action_plans")?,
                },
            })
        })
        .collect()
}
