//! A municipality's assessment settings and indicator set, as every group page needs them.
//! The settings row is read on each call (one small row, which also carries the indicator
//! set's revision); the indicator set is kept in memory per revision, so an edit made on any
//! server is seen at the next request while an unchanged set costs no query.

use super::assessment::{active_indicators, ensure_initialised_on};
use crate::assessment::IndicatorView;
use crate::domain::{AssessmentSettings, MunicipalityId};
use crate::backend::db::{DbKind, Conn};
use sqlx::any::AnyRow;
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
            ensure_initialised_on(conn, backend, muni, now).await?;
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

/// The municipality's assessment settings, or the defaults where none are stored.
pub async fn settings(
    conn: &mut Conn,
    muni: MunicipalityId,
) -> Result<AssessmentSettings, sqlx::Error> {
    Ok(stored_settings(conn, muni)
        .await?
        .map(|(settings, _)| settings)
        .unwrap_or_default())
}

async fn stored_settings(
    conn: &mut Conn,
    muni: MunicipalityId,
) -> Result<Option<(AssessmentSettings, i64)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT green_note_required, min_individual, follow_up_days, indicator_revision \
         FROM assessment_settings WHERE municipality_id = $1",
    )
    .bind(muni.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok((settings_in(&r)?, r.try_get::<i64, _>("indicator_revision")?)))
        .transpose()
}

/// The settings in a row's `green_note_required`, `min_individual` and `follow_up_days`, or
/// the defaults where they are empty (a municipality that has stored none, outer-joined).
pub fn settings_in(r: &AnyRow) -> Result<AssessmentSettings, sqlx::Error> {
    let Some(green_note_required) = r.try_get::<Option<i64>, _>("green_note_required")? else {
        return Ok(AssessmentSettings::default());
    };
    let defaults = AssessmentSettings::default();
    Ok(AssessmentSettings {
        green_note_required: green_note_required != 0,
        min_individual: u8::try_from(r.try_get::<i64, _>("min_individual")?)
            .unwrap_or(defaults.min_individual),
        follow_up_days: u16::try_from(r.try_get::<i64, _>("follow_up_days")?)
            .unwrap_or(defaults.follow_up_days),
    })
}
