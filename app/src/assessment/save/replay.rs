//! Exactly-once delivery by idempotency key (SECURITY O5): a repeat of a request gets the
//! stored answer, the same key with another request is refused, and the answer is stored in
//! the same transaction as the save.

use crate::backend::context::{fail, internal, Caller};
use crate::backend::db::Conn;
use crate::backend::store::assessments::StoredAssessment;
use crate::backend::store::idempotency::{self, StoredAnswer};
use crate::backend::store::org::ChildPlacements;
use crate::backend::write_queue::Commit;
use crate::domain::{ChildId, IdempotencyKey};
use crate::error::AppError;
use crate::wire::assessment::Saved;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The request's fingerprint: a repeat must be byte-for-byte the same request.
pub fn request_hash(input: &impl Serialize) -> Result<String, AppError> {
    let json = serde_json::to_vec(input)?;
    Ok(format!("{:x}", Sha256::digest(json)))
}

/// What a write finds first: where the child is placed, and the stored answer when this exact
/// request was answered before (the answer again, once the policy still lets the caller reach
/// the child: a repeat is a request like any other, decided and logged).
pub enum Start {
    Replay(Saved, ChildPlacements),
    Fresh(ChildPlacements),
}

/// The first statement of every write: the key's stored answer and the child's placements.
pub async fn start(
    conn: &mut Conn,
    caller: &Caller,
    key: IdempotencyKey,
    hash: &str,
    child: ChildId,
) -> Result<Start, AppError> {
    let today = caller.state.clock.today();
    let (placed, stored) = crate::backend::store::org::child_placements_and_answer(
        conn,
        child,
        today,
        &key.to_string(),
    )
    .await?;
    Ok(match replayed(caller, hash, stored)? {
        Some(saved) => Start::Replay(saved, placed),
        None => Start::Fresh(placed),
    })
}

/// The stored answer for a key, if this exact request was answered before.
pub async fn replay(
    conn: &mut Conn,
    caller: &Caller,
    key: IdempotencyKey,
    hash: &str,
) -> Result<Option<Saved>, AppError> {
    let stored = idempotency::idempotent_result(conn, &key.to_string()).await?;
    replayed(caller, hash, stored)
}

/// A stored answer as the answer to this
/// request: the same answer for the same request, refused for any other.
fn replayed(
    caller: &Caller,
    hash: &str,
    stored: Option<StoredAnswer>,
) -> Result<Option<Saved>, AppError> {
    match stored {
        None => Ok(None),
        Some(stored) => {
            if stored.user != caller.user.user_id || stored.request_hash != hash {
                return fail(AppError::KeyReused);
            }
            Ok(Some(serde_json::from_str(&stored.response)?))
        }
    }
}

/// For a write that found the row moved on since the client read it: the stored answer when
/// the move was this same request arriving twice (its first copy committed meanwhile), else
/// the conflict the user resolves. Looked up only here, so a write that meets no conflict
/// spends no statement on it under the write lock; a repeat that meets none is caught by
/// [`finish`] instead. Nothing was written, so there is nothing to undo.
pub async fn replay_or_conflict(
    conn: &mut Conn,
    caller: &Caller,
    key: IdempotencyKey,
    hash: &str,
    current: Option<&StoredAssessment>,
) -> Result<Commit<Saved>, AppError> {
    match replay(conn, caller, key, hash).await? {
        Some(saved) => Ok(Commit::Keep(saved)),
        None => Err(AppError::Conflict {
            current: current.map(self::current),
        }),
    }
}

/// Stores the answer beside the write, so both are committed or neither. When the key has an
/// answer already — the same request arrived twice at once and the other copy was written
/// first, perhaps earlier in this very batch — this write is undone and answered as that copy
/// was.
pub async fn finish(
    conn: &mut Conn,
    caller: &Caller,
    key: IdempotencyKey,
    hash: &str,
    saved: Saved,
) -> Result<Commit<Saved>, AppError> {
    let response = serde_json::to_string(&saved)?;
    let stored = idempotency::store_idempotent_result(
        conn,
        &key.to_string(),
        caller.user.user_id,
        hash,
        &response,
        caller.state.clock.unix(),
    )
    .await?;
    if stored {
        return Ok(Commit::Keep(saved));
    }
    match replay(conn, caller, key, hash).await? {
        Some(saved) => Ok(Commit::Undo(saved)),
        None => Err(internal("idempotency key vanished")),
    }
}

fn current(stored: &StoredAssessment) -> crate::error::CurrentAssessment {
    crate::error::CurrentAssessment {
        position: stored.position,
        note: stored.note.clone(),
        version: stored.version,
        by: stored.by.clone(),
    }
}
