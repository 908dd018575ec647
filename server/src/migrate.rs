use app::server::db::{Backend, Db};

/// Applies the migrations for the connected backend. Both folders describe the same schema in
/// each dialect; the integration tests run on both.
pub async fn run(db: &Db) -> Result<(), sqlx::migrate::MigrateError> {
    match db.backend() {
        Backend::Sqlite => {
            sqlx::migrate!("./migrations/sqlite").run(db.pool()).await?;
            // SQLite keeps no statistics by itself: without them a join over a million
            // assessments can be planned from the wrong end. `optimize` refreshes them where
            // they are missing or stale, cheaply, each time the server starts.
            sqlx::query("PRAGMA optimize")
                .execute(db.pool())
                .await
                .map_err(sqlx::migrate::MigrateError::Execute)?;
            Ok(())
        }
        Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(db.pool()).await,
    }
}
