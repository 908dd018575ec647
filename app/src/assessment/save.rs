//! The three assessment writes. Each is idempotent by key and refuses to overwrite a version it
//! was not based on (SECURITY O5, O6, O7).

use super::{AdhocInput, IndividualInput, JointInput, Saved};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Saves the signed-in assessor's own assessment of a child in the open round.
#[server(name = SaveIndividual, prefix = "/api", endpoint = "save_individual", input = Json)]
pub async fn save_individual(input: IndividualInput) -> Result<Saved, AppError> {
    use super::write::{check, request_hash, start, Start};
    use crate::error::ProblemCode;
    use crate::policy::Action;
    use crate::backend::context::{fail, internal, with_status, Caller};
    use crate::backend::store::assessment as store;

    let caller = Caller::current()?;
    let hash = request_hash(&input)?;
    let db = &caller.state.db;
    // The reads before the write share one connection, returned before the write begins.
    let mut conn = db.pool().acquire().await.map_err(internal)?;
    let placed = match start(&mut conn, &caller, input.key, &hash, input.child).await? {
        Start::Replay(saved) => return Ok(saved),
        Start::Fresh(placed) => placed,
    };
    let (checked, audited) = check(
        &caller,
        &mut conn,
        Action::AssessChild,
        "round: individual assessment",
        placed,
        input.group,
        input.child,
        Some(input.round),
        &input.position,
        &input.context,
        &input.note,
    )
    .await?;
    let muni = checked.group.municipality;
    let positions = if input.indicators.is_empty() {
        Ok(Vec::new())
    } else {
        store::indicator_positions(&mut conn, muni, &input.indicators).await
    };
    drop(conn);
    audited.committed().await?;
    let positions = positions.map_err(internal)?;
    if positions.iter().any(|p| *p != Some(checked.position)) {
        return fail(AppError::invalid(
            0,
            "indicators",
            ProblemCode::UnknownIndicator,
        ));
    }
    let write = commit::Write {
        caller: caller.clone(),
        hash,
        checked,
    };
    db.saves()
        .run(move |conn| {
            Box::pin(async move { settle(commit::individual(conn, write, input).await) })
        })
        .await
        .map_err(internal)?
        .map_err(with_status)
}

/// Records the team's joint position for a child in the open round. A concern opens the
/// follow-up "inform the parents and invite to a focus meeting".
#[server(name = SetJoint, prefix = "/api", endpoint = "set_joint", input = Json)]
pub async fn set_joint(input: JointInput) -> Result<Saved, AppError> {
    use super::write::{check, request_hash, start, Start};
    use crate::policy::Action;
    use crate::backend::context::{internal, with_status, Caller};
    use crate::backend::store::assessment as store;

    let caller = Caller::current()?;
    let hash = request_hash(&input)?;
    let db = &caller.state.db;
    let mut conn = db.pool().acquire().await.map_err(internal)?;
    let placed = match start(&mut conn, &caller, input.key, &hash, input.child).await? {
        Start::Replay(saved) => return Ok(saved),
        Start::Fresh(placed) => placed,
    };
    let (checked, audited) = check(
        &caller,
        &mut conn,
        Action::SetJointAssessment,
        "round: joint assessment",
        placed,
        input.group,
        input.child,
        Some(input.round),
        &input.position,
        &input.context,
        &input.note,
    )
    .await?;
    let today = caller.state.clock.today();
    let staff = store::close_staff_count(&mut conn, checked.group.unit, today).await;
    drop(conn);
    audited.committed().await?;
    let staff = staff.map_err(internal)?;
    let needed = checked.settings.individual_needed(staff);
    let write = commit::Write {
        caller: caller.clone(),
        hash,
        checked,
    };
    db.saves()
        .run(move |conn| {
            Box::pin(async move { settle(commit::joint(conn, write, input, needed).await) })
        })
        .await
        .map_err(internal)?
        .map_err(with_status)
}

/// An assessment on an ordinary day, outside any round: a concern does not wait for October.
#[server(name = SaveAdhoc, prefix = "/api", endpoint = "save_adhoc", input = Json)]
pub async fn save_adhoc(input: AdhocInput) -> Result<Saved, AppError> {
    use super::write::{check, request_hash, start, Start};
    use crate::policy::Action;
    use crate::backend::context::{internal, with_status, Caller};

    let caller = Caller::current()?;
    let hash = request_hash(&input)?;
    let db = &caller.state.db;
    let mut conn = db.pool().acquire().await.map_err(internal)?;
    let placed = match start(&mut conn, &caller, input.key, &hash, input.child).await? {
        Start::Replay(saved) => return Ok(saved),
        Start::Fresh(placed) => placed,
    };
    let (checked, audited) = check(
        &caller,
        &mut conn,
        Action::AssessChild,
        "ad hoc assessment",
        placed,
        input.group,
        input.child,
        None,
        &input.position,
        &input.context,
        &input.note,
    )
    .await?;
    drop(conn);
    audited.committed().await?;
    let write = commit::Write {
        caller: caller.clone(),
        hash,
        checked,
    };
    db.saves()
        .run(move |conn| Box::pin(async move { settle(commit::adhoc(conn, write, input).await) }))
        .await
        .map_err(internal)?
        .map_err(with_status)
}

/// A write's answer as the write queue wants it: a refusal undoes the write's statements.
#[cfg(feature = "ssr")]
fn settle(
    result: Result<crate::backend::write_queue::Outcome<Saved>, AppError>,
) -> crate::backend::write_queue::Outcome<Result<Saved, AppError>> {
    use crate::backend::write_queue::Outcome;
    match result {
        Ok(Outcome::Commit(saved)) => Outcome::Commit(Ok(saved)),
        Ok(Outcome::Discard(saved)) => Outcome::Discard(Ok(saved)),
        Err(err) => Outcome::Discard(Err(err)),
    }
}

/// The statements of each write, run in the write queue's transaction once every check has
/// passed. They answer with plain errors: the HTTP status is set back in the request.
#[cfg(feature = "ssr")]
mod commit {
    use super::super::write::{finish, replay_or_conflict, Checked};
    use super::super::{AdhocInput, IndividualInput, JointInput, Saved};
    use crate::domain::AssessmentId;
    use crate::error::{AppError, ProblemCode};
    use crate::backend::context::{internal, Caller};
    use crate::backend::db::Conn;
    use crate::backend::store::assessment::{self as store, NewAssessment};
    use crate::backend::write_queue::Outcome;

    /// What every write carries into the queue.
    pub struct Write {
        pub caller: Caller,
        pub hash: String,
        pub checked: Checked,
    }

    /// Changes `existing` if it is still at `base`, as the caller's position. Otherwise — the
    /// row moved on, or a colleague's change landed first — the key's stored answer or the
    /// conflict the user resolves, which is what the write answers.
    async fn change_at_base(
        conn: &mut Conn,
        caller: &Caller,
        key: &crate::domain::IdempotencyKey,
        hash: &str,
        existing: Option<store::StoredAssessment>,
        base: i64,
        checked: &Checked,
    ) -> Result<Result<store::StoredAssessment, Outcome<Saved>>, AppError> {
        let row = match existing {
            Some(row) if row.version == base => row,
            other => {
                return replay_or_conflict(conn, caller, *key, hash, other.as_ref())
                    .await
                    .map(Err)
            }
        };
        let updated = store::update_assessment(
            conn,
            row.id,
            base,
            caller.user.user_id,
            checked.position,
            checked.context,
            checked.note.as_str(),
            caller.state.clock.today(),
            caller.state.clock.unix(),
        )
        .await
        .map_err(internal)?;
        if !updated {
            return replay_or_conflict(conn, caller, *key, hash, Some(&row))
                .await
                .map(Err);
        }
        Ok(Ok(row))
    }

    pub async fn individual(
        conn: &mut Conn,
        write: Write,
        input: IndividualInput,
    ) -> Result<Outcome<Saved>, AppError> {
        let Write {
            caller,
            hash,
            checked,
        } = write;
        let me = caller.user.user_id;
        let today = caller.state.clock.today();
        let now = caller.state.clock.unix();
        let (id, version) = match input.base_version {
            None => {
                let id = AssessmentId::random();
                let inserted = store::insert_new_assessment(
                    conn,
                    &NewAssessment {
                        id,
                        child: input.child,
                        round: Some(input.round),
                        kind: "individual",
                        assessor: me,
                        group: input.group,
                        unit: checked.group.unit,
                        position: checked.position,
                        context: checked.context,
                        note: checked.note.as_str(),
                        assessed_on: today,
                        now,
                    },
                )
                .await
                .map_err(internal)?;
                if !inserted {
                    let existing = store::find_individual(conn, input.round, input.child, me)
                        .await
                        .map_err(internal)?;
                    return replay_or_conflict(conn, &caller, input.key, &hash, existing.as_ref())
                        .await;
                }
                store::add_indicators(conn, id, &input.indicators)
                    .await
                    .map_err(internal)?;
                (id, 1)
            }
            Some(base) => {
                let existing = store::find_individual(conn, input.round, input.child, me)
                    .await
                    .map_err(internal)?;
                let row = match change_at_base(
                    conn, &caller, &input.key, &hash, existing, base, &checked,
                )
                .await?
                {
                    Ok(row) => row,
                    Err(answer) => return Ok(answer),
                };
                store::set_indicators(conn, row.id, &input.indicators)
                    .await
                    .map_err(internal)?;
                (row.id, base + 1)
            }
        };
        let saved = Saved {
            assessment: id,
            version,
            follow_up_due: None,
        };
        finish(conn, &caller, input.key, &hash, saved).await
    }

    pub async fn joint(
        conn: &mut Conn,
        write: Write,
        input: JointInput,
        needed: usize,
    ) -> Result<Outcome<Saved>, AppError> {
        let Write {
            caller,
            hash,
            checked,
        } = write;
        let today = caller.state.clock.today();
        let now = caller.state.clock.unix();
        let given = store::count_individual(conn, input.round, input.child)
            .await
            .map_err(internal)?;
        if given < needed {
            return Err(AppError::invalid(0, "joint", ProblemCode::TooFewIndividual));
        }
        let (id, version) = match input.base_version {
            None => {
                let id = AssessmentId::random();
                let inserted = store::insert_new_assessment(
                    conn,
                    &NewAssessment {
                        id,
                        child: input.child,
                        round: Some(input.round),
                        kind: "joint",
                        assessor: caller.user.user_id,
                        group: input.group,
                        unit: checked.group.unit,
                        position: checked.position,
                        context: checked.context,
                        note: checked.note.as_str(),
                        assessed_on: today,
                        now,
                    },
                )
                .await
                .map_err(internal)?;
                if !inserted {
                    let existing = store::find_joint(conn, input.round, input.child)
                        .await
                        .map_err(internal)?;
                    return replay_or_conflict(conn, &caller, input.key, &hash, existing.as_ref())
                        .await;
                }
                (id, 1)
            }
            Some(base) => {
                let existing = store::find_joint(conn, input.round, input.child)
                    .await
                    .map_err(internal)?;
                let row = match change_at_base(
                    conn, &caller, &input.key, &hash, existing, base, &checked,
                )
                .await?
                {
                    Ok(row) => row,
                    Err(answer) => return Ok(answer),
                };
                (row.id, base + 1)
            }
        };
        if checked.position.is_concern() {
            store::open_follow_up(
                conn,
                id,
                input.child,
                checked.group.unit,
                checked.settings.follow_up_due(today),
                now,
            )
            .await
            .map_err(internal)?;
        }
        let follow_up_due = store::follow_up_due(conn, id).await.map_err(internal)?;
        let saved = Saved {
            assessment: id,
            version,
            follow_up_due,
        };
        finish(conn, &caller, input.key, &hash, saved).await
    }

    pub async fn adhoc(
        conn: &mut Conn,
        write: Write,
        input: AdhocInput,
    ) -> Result<Outcome<Saved>, AppError> {
        let Write {
            caller,
            hash,
            checked,
        } = write;
        let today = caller.state.clock.today();
        let now = caller.state.clock.unix();
        // A repeat of this key committed meanwhile is caught by `finish` (the stored answer is
        // unique by key): this insert is undone and the answer is the first copy's.
        let id = AssessmentId::random();
        let inserted = store::insert_new_assessment(
            conn,
            &NewAssessment {
                id,
                child: input.child,
                round: None,
                kind: "adhoc",
                assessor: caller.user.user_id,
                group: input.group,
                unit: checked.group.unit,
                position: checked.position,
                context: checked.context,
                note: checked.note.as_str(),
                assessed_on: today,
                now,
            },
        )
        .await
        .map_err(internal)?;
        if !inserted {
            // Ad-hoc rows meet no uniqueness rule but their random id's.
            return Err(internal("a new ad-hoc assessment's id was taken"));
        }
        let mut follow_up_due = None;
        if checked.position.is_concern() {
            let due = checked.settings.follow_up_due(today);
            store::open_follow_up(conn, id, input.child, checked.group.unit, due, now)
                .await
                .map_err(internal)?;
            follow_up_due = Some(due);
        }
        let saved = Saved {
            assessment: id,
            version: 1,
            follow_up_due,
        };
        finish(conn, &caller, input.key, &hash, saved).await
    }
}
