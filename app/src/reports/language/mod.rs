//! The committee's measure 2 (issue 19 item 3): the share of grade-0 pupils whose autumn
//! language assessment shows a need for focused or special effort — goal: down year on year.
//! The administrator imports the schools' assessments (`import_language_assessments`); the
//! administrator, area leaders and schools' leaders see the counts (`get_language_report`, the
//! page `/reports/language` and its CSV file). No staff member sees a child's value; the
//! custody holders find it in everything registered (`record`; docs/ACCESS.md).

use crate::error::AppError;
use crate::org::import::CsvFile;
use crate::wire::report::ReportTable;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

pub mod figures;
pub mod suppress;

#[cfg(feature = "ssr")]
pub mod parse;
#[cfg(feature = "ssr")]
pub mod read;
#[cfg(feature = "ssr")]
pub mod record;
#[cfg(feature = "ssr")]
mod table;

/// What an import changed: "N new, M changed".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageImported {
    pub new: u32,
    pub changed: u32,
    pub unchanged: u32,
}

/// One bar of the chart: a school year and its share, if it may be shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareBar {
    pub school_year: String,
    pub share: Option<f64>,
}

/// The report as a page shows it: the table (also the chart's accessible alternative), the
/// bars of the reader's widest line, and whether the reader may import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LanguageReport {
    pub table: ReportTable,
    /// Whose shares the chart shows: the municipality, the area or the school.
    pub chart_place: String,
    pub chart: Vec<ShareBar>,
    pub may_import: bool,
}

/// Imports a file of grade-0 language assessments into the administrator's municipality. All
/// or nothing: with any bad row nothing is written, and every bad row comes back with its line.
#[server(name = ImportLanguageAssessments, prefix = "/api", endpoint = "import_language_assessments", input = Json)]
pub async fn import_language_assessments(file: CsvFile) -> Result<LanguageImported, AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{language, org};
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let db = &caller.state.db;
    let Some(municipality) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    let purpose = "import language assessments";
    caller
        .authorize(
            &mut conn,
            Action::ImportMeasures,
            Target::Municipality(municipality),
            purpose,
        )
        .await?;
    let rows = match parse::parse_file(&file.0) {
        Ok(rows) => rows,
        Err(problems) => return fail(AppError::Invalid { problems }),
    };
    let today = caller.state.clock.today();
    let now = caller.state.clock.unix();
    let mut tx = begin_write_on(&mut conn, db.kind()).await?;
    // Checked inside the write transaction, against the children as they are now.
    let children = language::child_facts(&mut tx, municipality).await?;
    let checked = match crate::domain::check_rows(&rows, &children, today) {
        Ok(checked) => checked,
        // The transaction is dropped unwritten: nothing half saved.
        Err(problems) => return fail(AppError::Invalid { problems }),
    };
    let written = language::write(&mut tx, &checked, caller.user.user_id, now).await?;
    tx.commit().await?;
    // One row per child the file registered for (SECURITY L1): ids and the school year only,
    // never the effort; then the summary. The answer waits until all are committed.
    let criteria: Vec<String> = checked
        .iter()
        .map(|row| format!("school_year:{}", row.school_year.0))
        .collect();
    let receipts: Vec<_> = checked
        .iter()
        .zip(&criteria)
        .map(|(row, criterion)| {
            audit::enqueue(
                db,
                Entry {
                    at: now,
                    user: Some(caller.user.user_id),
                    unit: Some(row.unit),
                    action: "import_language_assessment",
                    child: Some(row.child),
                    criterion: Some(criterion.clone()),
                    purpose,
                    outcome: Outcome::Succeeded,
                },
            )
        })
        .collect();
    let summary = audit::enqueue(
        db,
        Entry {
            at: now,
            user: Some(caller.user.user_id),
            unit: None,
            action: "import",
            child: None,
            criterion: Some(format!(
                "language_assessments:{} new:{} changed:{}",
                checked.len(),
                written.new,
                written.changed
            )),
            purpose,
            outcome: Outcome::Succeeded,
        },
    );
    for receipt in receipts {
        receipt.committed().await?;
    }
    summary.committed().await?;
    Ok(LanguageImported {
        new: written.new,
        changed: written.changed,
        unchanged: written.unchanged,
    })
}

/// The report for the caller, headers in `language` (a locale code; Danish when unknown).
#[server(name = GetLanguageReport, prefix = "/api", endpoint = "language_report", input = Json)]
pub async fn get_language_report(language: String) -> Result<LanguageReport, AppError> {
    use crate::backend::context::Caller;

    let caller = Caller::current()?;
    let locale = crate::backend::mail::locale(Some(&language));
    read::report(&caller, locale).await
}
