//! A municipality's assessment settings, seeded with the default indicator set the first
//! time they are needed.

use crate::backend::db::{begin_write_on, Conn, DbKind};
use crate::domain::*;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Stores a municipality's settings (seeding its defaults first, if it had none).
pub async fn save_settings(
    conn: &mut Conn,
    kind: DbKind,
    muni: MunicipalityId,
    s: AssessmentSettings,
) -> Result<(), sqlx::Error> {
    ensure_initialised(conn, kind, muni, 0).await?;
    sqlx::query(
        "UPDATE assessment_settings SET green_note_required = $2, min_individual = $3, follow_up_days = $4 \
         WHERE municipality_id = $1",
    )
    .bind(muni.to_string())
    .bind(i64::from(s.green_note_required))
    .bind(i64::from(s.min_individual))
    .bind(i64::from(s.follow_up_days))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives a municipality its settings row and the default indicator set the first time it is
/// needed. The settings row doubles as the marker, so two servers never seed twice. It begins
/// its own write transaction on the connection (a savepoint inside a caller's).
pub async fn ensure_initialised(
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

pub(super) async fn stored_settings(
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
