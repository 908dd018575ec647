//! The leader's spot check of lookups (issue 18 item 4; SECURITY L3): the page, a decision on
//! one sampled lookup, and the sample size. The weekly draw is `draw`; how an item is shown
//! is `read`.
//!
//! Decided where the issue was silent (docs/ACCESS.md, *The spot check of lookups*): a unit's
//! leader checks the lookups made in the unit, by name of the member of staff (knowing who
//! looked is the check); a child is named only when the leader may see that child. Leaders'
//! own lookups are never in a leader's sample: they go to the administrator, who reaches no
//! child and so sees none by name. A decision is final; a flag needs a reason and is told to
//! the administrators by a content-free letter.

#[cfg(feature = "ssr")]
pub mod draw;
#[cfg(feature = "ssr")]
mod read;

use crate::error::AppError;
use crate::wire::spot_check::{SpotCheckDecision, SpotCheckPage};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// How long a decision's note may be.
pub const NOTE_MAX: usize = 1000;

/// The caller's samples: a leader's units; the administrator's sample of leaders' lookups and
/// every flag. Anyone else is refused (and the refusal logged).
#[server(name = GetSpotCheck, prefix = "/api", endpoint = "spot_check")]
pub async fn get_spot_check() -> Result<SpotCheckPage, AppError> {
    let caller = crate::backend::context::Caller::current()?;
    read::page(&caller).await
}

/// Confirms one sampled lookup as work-related or flags it (with a reason).
#[server(name = DecideSpotCheck, prefix = "/api", endpoint = "decide_spot_check", input = Json)]
pub async fn decide_spot_check(decision: SpotCheckDecision) -> Result<(), AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::spot_checks;
    use crate::domain::ProblemCode;
    use crate::policy::Action;
    use crate::wire::spot_check::Verdict;

    const PURPOSE: &str = "spot check";
    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let missing = format!("spot_check_item:{}", decision.item);
    let Some(item) = spot_checks::item(&mut conn, decision.item).await? else {
        caller
            .authorize(
                &mut conn,
                Action::CheckLookups,
                Target::Missing(missing),
                PURPOSE,
            )
            .await?;
        return fail(AppError::NotFound);
    };
    // The unit's leader checks the unit's items; the administrator the leaders' own.
    let target = if item.for_administrator {
        Target::Municipality(item.municipality)
    } else {
        Target::Unit(item.unit)
    };
    caller
        .authorize(&mut conn, Action::CheckLookups, target, PURPOSE)
        .await?;
    if item.looker == caller.user.user_id {
        return fail(AppError::Forbidden);
    }
    let note = decision.note.trim();
    if note.chars().count() > NOTE_MAX {
        return fail(AppError::invalid(0, "note", ProblemCode::TooLong));
    }
    if decision.verdict == Verdict::Flagged && note.is_empty() {
        return fail(AppError::invalid(0, "note", ProblemCode::NoteRequired));
    }
    let now = caller.state.clock.unix();
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let decided = spot_checks::decide(
        &mut tx,
        decision.item,
        decision.verdict,
        note,
        caller.user.user_id,
        now,
    )
    .await?;
    if !decided {
        drop(tx);
        return fail(AppError::invalid(0, "verdict", ProblemCode::Closed));
    }
    tx.commit().await?;
    let entry = Entry {
        at: now,
        user: Some(caller.user.user_id),
        unit: Some(item.unit),
        action: "decide_spot_check",
        child: None,
        criterion: Some(format!(
            "item:{} verdict:{}",
            decision.item,
            decision.verdict.code()
        )),
        purpose: PURPOSE,
        outcome: Outcome::Succeeded,
    };
    audit::enqueue(&caller.state.db, entry).committed().await?;
    if decision.verdict == Verdict::Flagged {
        read::tell_administrators(&caller, &mut conn, item.municipality).await?;
    }
    Ok(())
}

/// The administrator sets how many lookups are drawn per unit and week (0–50; 0 stops it).
#[server(name = SaveSpotCheckSample, prefix = "/api", endpoint = "save_spot_check_sample", input = Json)]
pub async fn save_spot_check_sample(size: i64) -> Result<(), AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{org, spot_checks};
    use crate::domain::ProblemCode;
    use crate::policy::Action;

    const PURPOSE: &str = "spot check sample size";
    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let Some(muni) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    caller
        .authorize(
            &mut conn,
            Action::ConfigureAssessment,
            Target::Municipality(muni),
            PURPOSE,
        )
        .await?;
    if !(0..=50).contains(&size) {
        return fail(AppError::invalid(0, "size", ProblemCode::OutOfRange));
    }
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    spot_checks::set_sample_size(&mut tx, muni, size).await?;
    tx.commit().await?;
    let entry = Entry {
        at: caller.state.clock.unix(),
        user: Some(caller.user.user_id),
        unit: None,
        action: "set_spot_check_sample",
        child: None,
        criterion: Some(format!("size:{size}")),
        purpose: PURPOSE,
        outcome: Outcome::Succeeded,
    };
    audit::enqueue(&caller.state.db, entry).committed().await?;
    Ok(())
}
