//! Group commit for the small writes every request makes: its audit row and, every minute, its
//! session's idle deadline. One commit per request would make each page view wait for its own
//! disk flush behind every other writer. Instead one task writes whatever arrived while the
//! previous batch was being committed, in one transaction, and only then answers each waiting
//! request: a request still goes on only once its row is durable (SECURITY L1), but a hundred
//! requests share one flush. The database has one writer for each kind, each with its own pool
//! (on SQLite the audit log is a file of its own).

use super::connection::{begin_write, DbKind, Tx};
use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

/// An audit row as it is stored.
#[derive(Clone, Debug)]
pub struct Row {
    pub at: i64,
    pub user: Option<String>,
    pub unit: Option<String>,
    pub action: String,
    pub child: Option<String>,
    pub criterion: Option<String>,
    pub purpose: String,
    pub outcome: &'static str,
}

/// What one request asks to have written.
#[derive(Clone, Debug)]
enum Job {
    /// One request's audit rows: one for most reads, one per child for a read of a whole room.
    Audit(Vec<Row>),
    /// Moves a live session's idle deadline (SECURITY S4).
    TouchSession { token_hash: String, at: i64 },
}

struct Waiting {
    job: Job,
    done: oneshot::Sender<Result<(), String>>,
}

/// The sending side; cheap to clone, shared by every clone of the database handle.
#[derive(Clone, Debug)]
pub struct GroupCommit {
    sender: mpsc::UnboundedSender<Waiting>,
    pool: AnyPool,
}

/// More rows than this in one transaction would only make the first of them wait longer.
const MAX_BATCH: usize = 512;

impl GroupCommit {
    /// Starts the writing task. It ends when the last handle is dropped.
    pub fn start(pool: AnyPool, backend: DbKind) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(pool.clone(), backend, receiver));
        Self { sender, pool }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Hands one audit row to the writer at once; the receipt says when it is committed. A
    /// request can read on meanwhile, so the flush and its own reads overlap; the row is
    /// written even if the request is abandoned before it asks.
    pub fn enqueue(&self, row: Row) -> Receipt {
        self.send(Job::Audit(vec![row]))
    }

    /// Hands a request's several rows to the writer as one job with one receipt: a room's 24
    /// rows cost one message and one answer, not 24 (measured with `tvaers-bench`, see
    /// docs/benchmark.md).
    pub fn enqueue_all(&self, rows: Vec<Row>) -> Receipt {
        self.send(Job::Audit(rows))
    }

    /// Moves a session's last-seen time to `at`, committed with the next batch.
    pub fn touch_session(&self, token_hash: String, at: i64) -> Receipt {
        self.send(Job::TouchSession { token_hash, at })
    }

    fn send(&self, job: Job) -> Receipt {
        let (done, answer) = oneshot::channel();
        let answer = self.sender.send(Waiting { job, done }).ok().map(|_| answer);
        Receipt { answer }
    }
}

/// A row handed to the writer, not yet known to be committed.
#[must_use = "nothing read under this row may leave the server before it is committed"]
#[derive(Debug)]
pub struct Receipt {
    /// `None` when the writer had already stopped.
    answer: Option<oneshot::Receiver<Result<(), String>>>,
}

impl Receipt {
    /// Waits until the row is durable; an error if it could not be written.
    pub async fn committed(self) -> Result<(), sqlx::Error> {
        match self.answer {
            None => Err(closed()),
            Some(answer) => match answer.await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(message)) => Err(sqlx::Error::Protocol(message)),
                Err(_) => Err(closed()),
            },
        }
    }
}

fn closed() -> sqlx::Error {
    sqlx::Error::Protocol("the audit log writer has stopped".into())
}

async fn write_batches(
    pool: AnyPool,
    backend: DbKind,
    mut receiver: mpsc::UnboundedReceiver<Waiting>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let result = write(&pool, backend, &batch)
            .await
            .map_err(|err| err.to_string());
        if let Err(err) = &result {
            tracing::error!(error = %err, jobs = batch.len(), "audit rows and session times not written");
        }
        for waiting in batch.drain(..) {
            // A request that gave up waiting has nobody to tell.
            let _ = waiting.done.send(result.clone());
        }
    }
}

async fn write(pool: &AnyPool, backend: DbKind, batch: &[Waiting]) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(pool, backend).await?;
    let mut rows = Vec::with_capacity(batch.len());
    for Waiting { job, .. } in batch {
        match job {
            Job::Audit(these) => rows.extend(these),
            Job::TouchSession { token_hash, at } => touch_session(&mut tx, token_hash, *at).await?,
        }
    }
    let mut rest = rows.as_slice();
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at(rows_per_insert(rest.len()));
        insert_audit_rows(&mut tx, chunk).await?;
        rest = after;
    }
    tx.commit().await
}

/// The most rows one `INSERT` takes, within both backends' limits on bound values (8 a row).
const MAX_ROWS_PER_INSERT: usize = 128;

/// How many of `waiting` rows the next `INSERT` takes: a power of two, so a batch is a few
/// statements rather than one per row (on PostgreSQL each is a round trip, on SQLite a trip to
/// the connection's thread) and the connection keeps only eight of them prepared.
fn rows_per_insert(waiting: usize) -> usize {
    let most = waiting.min(MAX_ROWS_PER_INSERT);
    1 << most.ilog2()
}

async fn insert_audit_rows(tx: &mut Tx, rows: &[&Row]) -> Result<(), sqlx::Error> {
    let mut sql = String::from(
        "INSERT INTO audit_log (at, user_id, unit_id, action, child_id, criterion, purpose, outcome) VALUES ",
    );
    for i in 0..rows.len() {
        let n = i * 8;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
            n + 1,
            n + 2,
            n + 3,
            n + 4,
            n + 5,
            n + 6,
            n + 7,
            n + 8
        ));
    }
    let mut query = sqlx::query(&sql);
    for row in rows {
        query = query
            .bind(row.at)
            .bind(row.user.as_deref())
            .bind(row.unit.as_deref())
            .bind(row.action.as_str())
            .bind(row.child.as_deref())
            .bind(row.criterion.as_deref())
            .bind(row.purpose.as_str())
            .bind(row.outcome);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

async fn touch_session(tx: &mut Tx, token_hash: &str, at: i64) -> Result<(), sqlx::Error> {
    // Never backwards: a later request of the same session may be earlier in this batch.
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1",
    )
    .bind(at)
    .bind(token_hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_split_into_few_inserts_of_a_few_sizes() {
        for waiting in 1..=600 {
            let mut sizes = Vec::new();
            let mut rest = waiting;
            while rest > 0 {
                let take = rows_per_insert(rest);
                assert!(take.is_power_of_two() && take <= MAX_ROWS_PER_INSERT && take <= rest);
                sizes.push(take);
                rest -= take;
            }
            assert_eq!(sizes.iter().sum::<usize>(), waiting);
            assert!(
                sizes.len() <= waiting / MAX_ROWS_PER_INSERT + 8,
                "{waiting}: {sizes:?}"
            );
        }
    }
}
