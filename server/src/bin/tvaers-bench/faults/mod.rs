//! Faults and load, as commands (issue 18 item 6). Each run checks one property and prints its
//! figures:
//!
//! - `soak`: simulated staff go about a round for a while (the room's page, a child's page,
//!   their own positions and the team's) — no request may fail, and every save's last
//!   acknowledged version is the one stored;
//! - `storm`: tablets send their offline outboxes all at once, some items twice at once and
//!   again later — every item is stored exactly once and every repeat gets the first answer;
//! - `kill9`: the real `tvaers serve` gets SIGKILL while saves stream in and is started again
//!   on the same database — every acknowledged save is there, whole, and SQLite's files pass
//!   `integrity_check`.
//!
//! `tvaers-bench soak|sync-storm|kill9` runs the full versions, the API tests
//! (`server/tests/api/ops/load_short.rs`) short ones, both with this code: the tests include
//! these files by path. So they use only what both crates have, and reach the generated dataset
//! as `super::dataset`, a sibling module in both.

pub mod client;
pub mod kill9;
mod kill9_check;
pub mod soak;
pub mod storm;
pub mod tally;

pub(crate) use super::dataset::{Dataset, GroupData};

use app::backend::clock::SystemClock;
use app::backend::db::Db;
use app::backend::state::{AppState, Settings};
use app::domain::UserId;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

/// A municipality with a unit of three pedagogues and five rooms of 24 children for every
/// three staff wanted, `years` of past rounds, and an open round; with the statistics a
/// database in use has (see `main.rs`).
pub async fn populate(
    db: &Db,
    backend: &str,
    staff: usize,
    years: usize,
) -> anyhow::Result<Dataset> {
    let started = Instant::now();
    let today = time::OffsetDateTime::now_utc().date();
    let data =
        super::dataset::generate(db, super::dataset::children_for(staff), years, today).await?;
    sqlx::query("ANALYZE").execute(db.pool()).await?;
    println!(
        "{backend}: generated {} children in {} rooms, {} past assessments, in {:.1} s",
        data.children,
        data.groups.len(),
        data.assessments,
        started.elapsed().as_secs_f64()
    );
    Ok(data)
}

/// One pedagogue of the dataset, signed in.
pub struct Member {
    pub user: UserId,
    /// The `Cookie` header of the member's own session.
    pub cookie: String,
    /// Indices (into `Dataset::groups`) of the rooms of the member's unit.
    pub rooms: Vec<usize>,
    /// Of those, the rooms whose joint positions the member records: one member per room, so
    /// that two never edit the same joint position (which would be a conflict for the user to
    /// resolve, not a fault).
    pub holds: Vec<usize>,
}

/// The first `count` pedagogues of the dataset, each with a session of their own — the row a
/// login makes; signing in through the login form would meet its throttle for one address
/// long before 200 people had signed in.
pub async fn crew(db: &Db, data: &Dataset, count: usize) -> anyhow::Result<Vec<Member>> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let name = app::backend::sessions::cookie_name(&Settings::default());
    let mut members: Vec<Member> = Vec::new();
    for (index, group) in data.groups.iter().enumerate() {
        let holder = group.staff[index % group.staff.len()];
        for user in &group.staff {
            let at = match members.iter().position(|m| m.user == *user) {
                Some(at) => at,
                None if members.len() < count => {
                    let token = app::backend::sessions::create(db, *user, now).await?;
                    members.push(Member {
                        user: *user,
                        cookie: format!("{name}={token}"),
                        rooms: Vec::new(),
                        holds: Vec::new(),
                    });
                    members.len() - 1
                }
                None => continue,
            };
            members[at].rooms.push(index);
            if holder == *user {
                members[at].holds.push(index);
            }
        }
    }
    anyhow::ensure!(
        members.len() == count,
        "the dataset has {} staff, not {count}",
        members.len()
    );
    Ok(members)
}

/// The Tværs router served in this process as `tvaers serve` serves it (its accept loop and
/// limits), on a port of its own, until [`Served::stop`].
pub struct Served {
    pub addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

pub async fn serve(db: &Db) -> anyhow::Result<Served> {
    let state = AppState {
        db: db.clone(),
        settings: Arc::new(Settings::default()),
        clock: Arc::new(SystemClock),
        leptos_options: tvaers::router::leptos_options(),
        indicators: Default::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(tvaers::serve_on(
        listener,
        tvaers::build_router(state),
        tvaers::Limits::default(),
        async {
            let _ = stopped.await;
        },
    ));
    Ok(Served { addr, stop, task })
}

impl Served {
    /// Stops as SIGTERM stops the server: the requests under way end first.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// A Tværs draft's fields as the save functions take them (flattened into each input).
pub fn draft(
    group: &GroupData,
    child: app::domain::ChildId,
    position: app::domain::Position,
    context: app::domain::AssessmentContext,
    note: String,
) -> app::assessment::Draft {
    app::assessment::Draft {
        key: app::domain::IdempotencyKey::random(),
        group: group.id,
        child,
        position,
        context,
        note,
    }
}
