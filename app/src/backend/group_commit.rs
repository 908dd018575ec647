//! Group commit for the small writes every request makes: its audit rows and, every minute, its
//! session's idle deadline. One commit per request would make each page view wait for its own
//! disk flush behind every other writer. Instead one task writes whatever arrived while the
//! previous batch was being committed, in one transaction, and only then answers each waiting
//! request: a request still goes on only once its row is durable (SECURITY L1), but a hundred
//! requests share one flush. The database has one writer for each kind, each with its own pool
//! (on SQLite the audit log is a file of its own).
//!
//! The audit writer also keeps the index of children shown by reads of several children
//! (`audit_child_index`, migrations/sqlite-audit/0002 says why it is copied in bulk): after
//! [`INDEX_EVERY`] such reads, or [`INDEX_AFTER`] after the first of them, whichever comes
//! first, it copies the new reads' children into the index, sorted, in one transaction.

use super::connection::{begin_write, DbKind, Tx};
use sqlx::AnyPool;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

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

/// An allowed read of several children, as it is stored: one row of `audit_child_reads`.
#[derive(Clone, Debug)]
pub struct ChildRead {
    pub at: i64,
    pub user: Option<String>,
    pub unit: Option<String>,
    pub action: String,
    pub purpose: String,
    /// The children shown, a JSON array of their ids, each once.
    pub children: String,
}

/// What one request asks to have written.
#[derive(Clone, Debug)]
enum Job {
    /// One request's audit rows and reads of several children.
    Audit {
        rows: Vec<Row>,
        reads: Vec<ChildRead>,
    },
    /// Moves a live session's idle deadline (SECURITY S4).
    TouchSession { token_hash: String, at: i64 },
    /// Copies the children of every read written so far into the index now.
    IndexChildReads,
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

/// Reads of several children written before their children are copied into the index. Each
/// copy writes about one page of the index per child named, however many reads name it, so
/// the more reads a copy takes, the fewer pages per read; and the more, the longer the newest
/// reads are found by a scan of the newest rows (measured with `tvaers-bench`, see
/// docs/benchmark.md).
pub const INDEX_EVERY: usize = 2048;

/// The longest a read waits for its copy into the index when fewer than [`INDEX_EVERY`] come.
pub const INDEX_AFTER: Duration = Duration::from_secs(10);

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
        self.send(Job::Audit {
            rows: vec![row],
            reads: Vec::new(),
        })
    }

    /// Hands a request's rows and reads of several children to the writer as one job with
    /// one receipt.
    pub fn enqueue_all(&self, rows: Vec<Row>, reads: Vec<ChildRead>) -> Receipt {
        self.send(Job::Audit { rows, reads })
    }

    /// Moves a session's last-seen time to `at`, committed with the next batch.
    pub fn touch_session(&self, token_hash: String, at: i64) -> Receipt {
        self.send(Job::TouchSession { token_hash, at })
    }

    /// Copies the children of every read committed so far into the index without waiting for
    /// the next copy; the receipt says when it is done.
    pub fn index_child_reads(&self) -> Receipt {
        self.send(Job::IndexChildReads)
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

/// Reads of several children written and not yet copied into the index, and when the copy is
/// due at the latest.
struct Unindexed {
    reads: usize,
    due: Option<Instant>,
}

async fn write_batches(
    pool: AnyPool,
    backend: DbKind,
    mut receiver: mpsc::UnboundedReceiver<Waiting>,
) {
    let statements = Statements::new(backend);
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut unindexed = Unindexed {
        reads: 0,
        due: None,
    };
    loop {
        let received = match unindexed.due {
            None => receiver.recv_many(&mut batch, MAX_BATCH).await,
            // `recv_many` is cancel safe: a timeout loses nothing.
            Some(due) => {
                match tokio::time::timeout_at(due, receiver.recv_many(&mut batch, MAX_BATCH)).await
                {
                    Ok(received) => received,
                    Err(_) => {
                        let _ = index(&pool, backend, &mut unindexed).await;
                        continue;
                    }
                }
            }
        };
        if received == 0 {
            break;
        }
        let result = write(&pool, backend, &statements, &batch)
            .await
            .map_err(|err| err.to_string());
        if let Err(err) = &result {
            tracing::error!(error = %err, jobs = batch.len(), "audit rows and session times not written");
        }
        let mut asked_to_index = Vec::new();
        for waiting in batch.drain(..) {
            match waiting.job {
                Job::IndexChildReads => asked_to_index.push(waiting.done),
                Job::Audit { reads, .. } => {
                    if result.is_ok() && !reads.is_empty() {
                        unindexed.reads += reads.len();
                        unindexed
                            .due
                            .get_or_insert_with(|| Instant::now() + INDEX_AFTER);
                    }
                    // A request that gave up waiting has nobody to tell.
                    let _ = waiting.done.send(result.clone());
                }
                Job::TouchSession { .. } => {
                    let _ = waiting.done.send(result.clone());
                }
            }
        }
        let overdue = unindexed.due.is_some_and(|due| due <= Instant::now());
        if !asked_to_index.is_empty() || unindexed.reads >= INDEX_EVERY || overdue {
            let indexed = index(&pool, backend, &mut unindexed).await;
            for done in asked_to_index {
                let _ = done.send(indexed.clone());
            }
        }
    }
}

async fn write(
    pool: &AnyPool,
    backend: DbKind,
    statements: &Statements,
    batch: &[Waiting],
) -> Result<(), sqlx::Error> {
    let mut rows = Vec::with_capacity(batch.len());
    let mut reads = Vec::new();
    let mut tx = begin_write(pool, backend).await?;
    for Waiting { job, .. } in batch {
        match job {
            Job::Audit {
                rows: these,
                reads: those,
            } => {
                rows.extend(these);
                reads.extend(those);
            }
            Job::TouchSession { token_hash, at } => touch_session(&mut tx, token_hash, *at).await?,
            Job::IndexChildReads => {}
        }
    }
    if !reads.is_empty() {
        lock_child_reads(&mut tx, backend).await?;
    }
    let mut rest = rows.as_slice();
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at(rows_per_insert(rest.len()));
        let mut query = sqlx::query(statements.audit_log(chunk.len()));
        for row in chunk {
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
        query.execute(&mut *tx).await?;
        rest = after;
    }
    let mut rest = reads.as_slice();
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at(rows_per_insert(rest.len()));
        let mut query = sqlx::query(statements.child_reads(chunk.len()));
        for read in chunk {
            query = query
                .bind(read.at)
                .bind(read.user.as_deref())
                .bind(read.unit.as_deref())
                .bind(read.action.as_str())
                .bind(read.purpose.as_str())
                .bind(read.children.as_str());
        }
        query.execute(&mut *tx).await?;
        rest = after;
    }
    tx.commit().await
}

/// On PostgreSQL, every transaction that writes reads of several children or copies them into
/// the index takes this lock first, so no copy runs while a read with a lower id than it
/// covers is uncommitted (ids are drawn before commit, and other server processes may write
/// too). A copy would otherwise pass over that read, and the lookups would search the rows
/// after the copy's last id and miss it. SQLite's write lock does the same there. The key is
/// the table's oid, so each schema (the tests run many in one database) has its own.
async fn lock_child_reads(tx: &mut Tx, backend: DbKind) -> Result<(), sqlx::Error> {
    if backend == DbKind::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock('audit_child_reads'::regclass::oid::bigint)")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Copies into the index the children of every read written since the last copy, in one
/// transaction with the row that records how far it got. A failure is logged and leaves
/// everything as it was: the next copy takes those reads too, and until then the lookups
/// find them among the newest rows.
async fn index(pool: &AnyPool, backend: DbKind, unindexed: &mut Unindexed) -> Result<(), String> {
    match copy_into_index(pool, backend).await {
        Ok(()) => {
            *unindexed = Unindexed {
                reads: 0,
                due: None,
            };
            Ok(())
        }
        Err(err) => {
            tracing::error!(error = %err, reads = unindexed.reads, "children of reads not copied into the audit index");
            unindexed.due = Some(Instant::now() + INDEX_AFTER);
            Err(err.to_string())
        }
    }
}

async fn copy_into_index(pool: &AnyPool, backend: DbKind) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(pool, backend).await?;
    lock_child_reads(&mut tx, backend).await?;
    let from: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(through_id), 0) FROM audit_child_index_runs")
            .fetch_one(&mut *tx)
            .await?;
    let newest: (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MAX(id), MAX(at) FROM audit_child_reads WHERE id > $1")
            .bind(from)
            .fetch_one(&mut *tx)
            .await?;
    let (Some(through), Some(at)) = newest else {
        return tx.rollback().await;
    };
    // Sorted, so each page of the index is visited once, in order.
    let children = match backend {
        DbKind::Sqlite => "json_each(r.children) AS j",
        DbKind::Postgres => "json_array_elements_text(r.children::json) AS j(value)",
    };
    sqlx::query(&format!(
        "INSERT INTO audit_child_index (child_id, read_id) \
         SELECT DISTINCT j.value, r.id FROM audit_child_reads r, {children} \
         WHERE r.id > $1 AND r.id <= $2 ORDER BY 1, 2"
    ))
    .bind(from)
    .bind(through)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO audit_child_index_runs (through_id, at) VALUES ($1, $2)")
        .bind(through)
        .bind(at)
        .execute(&mut *tx)
        .await?;
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

/// The batch's `INSERT` statements, written once per writer for each size
/// [`rows_per_insert`] can choose. On SQLite the values are numbered by position (`?`), not
/// by name (`$n`): SQLite looks a name up by walking the statement's list of names, and sqlx
/// asks for every parameter's name at each execution, so a statement of a thousand `$n`
/// spent more time naming its values than inserting them (a profile of the group page).
struct Statements {
    audit_log: Vec<String>,
    child_reads: Vec<String>,
}

impl Statements {
    fn new(backend: DbKind) -> Self {
        let sizes = (0..=MAX_ROWS_PER_INSERT.ilog2()).map(|power| 1usize << power);
        let build = |head: &str, columns: usize| -> Vec<String> {
            sizes
                .clone()
                .map(|rows| values(head, columns, rows, backend))
                .collect()
        };
        Self {
            audit_log: build(
                "INSERT INTO audit_log \
                 (at, user_id, unit_id, action, child_id, criterion, purpose, outcome)",
                8,
            ),
            child_reads: build(
                "INSERT INTO audit_child_reads (at, user_id, unit_id, action, purpose, children)",
                6,
            ),
        }
    }

    fn audit_log(&self, rows: usize) -> &str {
        &self.audit_log[rows.ilog2() as usize]
    }

    fn child_reads(&self, rows: usize) -> &str {
        &self.child_reads[rows.ilog2() as usize]
    }
}

/// `head VALUES (…), (…)` with `rows` tuples of `columns` placeholders.
fn values(head: &str, columns: usize, rows: usize, backend: DbKind) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(head.len() + rows * columns * 6);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            match backend {
                DbKind::Sqlite => sql.push('?'),
                DbKind::Postgres => {
                    let _ = write!(sql, "${}", row * columns + column + 1);
                }
            }
        }
        sql.push(')');
    }
    sql
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

    #[test]
    fn every_size_has_its_statement_with_one_placeholder_per_value() {
        for backend in [DbKind::Sqlite, DbKind::Postgres] {
            let statements = Statements::new(backend);
            for rows in (0..=MAX_ROWS_PER_INSERT.ilog2()).map(|p| 1usize << p) {
                let sql = statements.child_reads(rows);
                let placeholders = match backend {
                    DbKind::Sqlite => sql.matches('?').count(),
                    DbKind::Postgres => sql.matches('$').count(),
                };
                assert_eq!(placeholders, rows * 6, "{backend:?} {rows}");
                assert_eq!(sql.matches('(').count(), rows + 1, "{backend:?} {rows}");
            }
            let two = statements.audit_log(2);
            assert!(two.ends_with(match backend {
                DbKind::Sqlite => "(?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?)",
                DbKind::Postgres =>
                    "($1, $2, $3, $4, $5, $6, $7, $8), ($9, $10, $11, $12, $13, $14, $15, $16)",
            }));
        }
    }
}
