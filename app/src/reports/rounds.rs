//! Rounds over time (issue 19 item 1): completion, positions and how soon the parents were
//! informed and met, per round or per year, for a unit, an area or the municipality.

use crate::error::AppError;
use crate::wire::report::RoundsReport;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The report of `scope` (`municipality`, `area:<id>`, `unit:<id>`; empty for the widest the
/// reader may see), a line per round or per year (`by`: `round`, `year`; empty for round).
/// Both fields are always sent, so a request without them is one that cannot be decoded.
#[server(name = GetRoundsReport, prefix = "/api", endpoint = "rounds_report", input = Json)]
pub async fn get_rounds_report(scope: String, by: String) -> Result<RoundsReport, AppError> {
    let caller = crate::backend::context::Caller::current()?;
    super::rounds_read::report(&caller, Some(&scope), Some(&by)).await
}
