//! Assessments proper: individual, joint and ad hoc positions with their notes.

use super::{
    context, date, date_text, decode, id, parse_id, placeholders, position, ACTIVE_ENROLMENT,
};
use crate::backend::db::Conn;
use crate::domain::*;
use crate::wire::assessment::*;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

/// One stored assessment, as the write path needs it.
#[derive(Clone, Debug)]
pub struct StoredAssessment {
    pub id: AssessmentId,
    pub position: Position,
    pub note: String,
    pub version: i64,
    pub by: String,
}

fn stored(row: &AnyRow) -> Result<StoredAssessment, sqlx::Error> {
    Ok(StoredAssessment {
        id: id(row, "id")?,
        position: position(row, "position")?,
        note: row.try_get("note")?,
        version: row.try_get("version")?,
        by: row.try_get("display_name")?,
    })
}

/// The columns of a [`StoredAssessment`], with the assessor's name.
const STORED_SELECT: &str = "SELECT a.id, a.position, a.note, a.version, u.display_name \
     FROM assessments a JOIN users u ON u.id = a.assessor_id";

/// The assessor's own position on the child in the round.
pub async fn find_individual(
    conn: &mut Conn,
    round: RoundId,
    child: ChildId,
    assessor: UserId,
) -> Result<Option<StoredAssessment>, sqlx::Error> {
    sqlx::query(&format!(
        "{STORED_SELECT} WHERE a.kind = 'individual' AND a.round_id = $1 AND a.child_id = $2 \
         AND a.assessor_id = $3"
    ))
    .bind(round.to_string())
    .bind(child.to_string())
    .bind(assessor.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(stored)
    .transpose()
}

/// The joint position this unit's team set for the child in the round (each unit its own).
pub async fn find_joint(
    conn: &mut Conn,
    round: RoundId,
    child: ChildId,
    unit: UnitId,
) -> Result<Option<StoredAssessment>, sqlx::Error> {
    sqlx::query(&format!(
        "{STORED_SELECT} WHERE a.kind = 'joint' AND a.round_id = $1 AND a.child_id = $2 \
         AND a.unit_id = $3"
    ))
    .bind(round.to_string())
    .bind(child.to_string())
    .bind(unit.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(stored)
    .transpose()
}

/// How many of this unit's staff gave their own position on the child in the round.
pub async fn count_individual(
    conn: &mut Conn,
    round: RoundId,
    child: ChildId,
    unit: UnitId,
) -> Result<usize, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM assessments WHERE kind = 'individual' AND round_id = $1 \
         AND child_id = $2 AND unit_id = $3",
    )
    .bind(round.to_string())
    .bind(child.to_string())
    .bind(unit.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// What a new assessment row holds.
#[derive(Clone, Debug)]
pub struct NewAssessment<'a> {
    pub id: AssessmentId,
    pub child: ChildId,
    pub round: Option<RoundId>,
    pub kind: AssessmentKind,
    pub assessor: UserId,
    pub group: GroupId,
    pub unit: UnitId,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: &'a str,
    pub assessed_on: Date,
    pub now: i64,
}

/// Inserts unless a uniqueness rule holds another row there already (this assessor's or the
/// team's position for the child in the round); returns whether it inserted. One statement
/// under the write lock instead of a look followed by an insert.
pub async fn insert_new_assessment(
    conn: &mut Conn,
    a: &NewAssessment<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO assessments (id, child_id, round_id, kind, assessor_id, group_id, unit_id, position, \
           context, note, assessed_on, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1) ON CONFLICT DO NOTHING",
    )
    .bind(a.id.to_string())
    .bind(a.child.to_string())
    .bind(a.round.map(|r| r.to_string()))
    .bind(a.kind.code())
    .bind(a.assessor.to_string())
    .bind(a.group.to_string())
    .bind(a.unit.to_string())
    .bind(a.position.code())
    .bind(a.context.code())
    .bind(a.note)
    .bind(date_text(a.assessed_on))
    .bind(a.now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// A change of a stored assessment, made only if it is still at `base`.
#[derive(Clone, Debug)]
pub struct Change<'a> {
    pub assessment: AssessmentId,
    pub base: i64,
    /// Who records the change (the team's recorder for a joint position).
    pub recorder: UserId,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: &'a str,
    pub assessed_on: Date,
    pub now: i64,
}

/// Changes an assessment only if it is still at its base version; returns whether it was.
pub async fn update_assessment(conn: &mut Conn, c: &Change<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE assessments SET position = $3, context = $4, note = $5, assessed_on = $6, \
           updated_at = $7, assessor_id = $8, version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(c.assessment.to_string())
    .bind(c.base)
    .bind(c.position.code())
    .bind(c.context.code())
    .bind(c.note)
    .bind(date_text(c.assessed_on))
    .bind(c.now)
    .bind(c.recorder.to_string())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// One assessment row as the read views use it.
#[derive(Clone, Debug)]
pub struct AssessmentRow {
    pub id: AssessmentId,
    pub child: ChildId,
    pub round: Option<RoundId>,
    pub kind: AssessmentKind,
    pub assessor: UserId,
    pub assessor_name: String,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: String,
    pub assessed_on: Date,
    pub version: i64,
    /// The unit that registered it.
    pub unit: UnitId,
    pub unit_name: String,
    pub round_name: Option<String>,
    pub created_at: i64,
}

const ROW_COLUMNS: &str = "a.id, a.child_id, a.round_id, a.kind, a.assessor_id, us.display_name, a.position, \
     a.context, a.note, a.assessed_on, a.version, a.unit_id, un.name AS unit_name, r.name AS round_name, a.created_at";

const ROW_JOINS: &str =
    "JOIN users us ON us.id = a.assessor_id JOIN units un ON un.id = a.unit_id \
     LEFT JOIN rounds r ON r.id = a.round_id";

fn assessment_row(r: &AnyRow) -> Result<AssessmentRow, sqlx::Error> {
    let round: Option<String> = r.try_get("round_id")?;
    let kind: String = r.try_get("kind")?;
    Ok(AssessmentRow {
        id: id(r, "id")?,
        child: id(r, "child_id")?,
        round: round.map(|t| parse_id(&t)).transpose()?,
        kind: decode("assessment kind", AssessmentKind::parse(&kind), &kind)?,
        assessor: id(r, "assessor_id")?,
        assessor_name: r.try_get("display_name")?,
        position: position(r, "position")?,
        context: context(r, "context")?,
        note: r.try_get("note")?,
        assessed_on: date(r, "assessed_on")?,
        version: r.try_get("version")?,
        unit: id(r, "unit_id")?,
        unit_name: r.try_get("unit_name")?,
        round_name: r.try_get("round_name")?,
        created_at: r.try_get("created_at")?,
    })
}

/// What the group's unit registered about the children enrolled in the group today: their
/// assessments in `round`, and each child's latest earlier joint position by the unit (the
/// "last joint position"). Another unit's rows are not read (SECURITY C1).
pub async fn group_assessments(
    conn: &mut Conn,
    group: GroupId,
    unit: UnitId,
    round: Option<RoundId>,
    today: Date,
) -> Result<Vec<AssessmentRow>, sqlx::Error> {
    let round = round.map(|r| r.to_string()).unwrap_or_default();
    // From the group's enrolments into each child's assessments by index; ten years of history
    // per child stay on disk: only the latest earlier joint one is read. One statement for
    // both parts: each is a trip to the database's worker and back. Unordered: per child and
    // round there is one joint and one individual per assessor (the unique indexes).
    let rows = sqlx::query(&format!(
        "SELECT {ROW_COLUMNS} FROM enrolments e JOIN assessments a ON a.child_id = e.child_id {ROW_JOINS} \
         WHERE e.group_id = $1 AND {ACTIVE_ENROLMENT} AND a.round_id = $3 AND a.unit_id = $4 \
         UNION ALL \
         SELECT {ROW_COLUMNS} FROM enrolments e JOIN assessments a ON a.id = ( \
           SELECT j.id FROM assessments j WHERE j.child_id = e.child_id AND j.kind = 'joint' \
             AND j.unit_id = $4 AND COALESCE(j.round_id, '') <> $3 \
             ORDER BY j.assessed_on DESC, j.created_at DESC LIMIT 1) \
         {ROW_JOINS} WHERE e.group_id = $1 AND {ACTIVE_ENROLMENT}"
    ))
    .bind(group.to_string())
    .bind(date_text(today))
    .bind(&round)
    .bind(unit.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(assessment_row).collect()
}

/// Which units' registrations a read covers (decided by `policy::scope`, never here).
#[derive(Clone, Copy, Debug)]
pub enum RegisteredBy<'a> {
    /// What these units registered: a staff reader's own units.
    Units(&'a [UnitId]),
    /// Every unit: the parents' view of their own child.
    AnyUnit,
}

/// A child's assessments registered by the given units, newest first.
pub async fn child_assessments(
    conn: &mut Conn,
    child: ChildId,
    by: RegisteredBy<'_>,
) -> Result<Vec<AssessmentRow>, sqlx::Error> {
    let units = match by {
        RegisteredBy::Units([]) => return Ok(Vec::new()),
        RegisteredBy::Units(units) => Some(units),
        RegisteredBy::AnyUnit => None,
    };
    let filter = units
        .map(|u| format!("AND a.unit_id IN ({})", placeholders(2, u.len())))
        .unwrap_or_default();
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM assessments a {ROW_JOINS} WHERE a.child_id = $1 {filter} \
         ORDER BY a.assessed_on DESC, a.created_at DESC"
    );
    let mut query = sqlx::query(&sql).bind(child.to_string());
    for unit in units.unwrap_or_default() {
        query = query.bind(unit.to_string());
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(assessment_row)
        .collect()
}

pub fn own_assessment(row: &AssessmentRow, indicators: Vec<IndicatorId>) -> OwnAssessment {
    OwnAssessment {
        position: row.position,
        context: row.context,
        note: row.note.clone(),
        indicators,
        version: row.version,
    }
}

pub fn stamp(row: &AssessmentRow) -> PositionStamp {
    PositionStamp {
        position: row.position,
        context: row.context,
        assessed_on: row.assessed_on,
    }
}
