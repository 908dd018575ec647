use app::server::db::{Backend, Db};

/// Applies the migrations for the connected backend. Both folders describe the same schema in
/// each dialect; the integration tests run on both.
pub async fn run(db: &Db) -> Result<(), sqlx::migrate::MigrateError> {
    match db.backend() {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(db.pool()).await,
        Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(db.pool()).await,
    }
}
