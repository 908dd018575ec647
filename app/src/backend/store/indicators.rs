//! A municipality's indicator set, and with its settings as every group page needs them.
//! The settings row is read on each call (one small row, which also carries the indicator
//! set's revision); the indicator set is kept in memory per revision, so an edit made on any
//! server is seen at the next request while an unchanged set costs no query.
use super::settings::{ensure_initialised, stored_settings};
use super::{decode, id, position};
use crate::backend::db::{Conn, DbKind};
use crate::domain::*;
use crate::wire::assessment::*;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A municipality's indicators in use, shared by every request that shows them.
type IndicatorSet = Arc<Vec<IndicatorView>>;

/// The indicator sets read so far, by municipality, with the revision each was read at.
#[derive(Clone, Debug, Default)]
pub struct IndicatorCache {
    sets: Arc<Mutex<HashMap<MunicipalityId, (i64, IndicatorSet)>>>,
}

impl IndicatorCache {
    fn get(&self, muni: MunicipalityId, revision: i64) -> Option<IndicatorSet> {
        let sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        sets.get(&muni)
            .filter(|(seen, _)| *seen == revision)
            .map(|(_, set)| set.clone())
    }

    fn put(&self, muni: MunicipalityId, revision: i64, set: IndicatorSet) {
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        sets.insert(muni, (revision, set));
    }
}

/// Settings and the indicators in use, seeding the municipality's defaults the first time.
pub async fn settings_and_indicators(
    conn: &mut Conn,
    backend: DbKind,
    cache: &IndicatorCache,
    muni: MunicipalityId,
    now: i64,
) -> Result<(AssessmentSettings, IndicatorSet), sqlx::Error> {
    let (settings, revision) = match stored_settings(conn, muni).await? {
        Some(found) => found,
        None => {
            ensure_initialised(conn, backend, muni, now).await?;
            stored_settings(conn, muni)
                .await?
                .ok_or(sqlx::Error::RowNotFound)?
        }
    };
    if let Some(set) = cache.get(muni, revision) {
        return Ok((settings, set));
    }
    let set = Arc::new(active_indicators(conn, muni).await?);
    cache.put(muni, revision, set.clone());
    Ok((settings, set))
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
    tx: &mut Conn,
    muni: MunicipalityId,
    replaces: Option<IndicatorId>,
    view: &IndicatorView,
    now: i64,
) -> Result<bool, sqlx::Error> {
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
    bump_indicator_revision(tx, muni).await?;
    Ok(true)
}

/// Retires an indicator: it stays on the assessments that used it.
pub async fn retire_indicator(
    tx: &mut Conn,
    muni: MunicipalityId,
    indicator: IndicatorId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE indicators SET retired_at = $3 WHERE id = $1 AND municipality_id = $2 AND retired_at IS NULL",
    )
    .bind(indicator.to_string())
    .bind(muni.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    bump_indicator_revision(tx, muni).await?;
    Ok(done == 1)
}

/// Tells every server that keeps the indicator set in memory to read it again.
async fn bump_indicator_revision(tx: &mut Conn, muni: MunicipalityId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assessment_settings SET indicator_revision = indicator_revision + 1 \
         WHERE municipality_id = $1",
    )
    .bind(muni.to_string())
    .execute(&mut *tx)
    .await?;
    Ok(())
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

/// An indicator chosen on an assessment, with its text (retired or not).
#[derive(Clone, Debug)]
pub struct ChosenIndicator {
    pub assessment: AssessmentId,
    pub indicator: IndicatorId,
    /// Empty where only the choice was read ([`own_indicators`]).
    pub text: String,
}

/// The indicators chosen on each of a child's assessments, with their texts.
pub async fn indicator_texts(
    conn: &mut Conn,
    child: ChildId,
) -> Result<Vec<ChosenIndicator>, sqlx::Error> {
    sqlx::query(
        "SELECT ai.assessment_id, i.id, i.text FROM assessment_indicators ai \
         JOIN indicators i ON i.id = ai.indicator_id JOIN assessments a ON a.id = ai.assessment_id \
         WHERE a.child_id = $1 ORDER BY i.sort_key",
    )
    .bind(child.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ChosenIndicator {
            assessment: id(r, "assessment_id")?,
            indicator: id(r, "id")?,
            text: r.try_get("text")?,
        })
    })
    .collect()
}

/// The indicators chosen on the given assessor's assessments in a round, for a group.
pub async fn own_indicators(
    conn: &mut Conn,
    round: RoundId,
    assessor: UserId,
) -> Result<Vec<ChosenIndicator>, sqlx::Error> {
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
    .map(|r| {
        Ok(ChosenIndicator {
            assessment: id(r, "assessment_id")?,
            indicator: id(r, "indicator_id")?,
            text: String::new(),
        })
    })
    .collect()
}
