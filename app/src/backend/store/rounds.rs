//! Assessment rounds (*vurderingsrunder*) and their windows.

use super::{date, date_text, decode, id, parse_id};
use crate::backend::db::Conn;
use crate::domain::*;
use crate::wire::assessment::*;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

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

/// A unit's rounds with their window for the unit's kind (`$1` the unit, `$2` the window kind).
const UNIT_ROUND_SELECT: &str = "SELECT r.id, r.name, w.starts_on, w.ends_on FROM rounds r \
     JOIN round_units ru ON ru.round_id = r.id \
     JOIN round_windows w ON w.round_id = r.id AND w.window_kind = $2";

/// The round the unit takes part in whose window (for the unit's kind) is open today.
pub async fn open_round(
    conn: &mut Conn,
    unit: UnitId,
    kind: UnitKind,
    today: Date,
) -> Result<Option<RoundInfo>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "{UNIT_ROUND_SELECT} WHERE ru.unit_id = $1 AND w.starts_on <= $3 AND w.ends_on >= $3 \
         ORDER BY w.starts_on DESC LIMIT 1"
    ))
    .bind(unit.to_string())
    .bind(WindowKind::of(kind).code())
    .bind(date_text(today))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| round_info(&r, today)).transpose()
}

/// The open round, or else the latest one that has started: what a leader follows up on.
pub async fn current_or_latest_round(
    conn: &mut Conn,
    unit: UnitId,
    kind: UnitKind,
    today: Date,
) -> Result<Option<RoundInfo>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "{UNIT_ROUND_SELECT} WHERE ru.unit_id = $1 AND w.starts_on <= $3 \
         ORDER BY w.starts_on DESC LIMIT 1"
    ))
    .bind(unit.to_string())
    .bind(WindowKind::of(kind).code())
    .bind(date_text(today))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| round_info(&r, today)).transpose()
}

pub async fn rounds(
    conn: &mut Conn,
    muni: MunicipalityId,
) -> Result<Vec<RoundSummary>, sqlx::Error> {
    let rounds = sqlx::query(
        "SELECT r.id, r.name, (SELECT COUNT(*) FROM round_units ru WHERE ru.round_id = r.id) AS units, \
           (SELECT MIN(starts_on) FROM round_windows w WHERE w.round_id = r.id) AS first_day \
         FROM rounds r WHERE r.municipality_id = $1 ORDER BY first_day DESC",
    )
    .bind(muni.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let windows = sqlx::query(
        "SELECT w.round_id, w.window_kind, w.starts_on, w.ends_on FROM round_windows w \
         JOIN rounds r ON r.id = w.round_id WHERE r.municipality_id = $1",
    )
    .bind(muni.to_string())
    .fetch_all(&mut *conn)
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
    tx: &mut Conn,
    muni: MunicipalityId,
    name: &str,
    windows: &[(WindowKind, Window)],
    units: &[UnitId],
    by: UserId,
    now: i64,
) -> Result<Option<RoundId>, sqlx::Error> {
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
    Ok(Some(round))
}
