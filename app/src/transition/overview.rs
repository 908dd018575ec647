//! The parents' view of a child's moves, and whether a move carries a concern that calls for a
//! transition meeting (*sammenhængsmøde*).

#[cfg(feature = "ssr")]
use crate::backend::{context::Caller, db::Conn};
#[cfg(feature = "ssr")]
use crate::domain::{ChildId, UnitId};
#[cfg(feature = "ssr")]
use crate::error::AppError;

/// A yellow or red joint position by the unit in the last year, or an active action plan of
/// the unit: the move calls for a transition meeting with both places and the parents.
#[cfg(feature = "ssr")]
pub async fn concern(
    caller: &Caller,
    conn: &mut Conn,
    child: ChildId,
    unit: UnitId,
) -> Result<bool, AppError> {
    use crate::backend::store::assessments::{child_assessments, RegisteredBy};
    use crate::backend::store::plans;
    use crate::domain::{AssessmentKind, PlanStatus, Position};

    let year_ago = caller.state.clock.today() - time::Duration::days(365);
    let units = [unit];
    let positions = child_assessments(conn, child, RegisteredBy::Units(&units)).await?;
    let worried = positions.iter().any(|a| {
        a.kind == AssessmentKind::Joint
            && a.position != Position::Green
            && a.assessed_on >= year_ago
    });
    let plans = plans::child_plans(conn, child, Some(&units)).await?;
    Ok(worried || plans.iter().any(|p| p.status == PlanStatus::Active))
}

/// What a guardian sees of the child's moves: where (unless another guardian's address
/// protection hides it), the description, their own consents and whether the others have
/// consented — never staff names.
#[cfg(feature = "ssr")]
pub async fn parent_view(
    caller: &Caller,
    conn: &mut Conn,
    facts: &super::facts::Facts,
    child: ChildId,
    custody: bool,
) -> Result<super::ParentTransitions, AppError> {
    use super::facts::consent_view;
    use super::{ConsentHow, ParentMove, ParentTransitions};
    use crate::backend::store::{child_page, transitions};
    use crate::care::read::local_date;

    let today = caller.state.clock.today();
    let me = caller.user.user_id;
    let (_, other_protected) = child_page::child_guardians(conn, child, me, today).await?;
    let recent = today - time::Duration::days(365);
    let mut moves = Vec::new();
    for mv in facts.moves.iter().filter(|m| m.moves_on >= recent) {
        let (from_name, to_name) = if other_protected {
            (None, None)
        } else {
            (
                Some(transitions::unit_name(conn, mv.from_unit).await?),
                Some(transitions::unit_name(conn, mv.to_unit).await?),
            )
        };
        let description = transitions::description(conn, child, mv.from_unit, mv.to_unit)
            .await?
            .map(|d| d.description);
        let mine = facts
            .consents_for(mv)
            .filter(|c| c.guardian == me)
            .map(|c| {
                let mut view = consent_view(c, false);
                if let ConsentHow::Paper { recorded_by, .. } = &mut view.how {
                    *recorded_by = None;
                }
                view
            })
            .collect();
        let others_consented = facts
            .custody_holders
            .iter()
            .filter(|holder| **holder != me)
            .map(|holder| {
                facts.consents_for(mv).any(|c| {
                    c.guardian == *holder && c.revoked_at.is_none() && c.valid_until >= today
                })
            })
            .collect();
        // Under the other guardian's address protection the units' ids, too, would name the
        // places: the parent gets stand-ins that name only the move (SECURITY C4).
        let (from_unit, to_unit) = if other_protected {
            (
                super::facts::masked(child, mv.moves_on, "from"),
                super::facts::masked(child, mv.moves_on, "to"),
            )
        } else {
            (mv.from_unit, mv.to_unit)
        };
        moves.push(ParentMove {
            from_unit,
            to_unit,
            from_name,
            to_name,
            moves_on: mv.moves_on,
            description,
            mine,
            others_consented,
            opened: facts.opened_for(mv),
        });
    }
    let handed_over = transitions::handovers(conn, child)
        .await?
        .into_iter()
        .map(|(_, at)| local_date(at))
        .collect();
    Ok(ParentTransitions {
        child,
        moves,
        custody,
        with_consent: facts.rules.with_consent,
        all_custody_holders: facts.rules.all_custody_holders,
        handed_over,
    })
}
