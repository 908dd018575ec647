//! Types shared by the server and the browser. Each is parsed once at the edge, so code that
//! holds one can rely on it being valid.

mod assessment;
mod care;
mod ids;
pub mod import;
mod language;
mod language_check;
mod org;
mod problem;
mod report;
mod retention;
mod spot_check;
mod suppression;
mod transition;

pub use assessment::*;
pub use care::*;
pub use ids::*;
pub use language::{Effort, LanguageRow, SchoolYear};
pub use language_check::{
    check_rows, school_in, CheckedRow, ChildFacts, SchoolSpan, LANGUAGE_COLUMNS,
};
pub use org::*;
pub use problem::{Problem, ProblemCode};
pub use report::{share_of_shown, shown_median, shown_share, ReportLine, RoundCounts};
pub use retention::{
    audit_due_before, danish_offset, deleted_on, due_before, last_day_due, registered_on,
};
pub use spot_check::{week_before, Reservoir, Week};
pub use suppression::*;
pub use transition::*;
