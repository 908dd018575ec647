//! All SQL lives here, one file per part of the domain. Functions take plain ids and dates and
//! return domain or wire types; they decide nothing about access.

pub mod access;
pub mod assessments;
pub mod care_overview;
pub mod child_page;
pub mod consents;
mod default_indicators;
pub mod follow_ups;
pub mod groups;
pub mod guardianship_end;
pub mod idempotency;
pub mod import;
pub mod indicators;
pub mod job_claims;
pub mod language;
pub mod lookups;
pub mod meetings;
pub mod org;
pub mod overview;
pub mod password_links;
pub mod people;
pub mod people_admin;
pub mod plans;
pub mod retention;
pub mod round_counts;
pub mod rounds;
pub mod second_factors;
pub mod settings;
pub mod spot_checks;
pub mod tombstones;
pub mod transitions;

use crate::domain::{AssessmentContext, Position};
use sqlx::any::AnyRow;
use sqlx::Row;
use time::Date;

pub(crate) const ACTIVE_ENROLMENT: &str =
    "e.starts_on <= $2 AND (e.ends_on IS NULL OR e.ends_on >= $2)";

/// Whether the municipality narrows access in units of the kind of unit `u` (a column
/// `narrowed`, 0 or 1): the policy's `Placement::narrowed`.
pub(crate) const NARROWED: &str = "CAST(CASE WHEN EXISTS (SELECT 1 FROM narrowed_unit_kinds n \
     WHERE n.municipality_id = u.municipality_id AND n.kind = u.kind) THEN 1 ELSE 0 END AS BIGINT) AS narrowed";

pub(crate) fn decode<T>(what: &str, value: Option<T>, text: &str) -> Result<T, sqlx::Error> {
    value.ok_or_else(|| sqlx::Error::Decode(format!("unknown {what} {text}").into()))
}

pub(crate) fn position(row: &AnyRow, column: &str) -> Result<Position, sqlx::Error> {
    let text: String = row.try_get(column)?;
    decode("position", Position::parse(&text), &text)
}

pub(crate) fn context(row: &AnyRow, column: &str) -> Result<AssessmentContext, sqlx::Error> {
    let text: String = row.try_get(column)?;
    decode("context", AssessmentContext::parse(&text), &text)
}

pub(crate) fn id<T: std::str::FromStr>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    parse_id(&row.try_get::<String, _>(column)?)
}

pub(crate) fn date(row: &AnyRow, column: &str) -> Result<Date, sqlx::Error> {
    parse_date(&row.try_get::<String, _>(column)?)
}

/// The `AND <column> IN (…)` of a read narrowed to the units a reader reaches, with the
/// placeholders from `$start`: `Some("")` for every unit (`None`), `None` when the reader
/// reaches no unit and the read can answer nothing without asking.
pub(crate) fn units_clause(
    column: &str,
    units: Option<&[crate::domain::UnitId]>,
    start: usize,
) -> Option<String> {
    match units {
        Some([]) => None,
        Some(units) => Some(format!(
            " AND {column} IN ({})",
            placeholders(start, units.len())
        )),
        None => Some(String::new()),
    }
}

/// `$start, $start+1, …` for `n` values bound in a row (an `IN (…)` list).
pub(crate) fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn date_text(date: Date) -> String {
    date.to_string()
}

pub(crate) fn parse_date(text: &str) -> Result<Date, sqlx::Error> {
    Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub(crate) fn parse_id<T: std::str::FromStr>(text: &str) -> Result<T, sqlx::Error>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse::<T>()
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
