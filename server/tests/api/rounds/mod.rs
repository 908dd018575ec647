//! Assessment rounds through the HTTP API, by topic: the blind rule, joint assessments, closed
//! rounds, idempotent replay, conflicting versions, duplicate constraints, follow-ups and
//! suppressed counts (issue "Trivselsvurdering on the tablet"; SECURITY O5–O7).

mod blind_rule;
mod concurrent;
mod follow_ups;
mod idempotency;
mod joint;
mod planning;
mod refusals;
pub mod support;
