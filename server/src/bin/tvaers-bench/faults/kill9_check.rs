//! What `kill -9` must leave: every acknowledged save in the database exactly once and as it was
//! answered (its row, its follow-up's deadline, its key's stored answer); every save there at
//! all whole (a concern with its follow-up and its key, never a part of one); and on SQLite files
//! that pass `integrity_check`.

use super::kill9::Kill9Target;
use app::assessment::Saved;
use app::backend::db::Db;
use sqlx::Connection;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A save the server answered 200.
pub struct Ack {
    pub key: String,
    pub note: String,
    pub saved: Saved,
}

/// One look at the database after a restart.
pub struct Check {
    pub acknowledged: usize,
    /// Acknowledged saves found exactly once and as answered.
    pub present: usize,
    /// The run's saves in the database, and of those the whole ones.
    pub rows: usize,
    pub whole: usize,
    /// Notes found more than once.
    pub duplicates: usize,
    /// Saves cut by the kill, and of those already stored (committed, the answer lost).
    pub cut: usize,
    pub cut_stored: usize,
    pub mismatches: Vec<String>,
}

impl Check {
    pub fn passed(&self) -> bool {
        self.present == self.acknowledged
            && self.whole == self.rows
            && self.duplicates == 0
            && self.mismatches.is_empty()
    }

    pub fn print(&self, n: usize) {
        println!(
            "  check {n}: acknowledged {}, present as acknowledged {}; rows {}, whole {}, duplicated {}; cut by the kill {}, of which stored {}",
            self.acknowledged, self.present, self.rows, self.whole, self.duplicates, self.cut, self.cut_stored
        );
        for line in self.mismatches.iter().take(20) {
            println!("    mismatch: {line}");
        }
    }
}

/// Reads the run's saves (ad hoc concerns whose note starts `Kill9:`) with their follow-ups and
/// every stored answer, on a connection of its own, and holds them against the acknowledgements.
pub async fn check(
    target: &Kill9Target,
    acknowledged: &[Ack],
    cut: &[String],
) -> anyhow::Result<Check> {
    let db = Db::connect(&target.url, target.schema.clone()).await?;
    let rows: Result<Vec<(String, String, Option<String>)>, _> = sqlx::query_as(
        "SELECT a.id, a.note, f.due_on FROM assessments a \
         LEFT JOIN follow_ups f ON f.assessment_id = a.id \
         WHERE a.kind = 'adhoc' AND a.note LIKE 'Kill9: %'",
    )
    .fetch_all(db.pool())
    .await;
    let answers: Result<Vec<(String, String)>, _> =
        sqlx::query_as("SELECT key, response FROM idempotent_writes")
            .fetch_all(db.pool())
            .await;
    db.close().await;
    let (rows, answers) = (rows?, answers?);
    let answers: HashMap<String, Option<Saved>> = answers
        .into_iter()
        .map(|(key, response)| (key, serde_json::from_str(&response).ok()))
        .collect();
    let answered_ids: HashSet<String> = answers
        .values()
        .flatten()
        .map(|saved| saved.assessment.to_string())
        .collect();
    let mut by_note: HashMap<&str, Vec<(&str, Option<&str>)>> = HashMap::new();
    for (id, note, due) in &rows {
        by_note.entry(note).or_default().push((id, due.as_deref()));
    }
    let mut check = Check {
        acknowledged: acknowledged.len(),
        present: 0,
        rows: rows.len(),
        // Whole: the concern's follow-up and its key's answer, committed with it.
        whole: rows
            .iter()
            .filter(|(id, _, due)| due.is_some() && answered_ids.contains(id))
            .count(),
        duplicates: by_note.values().filter(|found| found.len() > 1).count(),
        cut: cut.len(),
        cut_stored: cut
            .iter()
            .filter(|note| by_note.contains_key(note.as_str()))
            .count(),
        mismatches: Vec::new(),
    };
    for ack in acknowledged {
        let id = ack.saved.assessment.to_string();
        let due = ack.saved.follow_up_due.map(|d| d.to_string());
        let expected = [(id.as_str(), due.as_deref())];
        let found = by_note.get(ack.note.as_str()).map(Vec::as_slice);
        let stored = answers.get(&ack.key).cloned().flatten();
        if found == Some(&expected[..]) && stored.as_ref() == Some(&ack.saved) {
            check.present += 1;
        } else {
            check.mismatches.push(format!(
                "{}: answered {:?}, found {found:?}, key's stored answer {stored:?}",
                ack.note, ack.saved
            ));
        }
    }
    Ok(check)
}

/// SQLite's `integrity_check` of a file, opened as the next server start opens it: able to
/// write, since only such a connection can read (recover) the write-ahead log a killed
/// process left.
pub async fn integrity(path: &Path) -> anyhow::Result<()> {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
    let messages: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await?;
    conn.close().await?;
    anyhow::ensure!(
        messages == ["ok"],
        "{} fails integrity_check: {}",
        path.display(),
        messages.join("; ")
    );
    Ok(())
}
