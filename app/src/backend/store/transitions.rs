//! Transitions (*overgange*): a child's placements as spans, the transition descriptions the
//! old units write, and the handovers of everything registered (issue 17). Decides nothing
//! about access: the policy and `policy::scope` do.

use super::{date_text, id, parse_date};
use crate::backend::db::Conn;
use crate::domain::*;
use sqlx::Row;
use time::Date;

/// Every placement of the child, with its unit, whatever the dates: the moves are worked out
/// from them (`domain::moves`).
pub async fn placement_spans(
    conn: &mut Conn,
    child: ChildId,
) -> Result<Vec<PlacementSpan>, sqlx::Error> {
    sqlx::query(
        "SELECT g.unit_id, e.starts_on, e.ends_on FROM enrolments e \
           JOIN child_groups g ON g.id = e.group_id WHERE e.child_id = $1 ORDER BY e.starts_on",
    )
    .bind(child.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let ends_on: Option<String> = r.try_get("ends_on")?;
        Ok(PlacementSpan {
            unit: id(r, "unit_id")?,
            starts_on: parse_date(&r.try_get::<String, _>("starts_on")?)?,
            ends_on: ends_on.as_deref().map(parse_date).transpose()?,
        })
    })
    .collect()
}

/// A unit's name and its municipality.
pub async fn unit_name(conn: &mut Conn, unit: UnitId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
        .bind(unit.to_string())
        .fetch_one(&mut *conn)
        .await
}

/// A transition description as stored.
#[derive(Clone, Debug)]
pub struct DescriptionRow {
    pub description: TransitionDescription,
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: i64,
    pub created_at: i64,
}

pub async fn description(
    conn: &mut Conn,
    child: ChildId,
    from: UnitId,
    to: UnitId,
) -> Result<Option<DescriptionRow>, sqlx::Error> {
    sqlx::query(
        "SELECT t.strengths, t.what_helps, t.watch_for, t.version, us.display_name, t.updated_at, \
                t.created_at \
           FROM transitions t LEFT JOIN users us ON us.id = t.updated_by \
          WHERE t.child_id = $1 AND t.from_unit_id = $2 AND t.to_unit_id = $3",
    )
    .bind(child.to_string())
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| {
        Ok(DescriptionRow {
            description: TransitionDescription {
                strengths: r.try_get("strengths")?,
                what_helps: r.try_get("what_helps")?,
                watch_for: r.try_get("watch_for")?,
            },
            version: r.try_get("version")?,
            updated_by: r.try_get("display_name")?,
            updated_at: r.try_get("updated_at")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .transpose()
}

/// Saves a description on the version the writer loaded (0: none yet). `false` when another
/// save came first: nothing is overwritten silently (SECURITY O6).
#[allow(clippy::too_many_arguments)]
pub async fn save_description(
    tx: &mut Conn,
    child: ChildId,
    from: UnitId,
    to: UnitId,
    text: &TransitionDescription,
    loaded_version: i64,
    by: UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    if loaded_version == 0 {
        let inserted = sqlx::query(
            "INSERT INTO transitions (id, child_id, from_unit_id, to_unit_id, strengths, \
                what_helps, watch_for, version, updated_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $9) \
             ON CONFLICT (child_id, from_unit_id, to_unit_id) DO NOTHING",
        )
        .bind(UserId::random().to_string())
        .bind(child.to_string())
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(&text.strengths)
        .bind(&text.what_helps)
        .bind(&text.watch_for)
        .bind(by.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        return Ok(inserted.rows_affected() == 1);
    }
    let updated = sqlx::query(
        "UPDATE transitions SET strengths = $1, what_helps = $2, watch_for = $3, \
                version = version + 1, updated_by = $4, updated_at = $5 \
          WHERE child_id = $6 AND from_unit_id = $7 AND to_unit_id = $8 AND version = $9",
    )
    .bind(&text.strengths)
    .bind(&text.what_helps)
    .bind(&text.watch_for)
    .bind(by.to_string())
    .bind(now)
    .bind(child.to_string())
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(loaded_version)
    .execute(&mut *tx)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Records that the parents were handed everything registered.
pub async fn insert_handover(
    tx: &mut Conn,
    child: ChildId,
    kind: &str,
    user: UserId,
    unit: Option<UnitId>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO handovers (id, child_id, kind, user_id, unit_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(UserId::random().to_string())
    .bind(child.to_string())
    .bind(kind)
    .bind(user.to_string())
    .bind(unit.map(|u| u.to_string()))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// When the parents were handed everything registered, and how: (kind, Unix time), newest
/// first.
pub async fn handovers(conn: &mut Conn, child: ChildId) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT kind, created_at FROM handovers WHERE child_id = $1 ORDER BY created_at DESC",
    )
    .bind(child.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("kind")?, r.try_get("created_at")?)))
    .collect()
}

/// The municipality's transition rules.
pub async fn rules(
    conn: &mut Conn,
    municipality: MunicipalityId,
) -> Result<TransferRules, sqlx::Error> {
    let row = sqlx::query(
        "SELECT transfer_with_consent, consent_from_all_custody, paper_consent_by_staff, \
                retention_years FROM municipalities WHERE id = $1",
    )
    .bind(municipality.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else {
        return Ok(TransferRules::default());
    };
    Ok(TransferRules {
        with_consent: r.try_get::<i64, _>("transfer_with_consent")? != 0,
        all_custody_holders: r.try_get::<i64, _>("consent_from_all_custody")? != 0,
        paper_by_staff: r.try_get::<i64, _>("paper_consent_by_staff")? != 0,
        retention_years: r.try_get("retention_years")?,
    })
}

pub async fn save_rules(
    tx: &mut Conn,
    municipality: MunicipalityId,
    rules: TransferRules,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE municipalities SET transfer_with_consent = $1, consent_from_all_custody = $2, \
                paper_consent_by_staff = $3, retention_years = $4 WHERE id = $5",
    )
    .bind(rules.with_consent as i64)
    .bind(rules.all_custody_holders as i64)
    .bind(rules.paper_by_staff as i64)
    .bind(rules.retention_years)
    .bind(municipality.to_string())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The guardians holding custody of the child on `today`.
pub async fn custody_holders(
    conn: &mut Conn,
    child: ChildId,
    today: Date,
) -> Result<Vec<UserId>, sqlx::Error> {
    sqlx::query(
        "SELECT user_id FROM guardianships WHERE child_id = $1 AND has_custody = 1 \
            AND (ends_on IS NULL OR ends_on >= $2)",
    )
    .bind(child.to_string())
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| id(r, "user_id"))
    .collect()
}

/// The child's municipality's own retention period, when it has set one.
pub async fn retention_years(conn: &mut Conn, child: ChildId) -> Result<Option<i64>, sqlx::Error> {
    let years: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT m.retention_years FROM children c JOIN municipalities m ON m.id = c.municipality_id \
          WHERE c.id = $1",
    )
    .bind(child.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(years.flatten())
}
