//! The three assessment saves — an individual position in a round, the team's joint position,
//! and an ad hoc one outside any round — are one pipeline (`pipeline`): every fact read in one
//! go, a pure decision, the commit, the answer. Each is idempotent by key and refuses to
//! overwrite a version it was not based on (SECURITY O5, O6, O7).

use super::{AdhocInput, IndividualInput, JointInput, Saved};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod check;
#[cfg(feature = "ssr")]
mod commit;
#[cfg(feature = "ssr")]
mod kind;
#[cfg(feature = "ssr")]
mod pipeline;
#[cfg(feature = "ssr")]
mod replay;

/// Saves the signed-in assessor's own assessment of a child in the open round.
#[server(name = SaveIndividual, prefix = "/api", endpoint = "save_individual", input = Json)]
pub async fn save_individual(input: IndividualInput) -> Result<Saved, AppError> {
    let hash = replay::request_hash(&input)?;
    let kind = kind::Kind::Individual {
        round: input.round,
        indicators: input.indicators,
        base: input.base_version,
    };
    pipeline::save(input.draft, kind, hash).await
}

/// Records the team's joint position for a child in the open round. A concern opens the
/// follow-up "inform the parents and invite to a focus meeting".
#[server(name = SetJoint, prefix = "/api", endpoint = "set_joint", input = Json)]
pub async fn set_joint(input: JointInput) -> Result<Saved, AppError> {
    let hash = replay::request_hash(&input)?;
    let kind = kind::Kind::Joint {
        round: input.round,
        base: input.base_version,
    };
    pipeline::save(input.draft, kind, hash).await
}

/// An assessment on an ordinary day, outside any round: a concern does not wait for October.
#[server(name = SaveAdhoc, prefix = "/api", endpoint = "save_adhoc", input = Json)]
pub async fn save_adhoc(input: AdhocInput) -> Result<Saved, AppError> {
    let hash = replay::request_hash(&input)?;
    pipeline::save(input.draft, kind::Kind::Adhoc, hash).await
}
