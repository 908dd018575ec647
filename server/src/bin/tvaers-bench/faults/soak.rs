//! The soak: `staff` pedagogues of the generated dataset, each signed in with a session and
//! connections of their own, go about the open round for `duration` as a pedagogue does at a
//! tablet, a think time between steps: a room's page, then for a few of its children the
//! child's page and their own position of the child (an edit of the version they saved last);
//! in the rooms whose joint positions they record, the joint view and the team's position of a
//! child with enough individual ones. They go from room to room of their unit.
//!
//! Passes when no request failed, and the database holds every position as the last
//! acknowledgement of it said (the version) — nothing more, nothing less.

use super::client::Client;
use super::tally::Tally;
use super::{crew, draft, populate, serve, Dataset, Member};
use app::assessment::group::GetJointView;
use app::assessment::save::{SaveIndividual, SetJoint};
use app::assessment::{IndividualInput, JointInput, JointView, Saved};
use app::backend::db::Db;
use app::domain::{AssessmentContext, ChildId, Position};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct SoakOptions {
    pub staff: usize,
    pub duration: Duration,
    /// The mean pause between one step and the next (each is drawn from half to one and a
    /// half of it, so the staff do not march in step).
    pub think: Duration,
    pub years: usize,
}

/// Children whose pages and positions a pedagogue sees to on each visit to a room.
const CHILDREN_PER_VISIT: usize = 3;

pub struct SoakReport {
    pub tally: Tally,
    pub seconds: f64,
    /// Acknowledged saves of own positions and of joint ones.
    pub own_saves: usize,
    pub joint_saves: usize,
    /// Positions in the open round, and of those the ones stored as last acknowledged.
    pub rows: usize,
    pub rows_as_acknowledged: usize,
    /// What did not hold, one line each.
    pub mismatches: Vec<String>,
}

impl SoakReport {
    pub fn passed(&self) -> bool {
        self.tally.failures() == 0 && self.mismatches.is_empty()
    }

    pub fn print(&self, backend: &str, options: &SoakOptions) {
        println!(
            "{backend} soak: {} staff for {:.0} s, think time {} ms",
            options.staff,
            self.seconds,
            options.think.as_millis()
        );
        self.tally.print(self.seconds);
        println!(
            "  saves acknowledged: {} own positions, {} joint; positions stored: {}, as last acknowledged: {}",
            self.own_saves, self.joint_saves, self.rows, self.rows_as_acknowledged
        );
        for line in self.mismatches.iter().take(20) {
            println!("  mismatch: {line}");
        }
        let verdict = if self.passed() { "PASSED" } else { "FAILED" };
        println!(
            "  {verdict}: {} requests, {} errors, {} mismatches",
            self.tally.requests(),
            self.tally.failures(),
            self.mismatches.len()
        );
    }
}

/// What the staff were told was saved: the last acknowledged version of each position.
#[derive(Default)]
struct Ledger {
    /// (assessor, child) → version.
    own: HashMap<(String, String), i64>,
    /// child → version (a child has one joint position a round: its unit's).
    joint: HashMap<String, i64>,
    own_saves: usize,
    joint_saves: usize,
    mismatches: Vec<String>,
}

pub async fn run(db: &Db, backend: &str, options: &SoakOptions) -> anyhow::Result<SoakReport> {
    let data = Arc::new(populate(db, backend, options.staff, options.years).await?);
    let members = crew(db, &data, options.staff).await?;
    let served = serve(db).await?;
    let started = Instant::now();
    let deadline = started + options.duration;
    let workers: Vec<_> = members
        .into_iter()
        .enumerate()
        .map(|(n, member)| {
            let day = Day {
                member,
                data: data.clone(),
                addr: served.addr,
                deadline,
                think: options.think,
                rng: StdRng::seed_from_u64(n as u64),
            };
            tokio::spawn(day.work())
        })
        .collect();
    let mut tally = Tally::default();
    let mut ledger = Ledger::default();
    for worker in workers {
        let (t, l) = worker.await?;
        tally.merge(t);
        ledger.own.extend(l.own);
        ledger.joint.extend(l.joint);
        ledger.own_saves += l.own_saves;
        ledger.joint_saves += l.joint_saves;
        ledger.mismatches.extend(l.mismatches);
    }
    let seconds = started.elapsed().as_secs_f64();
    served.stop().await;
    let (rows, rows_as_acknowledged) = compare(db, &data, &mut ledger).await?;
    Ok(SoakReport {
        tally,
        seconds,
        own_saves: ledger.own_saves,
        joint_saves: ledger.joint_saves,
        rows,
        rows_as_acknowledged,
        mismatches: ledger.mismatches,
    })
}

/// One pedagogue's working day.
struct Day {
    member: Member,
    data: Arc<Dataset>,
    addr: SocketAddr,
    deadline: Instant,
    think: Duration,
    rng: StdRng,
}

impl Day {
    async fn work(mut self) -> (Tally, Ledger) {
        let client = Client::new(self.addr, self.member.cookie.clone());
        let mut tally = Tally::default();
        let mut ledger = Ledger::default();
        // The staff arrive over one think time, not all in the same millisecond.
        let arrival = self.think.mul_f64(self.rng.gen::<f64>());
        tokio::time::sleep(arrival).await;
        let mut next_child = 0usize;
        let mut next_joint = 0usize;
        let data = self.data.clone();
        'day: for visit in 0.. {
            let index = self.member.rooms[visit % self.member.rooms.len()];
            let room = &data.groups[index];
            if Instant::now() >= self.deadline {
                break;
            }
            let path = format!("/groups/{}/round", room.id);
            client.page(&mut tally, "round page", &path).await;
            self.pause().await;
            for _ in 0..CHILDREN_PER_VISIT {
                if Instant::now() >= self.deadline {
                    break 'day;
                }
                let child = room.children[next_child % room.children.len()];
                next_child += 1;
                let path = format!("/children/{child}");
                client.page(&mut tally, "child page", &path).await;
                self.pause().await;
                let input = IndividualInput {
                    draft: self.draft(index, child),
                    round: data.open_round,
                    indicators: Vec::new(),
                    base_version: ledger.own.get(&self.own_key(child)).copied(),
                };
                let body = serde_json::to_string(&SaveIndividual { input }).expect("JSON");
                let answer = client
                    .call::<SaveIndividual, Saved>(&mut tally, "save own position", &body)
                    .await;
                if let Ok(saved) = answer {
                    ledger.own.insert(self.own_key(child), saved.version);
                    ledger.own_saves += 1;
                }
                self.pause().await;
            }
            if self.member.holds.contains(&index) && Instant::now() < self.deadline {
                self.joint(&client, index, &mut next_joint, &mut tally, &mut ledger)
                    .await;
                self.pause().await;
            }
        }
        (tally, ledger)
    }

    /// The joint view of the room, then the team's position of the next child with enough
    /// individual ones, based on the version the view shows.
    async fn joint(
        &mut self,
        client: &Client,
        index: usize,
        next: &mut usize,
        tally: &mut Tally,
        ledger: &mut Ledger,
    ) {
        let room = &self.data.groups[index];
        let body = serde_json::to_string(&GetJointView { group: room.id }).expect("JSON");
        let Ok(view) = client
            .call::<GetJointView, JointView>(tally, "joint view", &body)
            .await
        else {
            return;
        };
        if !view.can_set {
            let line = format!("the joint view of {} refuses its holder", room.id);
            ledger.mismatches.push(line);
            return;
        }
        let ready: Vec<_> = view
            .children
            .iter()
            .filter(|c| c.individuals.len() >= view.needed as usize)
            .collect();
        if ready.is_empty() {
            return;
        }
        let child = ready[*next % ready.len()];
        *next += 1;
        let shown = child.joint.as_ref().map(|j| j.version);
        // Only this pedagogue records the room's joint positions: the view must show the
        // version of their last acknowledged save (read your writes).
        let acknowledged = ledger.joint.get(&child.id.to_string()).copied();
        if shown != acknowledged {
            let line = format!(
                "joint position of {}: acknowledged {acknowledged:?}, the view shows {shown:?}",
                child.id
            );
            ledger.mismatches.push(line);
        }
        let input = JointInput {
            draft: self.draft(index, child.id),
            round: self.data.open_round,
            base_version: shown,
        };
        let body = serde_json::to_string(&SetJoint { input }).expect("JSON");
        let answer = client
            .call::<SetJoint, Saved>(tally, "save joint position", &body)
            .await;
        if let Ok(saved) = answer {
            ledger.joint.insert(child.id.to_string(), saved.version);
            ledger.joint_saves += 1;
        }
    }

    /// A position as pedagogues give them: mostly no concern; a concern with its note.
    fn draft(&mut self, index: usize, child: ChildId) -> app::assessment::Draft {
        let position = match self.rng.gen_range(0..100) {
            0..=74 => Position::Green,
            75..=92 => Position::Yellow,
            _ => Position::Red,
        };
        let context = AssessmentContext::ALL[self.rng.gen_range(0..AssessmentContext::ALL.len())];
        let note = match position.is_concern() {
            true => "Soak: trækker sig fra legen i dag.".to_owned(),
            false => String::new(),
        };
        draft(&self.data.groups[index], child, position, context, note)
    }

    fn own_key(&self, child: ChildId) -> (String, String) {
        (self.member.user.to_string(), child.to_string())
    }

    async fn pause(&mut self) {
        let pause = self.think.mul_f64(self.rng.gen_range(0.5..1.5));
        tokio::time::sleep(pause).await;
    }
}

/// The open round's positions in the database against the ledger: each row as its last
/// acknowledgement said, and no row that none acknowledged. Answers (rows, rows as
/// acknowledged); what differs goes into the ledger's mismatches.
async fn compare(db: &Db, data: &Dataset, ledger: &mut Ledger) -> anyhow::Result<(usize, usize)> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT kind, assessor_id, child_id, CAST(version AS BIGINT) FROM assessments \
         WHERE round_id = $1 ORDER BY kind, child_id",
    )
    .bind(data.open_round.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut own = std::mem::take(&mut ledger.own);
    let mut joint = std::mem::take(&mut ledger.joint);
    let mut matching = 0;
    for (kind, assessor, child, version) in &rows {
        let acknowledged = match kind.as_str() {
            "individual" => own.remove(&(assessor.clone(), child.clone())),
            _ => joint.remove(child),
        };
        match acknowledged {
            Some(v) if v == *version => matching += 1,
            other => ledger.mismatches.push(format!(
                "{kind} position of {child} by {assessor}: version {version} stored, {other:?} acknowledged"
            )),
        }
    }
    for ((assessor, child), version) in own {
        let line = format!(
            "own position of {child} by {assessor}: version {version} acknowledged, none stored"
        );
        ledger.mismatches.push(line);
    }
    for (child, version) in joint {
        let line =
            format!("joint position of {child}: version {version} acknowledged, none stored");
        ledger.mismatches.push(line);
    }
    Ok((rows.len(), matching))
}
