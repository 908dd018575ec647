//! Group commit for the audit log. Every read of child data appends a row, so one commit per
//! request would make each page view wait for its own disk flush behind every other writer.
//! Instead one task writes whatever rows arrived while the previous batch was being committed,
//! in one transaction, and only then answers each waiting request: a request still goes on only
//! once its row is durable (SECURITY L1), but a hundred requests share one flush.

use super::db::{begin_write, Backend};
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

struct Waiting {
    row: Row,
    done: oneshot::Sender<Result<(), String>>,
}

/// The sending side; cheap to clone, shared by every clone of the database handle.
#[derive(Clone, Debug)]
pub struct AuditQueue {
    sender: mpsc::UnboundedSender<Waiting>,
    pool: AnyPool,
}

/// More rows than this in one transaction would only make the first of them wait longer.
const MAX_BATCH: usize = 512;

impl AuditQueue {
    /// Starts the writing task. It ends when the last handle is dropped.
    pub fn start(pool: AnyPool, backend: Backend) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(pool.clone(), backend, receiver));
        Self { sender, pool }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Appends one row and returns once it is committed.
    pub async fn append(&self, row: Row) -> Result<(), sqlx::Error> {
        let (done, answer) = oneshot::channel();
        self.sender
            .send(Waiting { row, done })
            .map_err(|_| closed())?;
        match answer.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(sqlx::Error::Protocol(message)),
            Err(_) => Err(closed()),
        }
    }
}

fn closed() -> sqlx::Error {
    sqlx::Error::Protocol("the audit log writer has stopped".into())
}

async fn write_batches(
    pool: AnyPool,
    backend: Backend,
    mut receiver: mpsc::UnboundedReceiver<Waiting>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let result = write(&pool, backend, &batch)
            .await
            .map_err(|err| err.to_string());
        if let Err(err) = &result {
            tracing::error!(error = %err, rows = batch.len(), "audit rows not written");
        }
        for waiting in batch.drain(..) {
            // A request that gave up waiting has nobody to tell.
            let _ = waiting.done.send(result.clone());
        }
    }
}

async fn write(pool: &AnyPool, backend: Backend, batch: &[Waiting]) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(pool, backend).await?;
    for Waiting { row, .. } in batch {
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, unit_id, action, child_id, criterion, purpose, outcome) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(row.at)
        .bind(row.user.as_deref())
        .bind(row.unit.as_deref())
        .bind(row.action.as_str())
        .bind(row.child.as_deref())
        .bind(row.criterion.as_deref())
        .bind(row.purpose.as_str())
        .bind(row.outcome)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
