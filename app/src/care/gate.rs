//! How a meeting or plan is reached: through its child, by the one policy, and then only where
//! the reader's relationship reaches the unit that holds it. A meeting or plan of a unit the
//! caller does not read is refused like one that does not exist (SECURITY A4, C1).

use crate::backend::context::{Allowed, Caller, Target};
use crate::backend::db::Conn;
use crate::domain::{ChildId, UnitId};
use crate::error::AppError;
use crate::policy::scope::{reader, Reader};
use crate::policy::{Action, Resource};

/// The caller reached a child for an action: the policy's facts and how they read its data.
pub struct Reached {
    pub allowed: Allowed,
    pub reader: Reader,
}

impl Reached {
    /// The units where the caller may also do `action` with the child today (one per
    /// placement the policy allows it at).
    pub fn units_for(&self, caller: &Caller, child: ChildId, action: Action) -> Vec<UnitId> {
        let mut units = Vec::new();
        for place in &self.allowed.placements {
            let resource = Resource::Child {
                id: child,
                placements: std::slice::from_ref(place),
            };
            if caller.also_may(action, &resource) && !units.contains(&place.unit) {
                units.push(place.unit);
            }
        }
        units
    }

    /// Whether the caller reads what `unit` registered of the child.
    pub fn reads(&self, unit: UnitId) -> bool {
        match &self.reader {
            Reader::Staff { units } => units.contains(&unit),
            Reader::Guardian { .. } => true,
        }
    }
}

/// Asks the policy for `action` on `child`, logged, and finds how the caller reads it.
pub async fn child(
    caller: &Caller,
    conn: &mut Conn,
    child: ChildId,
    action: Action,
    purpose: &str,
) -> Result<Reached, AppError> {
    let allowed = caller
        .authorize(conn, action, Target::Child(child), purpose)
        .await?;
    let today = caller.state.clock.today();
    match reader(&allowed.subject, child, &allowed.placements, today) {
        Some(reader) => Ok(Reached { allowed, reader }),
        None => Err(AppError::NotFound),
    }
}

/// Refuses a meeting or plan that does not exist, or that the caller's relationship does not
/// reach, the same way: a logged denial after the refusal floor, answered "not found".
pub async fn refuse<T>(
    caller: &Caller,
    conn: &mut Conn,
    action: Action,
    what: String,
    purpose: &str,
) -> Result<T, AppError> {
    caller
        .authorize(conn, action, Target::Missing(what), purpose)
        .await?;
    Err(AppError::NotFound)
}

/// A guardian without custody who tries what only custody holders do: told so plainly (they
/// know the child exists), and the refusal logged like any other.
pub async fn needs_custody<T>(
    caller: &Caller,
    conn: &mut Conn,
    child: ChildId,
    action: Action,
    purpose: &str,
) -> Result<T, AppError> {
    let refused = caller
        .authorize(conn, action, Target::Child(child), purpose)
        .await;
    match refused {
        Ok(_) => Err(crate::backend::context::internal("custody check disagrees")),
        Err(_) => crate::backend::context::fail(AppError::invalid(
            0,
            "custody",
            crate::domain::ProblemCode::NeedsCustody,
        )),
    }
}
