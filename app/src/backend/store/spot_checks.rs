//! The spot check's rows (migration 0020): the facts a draw needs, the drawn items, the
//! checkers' decisions, the sample size, and the administrators a flag is told to.

use super::id;
use crate::backend::db::Conn;
use crate::domain::{MunicipalityId, SpotCheckItemId, UnitId, UserId};
use crate::wire::spot_check::Verdict;
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use time::Date;

/// What a draw needs from the main database: each municipality's sample size, each unit's
/// municipality, and who leads (their own lookups go to the administrator's sample).
#[derive(Debug, Default)]
pub struct DrawFacts {
    pub sample_sizes: HashMap<String, i64>,
    pub unit_municipality: HashMap<String, String>,
    pub leaders: HashSet<String>,
}

pub async fn draw_facts(conn: &mut Conn, today: Date) -> Result<DrawFacts, sqlx::Error> {
    let mut facts = DrawFacts::default();
    for r in sqlx::query("SELECT id, spot_check_sample FROM municipalities")
        .fetch_all(&mut *conn)
        .await?
    {
        facts
            .sample_sizes
            .insert(r.try_get("id")?, r.try_get("spot_check_sample")?);
    }
    for r in sqlx::query("SELECT id, municipality_id FROM units")
        .fetch_all(&mut *conn)
        .await?
    {
        facts
            .unit_municipality
            .insert(r.try_get("id")?, r.try_get("municipality_id")?);
    }
    // Leaders of the sampled week or since: a membership that had not ended a week ago.
    let since = super::date_text(today - time::Duration::days(7));
    for r in sqlx::query(
        "SELECT DISTINCT user_id FROM memberships \
         WHERE role IN ('unit_leader', 'area_leader') AND (ends_on IS NULL OR ends_on >= $1)",
    )
    .bind(since)
    .fetch_all(&mut *conn)
    .await?
    {
        facts.leaders.insert(r.try_get("user_id")?);
    }
    Ok(facts)
}

/// One sampled lookup, as the draw stores it.
#[derive(Clone, Debug)]
pub struct NewItem {
    pub municipality: String,
    pub unit: String,
    pub for_administrator: bool,
    pub week: String,
    pub drawn_at: i64,
    pub looked_at: i64,
    pub looker: String,
    pub action: String,
    pub purpose: String,
    pub children: i64,
    pub child: Option<String>,
}

pub async fn insert(tx: &mut Conn, item: &NewItem) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO spot_check_items (id, municipality_id, unit_id, for_administrator, week, \
            drawn_at, looked_at, looker_id, action, purpose, children, child_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(SpotCheckItemId::random().to_string())
    .bind(&item.municipality)
    .bind(&item.unit)
    .bind(i64::from(item.for_administrator))
    .bind(&item.week)
    .bind(item.drawn_at)
    .bind(item.looked_at)
    .bind(&item.looker)
    .bind(&item.action)
    .bind(&item.purpose)
    .bind(item.children)
    .bind(item.child.clone())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A stored item with the names the page shows.
#[derive(Clone, Debug)]
pub struct ItemRow {
    pub id: SpotCheckItemId,
    pub municipality: MunicipalityId,
    pub unit: UnitId,
    pub unit_name: String,
    pub for_administrator: bool,
    pub week: String,
    pub looked_at: i64,
    pub looker: UserId,
    pub looker_name: String,
    pub action: String,
    pub children: i64,
    pub child: Option<String>,
    pub verdict: Option<Verdict>,
    pub note: String,
    pub checked_by: Option<String>,
    pub checked_at: Option<i64>,
}

const SELECT_ITEMS: &str = "\
    SELECT s.id, s.municipality_id, s.unit_id, un.name AS unit_name, s.for_administrator, \
           s.week, s.looked_at, s.looker_id, lu.display_name AS looker_name, s.action, \
           s.children, s.child_id, s.verdict, s.note, cu.display_name AS checked_by, \
           s.checked_at \
      FROM spot_check_items s \
      JOIN units un ON un.id = s.unit_id \
      JOIN users lu ON lu.id = s.looker_id \
      LEFT JOIN users cu ON cu.id = s.checked_by";

fn item_row(r: &sqlx::any::AnyRow) -> Result<ItemRow, sqlx::Error> {
    let verdict: Option<String> = r.try_get("verdict")?;
    Ok(ItemRow {
        id: id(r, "id")?,
        municipality: id(r, "municipality_id")?,
        unit: id(r, "unit_id")?,
        unit_name: r.try_get("unit_name")?,
        for_administrator: r.try_get::<i64, _>("for_administrator")? == 1,
        week: r.try_get("week")?,
        looked_at: r.try_get("looked_at")?,
        looker: id(r, "looker_id")?,
        looker_name: r.try_get("looker_name")?,
        action: r.try_get("action")?,
        children: r.try_get("children")?,
        child: r.try_get("child_id")?,
        verdict: verdict.as_deref().and_then(Verdict::parse),
        note: r.try_get("note")?,
        checked_by: r.try_get("checked_by")?,
        checked_at: r.try_get("checked_at")?,
    })
}

/// The items a unit's leader checks, drawn since `since`, newest week first.
pub async fn for_unit(
    conn: &mut Conn,
    unit: UnitId,
    since: i64,
) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query(&format!(
        "{SELECT_ITEMS} WHERE s.unit_id = $1 AND s.for_administrator = 0 AND s.drawn_at >= $2 \
         ORDER BY s.week DESC, s.looked_at"
    ))
    .bind(unit.to_string())
    .bind(since)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(item_row)
    .collect()
}

/// The administrator's items: the leaders' lookups drawn since `since`, and every flagged one
/// still kept, newest first.
pub async fn for_administrator(
    conn: &mut Conn,
    municipality: MunicipalityId,
    since: i64,
) -> Result<(Vec<ItemRow>, Vec<ItemRow>), sqlx::Error> {
    let leaders = sqlx::query(&format!(
        "{SELECT_ITEMS} WHERE s.municipality_id = $1 AND s.for_administrator = 1 \
            AND s.drawn_at >= $2 ORDER BY s.week DESC, s.looked_at"
    ))
    .bind(municipality.to_string())
    .bind(since)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(item_row)
    .collect::<Result<_, _>>()?;
    let flagged = sqlx::query(&format!(
        "{SELECT_ITEMS} WHERE s.municipality_id = $1 AND s.verdict = 'flagged' \
         ORDER BY s.checked_at DESC"
    ))
    .bind(municipality.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(item_row)
    .collect::<Result<_, _>>()?;
    Ok((leaders, flagged))
}

pub async fn item(conn: &mut Conn, item: SpotCheckItemId) -> Result<Option<ItemRow>, sqlx::Error> {
    sqlx::query(&format!("{SELECT_ITEMS} WHERE s.id = $1"))
        .bind(item.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(item_row)
        .transpose()
}

/// Records a decision on an item nobody has decided yet: false when one has (a decision is
/// final, and two checkers at once cannot both record one).
pub async fn decide(
    tx: &mut Conn,
    item: SpotCheckItemId,
    verdict: Verdict,
    note: &str,
    by: UserId,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE spot_check_items SET verdict = $1, note = $2, checked_by = $3, checked_at = $4 \
         WHERE id = $5 AND verdict IS NULL",
    )
    .bind(verdict.code())
    .bind(note)
    .bind(by.to_string())
    .bind(at)
    .bind(item.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

pub async fn sample_size(
    conn: &mut Conn,
    municipality: MunicipalityId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT spot_check_sample FROM municipalities WHERE id = $1")
        .bind(municipality.to_string())
        .fetch_one(&mut *conn)
        .await
}

pub async fn set_sample_size(
    tx: &mut Conn,
    municipality: MunicipalityId,
    size: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE municipalities SET spot_check_sample = $1 WHERE id = $2")
        .bind(size)
        .bind(municipality.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Deletes the items sampled from audit rows older than `before`: they go with the audit log
/// (SECURITY R3). Answers how many went.
pub async fn prune(tx: &mut Conn, before: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM spot_check_items WHERE looked_at < $1")
            .bind(before)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
    )
}

/// The e-mail addresses (and languages) of the municipality's administrators today, for the
/// content-free notice that a lookup was flagged.
pub async fn administrator_mailboxes(
    conn: &mut Conn,
    municipality: MunicipalityId,
    today: Date,
) -> Result<Vec<(String, Option<String>)>, sqlx::Error> {
    let day = super::date_text(today);
    sqlx::query(
        "SELECT DISTINCT u.email, u.language FROM users u \
           JOIN memberships m ON m.user_id = u.id \
          WHERE m.role = 'administrator' AND m.municipality_id = $1 AND m.starts_on <= $2 \
            AND (m.ends_on IS NULL OR m.ends_on >= $2) AND u.disabled = 0 \
            AND u.email IS NOT NULL",
    )
    .bind(municipality.to_string())
    .bind(day)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("email")?, r.try_get("language")?)))
    .collect()
}

/// The names of those of `children` who are placed today in one of `units`: the children a
/// unit's leader may see by name (SameUnit), as (id, name).
pub async fn names_in_units(
    conn: &mut Conn,
    children: &[String],
    units: &[UnitId],
    today: Date,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    if children.is_empty() || units.is_empty() {
        return Ok(Vec::new());
    }
    let day = super::date_text(today);
    let child_marks: Vec<String> = (0..children.len()).map(|i| format!("${}", i + 2)).collect();
    let unit_marks: Vec<String> = (0..units.len())
        .map(|i| format!("${}", i + 2 + children.len()))
        .collect();
    let sql = format!(
        "SELECT DISTINCT c.id, c.first_name, c.last_name FROM children c \
           JOIN enrolments e ON e.child_id = c.id \
           JOIN child_groups g ON g.id = e.group_id \
          WHERE c.id IN ({}) AND g.unit_id IN ({}) AND e.starts_on <= $1 \
            AND (e.ends_on IS NULL OR e.ends_on >= $1)",
        child_marks.join(", "),
        unit_marks.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(day);
    for child in children {
        query = query.bind(child.clone());
    }
    for unit in units {
        query = query.bind(unit.to_string());
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let (first, last): (String, String) =
                (r.try_get("first_name")?, r.try_get("last_name")?);
            Ok((r.try_get("id")?, format!("{first} {last}")))
        })
        .collect()
}
