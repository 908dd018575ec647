//! One save, told in order: the key's stored answer or the child's placements; the checks
//! (the policy asked once, then group, round, position, context and note); the facts this kind
//! of save still needs, read on the same connection; a pure decision on them; the statements
//! in the write queue's transaction; the answer.

use super::check::{check, Checked, SaveCheck};
use super::commit::{self, Write};
use super::kind::Kind;
use super::replay::{start, Start};
use crate::backend::context::{fail, internal, with_status, Caller};
use crate::backend::store::{groups, indicators};
use crate::error::{AppError, ProblemCode};
use crate::wire::assessment::{Draft, Saved};

pub async fn save(draft: Draft, kind: Kind, hash: String) -> Result<Saved, AppError> {
    let caller = Caller::current()?;
    let db = &caller.state.db;
    // The reads before the write share one connection, returned before the write begins.
    let mut conn = db.conn().await?;
    let (action, purpose) = kind.action();
    let placed = match start(&mut conn, &caller, draft.key, &hash, draft.child).await? {
        Start::Replay(saved, placed) => {
            let (_, audited) = caller
                .authorize_child_at(action, draft.child, placed, purpose)
                .await?;
            audited.committed().await?;
            return Ok(saved);
        }
        Start::Fresh(placed) => placed,
    };
    let request = SaveCheck {
        action,
        purpose,
        placed,
        round: kind.round(),
        draft: &draft,
    };
    let (checked, audited) = check(&caller, &mut conn, request).await?;
    let facts = read_facts(&caller, &mut conn, &kind, &checked).await;
    drop(conn);
    audited.committed().await?;
    let needed = decide(&kind, &checked, facts?)?;
    let write = Write {
        caller: caller.clone(),
        hash,
        key: draft.key,
        child: draft.child,
        group: draft.group,
        checked,
        kind,
        needed,
    };
    db.saves()
        .run(move |conn| Box::pin(async move { commit::settle(commit::write(conn, write).await) }))
        .await
        .map_err(internal)?
        .map_err(with_status)
}

/// What a kind of save reads beyond the checks: the positions of the chosen indicators, or
/// how many close staff the unit has today (the joint position waits for enough of them).
enum Facts {
    IndicatorPositions(Vec<Option<crate::domain::Position>>),
    CloseStaff(usize),
    None,
}

async fn read_facts(
    caller: &Caller,
    conn: &mut crate::backend::db::Conn,
    kind: &Kind,
    checked: &Checked,
) -> Result<Facts, AppError> {
    Ok(match kind {
        Kind::Individual { indicators, .. } if indicators.is_empty() => {
            Facts::IndicatorPositions(Vec::new())
        }
        Kind::Individual { indicators, .. } => Facts::IndicatorPositions(
            indicators::indicator_positions(conn, checked.group.municipality, indicators).await?,
        ),
        Kind::Joint { .. } => {
            let today = caller.state.clock.today();
            Facts::CloseStaff(groups::close_staff_count(conn, &checked.group, today).await?)
        }
        Kind::Adhoc => Facts::None,
    })
}

/// The decision on the facts, with no I/O: every chosen indicator must belong to the chosen
/// position; a joint position needs as many individual ones as the settings ask of the staff.
/// Answers how many individual positions the write must find.
fn decide(kind: &Kind, checked: &Checked, facts: Facts) -> Result<usize, AppError> {
    match (kind, facts) {
        (Kind::Individual { .. }, Facts::IndicatorPositions(positions)) => {
            if positions.iter().any(|p| *p != Some(checked.position)) {
                return fail(AppError::invalid(
                    0,
                    "indicators",
                    ProblemCode::UnknownIndicator,
                ));
            }
            Ok(0)
        }
        (Kind::Joint { .. }, Facts::CloseStaff(staff)) => {
            Ok(checked.settings.individual_needed(staff))
        }
        (Kind::Adhoc, Facts::None) => Ok(0),
        _ => Err(internal("a save read the facts of another kind")),
    }
}
