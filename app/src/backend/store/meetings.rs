//! Focus meetings (*fokusmøder*): invitations with their times and answers, and the minutes
//! (issue 16). Decides nothing about access: callers pass the units a reader reaches.

use super::{date_text, id, parse_date, parse_id, placeholders};
use crate::backend::db::Conn;
use crate::domain::*;
use crate::wire::care::MeetingTime;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::{Date, PrimitiveDateTime};

/// A meeting as stored, without its times and invitees.
#[derive(Clone, Debug)]
pub struct MeetingRow {
    pub id: MeetingId,
    pub child: ChildId,
    pub unit: UnitId,
    pub follow_up: Option<FollowUpId>,
    pub status: MeetingStatus,
    pub concern: String,
    pub place: String,
    pub minutes: MeetingMinutes,
    pub held_on: Option<Date>,
    pub version: i64,
    pub created_at: i64,
}

const MEETING_SELECT: &str = "SELECT id, child_id, unit_id, follow_up_id, status, concern, \
     place, minutes, parents_perspective, decisions, next_steps, held_on, version, created_at \
     FROM focus_meetings";

fn meeting_row(r: &AnyRow) -> Result<MeetingRow, sqlx::Error> {
    let status: String = r.try_get("status")?;
    let follow_up: Option<String> = r.try_get("follow_up_id")?;
    let held_on: Option<String> = r.try_get("held_on")?;
    Ok(MeetingRow {
        id: id(r, "id")?,
        child: id(r, "child_id")?,
        unit: id(r, "unit_id")?,
        follow_up: follow_up.as_deref().map(parse_id).transpose()?,
        status: super::decode("meeting status", MeetingStatus::parse(&status), &status)?,
        concern: r.try_get("concern")?,
        place: r.try_get("place")?,
        minutes: MeetingMinutes {
            minutes: r.try_get("minutes")?,
            parents_perspective: r.try_get("parents_perspective")?,
            decisions: r.try_get("decisions")?,
            next_steps: r.try_get("next_steps")?,
        },
        held_on: held_on.as_deref().map(parse_date).transpose()?,
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn meeting(
    conn: &mut Conn,
    meeting: MeetingId,
) -> Result<Option<MeetingRow>, sqlx::Error> {
    sqlx::query(&format!("{MEETING_SELECT} WHERE id = $1"))
        .bind(meeting.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(meeting_row)
        .transpose()
}

/// A child's meetings held by `units` (every unit's for `None`: the parents' view), newest
/// first.
pub async fn child_meetings(
    conn: &mut Conn,
    child: ChildId,
    units: Option<&[UnitId]>,
) -> Result<Vec<MeetingRow>, sqlx::Error> {
    let Some(filter) = super::units_clause("unit_id", units, 2) else {
        return Ok(Vec::new());
    };
    let sql = format!("{MEETING_SELECT} WHERE child_id = $1{filter} ORDER BY created_at DESC");
    let mut query = sqlx::query(&sql).bind(child.to_string());
    for unit in units.unwrap_or_default() {
        query = query.bind(unit.to_string());
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(meeting_row)
        .collect()
}

/// The times offered for each of `meetings`, earliest first.
pub async fn times(
    conn: &mut Conn,
    meetings: &[MeetingId],
) -> Result<Vec<(MeetingId, MeetingTime)>, sqlx::Error> {
    if meetings.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, meeting_id, starts_at FROM meeting_times WHERE meeting_id IN ({}) \
         ORDER BY starts_at",
        placeholders(1, meetings.len())
    );
    let mut query = sqlx::query(&sql);
    for m in meetings {
        query = query.bind(m.to_string());
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok((
                id(r, "meeting_id")?,
                MeetingTime {
                    id: id(r, "id")?,
                    starts_at: r.try_get("starts_at")?,
                },
            ))
        })
        .collect()
}

/// Who is invited to a meeting, with their answers.
#[derive(Clone, Debug)]
pub struct InviteeRow {
    pub user: UserId,
    pub name: String,
    pub kind: String,
    /// The role of a staff member or specialist in the meeting's unit or municipality.
    pub role: Option<Role>,
    pub specialist_role: Option<SpecialistRole>,
    pub answer: Option<MeetingAnswer>,
    pub answer_time: Option<MeetingTimeId>,
    pub answer_note: String,
}

pub async fn invitees(conn: &mut Conn, meeting: MeetingId) -> Result<Vec<InviteeRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT i.user_id, us.display_name, i.kind, i.specialist_role, i.answer, i.answer_time_id, i.answer_note, \
                (SELECT MIN(m.role) FROM memberships m WHERE m.user_id = i.user_id \
                   AND (m.unit_id = f.unit_id OR m.role = 'specialist')) AS role \
           FROM meeting_invitees i JOIN users us ON us.id = i.user_id \
           JOIN focus_meetings f ON f.id = i.meeting_id \
          WHERE i.meeting_id = $1 ORDER BY i.kind, us.display_name",
    )
    .bind(meeting.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let answer: Option<String> = r.try_get("answer")?;
            let time: Option<String> = r.try_get("answer_time_id")?;
            let role: Option<String> = r.try_get("role")?;
            let specialist: Option<String> = r.try_get("specialist_role")?;
            Ok(InviteeRow {
                user: id(r, "user_id")?,
                name: r.try_get("display_name")?,
                kind: r.try_get("kind")?,
                role: role.as_deref().and_then(Role::parse),
                specialist_role: specialist.as_deref().and_then(SpecialistRole::parse),
                answer: answer.as_deref().and_then(MeetingAnswer::parse),
                answer_time: time.as_deref().map(parse_id).transpose()?,
                answer_note: r.try_get("answer_note")?,
            })
        })
        .collect()
}

/// The start of every time offered by the child's open invitations.
pub async fn open_times_of_child(
    conn: &mut Conn,
    child: ChildId,
) -> Result<Vec<PrimitiveDateTime>, sqlx::Error> {
    let texts: Vec<String> = sqlx::query_scalar(
        "SELECT t.starts_at FROM meeting_times t JOIN focus_meetings f ON f.id = t.meeting_id \
          WHERE f.child_id = $1 AND f.status = 'invited'",
    )
    .bind(child.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(texts.iter().filter_map(|t| parse_meeting_time(t)).collect())
}

/// A new invitation: the meeting, its times and who is invited, in the caller's transaction.
pub struct NewMeeting<'a> {
    pub id: MeetingId,
    pub child: ChildId,
    pub unit: UnitId,
    pub follow_up: Option<FollowUpId>,
    pub proposal: &'a MeetingProposal,
    pub created_by: UserId,
    /// Staff of the unit who join besides the one who invites.
    pub staff: &'a [UserId],
    pub guardians: &'a [UserId],
    pub now: i64,
}

pub async fn insert(tx: &mut Conn, new: NewMeeting<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO focus_meetings (id, child_id, unit_id, follow_up_id, concern, place, status, \
            created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'invited', $7, $8, $8)",
    )
    .bind(new.id.to_string())
    .bind(new.child.to_string())
    .bind(new.unit.to_string())
    .bind(new.follow_up.map(|f| f.to_string()))
    .bind(&new.proposal.concern)
    .bind(&new.proposal.place)
    .bind(new.created_by.to_string())
    .bind(new.now)
    .execute(&mut *tx)
    .await?;
    for at in &new.proposal.times {
        sqlx::query("INSERT INTO meeting_times (id, meeting_id, starts_at) VALUES ($1, $2, $3)")
            .bind(MeetingTimeId::random().to_string())
            .bind(new.id.to_string())
            .bind(meeting_time_text(*at))
            .execute(&mut *tx)
            .await?;
    }
    let people = std::iter::once((new.created_by, "staff"))
        .chain(new.staff.iter().map(|s| (*s, "staff")))
        .chain(new.guardians.iter().map(|g| (*g, "guardian")));
    for (user, kind) in people {
        sqlx::query(
            "INSERT INTO meeting_invitees (meeting_id, user_id, kind) VALUES ($1, $2, $3) \
             ON CONFLICT (meeting_id, user_id) DO NOTHING",
        )
        .bind(new.id.to_string())
        .bind(user.to_string())
        .bind(kind)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Invites a specialist to an extended meeting (the case invitation is made beside it).
pub async fn add_specialist(
    tx: &mut Conn,
    meeting: MeetingId,
    user: UserId,
    role: SpecialistRole,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO meeting_invitees (meeting_id, user_id, kind, specialist_role) \
         VALUES ($1, $2, 'specialist', $3) \
         ON CONFLICT (meeting_id, user_id) DO UPDATE SET specialist_role = $3",
    )
    .bind(meeting.to_string())
    .bind(user.to_string())
    .bind(role.code())
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE focus_meetings SET extended = 1, updated_at = $2 WHERE id = $1")
        .bind(meeting.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Records a guardian's answer; `false` when they are not invited to an open meeting.
pub async fn answer(
    tx: &mut Conn,
    meeting: MeetingId,
    user: UserId,
    answer: &crate::wire::parent_care::MyAnswer,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE meeting_invitees SET answer = $3, answer_time_id = $4, answer_note = $5, \
                answered_at = $6 \
          WHERE meeting_id = $1 AND user_id = $2 AND kind = 'guardian' \
            AND EXISTS (SELECT 1 FROM focus_meetings f WHERE f.id = $1 AND f.status = 'invited')",
    )
    .bind(meeting.to_string())
    .bind(user.to_string())
    .bind(answer.answer.code())
    .bind(answer.time.map(|t| t.to_string()))
    .bind(&answer.note)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Saves the minutes if the meeting is still at `version`; `false` when someone saved since.
pub async fn save_minutes(
    tx: &mut Conn,
    meeting: MeetingId,
    version: i64,
    minutes: &MeetingMinutes,
    held_on: Option<Date>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let status = if held_on.is_some() { "held" } else { "invited" };
    let done = sqlx::query(
        "UPDATE focus_meetings SET minutes = $3, parents_perspective = $4, decisions = $5, \
                next_steps = $6, held_on = $7, status = $8, updated_at = $9, version = version + 1 \
          WHERE id = $1 AND version = $2 AND status <> 'cancelled'",
    )
    .bind(meeting.to_string())
    .bind(version)
    .bind(&minutes.minutes)
    .bind(&minutes.parents_perspective)
    .bind(&minutes.decisions)
    .bind(&minutes.next_steps)
    .bind(held_on.map(date_text))
    .bind(status)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels an invitation that was not held.
pub async fn cancel(tx: &mut Conn, meeting: MeetingId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE focus_meetings SET status = 'cancelled', updated_at = $2, version = version + 1 \
          WHERE id = $1 AND status = 'invited'",
    )
    .bind(meeting.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Keeps the parents' voice apart from the record: the answer under the unit and month, the
/// fact that this guardian answered on its own. `false` when they had answered already.
pub async fn give_feedback(
    tx: &mut Conn,
    meeting: MeetingId,
    unit: UnitId,
    user: UserId,
    feedback: &MeetingFeedback,
    month: &str,
) -> Result<bool, sqlx::Error> {
    let given = sqlx::query(
        "INSERT INTO meeting_feedback_given (meeting_id, user_id) VALUES ($1, $2) \
         ON CONFLICT (meeting_id, user_id) DO NOTHING",
    )
    .bind(meeting.to_string())
    .bind(user.to_string())
    .execute(&mut *tx)
    .await?;
    if given.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO meeting_feedback (id, unit_id, listened, knows_next, comment, month) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(unit.to_string())
    .bind(i64::from(feedback.listened))
    .bind(i64::from(feedback.knows_next))
    .bind(&feedback.comment)
    .bind(month)
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

/// Whether `user` has given the parents' voice for `meeting`.
pub async fn feedback_given(
    conn: &mut Conn,
    meeting: MeetingId,
    user: UserId,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM meeting_feedback_given WHERE meeting_id = $1 AND user_id = $2",
    )
    .bind(meeting.to_string())
    .bind(user.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// The parents' voice of a unit: every answer's two numbers (comments stay with the leader's
/// page only above the threshold, like the numbers).
pub async fn unit_feedback(
    conn: &mut Conn,
    unit: UnitId,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query("SELECT listened, knows_next, comment FROM meeting_feedback WHERE unit_id = $1")
        .bind(unit.to_string())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("listened")?,
                r.try_get("knows_next")?,
                r.try_get("comment")?,
            ))
        })
        .collect()
}

/// What the invitation needs to know of a guardian of the child today.
#[derive(Clone, Debug)]
pub struct GuardianFacts {
    pub user: UserId,
    pub name: String,
    pub has_custody: bool,
    pub address_protected: bool,
    pub email: Option<String>,
    pub language: Option<String>,
}

pub async fn guardians(
    conn: &mut Conn,
    child: ChildId,
    today: Date,
) -> Result<Vec<GuardianFacts>, sqlx::Error> {
    sqlx::query(
        "SELECT gs.user_id, us.display_name, gs.has_custody, gs.address_protected, us.email, \
                us.language \
           FROM guardianships gs JOIN users us ON us.id = gs.user_id \
          WHERE gs.child_id = $1 AND (gs.ends_on IS NULL OR gs.ends_on >= $2) \
          ORDER BY us.display_name",
    )
    .bind(child.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(GuardianFacts {
            user: id(r, "user_id")?,
            name: r.try_get("display_name")?,
            has_custody: r.try_get::<i64, _>("has_custody")? != 0,
            address_protected: r.try_get::<i64, _>("address_protected")? != 0,
            email: r.try_get("email")?,
            language: r.try_get("language")?,
        })
    })
    .collect()
}

/// The staff of a unit today who may join its meetings: close staff and its leaders.
pub async fn unit_staff(
    conn: &mut Conn,
    unit: UnitId,
    today: Date,
) -> Result<Vec<(UserId, String, Role)>, sqlx::Error> {
    sqlx::query(
        "SELECT DISTINCT us.id, us.display_name, m.role FROM memberships m \
           JOIN users us ON us.id = m.user_id \
          WHERE m.unit_id = $1 AND us.disabled = 0 AND m.starts_on <= $2 \
            AND (m.ends_on IS NULL OR m.ends_on >= $2) \
            AND m.role IN ('pedagogue', 'teacher', 'childminder', 'health_visitor', 'unit_leader') \
          ORDER BY us.display_name",
    )
    .bind(unit.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let role: String = r.try_get("role")?;
        Ok((
            id(r, "id")?,
            r.try_get("display_name")?,
            super::decode("role", Role::parse(&role), &role)?,
        ))
    })
    .collect()
}

/// Whether the municipality lets a guardian without custody be invited.
pub async fn invites_without_custody(
    conn: &mut Conn,
    municipality: MunicipalityId,
) -> Result<bool, sqlx::Error> {
    let flag: Option<i64> = sqlx::query_scalar(
        "SELECT meetings_invite_without_custody FROM municipalities WHERE id = $1",
    )
    .bind(municipality.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(flag == Some(1))
}
