//! What a connection is and how a write begins on either database kind. Below the pool and
//! its writers (`db`, `group_commit`, `write_queue`), which all build on it.

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Connection, Executor, Transaction};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

pub type Tx = Transaction<'static, Any>;

/// One connection, held for a run of reads (one step of a request): ten reads on one
/// connection spare nine trips through the pool, and the policy's facts and the data they
/// allow are read on the same one. Never hold one while waiting for another connection of the
/// pool (a write transaction, say): a full pool of such waits would wait forever. (The group
/// commit's writer has a pool of its own.)
pub type Conn = sqlx::AnyConnection;

pub(super) fn pool_options(
    backend: DbKind,
    schema: Option<String>,
    connections: u32,
) -> AnyPoolOptions {
    let options = AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(30))
        // sqlx pings every connection it hands out, a round trip per checkout. A SQLite file
        // cannot go away under us; a PostgreSQL connection that has (a restart) fails its
        // query with an error, is dropped by the pool, and the next request gets a fresh one
        // — the client's outbox sends again — so the ping buys nothing the hot path pays for.
        .test_before_acquire(false);
    match backend {
        DbKind::Sqlite => options.after_connect(|conn, _| {
            Box::pin(async move {
                // SECURITY D1: durable and concurrent. WAL lets readers run beside the
                // one writer; the busy timeout makes a second writer wait, not fail.
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                )
                .await?;
                Ok(())
            })
        }),
        DbKind::Postgres => options.after_connect(move |conn, _| {
            let schema = schema.clone();
            Box::pin(async move {
                if let Some(schema) = schema {
                    conn.execute(format!("SET search_path TO \"{schema}\"").as_str())
                        .await?;
                }
                Ok(())
            })
        }),
    }
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`): a deferred transaction that later tries to write fails with
/// "database is locked" instead of waiting for the busy timeout.
pub async fn begin_write(pool: &AnyPool, backend: DbKind) -> Result<Tx, sqlx::Error> {
    match backend {
        DbKind::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        DbKind::Postgres => pool.begin().await,
    }
}

/// [`begin_write`] on a connection the caller already holds.
pub async fn begin_write_on(
    conn: &mut Conn,
    backend: DbKind,
) -> Result<Transaction<'_, Any>, sqlx::Error> {
    match backend {
        DbKind::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await,
        DbKind::Postgres => conn.begin().await,
    }
}

/// A pool of one connection of its own, for a task that must not share the application's
/// pools or role (the retention job's pruning of the audit log as the owner).
pub async fn connect_single(
    url: &str,
    schema: Option<String>,
) -> Result<sqlx::AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = if url.starts_with("postgres") {
        DbKind::Postgres
    } else {
        DbKind::Sqlite
    };
    pool_options(backend, schema, 1).connect(url).await
}
