//! Tombstones (SECURITY R2, D4): the ids the retention job deleted, read from a database
//! before a restore replaces it, written into the restored one, and deleted again there.

use super::retention::kinds;
use crate::backend::db::Conn;
use sqlx::Row;

/// One deleted row: its table and id, and when it went. No content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tombstone {
    pub category: String,
    pub row_id: String,
    pub deleted_at: i64,
}

/// Every tombstone the database holds.
pub async fn all(conn: &mut Conn) -> Result<Vec<Tombstone>, sqlx::Error> {
    sqlx::query("SELECT category, row_id, deleted_at FROM tombstones ORDER BY deleted_at, row_id")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(Tombstone {
                category: r.try_get("category")?,
                row_id: r.try_get("row_id")?,
                deleted_at: r.try_get("deleted_at")?,
            })
        })
        .collect()
}

/// Rows per statement: three parameters each stays far below either database's limit.
const BATCH: usize = 300;

/// Writes `stones` into the database; those it holds already are left as they are.
pub async fn bury(conn: &mut Conn, stones: &[Tombstone]) -> Result<(), sqlx::Error> {
    for batch in stones.chunks(BATCH) {
        let values = (0..batch.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO tombstones (category, row_id, deleted_at) VALUES {values} \
             ON CONFLICT DO NOTHING"
        );
        let mut query = sqlx::query(&sql);
        for stone in batch {
            query = query
                .bind(stone.category.clone())
                .bind(stone.row_id.clone())
                .bind(stone.deleted_at);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Deletes again every row that has a tombstone, in the retention job's order (what belongs
/// to a row goes with it, as then); answers the count per category.
pub async fn delete_buried(conn: &mut Conn) -> Result<Vec<(&'static str, u64)>, sqlx::Error> {
    let mut deleted = Vec::new();
    for kind in kinds() {
        let table = kind.category;
        let done = sqlx::query(&format!(
            "DELETE FROM {table} WHERE id IN \
             (SELECT row_id FROM tombstones WHERE category = $1)"
        ))
        .bind(table)
        .execute(&mut *conn)
        .await?;
        deleted.push((table, done.rows_affected()));
    }
    Ok(deleted)
}
