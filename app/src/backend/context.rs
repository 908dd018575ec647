//! What every server function does first: find the signed-in caller, then ask the one policy
//! whether they may do what they ask, and write the audit row either way (SECURITY A2, A7, L1).

use super::audit::{self, Entry, Outcome};
use super::db::Conn;
use super::group_commit::Receipt;
use super::sessions::SessionUser;
use super::state::AppState;
use super::store;
use super::store::org::ChildPlacements;
use crate::domain::{ChildId, MunicipalityId, UnitId};
use crate::error::AppError;
use crate::policy::{self, Action, Decision, Placement, Resource, Subject};

/// Logs the cause of an internal failure and hands the browser nothing but "internal error".
pub fn internal(err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "request failed");
    AppError::Internal
}

/// A database failure is an internal error: logged here, "internal error" to the browser. So a
/// server function reads and writes with `?` alone.
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        internal(err)
    }
}

/// An answer that cannot be encoded or a stored one that cannot be read back is internal too.
impl From<serde_json::Error> for AppError {
    fn from(err: serde_json::Error) -> Self {
        internal(err)
    }
}

/// Sets the HTTP status to match an error, so scripts and tests see it too.
pub fn fail<T>(err: AppError) -> Result<T, AppError> {
    Err(with_status(err))
}

/// The error, with the response's HTTP status set to match it.
pub fn with_status(err: AppError) -> AppError {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(err.status()) {
            res.set_status(status);
        }
    }
    err
}

pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| internal("AppState missing from context"))
}

/// The signed-in caller of this request, as the session middleware found them.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: SessionUser,
    pub state: AppState,
    /// When the request became this caller's: a refusal is answered no sooner than
    /// [`REFUSAL_FLOOR`] after it.
    pub since: tokio::time::Instant,
}

/// The shortest time from a caller's first step to a refusal. Reading another unit's group or
/// follow-up takes a few dozen microseconds longer than finding that an id names nothing (the
/// rows of its place are read and decoded before the policy says no), enough to tell the two
/// apart over thousands of tries (`tvaers-bench --mode oracle`, docs/benchmark.md). Every
/// refusal waits until this much time has passed, which is more than either takes, so both
/// answer at the same moment (SECURITY A4). Only refusals wait: nobody who is allowed pays.
pub const REFUSAL_FLOOR: std::time::Duration = std::time::Duration::from_millis(5);

/// A resource a caller names by id.
#[derive(Clone, Debug)]
pub enum Target {
    Child(ChildId),
    Unit(UnitId),
    /// A unit whose place the caller has just read (with its group, say): no second lookup.
    UnitAt(Placement),
    Municipality(MunicipalityId),
    /// An id that names nothing (a group or follow-up that does not exist): refused like one of
    /// another unit — logged, after the same wait — so the two cannot be told apart (SECURITY
    /// A4). The text is the criterion logged, e.g. `group:<id>`.
    Missing(String),
}

/// The audit row of an allowed action, handed to the writer but perhaps not yet committed.
#[must_use = "await `committed` before anything read under this decision leaves the server"]
#[derive(Debug)]
pub struct Audited(Vec<Receipt>);

impl Audited {
    /// Waits until the audit rows are durable (SECURITY L1).
    pub async fn committed(self) -> Result<(), AppError> {
        for receipt in self.0 {
            receipt.committed().await.map_err(internal)?;
        }
        Ok(())
    }

    /// These rows and `other`'s, awaited together.
    pub fn and(mut self, other: Audited) -> Audited {
        self.0.extend(other.0);
        self
    }
}

/// Proof that the policy allowed an action, with the facts it was decided on.
#[derive(Clone, Debug)]
pub struct Allowed {
    pub placements: Vec<Placement>,
    pub subject: Subject,
}

impl Caller {
    /// The caller, or `Unauthenticated` when there is no live session, or `SecondFactorSetup`
    /// when the session may only enrol a second factor.
    pub fn current() -> Result<Caller, AppError> {
        let caller = Self::even_enrolling()?;
        if caller.user.enrolling {
            return fail(AppError::SecondFactorSetup);
        }
        Ok(caller)
    }

    /// The caller, also when their session may only enrol a second factor: for the enrolment's
    /// own functions.
    pub fn even_enrolling() -> Result<Caller, AppError> {
        let state = state()?;
        let user = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<SessionUser>().cloned());
        match user {
            Some(user) => Ok(Caller {
                user,
                state,
                since: tokio::time::Instant::now(),
            }),
            None => fail(AppError::Unauthenticated),
        }
    }

    /// The policy's facts about the caller, as read with their session for this request.
    pub fn subject(&self) -> &Subject {
        &self.user.subject
    }

    /// Adds one audit row per child whose data a read of a whole group shows (the room's grid,
    /// the joint view), so "who looked at my child" can be answered for each child (SECURITY
    /// L1, P3). The rows go to the writer with the decision's and are committed in its batch;
    /// `committed()` waits for them all.
    pub fn record_children(
        &self,
        action: Action,
        unit: UnitId,
        children: impl IntoIterator<Item = ChildId>,
        purpose: &str,
    ) -> Audited {
        let at = self.state.clock.unix();
        let entries = children.into_iter().map(|child| Entry {
            at,
            user: Some(self.user.user_id),
            unit: Some(unit),
            action: action.code(),
            child: Some(child),
            criterion: None,
            purpose,
            outcome: Outcome::Allowed,
        });
        Audited(vec![audit::enqueue_all(&self.state.db, entries)])
    }

    /// Whether the caller may also do `action` with `resource` today: a question about what a
    /// page offers (a button, the units to choose from), not a read of child data, so it
    /// writes no audit row; whatever it leads to is asked at the gate again. The one place
    /// outside the gate that asks the policy.
    pub fn also_may(&self, action: Action, resource: &Resource) -> bool {
        policy::decide(
            &self.user.subject,
            action,
            resource,
            self.state.clock.today(),
        ) == Decision::Allow
    }

    /// Asks the policy on the request's connection and waits until the audit row is
    /// committed. A denial is logged and answered with "not found" for children and units, so
    /// nobody learns that a record of another unit exists (SECURITY A4). The hot reads use
    /// [`Caller::authorize_on`] instead, which reads on while the row is committed.
    pub async fn authorize(
        &self,
        conn: &mut Conn,
        action: Action,
        target: Target,
        purpose: &str,
    ) -> Result<Allowed, AppError> {
        let (allowed, audited) = self.authorize_on(conn, action, target, purpose).await?;
        audited.committed().await?;
        Ok(allowed)
    }

    /// Asks the policy on a connection the request goes on reading with, and hands the audit
    /// row to the writer. A denial waits for its row and is the error; an allowed caller reads
    /// on while the row is committed and must see [`Audited::committed`] before anything it
    /// read leaves the server.
    pub async fn authorize_on(
        &self,
        conn: &mut Conn,
        action: Action,
        target: Target,
        purpose: &str,
    ) -> Result<(Allowed, Audited), AppError> {
        let today = self.state.clock.today();
        let (placements, exists) = match &target {
            Target::Child(child) => {
                let child = *child;
                let placed = store::org::child_placements(conn, child, today).await?;
                (placed.placements, placed.exists)
            }
            Target::Unit(unit) => match store::org::unit_placement(conn, *unit).await? {
                Some(place) => (vec![place], true),
                None => (vec![], false),
            },
            Target::UnitAt(place) => (vec![*place], true),
            Target::Municipality(_) => (vec![], true),
            Target::Missing(_) => (vec![], false),
        };
        self.decide_and_log(action, target, placements, exists, purpose)
            .await
    }

    /// As [`Caller::authorize_on`] for a child whose placements the caller has just read
    /// (with other facts, in one statement): whether it exists, and where it is enrolled.
    pub async fn authorize_child_at(
        &self,
        action: Action,
        child: ChildId,
        placed: ChildPlacements,
        purpose: &str,
    ) -> Result<(Allowed, Audited), AppError> {
        self.decide_and_log(
            action,
            Target::Child(child),
            placed.placements,
            placed.exists,
            purpose,
        )
        .await
    }

    async fn decide_and_log(
        &self,
        action: Action,
        target: Target,
        placements: Vec<Placement>,
        exists: bool,
        purpose: &str,
    ) -> Result<(Allowed, Audited), AppError> {
        let today = self.state.clock.today();
        let subject = &self.user.subject;
        let resource = match (&target, placements.first()) {
            _ if !exists => None,
            (Target::Child(id), _) => Some(Resource::Child {
                id: *id,
                placements: &placements,
            }),
            (Target::Unit(_) | Target::UnitAt(_), Some(place)) => Some(Resource::Unit(*place)),
            (Target::Municipality(m), _) => Some(Resource::Municipality(*m)),
            _ => None,
        };
        let decision = match resource {
            Some(resource) => policy::decide(subject, action, &resource, today),
            None => Decision::Deny,
        };
        let (child, unit) = match &target {
            Target::Child(c) => (Some(*c), placements.first().map(|p| p.unit)),
            Target::Unit(u) => (None, Some(*u)),
            Target::UnitAt(p) => (None, Some(p.unit)),
            Target::Municipality(_) | Target::Missing(_) => (None, None),
        };
        let criterion = match &target {
            Target::Unit(u) => Some(format!("unit:{u}")),
            Target::UnitAt(p) => Some(format!("unit:{}", p.unit)),
            Target::Municipality(m) => Some(format!("municipality:{m}")),
            Target::Missing(what) => Some(what.clone()),
            Target::Child(_) => None,
        };
        let outcome = if decision == Decision::Allow {
            Outcome::Allowed
        } else {
            Outcome::Denied
        };
        let audited = Audited(vec![audit::enqueue(
            &self.state.db,
            Entry {
                at: self.state.clock.unix(),
                user: Some(self.user.user_id),
                unit,
                action: action.code(),
                child,
                criterion,
                purpose,
                outcome,
            },
        )]);
        match (decision, target) {
            (Decision::Allow, _) => Ok((
                Allowed {
                    placements,
                    subject: subject.clone(),
                },
                audited,
            )),
            (Decision::Deny, Target::Municipality(_)) => {
                audited.committed().await?;
                tokio::time::sleep_until(self.since + REFUSAL_FLOOR).await;
                fail(AppError::Forbidden)
            }
            (Decision::Deny, _) => {
                audited.committed().await?;
                tokio::time::sleep_until(self.since + REFUSAL_FLOOR).await;
                fail(AppError::NotFound)
            }
        }
    }
}
