//! The statements of a save, run in the write queue's transaction once every check has passed.
//! They answer with plain errors: the HTTP status is set back in the request.

use super::check::Checked;
use super::kind::Kind;
use super::replay::{finish, replay_or_conflict};
use crate::backend::context::{internal, Caller};
use crate::backend::db::Conn;
use crate::backend::store::assessments::{self, NewAssessment, StoredAssessment};
use crate::backend::store::{follow_ups, indicators, round_counts};
use crate::backend::write_queue::Commit;
use crate::domain::{AssessmentId, AssessmentKind, ChildId, GroupId, IdempotencyKey, RoundId};
use crate::error::{AppError, ProblemCode};
use crate::wire::assessment::Saved;

/// What a save carries into the queue.
pub struct Write {
    pub caller: Caller,
    pub hash: String,
    pub key: IdempotencyKey,
    pub child: ChildId,
    pub group: GroupId,
    pub checked: Checked,
    pub kind: Kind,
    /// Individual positions a joint one needs first (0 for the other kinds).
    pub needed: usize,
}

/// A save's answer as the write queue wants it: a refusal undoes the save's statements.
pub fn settle(result: Result<Commit<Saved>, AppError>) -> Commit<Result<Saved, AppError>> {
    match result {
        Ok(Commit::Keep(saved)) => Commit::Keep(Ok(saved)),
        Ok(Commit::Undo(saved)) => Commit::Undo(Ok(saved)),
        Err(err) => Commit::Undo(Err(err)),
    }
}

pub async fn write(conn: &mut Conn, w: Write) -> Result<Commit<Saved>, AppError> {
    let today = w.caller.state.clock.today();
    let now = w.caller.state.clock.unix();
    let (kind, round, base) = match &w.kind {
        Kind::Individual { round, base, .. } => (AssessmentKind::Individual, Some(*round), *base),
        Kind::Joint { round, base } => (AssessmentKind::Joint, Some(*round), *base),
        Kind::Adhoc => (AssessmentKind::Adhoc, None, None),
    };
    if let (AssessmentKind::Joint, Some(round)) = (kind, round) {
        let given =
            assessments::count_individual(conn, round, w.child, w.checked.group.unit).await?;
        if given < w.needed {
            return Err(AppError::invalid(0, "joint", ProblemCode::TooFewIndividual));
        }
    }
    let (id, version) = match base {
        None => {
            let id = AssessmentId::random();
            let row = NewAssessment {
                id,
                child: w.child,
                round,
                kind,
                assessor: w.caller.user.user_id,
                group: w.group,
                unit: w.checked.group.unit,
                position: w.checked.position,
                context: w.checked.context,
                note: w.checked.note.as_str(),
                assessed_on: today,
                now,
            };
            if !assessments::insert_new_assessment(conn, &row).await? {
                // Ad hoc rows meet no uniqueness rule but their random id's; a repeat of the
                // key committed meanwhile is caught by `finish` instead.
                let existing = existing(conn, &w, kind, round).await?;
                if existing.is_none() && kind == AssessmentKind::Adhoc {
                    return Err(internal("a new ad hoc assessment's id was taken"));
                }
                return replay_or_conflict(conn, &w.caller, w.key, &w.hash, existing.as_ref())
                    .await;
            }
            if let Kind::Individual { indicators, .. } = &w.kind {
                indicators::add_indicators(conn, id, indicators).await?;
            }
            (id, 1)
        }
        Some(base) => {
            let existing = existing(conn, &w, kind, round).await?;
            let row = match existing {
                Some(row) if row.version == base => row,
                other => {
                    return replay_or_conflict(conn, &w.caller, w.key, &w.hash, other.as_ref())
                        .await
                }
            };
            let change = assessments::Change {
                assessment: row.id,
                base,
                recorder: w.caller.user.user_id,
                position: w.checked.position,
                context: w.checked.context,
                note: w.checked.note.as_str(),
                assessed_on: today,
                now,
            };
            if !assessments::update_assessment(conn, &change).await? {
                // A colleague's change landed first, or this same request's first copy.
                return replay_or_conflict(conn, &w.caller, w.key, &w.hash, Some(&row)).await;
            }
            if let Kind::Individual { indicators, .. } = &w.kind {
                indicators::set_indicators(conn, row.id, indicators).await?;
            }
            (row.id, base + 1)
        }
    };
    let follow_up_due = match kind {
        AssessmentKind::Individual => None,
        _ => {
            if w.checked.position.is_concern() {
                let due = w.checked.settings.follow_up_due(today);
                follow_ups::open_follow_up(conn, id, w.child, w.checked.group.unit, due, now)
                    .await?;
            }
            // A joint position changed from a concern keeps the follow-up it opened.
            follow_ups::follow_up_due(conn, id).await?
        }
    };
    if let (AssessmentKind::Joint, Some(round)) = (kind, round) {
        // The reports over time read counts kept per round and unit (issue 19).
        round_counts::refresh(conn, round, w.checked.group.unit, today).await?;
    }
    let saved = Saved {
        assessment: id,
        version,
        follow_up_due,
    };
    finish(conn, &w.caller, w.key, &w.hash, saved).await
}

/// The row a save of this kind would change: the assessor's own, or the team's.
async fn existing(
    conn: &mut Conn,
    w: &Write,
    kind: AssessmentKind,
    round: Option<RoundId>,
) -> Result<Option<StoredAssessment>, AppError> {
    Ok(match (kind, round) {
        (AssessmentKind::Individual, Some(round)) => {
            assessments::find_individual(conn, round, w.child, w.caller.user.user_id).await?
        }
        (AssessmentKind::Joint, Some(round)) => {
            assessments::find_joint(conn, round, w.child, w.checked.group.unit).await?
        }
        _ => None,
    })
}
