use app::backend::db::{Db, DbKind};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{Connection, Executor};

/// The migrations of each database, as built into the binary.
static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static SQLITE_AUDIT: Migrator = sqlx::migrate!("./migrations/sqlite-audit");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// Applies the migrations for the connected backend. Both folders describe the same schema in
/// each dialect; the integration tests run on both. On SQLite the audit log has a file and
/// migrations of its own.
pub async fn run(db: &Db) -> Result<(), MigrateError> {
    match db.kind() {
        DbKind::Sqlite => {
            SQLITE.run(db.pool()).await?;
            SQLITE_AUDIT.run(db.audit_pool()).await?;
            move_audit_log_to_its_own_file(db).await?;
            // SQLite keeps no statistics by itself: without them a join over a million
            // assessments can be planned from the wrong end. `optimize` refreshes them where
            // they are missing or stale, cheaply, each time the server starts.
            sqlx::query("PRAGMA optimize")
                .execute(db.pool())
                .await
                .map_err(MigrateError::Execute)?;
            Ok(())
        }
        DbKind::Postgres => POSTGRES.run(db.pool()).await,
    }
}

/// The newest migration this build carries (the same numbers on both databases).
pub fn newest() -> i64 {
    SQLITE
        .iter()
        .chain(POSTGRES.iter())
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// The versions of the migrations this build carries that the database has not applied
/// successfully (`/readyz`). An error is a database that did not answer, or one never
/// migrated at all.
pub async fn pending(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    let mut missing = Vec::new();
    let sets: &[(&Migrator, &sqlx::AnyPool)] = match db.kind() {
        DbKind::Sqlite => &[(&SQLITE, db.pool()), (&SQLITE_AUDIT, db.audit_pool())],
        DbKind::Postgres => &[(&POSTGRES, db.pool())],
    };
    for (migrator, pool) in sets {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(*pool)
                .await?;
        missing.extend(
            migrator
                .iter()
                .filter(|m| m.migration_type.is_up_migration())
                .map(|m| m.version)
                .filter(|version| !applied.contains(version)),
        );
    }
    Ok(missing)
}

/// Installations from before the audit log had its own file (and `0001_foundation`, which
/// still creates the table in the database) keep their rows: copied over with their ids, then
/// the old table dropped. The copy commits before the drop, and a second copy of the same ids
/// is ignored, so a crash between the two loses nothing and repeats nothing.
async fn move_audit_log_to_its_own_file(db: &Db) -> Result<(), MigrateError> {
    let Some((main, audit)) = db.sqlite_files() else {
        return Ok(());
    };
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'",
    )
    .fetch_optional(db.pool())
    .await?;
    if exists.is_none() {
        return Ok(());
    }
    // A connection of its own: one with the audit file attached must never go back to the
    // pool, where `BEGIN IMMEDIATE` would lock both files.
    let mut conn = sqlx::AnyConnection::connect(&format!("sqlite://{}", main.display())).await?;
    conn.execute("PRAGMA busy_timeout = 10000").await?;
    sqlx::query("ATTACH DATABASE $1 AS audit_file")
        .bind(audit.display().to_string())
        .execute(&mut conn)
        .await?;
    let mut tx = conn.begin().await?;
    tx.execute("INSERT OR IGNORE INTO audit_file.audit_log SELECT * FROM main.audit_log")
        .await?;
    tx.commit().await?;
    conn.execute("DETACH DATABASE audit_file").await?;
    conn.execute("DROP TABLE main.audit_log").await?;
    conn.close().await?;
    Ok(())
}
