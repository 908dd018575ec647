//! The fault and load checks as subcommands (`tvaers-bench soak | sync-storm | kill9`, see
//! `faults`): each on SQLite, PostgreSQL or both, each backend on a database of its own made
//! here and removed afterwards (kept, with where, when a check failed). The exit status says
//! whether every property held.

use crate::faults::kill9::{self, Kill9Options, Kill9Target};
use crate::faults::soak::{self, SoakOptions};
use crate::faults::storm::{self, StormOptions};
use anyhow::Context;
use app::backend::db::{Db, DbKind};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Simulated staff going about a round (pages, own and joint positions) for a while: no
    /// request may fail, and every position must be stored as last acknowledged.
    Soak {
        #[arg(long, default_value_t = 200)]
        staff: usize,
        #[arg(long, default_value_t = 10.0)]
        minutes: f64,
        /// The mean pause between a pedagogue's steps, in milliseconds.
        #[arg(long, default_value_t = 1000)]
        think_ms: u64,
        #[command(flatten)]
        on: On,
    },
    /// Tablets sending their offline outboxes at once, some items twice: every item must be
    /// stored exactly once and every repeat answered as the first copy.
    SyncStorm {
        #[arg(long, default_value_t = 200)]
        tablets: usize,
        /// Saves in each outbox.
        #[arg(long, default_value_t = 6)]
        items: usize,
        #[command(flatten)]
        on: On,
    },
    /// `kill -9` of the real `tvaers serve` during saves, then a restart on the same database:
    /// every acknowledged save must be there, whole.
    Kill9 {
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Kills, each followed by a restart.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// Saves acknowledged in a round before its kill.
        #[arg(long, default_value_t = 200)]
        saves_before_kill: usize,
        /// The `tvaers` binary; by default the one beside this binary.
        #[arg(long)]
        tvaers: Option<PathBuf>,
        #[command(flatten)]
        on: On,
    },
}

/// Where each check runs.
#[derive(Debug, clap::Args)]
pub struct On {
    /// sqlite, postgres or both.
    #[arg(long, default_value = "both")]
    backend: String,
    /// Where PostgreSQL is; a schema of the check's own is made and dropped.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    postgres_url: String,
    /// Years of past rounds in the generated dataset.
    #[arg(long, default_value_t = 10)]
    years: usize,
}

impl On {
    fn kinds(&self) -> anyhow::Result<Vec<DbKind>> {
        Ok(match self.backend.as_str() {
            "sqlite" => vec![DbKind::Sqlite],
            "postgres" => vec![DbKind::Postgres],
            "both" => vec![DbKind::Sqlite, DbKind::Postgres],
            other => anyhow::bail!("--backend is sqlite, postgres or both, not {other}"),
        })
    }
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    match command {
        Command::Soak {
            staff,
            minutes,
            think_ms,
            on,
        } => {
            let options = SoakOptions {
                staff,
                duration: Duration::from_secs_f64(minutes * 60.0),
                think: Duration::from_millis(think_ms),
                years: on.years,
            };
            for kind in on.kinds()? {
                let place = Place::make(kind, &on.postgres_url).await?;
                let db = place.migrated().await?;
                let report = soak::run(&db, place.name(), &options).await;
                db.close().await;
                let passed = report.as_ref().is_ok_and(|r| r.passed());
                report?.print(place.name(), &options);
                place.finish(passed, &mut failed).await?;
            }
        }
        Command::SyncStorm { tablets, items, on } => {
            let options = StormOptions {
                tablets,
                items,
                years: on.years,
            };
            for kind in on.kinds()? {
                let place = Place::make(kind, &on.postgres_url).await?;
                let db = place.migrated().await?;
                let report = storm::run(&db, place.name(), &options).await;
                db.close().await;
                let passed = report.as_ref().is_ok_and(|r| r.passed());
                report?.print(place.name(), &options);
                place.finish(passed, &mut failed).await?;
            }
        }
        Command::Kill9 {
            clients,
            rounds,
            saves_before_kill,
            tvaers,
            on,
        } => {
            let binary = match tvaers {
                Some(path) => path,
                None => std::env::current_exe()?.with_file_name("tvaers"),
            };
            anyhow::ensure!(
                binary.exists(),
                "no tvaers binary at {}: build it (`--bin tvaers`) or give --tvaers",
                binary.display()
            );
            let options = Kill9Options {
                clients,
                rounds,
                saves_before_kill,
                years: on.years,
            };
            for kind in on.kinds()? {
                let place = Place::make(kind, &on.postgres_url).await?;
                let target = Kill9Target {
                    binary: binary.clone(),
                    url: place.url.clone(),
                    schema: place.schema.clone(),
                };
                let report = kill9::run(&target, place.name(), &options).await;
                let passed = report.as_ref().is_ok_and(|r| r.passed());
                report?.print(place.name(), &options);
                place.finish(passed, &mut failed).await?;
            }
        }
    }
    anyhow::ensure!(failed.is_empty(), "failed on {}", failed.join(" and "));
    Ok(())
}

/// A database of the check's own: a SQLite file in a fresh folder, or a PostgreSQL schema.
struct Place {
    kind: DbKind,
    url: String,
    schema: Option<String>,
    postgres_url: String,
    sqlite_dir: Option<PathBuf>,
}

impl Place {
    async fn make(kind: DbKind, postgres_url: &str) -> anyhow::Result<Place> {
        let id = app::domain::UserId::random().to_string().replace('-', "");
        let mut place = Place {
            kind,
            url: postgres_url.to_owned(),
            schema: None,
            postgres_url: postgres_url.to_owned(),
            sqlite_dir: None,
        };
        match kind {
            DbKind::Sqlite => {
                let dir = std::env::temp_dir().join(format!("tvaers-bench-{id}"));
                std::fs::create_dir_all(&dir)?;
                place.url = format!("sqlite://{}?mode=rwc", dir.join("tvaers.db").display());
                place.sqlite_dir = Some(dir);
            }
            DbKind::Postgres => {
                let schema = format!("check_{id}");
                place.admin(&format!("CREATE SCHEMA \"{schema}\"")).await?;
                place.schema = Some(schema);
            }
        }
        Ok(place)
    }

    fn name(&self) -> &'static str {
        match self.kind {
            DbKind::Sqlite => "SQLite",
            DbKind::Postgres => "PostgreSQL",
        }
    }

    async fn migrated(&self) -> anyhow::Result<Db> {
        let db = Db::connect(&self.url, self.schema.clone()).await?;
        tvaers::migrate::run(&db).await?;
        Ok(db)
    }

    async fn admin(&self, statement: &str) -> anyhow::Result<()> {
        let admin = Db::connect(&self.postgres_url, None)
            .await
            .context("PostgreSQL must be reachable")?;
        let done = sqlx::query(statement).execute(admin.pool()).await;
        admin.close().await;
        done?;
        Ok(())
    }

    /// Removes the database after a check that held; keeps it, and says where, after one that
    /// did not.
    async fn finish(self, passed: bool, failed: &mut Vec<&'static str>) -> anyhow::Result<()> {
        if !passed {
            failed.push(self.name());
            match (&self.sqlite_dir, &self.schema) {
                (Some(dir), _) => println!("{}: kept {}", self.name(), dir.display()),
                (_, Some(schema)) => println!("{}: kept schema {schema}", self.name()),
                _ => {}
            }
            return Ok(());
        }
        if let Some(dir) = &self.sqlite_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(schema) = &self.schema {
            self.admin(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                .await?;
        }
        Ok(())
    }
}
