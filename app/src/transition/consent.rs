//! Giving, recording and revoking consent (SECURITY C2, C3). A custody holder consents on their
//! phone; staff of the place the child leaves record a signed paper form; either revokes. Each
//! is evidence: who, what, from where to where, until when, and how.

use super::GiveConsent;
use crate::domain::{ChildId, UnitId};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A consent given by the caller (no `paper`) or recorded by staff from a signed form.
#[server(name = GiveTransferConsent, prefix = "/api", endpoint = "give_consent", input = Json)]
pub async fn give_consent(input: GiveConsent) -> Result<(), AppError> {
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::consents::{self, NewConsent};
    use crate::care::gate;
    use crate::domain::{ConsentForm, ProblemCode};
    use crate::policy::scope::Reader;
    use crate::policy::Action;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let child = input.child;
    let today = caller.state.clock.today();
    let (guardian, recorded_by, paper) = match &input.paper {
        None => {
            let purpose = "consent to transfer";
            let reached =
                gate::child(&caller, &mut conn, child, Action::ViewChild, purpose).await?;
            if matches!(reached.reader, Reader::Guardian { custody: false }) {
                return gate::needs_custody(
                    &caller,
                    &mut conn,
                    child,
                    Action::ConsentToTransfer,
                    purpose,
                )
                .await;
            }
            gate::child(
                &caller,
                &mut conn,
                child,
                Action::ConsentToTransfer,
                purpose,
            )
            .await?;
            (caller.user.user_id, None, None)
        }
        Some(paper) => {
            let purpose = "record paper consent";
            let reached =
                staff_for_move(&caller, &mut conn, child, input.from_unit, purpose).await?;
            let _ = reached;
            let signed_on = crate::domain::parse_form_date(&paper.signed_on);
            (
                paper.guardian,
                Some(caller.user.user_id),
                Some((signed_on, paper.reference.as_str())),
            )
        }
    };
    let facts = super::facts::Facts::load(&caller, &mut conn, child).await?;
    if !facts.rules.with_consent {
        return fail(AppError::invalid(0, "items", ProblemCode::NotAllowedHere));
    }
    if recorded_by.is_some()
        && !facts.rules.paper_by_staff
        && !super::staff::leads_unit(&caller, input.from_unit)
    {
        return fail(AppError::invalid(0, "paper", ProblemCode::NotAllowedHere));
    }
    if !facts.custody_holders.contains(&guardian) {
        return fail(AppError::invalid(0, "guardian", ProblemCode::NeedsCustody));
    }
    let Some(mv) = facts.live_move(input.from_unit, input.to_unit) else {
        return fail(AppError::invalid(0, "to_unit", ProblemCode::NotMoving));
    };
    let valid_until = crate::domain::parse_form_date(&input.valid_until);
    let form = match ConsentForm::parse(input.items, valid_until, paper, mv.moves_on, today) {
        Ok(form) => form,
        Err(problems) => return fail(AppError::Invalid { problems }),
    };
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let new = NewConsent {
        child,
        mv: &mv,
        guardian,
        form: &form,
        recorded_by,
        now: caller.state.clock.unix(),
    };
    consents::insert(&mut tx, new).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff of the unit the child leaves who may record paper consent there.
#[cfg(feature = "ssr")]
async fn staff_for_move(
    caller: &crate::backend::context::Caller,
    conn: &mut crate::backend::db::Conn,
    child: ChildId,
    from_unit: UnitId,
    purpose: &str,
) -> Result<crate::care::gate::Reached, AppError> {
    use crate::care::gate;
    use crate::policy::Action;
    let action = Action::RecordPaperConsent;
    let reached = gate::child(caller, conn, child, action, purpose).await?;
    if !reached
        .units_for(caller, child, action)
        .contains(&from_unit)
    {
        return gate::refuse(caller, conn, action, format!("unit:{from_unit}"), purpose).await;
    }
    Ok(reached)
}

/// Revokes the consents for a move: a custody holder on their phone, or staff who may record a
/// paper consent recording a revocation they received. From then on the new place reads
/// nothing more; what it already opened stays in the audit log.
#[server(name = RevokeTransferConsent, prefix = "/api", endpoint = "revoke_consent", input = Json)]
pub async fn revoke_consent(
    child: ChildId,
    from_unit: UnitId,
    to_unit: UnitId,
) -> Result<(), AppError> {
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::consents;
    use crate::care::gate;
    use crate::domain::ProblemCode;
    use crate::policy::scope::Reader;
    use crate::policy::Action;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let purpose = "revoke consent";
    let reached = gate::child(&caller, &mut conn, child, Action::ViewChild, purpose).await?;
    match reached.reader {
        Reader::Guardian { custody: false } => {
            return gate::needs_custody(
                &caller,
                &mut conn,
                child,
                Action::ConsentToTransfer,
                purpose,
            )
            .await;
        }
        Reader::Guardian { custody: true } => {
            gate::child(
                &caller,
                &mut conn,
                child,
                Action::ConsentToTransfer,
                purpose,
            )
            .await?;
        }
        Reader::Staff { .. } => {
            staff_for_move(&caller, &mut conn, child, from_unit, purpose).await?;
        }
    }
    let facts = super::facts::Facts::load(&caller, &mut conn, child).await?;
    // Staff record a revocation under the rule that lets them record a paper consent.
    if matches!(reached.reader, Reader::Staff { .. })
        && !facts.rules.paper_by_staff
        && !super::staff::leads_unit(&caller, from_unit)
    {
        return fail(AppError::invalid(0, "paper", ProblemCode::NotAllowedHere));
    }
    let Some(mv) = facts.live_move(from_unit, to_unit) else {
        return fail(AppError::invalid(0, "to_unit", ProblemCode::NotMoving));
    };
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let now = caller.state.clock.unix();
    let revoked = consents::revoke_move(&mut tx, child, &mv, caller.user.user_id, now).await?;
    if revoked == 0 {
        return fail(AppError::invalid(0, "consent", ProblemCode::Closed));
    }
    tx.commit().await?;
    Ok(())
}
