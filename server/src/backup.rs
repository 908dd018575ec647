//! `tvaers backup --to DIR` (SECURITY D4): a consistent copy of the database while the server
//! runs. SQLite: each file (the database and its audit log) through `VACUUM INTO`, which reads
//! one snapshot inside a transaction, so every save acknowledged before it is in the copy and
//! no half-written page is — unlike `cp` of a file in use; each copy must then pass
//! `integrity_check`. PostgreSQL: `pg_dump` of the schema (one snapshot, custom format).
//! A manifest says what the folder holds; `tvaers restore` (`crate::restore`) reads it.

use crate::config::ServeConfig;
use anyhow::{bail, Context};
use app::backend::db::{Db, DbKind};
use serde::{Deserialize, Serialize};
use sqlx::{Connection, Row};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Clone, Debug)]
pub struct BackupArgs {
    /// A folder that does not exist yet (or is empty) for the copy.
    #[arg(long)]
    pub to: PathBuf,
    #[command(flatten)]
    pub serve: ServeConfig,
}

/// The manifest's file name in a backup folder.
pub const MANIFEST: &str = "tvaers-backup.json";
/// The copies' file names: SQLite's two files, or PostgreSQL's dump.
pub const SQLITE_MAIN: &str = "tvaers.db";
pub const SQLITE_AUDIT: &str = "tvaers-audit.db";
pub const POSTGRES_DUMP: &str = "tvaers.pgdump";

/// What a backup folder holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// This layout's version.
    pub format: u32,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// When the copy was taken (Unix seconds).
    pub taken_at: i64,
    /// The newest migration the copied database had applied.
    pub migration: i64,
    /// PostgreSQL: the schema that was dumped (and is replaced at a restore).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

impl Manifest {
    pub fn read(dir: &Path) -> anyhow::Result<Manifest> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!("{} is no Tværs backup (no {MANIFEST} in it)", dir.display())
        })?;
        let manifest: Manifest = serde_json::from_str(&text)
            .with_context(|| format!("{} cannot be read", path.display()))?;
        if manifest.format != 1 {
            bail!(
                "{} is a backup of format {}, which this version of Tværs does not know",
                dir.display(),
                manifest.format
            );
        }
        Ok(manifest)
    }

    pub fn kind(&self) -> anyhow::Result<DbKind> {
        match self.database.as_str() {
            "sqlite" => Ok(DbKind::Sqlite),
            "postgres" => Ok(DbKind::Postgres),
            other => bail!("the backup names an unknown database {other:?}"),
        }
    }
}

/// `tvaers backup --to DIR`, with the same database flags as `serve`. On PostgreSQL `pg_dump`
/// connects as the owner where one is given (it can read everything), else as DATABASE_URL.
pub async fn run_command(args: BackupArgs) -> anyhow::Result<()> {
    let db = crate::router::open_database(&args.serve).await?;
    let url = args
        .serve
        .database_owner_url()
        .map(str::to_owned)
        .unwrap_or_else(|| args.serve.database_url());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let taken = take(&db, &url, &args.to, now).await;
    db.close().await;
    let manifest = taken?;
    println!(
        "Backed up the {} database (migration {}) to {}. Restore it with `tvaers restore --from {}` \
         and the same database flags, the server stopped.",
        if manifest.database == "sqlite" { "SQLite" } else { "PostgreSQL" },
        manifest.migration,
        args.to.display(),
        args.to.display()
    );
    Ok(())
}

/// Takes the copy into `dir` (created; it must not hold anything yet). `postgres_url` is the
/// URL `pg_dump` connects with; SQLite copies through the database's own connections.
pub async fn take(db: &Db, postgres_url: &str, dir: &Path, now: i64) -> anyhow::Result<Manifest> {
    prepare_folder(dir)?;
    let migration = newest_migration(db.pool()).await?;
    let manifest = match db.kind() {
        DbKind::Sqlite => {
            vacuum_into(db.pool(), &dir.join(SQLITE_MAIN)).await?;
            vacuum_into(db.audit_pool(), &dir.join(SQLITE_AUDIT)).await?;
            for file in [SQLITE_MAIN, SQLITE_AUDIT] {
                check_sqlite_file(&dir.join(file), Check::Full).await?;
            }
            Manifest {
                format: 1,
                database: "sqlite".into(),
                taken_at: now,
                migration,
                schema: None,
            }
        }
        DbKind::Postgres => {
            let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
                .fetch_one(db.pool())
                .await?;
            pg_dump(postgres_url, &schema, &dir.join(POSTGRES_DUMP)).await?;
            Manifest {
                format: 1,
                database: "postgres".into(),
                taken_at: now,
                migration,
                schema: Some(schema),
            }
        }
    };
    // Written last: a folder without it is a copy that did not finish.
    std::fs::write(dir.join(MANIFEST), serde_json::to_string_pretty(&manifest)?)
        .with_context(|| format!("writing {MANIFEST} in {}", dir.display()))?;
    Ok(manifest)
}

fn prepare_folder(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("{} is not a folder", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: a backup goes into a new folder, so it never mixes with another",
                dir.display()
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

/// The newest migration the database has applied.
pub async fn newest_migration(pool: &sqlx::AnyPool) -> anyhow::Result<i64> {
    let newest: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(pool)
            .await
            .context("reading which migrations the database has applied")?;
    newest.context("the database was never migrated")
}

/// `VACUUM INTO`: a fresh, compact file from one read snapshot (SQLite ≥ 3.27).
async fn vacuum_into(pool: &sqlx::AnyPool, target: &Path) -> anyhow::Result<()> {
    let path = target
        .to_str()
        .context("the backup folder's path must be UTF-8")?;
    sqlx::query("VACUUM INTO $1")
        .bind(path)
        .execute(pool)
        .await
        .with_context(|| format!("copying the database into {}", target.display()))?;
    Ok(())
}

/// How thoroughly [`check_sqlite_file`] reads a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// `integrity_check` of a backup's copy, read only: every page and index entry.
    Full,
    /// `quick_check` of the live file at each start: the pages without the indexes' contents.
    Quick,
}

/// SQLite's `integrity_check` of a backup's file, or `quick_check` of a live one. A file copied by
/// `cp` while the server wrote typically fails it (and lacks what the write-ahead log held).
pub async fn check_sqlite_file(path: &Path, check: Check) -> anyhow::Result<()> {
    // A backup's copy is read only; a live file is opened as the server opens it, since a
    // crashed server's write-ahead log can only be read by a connection that may write.
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(check == Check::Full);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let pragma = match check {
        Check::Full => "PRAGMA integrity_check",
        Check::Quick => "PRAGMA quick_check",
    };
    let rows = sqlx::query(pragma)
        .fetch_all(&mut conn)
        .await
        // SQLite may meet the damage before the check can list it ("database disk image is
        // malformed"): the same verdict, said the same way.
        .map_err(|err| anyhow::anyhow!("{} fails SQLite's integrity check: {err}", path.display()));
    conn.close().await.ok();
    let messages: Vec<String> = rows?
        .iter()
        .filter_map(|row| row.try_get::<String, _>(0).ok())
        .collect();
    if messages != ["ok"] {
        bail!(
            "{} fails SQLite's integrity check: {}",
            path.display(),
            messages.join("; ")
        );
    }
    Ok(())
}

async fn pg_dump(url: &str, schema: &str, file: &Path) -> anyhow::Result<()> {
    let mut command = std::process::Command::new("pg_dump");
    command
        .arg("--format=custom")
        .arg("--no-owner")
        .arg("--no-acl")
        .arg(format!("--schema={schema}"))
        .arg(format!("--file={}", file.display()))
        .arg(format!("--dbname={url}"));
    run_tool(command, "pg_dump").await
}

/// Runs a PostgreSQL client tool to its end; its error output becomes the error.
pub async fn run_tool(mut command: std::process::Command, name: &str) -> anyhow::Result<()> {
    let output = tokio::task::spawn_blocking(move || command.output())
        .await?
        .with_context(|| {
            format!("{name} could not be started: install PostgreSQL's client tools (Debian: postgresql-client)")
        })?;
    if !output.status.success() {
        bail!(
            "{name} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}
