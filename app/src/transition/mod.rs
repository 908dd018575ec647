//! Transitions (*overgange*, issue 17): a child moves on; the place the child leaves writes a
//! transition description with the parents, and nothing it registered passes to the new place
//! without a custody holder's consent (SECURITY C1–C3). The parents are handed everything
//! registered at each move and whenever they ask (`record`).

pub mod consent;
#[cfg(feature = "ssr")]
mod facts;
pub mod lookups;
pub mod overview;
#[cfg(feature = "ssr")]
mod received;
#[cfg(feature = "ssr")]
pub mod record;
pub mod settings;
pub mod staff;

pub use crate::wire::transition::*;
