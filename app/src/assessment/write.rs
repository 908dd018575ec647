//! What every assessment write shares: the checks at the edge (policy, group, round, position,
//! note) and exactly-once delivery by idempotency key (SECURITY O5).

use super::{RoundInfo, Saved};
use crate::domain::{
    check_note, AssessmentContext, AssessmentSettings, ChildId, GroupId, IdempotencyKey, Note,
    Position, RoundId,
};
use crate::error::{AppError, Problem, ProblemCode};
use crate::policy::{self, Action, Decision, Placement, Resource};
use crate::backend::context::{fail, internal, Allowed, Audited, Caller};
use crate::backend::db::Conn;
use crate::backend::store::assessment::{self as store, GroupPlace};
use crate::backend::store::org::ChildPlacements;
use crate::backend::write_queue::Outcome;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A write whose every input has been checked.
pub struct Checked {
    pub group: GroupPlace,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: Note,
    pub settings: AssessmentSettings,
}

fn problem(field: &str, code: ProblemCode) -> Problem {
    Problem {
        line: 0,
        field: field.into(),
        code,
    }
}

/// Checks who asks, where, when and what, reading on the caller's connection. Another unit's
/// child is "not found" (SECURITY A4); a child of the caller's unit outside the named group, a
/// closed round or a bad value is a clear problem list. Nothing is written. The audit row of
/// the decision is committed before any refusal answers; on success the caller awaits
/// [`Audited`] before it writes or answers.
#[allow(clippy::too_many_arguments)]
pub async fn check(
    caller: &Caller,
    conn: &mut Conn,
    action: Action,
    purpose: &str,
    placed: ChildPlacements,
    group: GroupId,
    child: ChildId,
    round: Option<RoundId>,
    position: &str,
    context: &str,
    note: &str,
) -> Result<(Checked, Audited), AppError> {
    let (allowed, audited) = caller
        .authorize_child_at(action, child, placed, purpose)
        .await?;
    let input = Unchecked {
        group,
        child,
        round,
        position,
        context,
        note,
    };
    match check_allowed(caller, conn, action, &allowed, input).await {
        Ok(checked) => Ok((checked, audited)),
        Err(err) => {
            audited.committed().await?;
            Err(err)
        }
    }
}

struct Unchecked<'a> {
    group: GroupId,
    child: ChildId,
    round: Option<RoundId>,
    position: &'a str,
    context: &'a str,
    note: &'a str,
}

async fn check_allowed(
    caller: &Caller,
    conn: &mut Conn,
    action: Action,
    allowed: &Allowed,
    input: Unchecked<'_>,
) -> Result<Checked, AppError> {
    let today = caller.state.clock.today();
    let found = store::write_place(conn, input.group, input.child, input.round, today)
        .await
        .map_err(internal)?;
    let Some(found) = found else {
        return fail(AppError::invalid(0, "group", ProblemCode::NotInGroup));
    };
    let place = found.group;
    // The caller must have the right in the named group's own unit, not just somewhere the
    // child is placed.
    let unit_placement = place.placement();
    let resource = Resource::Child {
        id: input.child,
        placements: std::slice::from_ref::<Placement>(&unit_placement),
    };
    if policy::decide(&allowed.subject, action, &resource, today) != Decision::Allow
        || !found.enrolled
    {
        return fail(AppError::invalid(0, "group", ProblemCode::NotInGroup));
    }

    let mut problems = Vec::new();
    let round_named = input.round.is_some();
    let round: Option<RoundInfo> = match input.round {
        Some(_) => match found.round {
            Some(info) if info.open => Some(info),
            _ => {
                problems.push(problem("round", ProblemCode::RoundClosed));
                None
            }
        },
        None => None,
    };
    let settings = found.settings;
    let position = Position::parse(input.position);
    if position.is_none() {
        problems.push(problem("position", ProblemCode::UnknownPosition));
    }
    let context = AssessmentContext::parse(input.context);
    if context.is_none() {
        problems.push(problem("context", ProblemCode::UnknownContext));
    }
    let note = match position {
        Some(p) => check_note(&settings, p, input.note)
            .map_err(|p| problems.push(p))
            .ok(),
        None => Note::parse(input.note)
            .map_err(|code| problems.push(problem("note", code)))
            .ok(),
    };
    match (position, context, note, problems.is_empty()) {
        (Some(position), Some(context), Some(note), true) if round.is_some() == round_named => {
            Ok(Checked {
                group: place,
                position,
                context,
                note,
                settings,
            })
        }
        _ => fail(AppError::Invalid { problems }),
    }
}

/// The request's fingerprint: a repeat must be byte-for-byte the same request.
pub fn request_hash(input: &impl Serialize) -> Result<String, AppError> {
    let json = serde_json::to_vec(input).map_err(internal)?;
    Ok(format!("{:x}", Sha256::digest(json)))
}

/// What a write finds first: the stored answer when this exact request was answered before
/// (which is the answer again, asked of nothing else), or where the child is placed.
pub enum Start {
    Replay(Saved),
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
    .await
    .map_err(internal)?;
    Ok(match replayed(caller, hash, stored)? {
        Some(saved) => Start::Replay(saved),
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
    let stored = store::idempotent_result(conn, &key.to_string())
        .await
        .map_err(internal)?;
    replayed(caller, hash, stored)
}

/// A stored answer (who sent it, the request's hash, the answer) as the answer to this
/// request: the same answer for the same request, refused for any other.
fn replayed(
    caller: &Caller,
    hash: &str,
    stored: Option<(String, String, String)>,
) -> Result<Option<Saved>, AppError> {
    match stored {
        None => Ok(None),
        Some((user, stored_hash, response)) => {
            if user != caller.user.user_id.to_string() || stored_hash != hash {
                return fail(AppError::KeyReused);
            }
            serde_json::from_str(&response).map(Some).map_err(internal)
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
    current: Option<&store::StoredAssessment>,
) -> Result<Outcome<Saved>, AppError> {
    match replay(conn, caller, key, hash).await? {
        Some(saved) => Ok(Outcome::Commit(saved)),
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
) -> Result<Outcome<Saved>, AppError> {
    let response = serde_json::to_string(&saved).map_err(internal)?;
    let stored = store::store_idempotent_result(
        conn,
        &key.to_string(),
        caller.user.user_id,
        hash,
        &response,
        caller.state.clock.unix(),
    )
    .await
    .map_err(internal)?;
    if stored {
        return Ok(Outcome::Commit(saved));
    }
    match replay(conn, caller, key, hash).await? {
        Some(saved) => Ok(Outcome::Discard(saved)),
        None => Err(internal("idempotency key vanished")),
    }
}

pub fn current(stored: &store::StoredAssessment) -> crate::error::CurrentAssessment {
    crate::error::CurrentAssessment {
        position: stored.position,
        note: stored.note.clone(),
        version: stored.version,
        by: stored.by.clone(),
    }
}
