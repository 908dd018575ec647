//! The sync storm: `tablets` tablets, each a pedagogue's with a session of its own, come back
//! online at the same moment and send their outboxes as the offline outbox does
//! (`app/src/offline`): in order, the next item once the last is answered, each save with its
//! idempotency key. Some answers are lost on the way: the tablet sends that item again at once
//! on a new connection while the first copy is still being written (a twin), and, once its
//! outbox is empty, sends some items once more (a late repeat).
//!
//! An outbox holds, in turn: a first own position of a child (no base version), an ad hoc
//! concern about another child (no uniqueness rule but the key's: a duplicate would be a second
//! row), and an edit of that first position based on the version its answer gave (a duplicate
//! would be a third version).
//!
//! Passes when every request was answered 200, every copy of an item got the first copy's
//! answer, and the database holds each item exactly once: each position at the version its
//! edit makes, each concern as one row with one follow-up, each key with the answer sent.

use super::client::{Client, Failure};
use super::tally::Tally;
use super::{crew, draft, populate, serve, Dataset, Member};
use app::assessment::save::{SaveAdhoc, SaveIndividual};
use app::assessment::{AdhocInput, IndividualInput, Saved};
use app::backend::db::Db;
use app::domain::{AssessmentContext, ChildId, Position};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Barrier;

pub struct StormOptions {
    pub tablets: usize,
    /// Saves in each tablet's outbox.
    pub items: usize,
    pub years: usize,
}

pub struct StormReport {
    pub tally: Tally,
    pub seconds: f64,
    /// Items (distinct keys) sent, and of those stored exactly once as answered.
    pub items: usize,
    pub stored_once: usize,
    /// Copies sent beyond each item's first, and of those answered as the first was.
    pub repeats: usize,
    pub repeats_same: usize,
    /// Rows the storm added (positions and concerns), and how many its items account for.
    pub rows: usize,
    pub rows_expected: usize,
    pub mismatches: Vec<String>,
}

impl StormReport {
    pub fn passed(&self) -> bool {
        self.tally.failures() == 0
            && self.mismatches.is_empty()
            && self.stored_once == self.items
            && self.repeats_same == self.repeats
            && self.rows == self.rows_expected
    }

    pub fn print(&self, backend: &str, options: &StormOptions) {
        println!(
            "{backend} sync storm: {} tablets × {} items, all sent at once, in {:.2} s",
            options.tablets, options.items, self.seconds
        );
        self.tally.print(self.seconds);
        println!(
            "  items sent: {}, stored exactly once as answered: {}; repeats (twins and late): {}, answered as the first: {}; rows added: {} (items account for {})",
            self.items, self.stored_once, self.repeats, self.repeats_same, self.rows, self.rows_expected
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

enum What {
    First(ChildId),
    /// An ad hoc concern, found again by its note.
    Concern(String),
    /// An edit of the position of the outbox's item with this index.
    Edit(usize),
}

struct Item {
    /// The item's place in the outbox.
    i: usize,
    what: What,
    key: String,
    body: String,
    answer: Option<Saved>,
    repeats: usize,
    repeats_same: usize,
}

pub async fn run(db: &Db, backend: &str, options: &StormOptions) -> anyhow::Result<StormReport> {
    let data = Arc::new(populate(db, backend, options.tablets, options.years).await?);
    let members = crew(db, &data, options.tablets).await?;
    let served = serve(db).await?;
    let barrier = Arc::new(Barrier::new(members.len()));
    let started = Instant::now();
    let tablets: Vec<_> = members
        .into_iter()
        .enumerate()
        .map(|(n, member)| {
            let tablet = Tablet {
                n,
                member,
                data: data.clone(),
                addr: served.addr,
            };
            tokio::spawn(tablet.sync(options.items, barrier.clone()))
        })
        .collect();
    let mut tally = Tally::default();
    let mut outboxes = Vec::new();
    for tablet in tablets {
        let (user, t, items) = tablet.await?;
        tally.merge(t);
        outboxes.push((user, items));
    }
    let seconds = started.elapsed().as_secs_f64();
    served.stop().await;
    let mut report = StormReport {
        tally,
        seconds,
        items: 0,
        stored_once: 0,
        repeats: 0,
        repeats_same: 0,
        rows: 0,
        rows_expected: 0,
        mismatches: Vec::new(),
    };
    compare(db, &data, &outboxes, &mut report).await?;
    Ok(report)
}

struct Tablet {
    n: usize,
    member: Member,
    data: Arc<Dataset>,
    addr: SocketAddr,
}

impl Tablet {
    /// Sends the outbox in order, twins where the answer is lost at once, then late repeats.
    async fn sync(self, count: usize, barrier: Arc<Barrier>) -> (String, Tally, Vec<Item>) {
        let client = Client::new(self.addr, self.member.cookie.clone());
        // The twin goes out on a connection of its own, as a resend after a lost answer does.
        let twin = Client::new(self.addr, self.member.cookie.clone());
        let (mut tally, mut twin_tally) = (Tally::default(), Tally::default());
        // Tablets of one unit are in different rooms.
        let index = self.member.rooms[self.n % self.member.rooms.len()];
        let mut items: Vec<Item> = Vec::new();
        barrier.wait().await;
        for i in 0..count {
            let Some(item) = self.item(index, i, &items) else {
                continue;
            };
            let mut item = item;
            if (self.n + i).is_multiple_of(4) {
                let (a, b) = tokio::join!(
                    send(&client, &mut tally, &item),
                    send(&twin, &mut twin_tally, &item)
                );
                item.repeats += 1;
                if let (Ok(a), Ok(b)) = (&a, &b) {
                    item.repeats_same += usize::from(a == b);
                }
                item.answer = a.or(b).ok();
            } else {
                item.answer = send(&client, &mut tally, &item).await.ok();
            }
            items.push(item);
        }
        for item in items.iter_mut() {
            if (self.n + item.i) % 3 != 1 {
                continue;
            }
            let again = send(&client, &mut tally, item).await;
            item.repeats += 1;
            if let (Ok(again), Some(first)) = (again, &item.answer) {
                item.repeats_same += usize::from(again == *first);
            }
        }
        tally.merge(twin_tally);
        (self.member.user.to_string(), tally, items)
    }

    /// The outbox's item `i`: in turn a first position, a concern, an edit of that position
    /// (none when the position was not saved: the outbox would hold the edit back).
    fn item(&self, index: usize, i: usize, items: &[Item]) -> Option<Item> {
        let room = &self.data.groups[index];
        let child = |k: usize| room.children[k % room.children.len()];
        let round = self.data.open_round;
        let (what, body) = match i % 3 {
            0 => {
                let input = IndividualInput {
                    draft: draft(
                        room,
                        child(2 * (i / 3)),
                        Position::Green,
                        AssessmentContext::Overall,
                        String::new(),
                    ),
                    round,
                    indicators: Vec::new(),
                    base_version: None,
                };
                let body = serde_json::to_string(&SaveIndividual { input });
                (What::First(child(2 * (i / 3))), body)
            }
            1 => {
                let note = format!("Storm: tablet {} item {i}", self.n);
                let input = AdhocInput {
                    draft: draft(
                        room,
                        child(2 * (i / 3) + 1),
                        Position::Yellow,
                        AssessmentContext::PlayWithPeers,
                        note.clone(),
                    ),
                };
                (
                    What::Concern(note),
                    serde_json::to_string(&SaveAdhoc { input }),
                )
            }
            _ => {
                let first = items.iter().position(|item| item.i == i - 2)?;
                let base = items[first].answer.as_ref()?.version;
                let input = IndividualInput {
                    draft: draft(
                        room,
                        child(2 * (i / 3)),
                        Position::Red,
                        AssessmentContext::Overall,
                        "Storm: ændret efter samtale.".to_owned(),
                    ),
                    round,
                    indicators: Vec::new(),
                    base_version: Some(base),
                };
                (
                    What::Edit(first),
                    serde_json::to_string(&SaveIndividual { input }),
                )
            }
        };
        let body = body.expect("JSON");
        let key = serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["input"]["key"]
            .as_str()
            .expect("a key")
            .to_owned();
        Some(Item {
            i,
            what,
            key,
            body,
            answer: None,
            repeats: 0,
            repeats_same: 0,
        })
    }
}

async fn send(client: &Client, tally: &mut Tally, item: &Item) -> Result<Saved, Failure> {
    match item.what {
        What::Concern(_) => {
            client
                .call::<SaveAdhoc, Saved>(tally, "save concern", &item.body)
                .await
        }
        What::First(_) => {
            client
                .call::<SaveIndividual, Saved>(tally, "save first position", &item.body)
                .await
        }
        What::Edit(_) => {
            client
                .call::<SaveIndividual, Saved>(tally, "save edit", &item.body)
                .await
        }
    }
}

/// The database against the outboxes: per item, its row (or its position's version) and its
/// key's stored answer as the tablet was answered.
async fn compare(
    db: &Db,
    data: &Dataset,
    outboxes: &[(String, Vec<Item>)],
    report: &mut StormReport,
) -> anyhow::Result<()> {
    let own: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT assessor_id, child_id, id, CAST(version AS BIGINT) FROM assessments \
         WHERE round_id = $1 AND kind = 'individual'",
    )
    .bind(data.open_round.to_string())
    .fetch_all(db.pool())
    .await?;
    let concerns: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT a.id, a.note, (SELECT COUNT(*) FROM follow_ups f WHERE f.assessment_id = a.id) \
         FROM assessments a WHERE a.kind = 'adhoc'",
    )
    .fetch_all(db.pool())
    .await?;
    let keys: HashMap<String, String> =
        sqlx::query_as("SELECT key, response FROM idempotent_writes")
            .fetch_all(db.pool())
            .await?
            .into_iter()
            .collect();
    // The generated dataset has no position in the open round and no ad hoc concern: every
    // such row is the storm's.
    report.rows = own.len() + concerns.len();
    let mut positions: HashMap<(&str, &str), Vec<(&str, i64)>> = HashMap::new();
    for (assessor, child, id, version) in &own {
        positions
            .entry((assessor, child))
            .or_default()
            .push((id, *version));
    }
    let mut notes: HashMap<&str, Vec<(&str, i64)>> = HashMap::new();
    for (id, note, follow_ups) in &concerns {
        notes.entry(note).or_default().push((id, *follow_ups));
    }
    for (user, items) in outboxes {
        for item in items {
            report.items += 1;
            report.repeats += item.repeats;
            report.repeats_same += item.repeats_same;
            let Some(answer) = &item.answer else {
                report
                    .mismatches
                    .push(format!("{}: never answered", item.key));
                continue;
            };
            let stored: Option<Saved> = keys
                .get(&item.key)
                .and_then(|r| serde_json::from_str(r).ok());
            let id = answer.assessment.to_string();
            let row = match &item.what {
                What::First(child) => {
                    report.rows_expected += 1;
                    let edits = items.iter().filter(|e| {
                        matches!(e.what, What::Edit(first) if items[first].i == item.i)
                            && e.answer.is_some()
                    });
                    let version = 1 + edits.count() as i64;
                    let child = child.to_string();
                    let found = positions.get(&(user.as_str(), child.as_str()));
                    answer.version == 1
                        && found.is_some_and(|rows| rows == &[(id.as_str(), version)])
                }
                What::Concern(note) => {
                    report.rows_expected += 1;
                    let found = notes.get(note.as_str());
                    answer.follow_up_due.is_some()
                        && found.is_some_and(|rows| rows == &[(id.as_str(), 1)])
                }
                What::Edit(first) => {
                    let first = items[*first].answer.as_ref();
                    first.is_some_and(|f| {
                        f.assessment == answer.assessment && answer.version == f.version + 1
                    })
                }
            };
            if row && stored.as_ref() == Some(answer) {
                report.stored_once += 1;
            } else {
                report.mismatches.push(format!(
                    "{}: answered {answer:?}, key's stored answer {stored:?}, row as answered: {row}",
                    item.key
                ));
            }
        }
    }
    Ok(())
}
