//! The facts "who looked at my child" adds to the audit rows (`transition::lookups`): the role
//! each user had and the units' names. Memberships that have ended count: the role is the one
//! the person looked in.

use crate::backend::audit::Lookup;
use crate::backend::db::Conn;
use sqlx::Row;

pub struct Membership {
    pub user_id: String,
    pub role: String,
    pub unit_id: Option<String>,
}

/// Ids per statement, far below either database's limit on parameters.
const BATCH: usize = 500;

fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every membership, current or ended, of the given users.
pub async fn roles_of(conn: &mut Conn, users: &[String]) -> Result<Vec<Membership>, sqlx::Error> {
    let mut memberships = Vec::new();
    for batch in users.chunks(BATCH) {
        let sql = format!(
            "SELECT user_id, role, unit_id FROM memberships WHERE user_id IN ({}) \
             ORDER BY starts_on DESC",
            placeholders(batch.len())
        );
        let mut query = sqlx::query(&sql);
        for user in batch {
            query = query.bind(user.clone());
        }
        for row in query.fetch_all(&mut *conn).await? {
            memberships.push(Membership {
                user_id: row.try_get("user_id")?,
                role: row.try_get("role")?,
                unit_id: row.try_get("unit_id")?,
            });
        }
    }
    Ok(memberships)
}

/// The names of the units the lookups were made in, as (id, name).
pub async fn unit_names(
    conn: &mut Conn,
    lookups: &[Lookup],
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let mut units: Vec<String> = lookups.iter().filter_map(|l| l.unit_id.clone()).collect();
    units.sort_unstable();
    units.dedup();
    let mut names = Vec::new();
    for batch in units.chunks(BATCH) {
        let sql = format!(
            "SELECT id, name FROM units WHERE id IN ({})",
            placeholders(batch.len())
        );
        let mut query = sqlx::query(&sql);
        for unit in batch {
            query = query.bind(unit.clone());
        }
        for row in query.fetch_all(&mut *conn).await? {
            names.push((row.try_get("id")?, row.try_get("name")?));
        }
    }
    Ok(names)
}
