//! One connection pool for either backend. Queries are written in the SQL both SQLite and
//! PostgreSQL understand (`$1` placeholders, `RETURNING`, `ON CONFLICT`), with ids, dates and
//! times stored as text and integers, so one store serves both and one test suite proves both.

use super::group_commit::GroupCommit;
use super::write_queue::WriteQueue;
use sqlx::any::AnyQueryResult;
use sqlx::AnyPool;

use super::connection::pool_options;
pub use super::connection::{begin_write, begin_write_on, Conn, DbKind, Tx};

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: DbKind,
    /// Where the audit log lives: on SQLite a file of its own (see [`Db::connect`]).
    audit_pool: AnyPool,
    audit_log: GroupCommit,
    session_times: GroupCommit,
    saves: WriteQueue,
    /// The database file, on SQLite.
    sqlite_file: Option<std::path::PathBuf>,
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). With `schema`, every PostgreSQL
    /// connection works in that schema; the tests use it to give each test its own database.
    ///
    /// On SQLite the audit log is a file of its own beside the database (`tvaers.db` →
    /// `tvaers-audit.db`). Every page view appends to it; in the same file each append would
    /// take the one write lock the saves queue for, and each commit would empty every reading
    /// connection's page cache (SQLite drops it when another connection has changed the file).
    pub async fn connect(url: &str, schema: Option<String>) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") {
            DbKind::Postgres
        } else {
            DbKind::Sqlite
        };
        let connections = match backend {
            DbKind::Sqlite => 8,
            DbKind::Postgres => 16,
        };
        let pool = pool_options(backend, schema.clone(), connections)
            .connect(url)
            .await?;
        // Each writer has a connection of its own, so it never waits behind the requests that
        // wait for it.
        let writer = pool_options(backend, schema.clone(), 1)
            .connect(url)
            .await?;
        let session_times = GroupCommit::start(writer, backend);
        let saves = match backend {
            DbKind::Sqlite => WriteQueue::batched(
                pool_options(backend, schema.clone(), 1)
                    .connect(url)
                    .await?,
                backend,
            ),
            DbKind::Postgres => WriteQueue::direct(pool.clone(), backend),
        };
        let audit_pool = match backend {
            DbKind::Postgres => pool.clone(),
            DbKind::Sqlite => {
                let audit_url = sqlite_audit_url(url).ok_or_else(|| {
                    sqlx::Error::Configuration(
                        format!("the audit log needs a SQLite file, not {url}").into(),
                    )
                })?;
                pool_options(backend, None, 2).connect(&audit_url).await?
            }
        };
        let audit_writer = match backend {
            DbKind::Postgres => pool_options(backend, schema, 1).connect(url).await?,
            DbKind::Sqlite => audit_pool.clone(),
        };
        let audit_log = GroupCommit::start(audit_writer, backend);
        Ok(Self {
            pool,
            backend,
            audit_pool,
            audit_log,
            session_times,
            saves,
            sqlite_file: sqlite_path(url),
        })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// One connection from the pool, for a run of reads or a single write (see [`Conn`]).
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
        self.pool.acquire().await
    }

    pub fn kind(&self) -> DbKind {
        self.backend
    }

    /// Begins a transaction that will write (see [`begin_write`]).
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        begin_write(&self.pool, self.backend).await
    }

    /// The database file and its audit log's file, on SQLite.
    pub fn sqlite_files(&self) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
        let main = self.sqlite_file.clone()?;
        let audit = sqlite_audit_path(&main);
        Some((main, audit))
    }

    /// The pool holding the audit log, for reading it (the main pool on PostgreSQL).
    pub fn audit_pool(&self) -> &AnyPool {
        &self.audit_pool
    }

    /// Where audit rows go to be committed together (see `group_commit`).
    pub fn audit_log(&self) -> &GroupCommit {
        &self.audit_log
    }

    /// Where sessions' idle deadlines go to be committed together.
    pub fn session_times(&self) -> &GroupCommit {
        &self.session_times
    }

    /// Where assessment saves go to be committed together (see `write_queue`).
    pub fn saves(&self) -> &WriteQueue {
        &self.saves
    }

    pub async fn close(&self) {
        self.saves.close().await;
        self.pool.close().await;
        self.audit_log.close().await;
        self.session_times.close().await;
        self.audit_pool.close().await;
    }
}

/// The audit log's file for a SQLite database URL: `sqlite://dir/name.db?…` →
/// `sqlite://dir/name-audit.db?mode=rwc` (created when missing, whatever the main URL says).
/// `None` for an in-memory database, whose audit log would vanish with it.
pub fn sqlite_audit_url(url: &str) -> Option<String> {
    let path = sqlite_path(url)?;
    Some(format!(
        "sqlite://{}?mode=rwc",
        sqlite_audit_path(&path).display()
    ))
}

/// The file of a SQLite database URL, if it names one.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.into())
}

/// `dir/name.db` → `dir/name-audit.db`.
pub fn sqlite_audit_path(main: &std::path::Path) -> std::path::PathBuf {
    let stem = main.file_stem().unwrap_or_default().to_string_lossy();
    let name = match main.extension() {
        Some(ext) => format!("{stem}-audit.{}", ext.to_string_lossy()),
        None => format!("{stem}-audit"),
    };
    main.with_file_name(name)
}

pub fn affected(result: &AnyQueryResult) -> u64 {
    result.rows_affected()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_file_sits_beside_the_database_it_belongs_to() {
        let cases = [
            (
                "sqlite://data/tvaers.db?mode=rwc",
                Some("sqlite://data/tvaers-audit.db?mode=rwc"),
            ),
            (
                "sqlite:///tmp/x/t_1.db",
                Some("sqlite:///tmp/x/t_1-audit.db?mode=rwc"),
            ),
            ("sqlite:plain", Some("sqlite://plain-audit?mode=rwc")),
            ("sqlite::memory:", None),
            ("sqlite://:memory:", None),
            ("postgres://u@h/db", None),
        ];
        for (main, audit) in cases {
            assert_eq!(sqlite_audit_url(main).as_deref(), audit, "{main}");
        }
    }
}
