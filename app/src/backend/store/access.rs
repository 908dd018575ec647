//! The municipality's choice of narrower access: the kinds of unit where close staff reach only
//! the children of the groups they work in (`narrowed_unit_kinds`; read by the policy's
//! placements through `NARROWED`).

use super::decode;
use crate::backend::db::{begin_write_on, Conn, DbKind};
use crate::domain::{MunicipalityId, UnitKind};
use sqlx::Row;

/// The kinds of unit where the municipality narrows access, in `UnitKind::ALL` order.
pub async fn narrowed_kinds(
    conn: &mut Conn,
    muni: MunicipalityId,
) -> Result<Vec<UnitKind>, sqlx::Error> {
    let rows = sqlx::query("SELECT kind FROM narrowed_unit_kinds WHERE municipality_id = $1")
        .bind(muni.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let mut kinds = Vec::with_capacity(rows.len());
    for row in rows {
        let text: String = row.try_get("kind")?;
        kinds.push(decode("unit kind", UnitKind::parse(&text), &text)?);
    }
    Ok(UnitKind::ALL
        .into_iter()
        .filter(|k| kinds.contains(k))
        .collect())
}

/// Replaces the kinds of unit where the municipality narrows access, in one transaction.
pub async fn save_narrowed_kinds(
    conn: &mut Conn,
    backend: DbKind,
    muni: MunicipalityId,
    kinds: &[UnitKind],
) -> Result<(), sqlx::Error> {
    let mut tx = begin_write_on(conn, backend).await?;
    sqlx::query("DELETE FROM narrowed_unit_kinds WHERE municipality_id = $1")
        .bind(muni.to_string())
        .execute(&mut *tx)
        .await?;
    for kind in UnitKind::ALL.into_iter().filter(|k| kinds.contains(k)) {
        sqlx::query("INSERT INTO narrowed_unit_kinds (municipality_id, kind) VALUES ($1, $2)")
            .bind(muni.to_string())
            .bind(kind.code())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
