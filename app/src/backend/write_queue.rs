//! Where assessment saves are written. On SQLite a save's own statements take a few hundred
//! microseconds; its commit is a disk flush, and every other save queues for the one write lock
//! meanwhile (polling for it in the busy handler's sleeps). So there one task holds the write
//! connection and runs whatever saves arrived while the previous batch was being committed,
//! each inside a savepoint of one transaction, commits once, and only then answers each of
//! them: a save still answers only once it is durable, and a refusal of one save undoes its own
//! statements and nothing of its neighbours'.
//!
//! PostgreSQL writes concurrent transactions side by side and flushes their commits together
//! itself; a single writer there would only put every save's round trips in one line (measured:
//! fewer saves a second). So there each save is a transaction of its own on the shared pool,
//! with the same rules: kept and committed, or undone, and answered after.

use super::connection::{begin_write, Conn, DbKind};
use futures::future::BoxFuture;
use futures::FutureExt;
use sqlx::{AnyPool, Executor};
use std::panic::AssertUnwindSafe;
use tokio::sync::{mpsc, oneshot};

/// What a unit of work decides about its own statements.
#[derive(Debug)]
pub enum Commit<T> {
    /// Keep them; the answer goes out once they are committed.
    Keep(T),
    /// Undo them (back to the savepoint), but answer this all the same once the batch is
    /// committed, since the answer may rest on what earlier work in the batch wrote.
    Undo(T),
}

/// The batch this work was in could not be committed (or the writer has stopped): nothing it
/// wrote is in the database.
#[derive(Debug, thiserror::Error)]
#[error("the write was not committed: {0}")]
pub struct NotCommitted(String);

type Deliver = Box<dyn FnOnce(Result<(), NotCommitted>) + Send>;
type Work = Box<dyn for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, (bool, Deliver)> + Send>;

/// Cheap to clone, shared by every clone of the database handle.
#[derive(Clone, Debug)]
pub struct WriteQueue {
    /// `None` when each save is its own transaction on `pool`.
    sender: Option<mpsc::UnboundedSender<Work>>,
    pool: AnyPool,
    backend: DbKind,
}

/// More work than this in one transaction would only make the first of it wait longer.
const MAX_BATCH: usize = 64;

impl WriteQueue {
    /// Starts the writing task on `pool` (a pool of its own, one connection). It ends when the
    /// last handle is dropped.
    pub fn batched(pool: AnyPool, backend: DbKind) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(pool.clone(), backend, receiver));
        Self {
            sender: Some(sender),
            pool,
            backend,
        }
    }

    /// Each save a transaction of its own on `pool`.
    pub fn direct(pool: AnyPool, backend: DbKind) -> Self {
        Self {
            sender: None,
            pool,
            backend,
        }
    }

    /// Closes the batch writer's connection (a direct queue's pool belongs to the database).
    pub async fn close(&self) {
        if self.sender.is_some() {
            self.pool.close().await;
        }
    }

    /// Runs `work` in the next batch's transaction and answers with what it returned once the
    /// batch is committed. The work must not wait for anything but its own statements: the
    /// whole batch waits with it.
    pub async fn run<T, F>(&self, work: F) -> Result<T, NotCommitted>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Commit<T>> + Send + 'static,
    {
        let Some(sender) = &self.sender else {
            return self.run_alone(work).await;
        };
        let (answer, receive) = oneshot::channel::<Result<T, NotCommitted>>();
        let work: Work = Box::new(move |conn| {
            Box::pin(async move {
                let (keep, value) = match work(conn).await {
                    Commit::Keep(value) => (true, value),
                    Commit::Undo(value) => (false, value),
                };
                let deliver: Deliver = Box::new(move |committed| {
                    // A request that gave up waiting has nobody to tell.
                    let _ = answer.send(committed.map(|()| value));
                });
                (keep, deliver)
            })
        });
        sender
            .send(work)
            .map_err(|_| NotCommitted("the writer has stopped".into()))?;
        receive
            .await
            .unwrap_or_else(|_| Err(NotCommitted("the write was abandoned".into())))
    }

    async fn run_alone<T, F>(&self, work: F) -> Result<T, NotCommitted>
    where
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Commit<T>>,
    {
        let failed = |err: sqlx::Error| NotCommitted(err.to_string());
        let mut tx = begin_write(&self.pool, self.backend)
            .await
            .map_err(failed)?;
        match work(&mut tx).await {
            Commit::Keep(value) => {
                tx.commit().await.map_err(failed)?;
                Ok(value)
            }
            Commit::Undo(value) => {
                tx.rollback().await.map_err(failed)?;
                Ok(value)
            }
        }
    }
}

async fn write_batches(
    pool: AnyPool,
    backend: DbKind,
    mut receiver: mpsc::UnboundedReceiver<Work>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut delivers = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let result = write(&pool, backend, &mut batch, &mut delivers)
            .await
            .map_err(|err| err.to_string());
        if let Err(err) = &result {
            tracing::error!(error = %err, saves = delivers.len(), "a batch of saves was not committed");
        }
        // Work the failure left unrun is dropped here, and its caller told so.
        batch.clear();
        for deliver in delivers.drain(..) {
            deliver(result.clone().map_err(NotCommitted));
        }
    }
}

async fn write(
    pool: &AnyPool,
    backend: DbKind,
    batch: &mut Vec<Work>,
    delivers: &mut Vec<Deliver>,
) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(pool, backend).await?;
    for work in batch.drain(..) {
        tx.execute("SAVEPOINT save").await?;
        // A panic in one save must not take the writer, and every later save, with it.
        match AssertUnwindSafe(work(&mut tx)).catch_unwind().await {
            Ok((true, deliver)) => {
                delivers.push(deliver);
                tx.execute("RELEASE SAVEPOINT save").await?;
            }
            Ok((false, deliver)) => {
                delivers.push(deliver);
                tx.execute("ROLLBACK TO SAVEPOINT save; RELEASE SAVEPOINT save")
                    .await?;
            }
            Err(_) => {
                tracing::error!("a save panicked; its statements are undone");
                tx.execute("ROLLBACK TO SAVEPOINT save; RELEASE SAVEPOINT save")
                    .await?;
            }
        }
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::any::AnyPoolOptions;
    use sqlx::Connection;

    /// A queue on a fresh SQLite file, and a pool of its own to look at what was committed.
    async fn queue() -> (WriteQueue, AnyPool, std::path::PathBuf) {
        let (writer, reader, dir) = pools().await;
        (WriteQueue::batched(writer, DbKind::Sqlite), reader, dir)
    }

    /// Both kinds of queue, each on a fresh SQLite file.
    async fn both_kinds() -> Vec<(WriteQueue, AnyPool, std::path::PathBuf)> {
        let (writer, reader, dir) = pools().await;
        vec![
            queue().await,
            (WriteQueue::direct(writer, DbKind::Sqlite), reader, dir),
        ]
    }

    async fn pools() -> (AnyPool, AnyPool, std::path::PathBuf) {
        sqlx::any::install_default_drivers();
        let dir = std::env::temp_dir().join(format!("tvaers-queue-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.join("q.db").display());
        let options = || {
            AnyPoolOptions::new()
                .max_connections(1)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000;")
                            .await?;
                        Ok(())
                    })
                })
        };
        let reader = options().connect(&url).await.expect("reader");
        sqlx::query("CREATE TABLE t (v TEXT PRIMARY KEY)")
            .execute(&reader)
            .await
            .expect("table");
        let writer = options().connect(&url).await.expect("writer");
        (writer, reader, dir)
    }

    async fn insert(conn: &mut Conn, v: &str) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO t (v) VALUES ($1)")
            .bind(v.to_owned())
            .execute(&mut *conn)
            .await
            .map(|_| ())
    }

    async fn committed(reader: &AnyPool) -> Vec<String> {
        sqlx::query_scalar("SELECT v FROM t ORDER BY v")
            .fetch_all(reader)
            .await
            .expect("read")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_refused_save_undoes_its_own_statements_and_none_of_its_neighbours() {
        for (queue, reader, dir) in both_kinds().await {
            refused_saves_undo_only_themselves(queue, reader, dir).await;
        }
    }

    async fn refused_saves_undo_only_themselves(
        queue: WriteQueue,
        reader: AnyPool,
        dir: std::path::PathBuf,
    ) {
        let run = |v: &'static str, keep: bool| {
            let queue = queue.clone();
            async move {
                queue
                    .run(move |conn| {
                        Box::pin(async move {
                            insert(conn, v).await.expect("insert");
                            if keep {
                                Commit::Keep(format!("kept {v}"))
                            } else {
                                Commit::Undo(format!("refused {v}"))
                            }
                        })
                    })
                    .await
                    .expect("committed")
            }
        };
        let answers = tokio::join!(
            run("a", true),
            run("b", false),
            run("c", true),
            run("d", false)
        );
        assert_eq!(
            answers,
            (
                "kept a".to_owned(),
                "refused b".to_owned(),
                "kept c".to_owned(),
                "refused d".to_owned()
            )
        );
        assert_eq!(committed(&reader).await, ["a", "c"]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_answer_comes_after_its_write_is_committed() {
        for (queue, reader, dir) in both_kinds().await {
            answers_come_after_commits(queue, reader, dir).await;
        }
    }

    async fn answers_come_after_commits(
        queue: WriteQueue,
        reader: AnyPool,
        dir: std::path::PathBuf,
    ) {
        let mut saves = Vec::new();
        for i in 0..40 {
            let (queue, reader) = (queue.clone(), reader.clone());
            saves.push(tokio::spawn(async move {
                let v = format!("v{i:02}");
                let mine = v.clone();
                queue
                    .run(move |conn| {
                        Box::pin(async move {
                            insert(conn, &mine).await.expect("insert");
                            Commit::Keep(())
                        })
                    })
                    .await
                    .expect("committed");
                // Another connection sees it the moment the answer arrives.
                let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t WHERE v = $1")
                    .bind(v.clone())
                    .fetch_one(&reader)
                    .await
                    .expect("read");
                assert_eq!(seen, 1, "{v} answered before it was committed");
            }));
        }
        for save in saves {
            save.await.expect("save");
        }
        assert_eq!(committed(&reader).await.len(), 40);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_save_that_panics_is_undone_and_the_writer_goes_on() {
        let (queue, reader, dir) = queue().await;
        let panicked = queue
            .run(|conn| {
                Box::pin(async move {
                    insert(conn, "p").await.expect("insert");
                    if conn.ping().await.is_ok() {
                        panic!("a bug in one save");
                    }
                    Commit::Keep(())
                })
            })
            .await;
        assert!(
            panicked.is_err(),
            "a panicked save is not reported as saved"
        );
        queue
            .run(|conn| {
                Box::pin(async move {
                    insert(conn, "after").await.expect("insert");
                    Commit::Keep(())
                })
            })
            .await
            .expect("the writer still writes");
        assert_eq!(committed(&reader).await, ["after"]);
        let _ = std::fs::remove_dir_all(dir);
    }
}
