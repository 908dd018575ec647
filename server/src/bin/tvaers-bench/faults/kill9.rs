//! `kill -9` during saves: the real `tvaers serve` binary on a database of its own, `clients`
//! pedagogues streaming ad hoc concerns into it (each a row, its follow-up and its key's answer,
//! in one transaction), SIGKILL once enough saves are acknowledged, and a restart on the same
//! database — `rounds` times. No stop is cleaner than this one: no request finishes, no pool
//! closes, no write-ahead log is checkpointed.
//!
//! After each kill, before anything opens the files again, SQLite's `integrity_check` of the
//! database and its audit log. After each restart, before anything is sent: every save
//! acknowledged so far is there exactly once, whole and as answered (`kill9_check`). Then each
//! pedagogue whose answer the kill cut sends that save again, as the outbox does, and gets it
//! stored once — whether or not the killed server had committed it.

use super::client::{Client, Failure};
use super::kill9_check::{self, Ack, Check};
use super::tally::Tally;
use super::{crew, draft, populate, Dataset, Member};
use anyhow::Context;
use app::assessment::save::SaveAdhoc;
use app::assessment::{AdhocInput, Saved};
use app::backend::db::Db;
use app::domain::{AssessmentContext, Position};
use rand::Rng;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Kill9Options {
    pub clients: usize,
    /// Kills (each followed by a restart).
    pub rounds: usize,
    /// Saves acknowledged in a round before its kill, which then comes 0–50 ms later, in
    /// the middle of whatever is under way.
    pub saves_before_kill: usize,
    pub years: usize,
}

/// Where the server runs and on what.
pub struct Kill9Target {
    /// The `tvaers` binary.
    pub binary: PathBuf,
    /// The database: `sqlite://…` or `postgres://…` (with `schema`, a schema of its own).
    pub url: String,
    pub schema: Option<String>,
}

pub struct Kill9Report {
    pub tally: Tally,
    /// Per round: saves acknowledged before the kill, saves cut by it.
    pub rounds: Vec<(usize, usize)>,
    /// Seconds from each start to `/readyz` answering.
    pub starts: Vec<f64>,
    /// Each restart's check of all saves acknowledged until then, and the final one.
    pub checks: Vec<Check>,
    /// Saves cut by a kill, sent again after the restart and answered.
    pub resent: usize,
    /// Answers other than 200 while the server ran (a kill answers nothing).
    pub errors: usize,
    /// SQLite: `integrity_check`s run after the kills, and the files that failed one.
    pub integrity_checks: usize,
    pub damaged: Vec<String>,
    /// Seconds the saves streamed, all rounds together.
    pub seconds: f64,
}

impl Kill9Report {
    pub fn passed(&self) -> bool {
        let cut: usize = self.rounds.iter().map(|(_, cut)| cut).sum();
        self.errors == 0
            && self.damaged.is_empty()
            && self.resent == cut
            && !self.checks.is_empty()
            && self.checks.iter().all(Check::passed)
    }

    pub fn print(&self, backend: &str, options: &Kill9Options) {
        println!(
            "{backend} kill -9: {} clients, {} kills; ready after each start in {} s",
            options.clients,
            self.rounds.len(),
            self.starts
                .iter()
                .map(|s| format!("{s:.2}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.tally.print(self.seconds);
        println!(
            "  (a save with no answer is one the kill cut: it is sent again after the restart)"
        );
        for (round, (acknowledged, cut)) in self.rounds.iter().enumerate() {
            println!(
                "  kill {}: {acknowledged} saves acknowledged before it, {cut} cut by it",
                round + 1
            );
        }
        for (n, check) in self.checks.iter().enumerate() {
            check.print(n + 1);
        }
        let integrity = match (self.integrity_checks, self.damaged.is_empty()) {
            (0, _) => "none (PostgreSQL keeps no files of ours)".to_owned(),
            (n, true) => format!("{n} files checked after the kills, all ok"),
            (n, false) => format!("{n} files checked: {}", self.damaged.join("; ")),
        };
        println!(
            "  cut saves sent again and answered: {}; errors while running: {}; integrity_check: {integrity}",
            self.resent, self.errors
        );
        println!("  {}", if self.passed() { "PASSED" } else { "FAILED" });
    }
}

pub async fn run(
    target: &Kill9Target,
    backend: &str,
    options: &Kill9Options,
) -> anyhow::Result<Kill9Report> {
    let db = Db::connect(&target.url, target.schema.clone()).await?;
    tvaers::migrate::run(&db).await?;
    let data = Arc::new(populate(&db, backend, options.clients, options.years).await?);
    let members = Arc::new(crew(&db, &data, options.clients).await?);
    let files = db.sqlite_files();
    db.close().await;
    let dir = std::env::temp_dir().join(format!("tvaers-kill9-{}", app::domain::UserId::random()));
    std::fs::create_dir_all(&dir)?;
    let mut report = Kill9Report {
        tally: Tally::default(),
        rounds: Vec::new(),
        starts: Vec::new(),
        checks: Vec::new(),
        resent: 0,
        errors: 0,
        integrity_checks: 0,
        damaged: Vec::new(),
        seconds: 0.0,
    };
    let mut acknowledged: Vec<Ack> = Vec::new();
    let mut cut: Vec<Pending> = Vec::new();
    for round in 0..=options.rounds {
        let started = Instant::now();
        let mut server = Server::start(target, &dir, round).await?;
        report.starts.push(started.elapsed().as_secs_f64());
        if round > 0 {
            let pending: Vec<String> = cut.iter().map(|p| p.note.clone()).collect();
            report
                .checks
                .push(kill9_check::check(target, &acknowledged, &pending).await?);
            for p in cut.drain(..) {
                let client = Client::new(server.addr, members[p.member].cookie.clone());
                match client
                    .call::<SaveAdhoc, Saved>(&mut report.tally, "save sent again", &p.body)
                    .await
                {
                    Ok(saved) => {
                        report.resent += 1;
                        acknowledged.push(Ack {
                            key: p.key,
                            note: p.note,
                            saved,
                        });
                    }
                    Err(_) => report.errors += 1,
                }
            }
        }
        if round == options.rounds {
            report
                .checks
                .push(kill9_check::check(target, &acknowledged, &[]).await?);
            server.stop().await?;
            break;
        }
        let streaming = Instant::now();
        let streamed = stream(
            &mut server,
            &data,
            &members,
            round,
            options.saves_before_kill,
        )
        .await?;
        report.seconds += streaming.elapsed().as_secs_f64();
        report.tally.merge(streamed.tally);
        report.errors += streamed.errors;
        report
            .rounds
            .push((streamed.acknowledged.len(), streamed.cut.len()));
        acknowledged.extend(streamed.acknowledged);
        cut = streamed.cut;
        // The files as the killed server left them, before a server opens them again.
        for file in files.iter().flat_map(|(main, audit)| [main, audit]) {
            report.integrity_checks += 1;
            if let Err(err) = kill9_check::integrity(file).await {
                report.damaged.push(format!("{err:#}"));
            }
        }
    }
    if report.passed() {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        println!("  the servers' logs are kept in {}", dir.display());
    }
    Ok(report)
}

/// A save whose answer the kill cut: the outbox still holds it.
struct Pending {
    member: usize,
    key: String,
    note: String,
    body: String,
}

struct Streamed {
    tally: Tally,
    acknowledged: Vec<Ack>,
    cut: Vec<Pending>,
    errors: usize,
}

/// Saves from every member at once until `before_kill` are acknowledged, a moment more, then
/// SIGKILL; answers what was acknowledged and what was cut.
async fn stream(
    server: &mut Server,
    data: &Arc<Dataset>,
    members: &Arc<Vec<Member>>,
    round: usize,
    before_kill: usize,
) -> anyhow::Result<Streamed> {
    let acknowledged = Arc::new(Mutex::new(Vec::<Ack>::new()));
    let savers: Vec<_> = (0..members.len())
        .map(|m| {
            let (data, members, acknowledged) =
                (data.clone(), members.clone(), acknowledged.clone());
            let addr = server.addr;
            tokio::spawn(async move {
                save_until_cut(addr, &data, &members[m], m, round, &acknowledged).await
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < before_kill {
        anyhow::ensure!(
            Instant::now() < deadline,
            "{before_kill} saves were not acknowledged within a minute"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let moment = Duration::from_millis(rand::thread_rng().gen_range(0..50));
    tokio::time::sleep(moment).await;
    server.kill().await?;
    let mut streamed = Streamed {
        tally: Tally::default(),
        acknowledged: Vec::new(),
        cut: Vec::new(),
        errors: 0,
    };
    for saver in savers {
        let (tally, pending, errors) = saver.await?;
        streamed.tally.merge(tally);
        streamed.cut.extend(pending);
        streamed.errors += errors;
    }
    streamed.acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
    Ok(streamed)
}

/// One pedagogue's saves, one after the other, until the connection is cut: answers the tally,
/// the save the cut left unanswered, and the answers other than 200 met before.
async fn save_until_cut(
    addr: SocketAddr,
    data: &Dataset,
    member: &Member,
    m: usize,
    round: usize,
    acknowledged: &Mutex<Vec<Ack>>,
) -> (Tally, Option<Pending>, usize) {
    let client = Client::new(addr, member.cookie.clone());
    let mut tally = Tally::default();
    let mut errors = 0;
    for n in 0.. {
        let room = &data.groups[member.rooms[n % member.rooms.len()]];
        let child = room.children[n % room.children.len()];
        let note = format!("Kill9: round {round} client {m} save {n}");
        let input = AdhocInput {
            draft: draft(
                room,
                child,
                Position::Yellow,
                AssessmentContext::DailyRoutines,
                note.clone(),
            ),
        };
        let body = serde_json::to_string(&SaveAdhoc { input }).expect("JSON");
        let key = input_key(&body);
        match client
            .call::<SaveAdhoc, Saved>(&mut tally, "save", &body)
            .await
        {
            Ok(saved) => acknowledged.lock().unwrap().push(Ack { key, note, saved }),
            Err(Failure::Answer) => errors += 1,
            Err(Failure::Transport) => {
                let pending = Pending {
                    member: m,
                    key,
                    note,
                    body,
                };
                return (tally, Some(pending), errors);
            }
        }
    }
    unreachable!("a saver ends when its connection is cut")
}

fn input_key(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
    value["input"]["key"].as_str().expect("a key").to_owned()
}

/// The `tvaers serve` process.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts the binary on a free port and waits until `/readyz` answers 200.
    async fn start(target: &Kill9Target, dir: &Path, round: usize) -> anyhow::Result<Server> {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let log_path = dir.join(format!("server-{round}.log"));
        let log = std::fs::File::create(&log_path)?;
        let child = Command::new(&target.binary)
            .arg("serve")
            .arg("--addr")
            .arg(addr.to_string())
            .arg("--data-dir")
            .arg(dir)
            .arg("--database-url")
            .arg(server_url(target))
            .env("RUST_LOG", "info,sqlx=warn")
            .env_remove("DATABASE_URL")
            .env_remove("DATABASE_OWNER_URL")
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", target.binary.display()))?;
        let mut server = Server { child, addr };
        let probe = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = probe.get(format!("http://{addr}/readyz")).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return Ok(server);
            }
            let exited = server.child.try_wait()?;
            if exited.is_some() || Instant::now() > deadline {
                let _ = server.kill().await;
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                anyhow::bail!("the server did not become ready ({exited:?}): {log}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then waits for the process to be gone.
    async fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.wait().await
    }

    /// SIGTERM: the graceful stop, at the end of a run.
    async fn stop(mut self) -> anyhow::Result<()> {
        let pid = self.child.id().to_string();
        let status = Command::new("kill").args(["-TERM", &pid]).status()?;
        anyhow::ensure!(status.success(), "kill -TERM {pid} failed");
        self.wait().await
    }

    /// Until the process has ended (polled: `Child::wait` would block the runtime's thread).
    async fn wait(&mut self) -> anyhow::Result<()> {
        while self.child.try_wait()?.is_none() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(())
    }
}

impl Drop for Server {
    /// A run that fails half-way leaves no server behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The database URL the server gets. On PostgreSQL the schema goes into the connection's
/// options (`search_path`), since `tvaers serve` has no flag for one.
fn server_url(target: &Kill9Target) -> String {
    match &target.schema {
        None => target.url.clone(),
        Some(schema) => {
            let joiner = if target.url.contains('?') { '&' } else { '?' };
            format!("{}{joiner}options[search_path]={schema}", target.url)
        }
    }
}
