//! `tvaers restore --from DIR` (SECURITY D4, R2): puts a backup (`crate::backup`) back in place
//! of the database, then — before any server answers on it — deletes again what was deleted
//! since the backup was taken. Three steps, which the tests take one by one:
//! 1. [`tombstones_of`] the database being replaced: the ids the retention job deleted;
//! 2. [`put_back`] the backup's files (SQLite: the replaced files are kept aside; PostgreSQL:
//!    the schema is dropped and restored from the dump in one transaction);
//! 3. [`settle`] the restored database, opened and migrated as `serve` opens it: the
//!    tombstones written into it and their rows deleted again, every session ended, and the
//!    retention job run at today's date.

use crate::backup::{self, Manifest, POSTGRES_DUMP, SQLITE_AUDIT, SQLITE_MAIN};
use crate::config::ServeConfig;
use crate::retention::{counts, instant};
use anyhow::{bail, Context};
use app::backend::clock::Clock;
use app::backend::db::{sqlite_audit_path, sqlite_path, Db, DbKind};
use app::backend::retention::{self, AuditPruner, Report};
use app::backend::store::tombstones::{self, Tombstone};
use std::path::{Path, PathBuf};
use std::process::Stdio;

#[derive(clap::Args, Clone, Debug)]
pub struct RestoreArgs {
    /// A folder `tvaers backup --to` made.
    #[arg(long)]
    pub from: PathBuf,
    #[command(flatten)]
    pub serve: ServeConfig,
}

/// Where the backup goes back to.
#[derive(Clone, Debug)]
pub enum Place {
    /// The SQLite database file (its audit file beside it).
    Sqlite(PathBuf),
    /// The PostgreSQL URL restoring connects with (the owner's) — the schema is the manifest's.
    Postgres(String),
}

/// What [`settle`] did.
#[derive(Debug)]
pub struct Settled {
    /// Rows deleted again because a tombstone names them, per category.
    pub buried: Vec<(&'static str, u64)>,
    /// Sessions ended: a session of the backup's time must not come back to life.
    pub sessions_ended: u64,
    /// The retention job's run at today's date.
    pub retention: Report,
}

/// `tvaers restore --from DIR`, with the same database flags as `serve`; the server stopped.
pub async fn run_command(args: RestoreArgs) -> anyhow::Result<()> {
    let manifest = Manifest::read(&args.from)?;
    let url = args.serve.database_url();
    let current_kind = if url.starts_with("postgres") {
        DbKind::Postgres
    } else {
        DbKind::Sqlite
    };
    if manifest.kind()? != current_kind {
        bail!(
            "{} is a backup of a {} database, but the flags name a {} one",
            args.from.display(),
            manifest.database,
            if current_kind == DbKind::Sqlite {
                "SQLite"
            } else {
                "PostgreSQL"
            }
        );
    }
    let owner_url = args
        .serve
        .database_owner_url()
        .map(str::to_owned)
        .unwrap_or_else(|| url.clone());
    let place = match current_kind {
        DbKind::Sqlite => Place::Sqlite(sqlite_path(&url).context("a SQLite file")?),
        DbKind::Postgres => Place::Postgres(owner_url.clone()),
    };
    let stones = match current_kind {
        DbKind::Sqlite if !matches!(&place, Place::Sqlite(file) if file.exists()) => Vec::new(),
        _ => {
            let current = Db::connect(&owner_url, None)
                .await
                .context("opening the database being replaced, for its tombstones")?;
            let stones = tombstones_of(&current).await;
            current.close().await;
            stones?
        }
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let kept_aside = put_back(&args.from, &manifest, &place, now).await?;
    let db = crate::router::open_database(&args.serve).await?;
    let pruner = crate::retention::audit_pruner(&args.serve, &db).await?;
    let clock = app::backend::clock::SystemClock;
    let settled = settle(&db, &stones, &pruner, &clock, args.serve.retention_years).await;
    pruner.pool.close().await;
    db.close().await;
    let settled = settled?;
    println!(
        "Restored the backup of {} (migration {}) from {}.",
        instant(manifest.taken_at),
        manifest.migration,
        args.from.display()
    );
    println!(
        "Deleted again what was deleted since: {} ({} tombstones).",
        counts(&settled.buried),
        stones.len()
    );
    print!("{}", crate::retention::describe(&settled.retention));
    println!(
        "{} sessions ended: everyone signs in again.",
        settled.sessions_ended
    );
    for file in kept_aside {
        println!(
            "The replaced file is kept as {}: delete it once the restore is confirmed (it holds \
             child data the retention job does not see).",
            file.display()
        );
    }
    Ok(())
}

/// Step 1: the tombstones of the database a restore replaces. A database from before the
/// tombstones (no table yet) has none.
pub async fn tombstones_of(current: &Db) -> anyhow::Result<Vec<Tombstone>> {
    let mut conn = current.conn().await?;
    match tombstones::all(&mut conn).await {
        Ok(stones) => Ok(stones),
        Err(sqlx::Error::Database(err)) if is_missing_table(err.message()) => Ok(Vec::new()),
        Err(err) => Err(err).context("reading the tombstones of the database being replaced"),
    }
}

fn is_missing_table(message: &str) -> bool {
    message.contains("no such table") || message.contains("does not exist")
}

/// Step 2: puts the backup's files in place. SQLite: checks both copies first, moves the
/// current files (with their write-ahead logs) aside and answers their new names; PostgreSQL:
/// the manifest's schema dropped and restored from the dump, as one transaction, so a failed
/// restore leaves the database as it was. The server must not be running.
pub async fn put_back(
    dir: &Path,
    manifest: &Manifest,
    place: &Place,
    now: i64,
) -> anyhow::Result<Vec<PathBuf>> {
    let newest_known = crate::migrate::newest();
    if manifest.migration > newest_known {
        bail!(
            "the backup was made by a newer Tværs (migration {}; this one knows up to {}): \
             restore it with that version",
            manifest.migration,
            newest_known
        );
    }
    match (place, manifest.kind()?) {
        (Place::Sqlite(file), DbKind::Sqlite) => put_back_sqlite(dir, file, now).await,
        (Place::Postgres(url), DbKind::Postgres) => {
            let schema = manifest
                .schema
                .as_deref()
                .context("the backup's manifest names no schema")?;
            put_back_postgres(&dir.join(POSTGRES_DUMP), url, schema).await?;
            Ok(Vec::new())
        }
        _ => bail!("the backup is of another kind of database than the one to restore to"),
    }
}

async fn put_back_sqlite(dir: &Path, file: &Path, now: i64) -> anyhow::Result<Vec<PathBuf>> {
    let copies = [dir.join(SQLITE_MAIN), dir.join(SQLITE_AUDIT)];
    for copy in &copies {
        backup::check_sqlite_file(copy, backup::Check::Full).await?;
    }
    let targets = [file.to_path_buf(), sqlite_audit_path(file)];
    let mut kept_aside = Vec::new();
    for target in &targets {
        for suffix in ["", "-wal", "-shm"] {
            let current = PathBuf::from(format!("{}{suffix}", target.display()));
            if current.exists() {
                let aside = PathBuf::from(format!("{}.replaced-{now}", current.display()));
                std::fs::rename(&current, &aside)
                    .with_context(|| format!("moving {} aside", current.display()))?;
                if suffix.is_empty() {
                    kept_aside.push(aside);
                } else {
                    // A write-ahead log only means something beside its own file.
                    std::fs::remove_file(&aside).ok();
                }
            }
        }
    }
    for (copy, target) in copies.iter().zip(&targets) {
        std::fs::copy(copy, target)
            .with_context(|| format!("copying {} to {}", copy.display(), target.display()))?;
    }
    Ok(kept_aside)
}

/// `pg_restore` writes the dump as SQL into `psql`, which runs the schema's drop and all of it
/// in one transaction (`--single-transaction`, stopping at the first error).
async fn put_back_postgres(dump: &Path, url: &str, schema: &str) -> anyhow::Result<()> {
    if !dump.exists() {
        bail!("{} is missing from the backup", dump.display());
    }
    let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
    let (dump, url) = (dump.to_path_buf(), url.to_owned());
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let mut restore = std::process::Command::new("pg_restore")
            .arg("--no-owner")
            .arg("--no-acl")
            .arg("--file=-")
            .arg(&dump)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("pg_restore could not be started: install PostgreSQL's client tools")?;
        let sql = restore.stdout.take().context("pg_restore's output")?;
        let psql = std::process::Command::new("psql")
            .arg("--no-psqlrc")
            .arg("--quiet")
            .arg("--single-transaction")
            .arg("--set=ON_ERROR_STOP=1")
            .arg(format!("--command=DROP SCHEMA IF EXISTS {quoted} CASCADE"))
            .arg("--file=-")
            .arg(format!("--dbname={url}"))
            .stdin(sql)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .context("psql could not be started: install PostgreSQL's client tools")?;
        let restored = restore.wait_with_output()?;
        if !restored.status.success() {
            bail!(
                "pg_restore failed ({}): {}",
                restored.status,
                String::from_utf8_lossy(&restored.stderr).trim()
            );
        }
        if !psql.status.success() {
            bail!(
                "psql failed ({}), nothing was changed: {}",
                psql.status,
                String::from_utf8_lossy(&psql.stderr).trim()
            );
        }
        Ok(())
    })
    .await?
}

/// Step 3, on the restored database opened as `serve` opens it (migrated, granted).
pub async fn settle(
    db: &Db,
    stones: &[Tombstone],
    pruner: &AuditPruner,
    clock: &dyn Clock,
    default_years: i64,
) -> anyhow::Result<Settled> {
    let mut tx = db.begin_write().await?;
    tombstones::bury(&mut tx, stones).await?;
    let buried = tombstones::delete_buried(&mut tx).await?;
    let sessions_ended = sqlx::query("DELETE FROM sessions")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    let retention = retention::run(db, pruner, clock, default_years)
        .await
        .context("running the retention job on the restored database")?;
    Ok(Settled {
        buried,
        sessions_ended,
        retention,
    })
}
