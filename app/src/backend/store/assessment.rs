//! Rounds, assessments, follow-ups and the idempotency log.

use super::{date_text, parse_date, parse_id};
use crate::assessment::{
    FollowUpView, IndicatorView, OwnAssessment, PositionStamp, RoundInfo, RoundSummary,
};
use crate::domain::{
    AgeBand, AreaId, AssessmentContext, AssessmentId, AssessmentSettings, ChildId, FollowUpId,
    GroupId, IndicatorArea, IndicatorId, MunicipalityId, Position, RoundId, UnitId, UnitKind,
    UserId, Window, WindowKind,
};
use crate::policy::Placement;
use crate::backend::db::{begin_write_on, DbKind, Conn, Db, Tx};
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

const ACTIVE_ENROLMENT: &str = "e.starts_on <= $2 AND (e.ends_on IS NULL OR e.ends_on >= $2)";

fn decode<T>(what: &str, value: Option<T>, text: &str) -> Result<T, sqlx::Error> {
    value.ok_or_else(|| sqlx::Error::Decode(format!("unknown {what} {text}").into()))
}

pub(crate) fn position(row: &AnyRow, column: &str) -> Result<Position, sqlx::Error> {
    let text: String = row.try_get(column)?;
    decode("position", Position::parse(&text), &text)
}

pub(crate) fn context(row: &AnyRow, column: &str) -> Result<AssessmentContext, sqlx::Error> {
    let text: String = row.try_get(column)?;
    decode("context", AssessmentContext::parse(&text), &text)
}

fn id<T: std::str::FromStr>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    parse_id(&row.try_get::<String, _>(column)?)
}

fn date(row: &AnyRow, column: &str) -> Result<Date, sqlx::Error> {
    parse_date(&row.try_get::<String, _>(column)?)
}

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
}

impl GroupPlace {
    /// Where the group's unit sits, as the policy reads it.
    pub fn placement(&self) -> Placement {
        Placement {
            municipality: self.municipality,
            area: self.area,
            unit: self.unit,
        }
    }
}

pub async fn group_place(
    conn: &mut Conn,
    group: GroupId,
) -> Result<Option<GroupPlace>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {GROUP_PLACE_COLUMNS} FROM child_groups g JOIN units u ON u.id = g.unit_id \
         WHERE g.id = $1"
    ))
    .bind(group.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(group_place_in).transpose()
}

const GROUP_PLACE_COLUMNS: &str =
    "g.id, g.name, u.id AS unit_id, u.name AS unit_name, u.kind, u.municipality_id, u.area_id";

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
        "SELECT {GROUP_PLACE_COLUMNS}, \
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
         WHERE g.id = $1"
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
        settings: super::catalogue::settings_in(first)?,
        group: place,
        round,
    }))
}

/// The children enrolled in a group today: id, name, birth date.
pub async fn roster(
    conn: &mut Conn,
    group: GroupId,
    today: Date,
) -> Result<Vec<(ChildId, String, Date)>, sqlx::Error> {
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
        Ok((
            id(r, "id")?,
            format!("{first} {last}"),
            date(r, "birth_date")?,
        ))
    })
    .collect()
}

/// How many close staff (pedagogues, teachers, childminders, health visitors) work in the unit
/// today: the "group's staff" a joint assessment waits for.
pub async fn close_staff_count(
    conn: &mut Conn,
    unit: UnitId,
    today: Date,
) -> Result<usize, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT m.user_id) FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.unit_id = $1 AND m.role IN ('pedagogue', 'teacher', 'childminder', 'health_visitor') \
           AND m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on >= $2) AND u.disabled = 0",
    )
    .bind(unit.to_string())
    .bind(date_text(today))
    .fetch_one(conn)
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

pub async fn save_settings(
    db: &Db,
    muni: MunicipalityId,
    s: AssessmentSettings,
) -> Result<(), sqlx::Error> {
    ensure_initialised(db, muni, 0).await?;
    sqlx::query(
        "UPDATE assessment_settings SET green_note_required = $2, min_individual = $3, follow_up_days = $4 \
         WHERE municipality_id = $1",
    )
    .bind(muni.to_string())
    .bind(i64::from(s.green_note_required))
    .bind(i64::from(s.min_individual))
    .bind(i64::from(s.follow_up_days))
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Gives a municipality its settings row and the default indicator set the first time it is
/// needed. The settings row doubles as the marker, so two servers never seed twice.
pub async fn ensure_initialised(
    db: &Db,
    muni: MunicipalityId,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    ensure_initialised_on(&mut conn, db.kind(), muni, now).await
}

/// [`ensure_initialised`] on a connection the caller holds (and reads on afterwards).
pub async fn ensure_initialised_on(
    conn: &mut Conn,
    backend: DbKind,
    muni: MunicipalityId,
    now: i64,
) -> Result<(), sqlx::Error> {
    let exists = sqlx::query("SELECT 1 AS one FROM assessment_settings WHERE municipality_id = $1")
        .bind(muni.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .is_some();
    if exists {
        return Ok(());
    }
    let mut tx = begin_write_on(conn, backend).await?;
    let inserted = sqlx::query(
        "INSERT INTO assessment_settings (municipality_id) VALUES ($1) ON CONFLICT DO NOTHING",
    )
    .bind(muni.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        for (sort, (position, band, area, text)) in super::default_indicators::DEFAULT_INDICATORS
            .iter()
            .enumerate()
        {
            sqlx::query(
                "INSERT INTO indicators (id, municipality_id, position, age_band, area, text, sort_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(IndicatorId::random().to_string())
            .bind(muni.to_string())
            .bind(position.code())
            .bind(band.code())
            .bind(area.code())
            .bind(*text)
            .bind(sort as i64)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}

/// The indicators in use (not retired) in a municipality.
pub async fn active_indicators(
    conn: &mut Conn,
    muni: MunicipalityId,
) -> Result<Vec<IndicatorView>, sqlx::Error> {
    sqlx::query(
        "SELECT id, position, age_band, area, text FROM indicators \
         WHERE municipality_id = $1 AND retired_at IS NULL ORDER BY sort_key, created_at",
    )
    .bind(muni.to_string())
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        let band: String = r.try_get("age_band")?;
        let area: String = r.try_get("area")?;
        Ok(IndicatorView {
            id: id(r, "id")?,
            position: position(r, "position")?,
            age_band: decode("age band", AgeBand::parse(&band), &band)?,
            area: decode("area", IndicatorArea::parse(&area), &area)?,
            text: r.try_get("text")?,
        })
    })
    .collect()
}

/// Replaces an indicator's text (retiring the old row) or adds a new one. Past assessments
/// keep pointing at the row they were made with.
pub async fn save_indicator(
    db: &Db,
    muni: MunicipalityId,
    replaces: Option<IndicatorId>,
    view: &IndicatorView,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let mut sort_key: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(sort_key), 0) + 1 FROM indicators WHERE municipality_id = $1",
    )
    .bind(muni.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if let Some(old) = replaces {
        let row = sqlx::query(
            "SELECT sort_key FROM indicators WHERE id = $1 AND municipality_id = $2 AND retired_at IS NULL",
        )
        .bind(old.to_string())
        .bind(muni.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        sort_key = row.try_get("sort_key")?;
        sqlx::query("UPDATE indicators SET retired_at = $2 WHERE id = $1")
            .bind(old.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO indicators (id, municipality_id, position, age_band, area, text, sort_key, replaces, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(view.id.to_string())
    .bind(muni.to_string())
    .bind(view.position.code())
    .bind(view.age_band.code())
    .bind(view.area.code())
    .bind(view.text.as_str())
    .bind(sort_key)
    .bind(replaces.map(|r| r.to_string()))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    bump_indicator_revision(&mut tx, muni).await?;
    tx.commit().await?;
    Ok(true)
}

/// Retires an indicator: it stays on the assessments that used it.
pub async fn retire_indicator(
    db: &Db,
    muni: MunicipalityId,
    indicator: IndicatorId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE indicators SET retired_at = $3 WHERE id = $1 AND municipality_id = $2 AND retired_at IS NULL",
    )
    .bind(indicator.to_string())
    .bind(muni.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    bump_indicator_revision(&mut tx, muni).await?;
    tx.commit().await?;
    Ok(done == 1)
}

/// Tells every server that keeps the indicator set in memory to read it again.
async fn bump_indicator_revision(tx: &mut Tx, muni: MunicipalityId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assessment_settings SET indicator_revision = indicator_revision + 1 \
         WHERE municipality_id = $1",
    )
    .bind(muni.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn round_info(row: &AnyRow, today: Date) -> Result<RoundInfo, sqlx::Error> {
    let window = Window {
        starts_on: date(row, "starts_on")?,
        ends_on: date(row, "ends_on")?,
    };
    Ok(RoundInfo {
        id: id(row, "id")?,
        name: row.try_get("name")?,
        open: window.is_open(today),
        window,
    })
}

/// The round the unit takes part in whose window (for the unit's kind) is open today.
pub async fn open_round(
    conn: &mut Conn,
    unit: UnitId,
    kind: UnitKind,
    today: Date,
) -> Result<Option<RoundInfo>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT r.id, r.name, w.starts_on, w.ends_on FROM rounds r \
         JOIN round_units ru ON ru.round_id = r.id \
         JOIN round_windows w ON w.round_id = r.id AND w.window_kind = $2 \
         WHERE ru.unit_id = $1 AND w.starts_on <= $3 AND w.ends_on >= $3 \
         ORDER BY w.starts_on DESC LIMIT 1",
    )
    .bind(unit.to_string())
    .bind(WindowKind::of(kind).code())
    .bind(date_text(today))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| round_info(&r, today)).transpose()
}

/// The open round, or else the latest one that has started: what a leader follows up on.
pub async fn current_or_latest_round(
    db: &Db,
    unit: UnitId,
    kind: UnitKind,
    today: Date,
) -> Result<Option<RoundInfo>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT r.id, r.name, w.starts_on, w.ends_on FROM rounds r \
         JOIN round_units ru ON ru.round_id = r.id \
         JOIN round_windows w ON w.round_id = r.id AND w.window_kind = $2 \
         WHERE ru.unit_id = $1 AND w.starts_on <= $3 ORDER BY w.starts_on DESC LIMIT 1",
    )
    .bind(unit.to_string())
    .bind(WindowKind::of(kind).code())
    .bind(date_text(today))
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| round_info(&r, today)).transpose()
}

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

pub async fn find_individual(
    conn: &mut Conn,
    round: RoundId,
    child: ChildId,
    assessor: UserId,
) -> Result<Option<StoredAssessment>, sqlx::Error> {
    sqlx::query(
        "SELECT a.id, a.position, a.note, a.version, u.display_name FROM assessments a \
         JOIN users u ON u.id = a.assessor_id \
         WHERE a.kind = 'individual' AND a.round_id = $1 AND a.child_id = $2 AND a.assessor_id = $3",
    )
    .bind(round.to_string())
    .bind(child.to_string())
    .bind(assessor.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(stored)
    .transpose()
}

pub async fn find_joint(
    conn: &mut Conn,
    round: RoundId,
    child: ChildId,
) -> Result<Option<StoredAssessment>, sqlx::Error> {
    sqlx::query(
        "SELECT a.id, a.position, a.note, a.version, u.display_name FROM assessments a \
         JOIN users u ON u.id = a.assessor_id \
         WHERE a.kind = 'joint' AND a.round_id = $1 AND a.child_id = $2",
    )
    .bind(round.to_string())
    .bind(child.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(stored)
    .transpose()
}

pub async fn count_individual(
    conn: &mut Conn,
    round: RoundId,
    child: ChildId,
) -> Result<usize, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM assessments WHERE kind = 'individual' AND round_id = $1 AND child_id = $2",
    )
    .bind(round.to_string())
    .bind(child.to_string())
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
    pub kind: &'static str,
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
    .bind(a.kind)
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

/// Updates an assessment only if it is still at `version`; returns whether it was.
#[allow(clippy::too_many_arguments)]
pub async fn update_assessment(
    conn: &mut Conn,
    assessment: AssessmentId,
    version: i64,
    recorder: UserId,
    position: Position,
    context: AssessmentContext,
    note: &str,
    assessed_on: Date,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE assessments SET position = $3, context = $4, note = $5, assessed_on = $6, \
           updated_at = $7, assessor_id = $8, version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(assessment.to_string())
    .bind(version)
    .bind(position.code())
    .bind(context.code())
    .bind(note)
    .bind(date_text(assessed_on))
    .bind(now)
    .bind(recorder.to_string())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}

pub async fn set_indicators(
    conn: &mut Conn,
    assessment: AssessmentId,
    indicators: &[IndicatorId],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM assessment_indicators WHERE assessment_id = $1")
        .bind(assessment.to_string())
        .execute(&mut *conn)
        .await?;
    add_indicators(conn, assessment, indicators).await
}

/// The indicators of an assessment that has none yet.
pub async fn add_indicators(
    conn: &mut Conn,
    assessment: AssessmentId,
    indicators: &[IndicatorId],
) -> Result<(), sqlx::Error> {
    for indicator in indicators {
        sqlx::query(
            "INSERT INTO assessment_indicators (assessment_id, indicator_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(assessment.to_string())
        .bind(indicator.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The positions of the given indicators, when each is in use in the municipality.
pub async fn indicator_positions(
    conn: &mut Conn,
    muni: MunicipalityId,
    indicators: &[IndicatorId],
) -> Result<Vec<Option<Position>>, sqlx::Error> {
    let mut out = Vec::with_capacity(indicators.len());
    for indicator in indicators {
        let row = sqlx::query(
            "SELECT position FROM indicators WHERE id = $1 AND municipality_id = $2 AND retired_at IS NULL",
        )
        .bind(indicator.to_string())
        .bind(muni.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        out.push(row.map(|r| position(&r, "position")).transpose()?);
    }
    Ok(out)
}

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

/// A stored answer for an idempotency key: who sent it, the request's hash, the answer.
pub async fn idempotent_result(
    conn: &mut Conn,
    key: &str,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    sqlx::query("SELECT user_id, request_hash, response FROM idempotent_writes WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await?
        .map(|r| {
            Ok((
                r.try_get("user_id")?,
                r.try_get("request_hash")?,
                r.try_get("response")?,
            ))
        })
        .transpose()
}

/// Stores a key's answer; false when the key has one already.
pub async fn store_idempotent_result(
    conn: &mut Conn,
    key: &str,
    user: UserId,
    hash: &str,
    response: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let stored = sqlx::query(
        "INSERT INTO idempotent_writes (key, user_id, request_hash, response, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(user.to_string())
    .bind(hash)
    .bind(response)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(stored == 1)
}

/// One assessment row as the read views use it.
#[derive(Clone, Debug)]
pub struct AssessmentRow {
    pub id: AssessmentId,
    pub child: ChildId,
    pub round: Option<RoundId>,
    pub kind: String,
    pub assessor: UserId,
    pub assessor_name: String,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: String,
    pub assessed_on: Date,
    pub version: i64,
    pub unit_name: String,
    pub round_name: Option<String>,
    pub created_at: i64,
}

const ROW_COLUMNS: &str = "a.id, a.child_id, a.round_id, a.kind, a.assessor_id, us.display_name, a.position, \
     a.context, a.note, a.assessed_on, a.version, un.name AS unit_name, r.name AS round_name, a.created_at";
const ROW_JOINS: &str =
    "JOIN users us ON us.id = a.assessor_id JOIN units un ON un.id = a.unit_id \
     LEFT JOIN rounds r ON r.id = a.round_id";

fn assessment_row(r: &AnyRow) -> Result<AssessmentRow, sqlx::Error> {
    let round: Option<String> = r.try_get("round_id")?;
    Ok(AssessmentRow {
        id: id(r, "id")?,
        child: id(r, "child_id")?,
        round: round.map(|t| parse_id(&t)).transpose()?,
        kind: r.try_get("kind")?,
        assessor: id(r, "assessor_id")?,
        assessor_name: r.try_get("display_name")?,
        position: position(r, "position")?,
        context: context(r, "context")?,
        note: r.try_get("note")?,
        assessed_on: date(r, "assessed_on")?,
        version: r.try_get("version")?,
        unit_name: r.try_get("unit_name")?,
        round_name: r.try_get("round_name")?,
        created_at: r.try_get("created_at")?,
    })
}

/// The assessments of the children enrolled in a group today that belong to `round`, plus
/// each child's latest joint assessment from before it (the "last joint position").
pub async fn group_assessments(
    conn: &mut Conn,
    group: GroupId,
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
         WHERE e.group_id = $1 AND {ACTIVE_ENROLMENT} AND a.round_id = $3 \
         UNION ALL \
         SELECT {ROW_COLUMNS} FROM enrolments e JOIN assessments a ON a.id = ( \
           SELECT j.id FROM assessments j WHERE j.child_id = e.child_id AND j.kind = 'joint' \
             AND COALESCE(j.round_id, '') <> $3 ORDER BY j.assessed_on DESC, j.created_at DESC LIMIT 1) \
         {ROW_JOINS} WHERE e.group_id = $1 AND {ACTIVE_ENROLMENT}"
    ))
    .bind(group.to_string())
    .bind(date_text(today))
    .bind(&round)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(assessment_row).collect()
}

/// Every assessment of one child, newest first.
pub async fn child_assessments(db: &Db, child: ChildId) -> Result<Vec<AssessmentRow>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {ROW_COLUMNS} FROM assessments a {ROW_JOINS} WHERE a.child_id = $1 \
         ORDER BY a.assessed_on DESC, a.created_at DESC"
    ))
    .bind(child.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(assessment_row)
    .collect()
}

/// The indicator texts (retired or not) on each of the given assessments.
pub async fn indicator_texts(
    db: &Db,
    child: ChildId,
) -> Result<Vec<(AssessmentId, IndicatorId, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT ai.assessment_id, i.id, i.text FROM assessment_indicators ai \
         JOIN indicators i ON i.id = ai.indicator_id JOIN assessments a ON a.id = ai.assessment_id \
         WHERE a.child_id = $1 ORDER BY i.sort_key",
    )
    .bind(child.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((id(r, "assessment_id")?, id(r, "id")?, r.try_get("text")?)))
    .collect()
}

/// The indicators chosen on the given assessor's assessments in a round, for a group.
pub async fn own_indicators(
    conn: &mut Conn,
    round: RoundId,
    assessor: UserId,
) -> Result<Vec<(AssessmentId, IndicatorId)>, sqlx::Error> {
    sqlx::query(
        "SELECT ai.assessment_id, ai.indicator_id FROM assessment_indicators ai \
         JOIN assessments a ON a.id = ai.assessment_id \
         WHERE a.round_id = $1 AND a.assessor_id = $2 AND a.kind = 'individual'",
    )
    .bind(round.to_string())
    .bind(assessor.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((id(r, "assessment_id")?, id(r, "indicator_id")?)))
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
    db: &Db,
    unit: UnitId,
    today: Date,
) -> Result<Vec<FollowUpView>, sqlx::Error> {
    sqlx::query(&format!(
        "{FOLLOW_UP_SELECT} WHERE f.unit_id = $1 AND (f.done_on IS NULL OR f.done_on >= $2) \
         ORDER BY CASE WHEN f.done_on IS NULL THEN 0 ELSE 1 END, f.due_on"
    ))
    .bind(unit.to_string())
    .bind(date_text(today - time::Duration::days(60)))
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| follow_up_view(r, today))
    .collect()
}

pub async fn child_follow_ups(
    db: &Db,
    child: ChildId,
    today: Date,
) -> Result<Vec<FollowUpView>, sqlx::Error> {
    sqlx::query(&format!(
        "{FOLLOW_UP_SELECT} WHERE f.child_id = $1 ORDER BY f.due_on DESC"
    ))
    .bind(child.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| follow_up_view(r, today))
    .collect()
}

/// The unit a follow-up belongs to and the date it was opened.
pub async fn follow_up_unit(
    db: &Db,
    follow_up: FollowUpId,
) -> Result<Option<(UnitId, ChildId, i64)>, sqlx::Error> {
    sqlx::query("SELECT unit_id, child_id, created_at FROM follow_ups WHERE id = $1")
        .bind(follow_up.to_string())
        .fetch_optional(db.pool())
        .await?
        .map(|r| {
            Ok((
                id(&r, "unit_id")?,
                id(&r, "child_id")?,
                r.try_get("created_at")?,
            ))
        })
        .transpose()
}

/// Marks a follow-up done; a second call changes nothing.
pub async fn complete_follow_up(
    db: &Db,
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
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Per group of a unit: children today, children with an individual assessment in the round,
/// joint assessments, and joint positions.
pub async fn unit_progress(
    db: &Db,
    unit: UnitId,
    round: Option<RoundId>,
    today: Date,
) -> Result<Vec<(GroupId, String, [u32; 6])>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT g.id, g.name, \
           (SELECT COUNT(*) FROM enrolments e WHERE e.group_id = g.id AND {ACTIVE_ENROLMENT}) AS children, \
           (SELECT COUNT(DISTINCT a.child_id) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'individual') AS individual, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'joint') AS joint, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'joint' AND a.position = 'green') AS green, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'joint' AND a.position = 'yellow') AS yellow, \
           (SELECT COUNT(*) FROM assessments a JOIN enrolments e ON e.child_id = a.child_id \
              AND e.group_id = g.id AND {ACTIVE_ENROLMENT} WHERE a.round_id = $3 AND a.kind = 'joint' AND a.position = 'red') AS red \
         FROM child_groups g WHERE g.unit_id = $1 ORDER BY g.name"
    ))
    .bind(unit.to_string())
    .bind(date_text(today))
    .bind(round.map(|r| r.to_string()).unwrap_or_default())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let n = |c: &str| -> Result<u32, sqlx::Error> {
                Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0))
            };
            Ok((
                id(r, "id")?,
                r.try_get("name")?,
                [
                    n("children")?,
                    n("individual")?,
                    n("joint")?,
                    n("green")?,
                    n("yellow")?,
                    n("red")?,
                ],
            ))
        })
        .collect()
}

/// Open and overdue follow-ups of a unit.
pub async fn follow_up_counts(
    db: &Db,
    unit: UnitId,
    today: Date,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS open, COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM follow_ups WHERE unit_id = $1 AND done_on IS NULL",
    )
    .bind(unit.to_string())
    .bind(date_text(today))
    .fetch_one(db.pool())
    .await?;
    Ok((row.try_get("open")?, row.try_get("overdue")?))
}

/// Units a planner may choose from: the municipality's, with kind and area.
pub async fn municipality_units(
    db: &Db,
    muni: MunicipalityId,
) -> Result<Vec<(UnitId, String, UnitKind, crate::domain::AreaId, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT u.id, u.name, u.kind, a.id AS area_id, a.name AS area_name FROM units u \
         JOIN areas a ON a.id = u.area_id WHERE u.municipality_id = $1 ORDER BY a.name, u.name",
    )
    .bind(muni.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        let kind: String = r.try_get("kind")?;
        Ok((
            id(r, "id")?,
            r.try_get("name")?,
            decode("unit kind", UnitKind::parse(&kind), &kind)?,
            id(r, "area_id")?,
            r.try_get("area_name")?,
        ))
    })
    .collect()
}

pub async fn rounds(db: &Db, muni: MunicipalityId) -> Result<Vec<RoundSummary>, sqlx::Error> {
    let rounds = sqlx::query(
        "SELECT r.id, r.name, (SELECT COUNT(*) FROM round_units ru WHERE ru.round_id = r.id) AS units, \
           (SELECT MIN(starts_on) FROM round_windows w WHERE w.round_id = r.id) AS first_day \
         FROM rounds r WHERE r.municipality_id = $1 ORDER BY first_day DESC",
    )
    .bind(muni.to_string())
    .fetch_all(db.pool())
    .await?;
    let windows = sqlx::query(
        "SELECT w.round_id, w.window_kind, w.starts_on, w.ends_on FROM round_windows w \
         JOIN rounds r ON r.id = w.round_id WHERE r.municipality_id = $1",
    )
    .bind(muni.to_string())
    .fetch_all(db.pool())
    .await?;
    rounds
        .iter()
        .map(|r| {
            let round_id: String = r.try_get("id")?;
            let mut ws = Vec::new();
            for w in windows.iter().filter(|w| {
                w.try_get::<String, _>("round_id")
                    .is_ok_and(|id| id == round_id)
            }) {
                let kind: String = w.try_get("window_kind")?;
                ws.push((
                    decode("window", WindowKind::parse(&kind), &kind)?,
                    Window {
                        starts_on: date(w, "starts_on")?,
                        ends_on: date(w, "ends_on")?,
                    },
                ));
            }
            Ok(RoundSummary {
                id: parse_id(&round_id)?,
                name: r.try_get("name")?,
                windows: ws,
                units: u32::try_from(r.try_get::<i64, _>("units")?).unwrap_or(0),
            })
        })
        .collect()
}

/// Creates a round; `false` when the municipality already has a round of that name.
pub async fn create_round(
    db: &Db,
    muni: MunicipalityId,
    name: &str,
    windows: &[(WindowKind, Window)],
    units: &[UnitId],
    by: UserId,
    now: i64,
) -> Result<Option<RoundId>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let round = RoundId::random();
    let inserted = sqlx::query(
        "INSERT INTO rounds (id, municipality_id, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (municipality_id, name) DO NOTHING",
    )
    .bind(round.to_string())
    .bind(muni.to_string())
    .bind(name)
    .bind(by.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(None);
    }
    for (kind, window) in windows {
        sqlx::query(
            "INSERT INTO round_windows (round_id, window_kind, starts_on, ends_on) VALUES ($1, $2, $3, $4)",
        )
        .bind(round.to_string())
        .bind(kind.code())
        .bind(date_text(window.starts_on))
        .bind(date_text(window.ends_on))
        .execute(&mut *tx)
        .await?;
    }
    for unit in units {
        sqlx::query(
            "INSERT INTO round_units (round_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(round.to_string())
        .bind(unit.to_string())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Some(round))
}

/// The sealing key of a user's offline outbox, made on first use.
pub async fn outbox_key(
    db: &Db,
    user: UserId,
    fresh: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox_keys (user_id, key, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user.to_string())
    .bind(fresh)
    .bind(now)
    .execute(db.pool())
    .await?;
    sqlx::query_scalar("SELECT key FROM outbox_keys WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_one(db.pool())
        .await
}
