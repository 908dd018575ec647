//! One connection pool for either backend. Queries are written in the SQL both SQLite and
//! PostgreSQL understand (`$1` placeholders, `RETURNING`, `ON CONFLICT`), with ids, dates and
//! times stored as text and integers, so one store serves both and one test suite proves both.

use super::group_commit::GroupCommit;
use sqlx::any::{AnyPoolOptions, AnyQueryResult};
use sqlx::{Any, AnyPool, Connection, Executor, Transaction};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    group_commit: GroupCommit,
}

pub type Tx = Transaction<'static, Any>;

/// One connection, held for a run of reads (one step of a request): ten reads on one
/// connection spare nine trips through the pool, and the policy's facts and the data they
/// allow are read on the same one. Never hold one while waiting for another connection of the
/// pool (a write transaction, say): a full pool of such waits would wait forever. (The group
/// commit's writer has a pool of its own.)
pub type Conn = sqlx::AnyConnection;

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). With `schema`, every PostgreSQL
    /// connection works in that schema; the tests use it to give each test its own database.
    pub async fn connect(url: &str, schema: Option<String>) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let connections = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = pool_options(backend, schema.clone(), connections)
            .connect(url)
            .await?;
        // The group commit's writer has a connection of its own, so it never waits behind the
        // requests that wait for it.
        let writer_pool = pool_options(backend, schema, 1).connect(url).await?;
        let group_commit = GroupCommit::start(writer_pool, backend);
        Ok(Self {
            pool,
            backend,
            group_commit,
        })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begins a transaction that will write (see [`begin_write`]).
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        begin_write(&self.pool, self.backend).await
    }

    /// Where audit rows and session times go to be committed together (see `group_commit`).
    pub fn group_commit(&self) -> &GroupCommit {
        &self.group_commit
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.group_commit.close().await;
    }
}

fn pool_options(backend: Backend, schema: Option<String>, connections: u32) -> AnyPoolOptions {
    let options = AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(30))
        // sqlx pings every connection it hands out, a round trip per checkout. A SQLite file
        // cannot go away under us; a PostgreSQL connection that has (a restart) fails its
        // query with an error, is dropped by the pool, and the next request gets a fresh one
        // — the client's outbox sends again — so the ping buys nothing the hot path pays for.
        .test_before_acquire(false);
    match backend {
        Backend::Sqlite => options.after_connect(|conn, _| {
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
        Backend::Postgres => options.after_connect(move |conn, _| {
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
pub async fn begin_write(pool: &AnyPool, backend: Backend) -> Result<Tx, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

/// [`begin_write`] on a connection the caller already holds.
pub async fn begin_write_on(
    conn: &mut Conn,
    backend: Backend,
) -> Result<Transaction<'_, Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => conn.begin().await,
    }
}

/// True when a write hit a uniqueness constraint; callers turn that into a clear message.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

pub fn affected(result: &AnyQueryResult) -> u64 {
    result.rows_affected()
}
