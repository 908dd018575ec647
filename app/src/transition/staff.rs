//! A child's transitions as the caller's relationship lets them see them, and what the place the
//! child leaves does: write the transition description with the parents and hand the parents
//! everything registered.

use super::{ChildTransitions, SaveDescription};
use crate::domain::ChildId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(name = GetChildTransitions, prefix = "/api", endpoint = "child_transitions", input = Json)]
pub async fn get_child_transitions(child: ChildId) -> Result<ChildTransitions, AppError> {
    use crate::care::gate;
    use crate::policy::scope::Reader;
    use crate::policy::Action;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let reached = gate::child(&caller, &mut conn, child, Action::ViewChild, "transitions").await?;
    let facts = super::facts::Facts::load(&caller, &mut conn, child).await?;
    match &reached.reader {
        Reader::Staff { .. } => Ok(ChildTransitions::Staff(
            staff_view(&caller, &mut conn, &reached, &facts, child).await?,
        )),
        Reader::Guardian { custody } => Ok(ChildTransitions::Parent(
            super::overview::parent_view(&caller, &mut conn, &facts, child, *custody).await?,
        )),
    }
}

#[cfg(feature = "ssr")]
async fn staff_view(
    caller: &crate::backend::context::Caller,
    conn: &mut crate::backend::db::Conn,
    reached: &crate::care::gate::Reached,
    facts: &super::facts::Facts,
    child: ChildId,
) -> Result<super::StaffTransitions, AppError> {
    use super::facts::consent_view;
    use super::{CustodyHolder, StaffMove, StaffTransitions};
    use crate::backend::store::{meetings, transitions};
    use crate::care::read::local_date;
    use crate::policy::scope::transferred;
    use crate::policy::Action;

    let prepare = reached.units_for(caller, child, Action::PrepareTransition);
    let paper = reached.units_for(caller, child, Action::RecordPaperConsent);
    let holders: Vec<CustodyHolder> = meetings::guardians(conn, child, caller.state.clock.today())
        .await?
        .into_iter()
        .filter(|g| g.has_custody)
        .map(|g| CustodyHolder {
            id: g.user,
            name: g.name,
        })
        .collect();
    let mut moves = Vec::new();
    for mv in facts.moves.iter().filter(|m| reached.reads(m.from_unit)) {
        let stored = transitions::description(conn, child, mv.from_unit, mv.to_unit).await?;
        let leads = leads_unit(caller, mv.from_unit);
        moves.push(StaffMove {
            from_unit: mv.from_unit,
            to_unit: mv.to_unit,
            from_name: transitions::unit_name(conn, mv.from_unit).await?,
            to_name: transitions::unit_name(conn, mv.to_unit).await?,
            leaves_on: mv.leaves_on,
            moves_on: mv.moves_on,
            description: stored
                .as_ref()
                .map(|d| d.description.clone())
                .unwrap_or_default(),
            description_version: stored.as_ref().map_or(0, |d| d.version),
            description_by: stored.and_then(|d| d.updated_by),
            concern: super::overview::concern(caller, conn, child, mv.from_unit).await?,
            consents: facts
                .consents_for(mv)
                .map(|c| consent_view(c, true))
                .collect(),
            opened: facts.opened_for(mv),
            may_prepare: prepare.contains(&mv.from_unit),
            may_record_paper: paper.contains(&mv.from_unit)
                && facts.rules.with_consent
                && (facts.rules.paper_by_staff || leads),
            custody_holders: holders.clone(),
        });
    }
    let mut received = Vec::new();
    for opened in transferred(&reached.reader, &facts.opened) {
        received.push(super::received::read(conn, child, &opened).await?);
        // What the new place opened of the old one, by consent: its own row, so a revocation
        // later leaves the record of what was already read (SECURITY C3, L1).
        let items = opened.items;
        let entry = crate::backend::audit::Entry {
            at: caller.state.clock.unix(),
            user: Some(caller.user.user_id),
            unit: Some(opened.to_unit),
            action: "read_transferred",
            child: Some(child),
            criterion: Some(format!(
                "from:{} assessments:{} plans:{} meetings:{} description:{}",
                opened.from_unit,
                u8::from(items.assessments),
                u8::from(items.plans),
                u8::from(items.meetings),
                u8::from(items.description)
            )),
            purpose: "consented items of an earlier place",
            outcome: crate::backend::audit::Outcome::Succeeded,
        };
        crate::backend::audit::enqueue(&caller.state.db, entry)
            .committed()
            .await?;
    }
    let handed_over = transitions::handovers(conn, child)
        .await?
        .into_iter()
        .map(|(_, at)| local_date(at))
        .collect();
    Ok(StaffTransitions {
        moves,
        received,
        with_consent: facts.rules.with_consent,
        all_custody_holders: facts.rules.all_custody_holders,
        handed_over,
    })
}

/// Whether the caller leads the unit today (the municipality may let only leaders record a
/// paper consent).
#[cfg(feature = "ssr")]
pub(super) fn leads_unit(
    caller: &crate::backend::context::Caller,
    unit: crate::domain::UnitId,
) -> bool {
    use crate::domain::Role;
    use crate::policy::Scope;
    let today = caller.state.clock.today();
    caller.user.subject.memberships.iter().any(|m| {
        m.role == Role::UnitLeader
            && m.scope == Scope::Unit(unit)
            && m.starts_on <= today
            && m.ends_on.is_none_or(|end| today <= end)
    })
}

/// Saves the transition description on the version the writer loaded; answers the new one. A
/// newer save meanwhile is a conflict (409), nothing overwritten.
#[server(name = SaveTransitionDescription, prefix = "/api", endpoint = "save_transition_description", input = Json)]
pub async fn save_description(input: SaveDescription) -> Result<i64, AppError> {
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::store::transitions;
    use crate::care::gate;
    use crate::domain::{ProblemCode, TransitionDescription};
    use crate::policy::Action;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let purpose = "transition description";
    let child = input.child;
    let reached = gate::child(
        &caller,
        &mut conn,
        child,
        Action::PrepareTransition,
        purpose,
    )
    .await?;
    if !reached
        .units_for(&caller, child, Action::PrepareTransition)
        .contains(&input.from_unit)
    {
        return gate::refuse(
            &caller,
            &mut conn,
            Action::PrepareTransition,
            format!("unit:{}", input.from_unit),
            purpose,
        )
        .await;
    }
    let facts = super::facts::Facts::load(&caller, &mut conn, child).await?;
    if facts.live_move(input.from_unit, input.to_unit).is_none() {
        return fail(AppError::invalid(0, "to_unit", ProblemCode::NotMoving));
    }
    let text = match TransitionDescription::parse(&input.description) {
        Ok(text) => text,
        Err(problems) => return fail(AppError::Invalid { problems }),
    };
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let now = caller.state.clock.unix();
    let me = caller.user.user_id;
    let (from, to) = (input.from_unit, input.to_unit);
    if !transitions::save_description(&mut tx, child, from, to, &text, input.version, me, now)
        .await?
    {
        return fail(AppError::Conflict { current: None });
    }
    tx.commit().await?;
    Ok(input.version + 1)
}

/// Hands the parents everything registered at the move: dated in the log, and a content-free
/// letter to each custody holder with an address saying it waits on their pages.
#[server(name = HandOverRecord, prefix = "/api", endpoint = "hand_over_record", input = Json)]
pub async fn hand_over(child: ChildId) -> Result<(), AppError> {
    use crate::backend::context::fail;
    use crate::backend::db::begin_write_on;
    use crate::backend::mail::Notice;
    use crate::backend::store::{meetings, transitions};
    use crate::care::gate;
    use crate::domain::ProblemCode;
    use crate::policy::Action;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let purpose = "hand over everything registered";
    let reached = gate::child(
        &caller,
        &mut conn,
        child,
        Action::PrepareTransition,
        purpose,
    )
    .await?;
    let units = reached.units_for(&caller, child, Action::PrepareTransition);
    let facts = super::facts::Facts::load(&caller, &mut conn, child).await?;
    let Some(mv) = facts.moves.iter().find(|m| units.contains(&m.from_unit)) else {
        return fail(AppError::invalid(0, "child", ProblemCode::NotMoving));
    };
    let today = caller.state.clock.today();
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let now = caller.state.clock.unix();
    transitions::insert_handover(
        &mut tx,
        child,
        "transition",
        caller.user.user_id,
        Some(mv.from_unit),
        now,
    )
    .await?;
    tx.commit().await?;
    if let Some(mailer) = caller.state.settings.mail.clone() {
        for g in meetings::guardians(&mut conn, child, today).await? {
            let Some(email) = g.email.as_deref().filter(|_| g.has_custody) else {
                continue;
            };
            let sent = mailer
                .notify(email, g.language.as_deref(), Notice::Transition)
                .await;
            // The copy waits on their pages either way; a failed letter is for the log.
            if let Err(err) = sent {
                tracing::warn!(error = %err, child = %child, "transition notice not sent");
            }
        }
    }
    Ok(())
}
