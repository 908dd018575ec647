//! The reports' counts outlive the children's data (issue 19; migration 0021): the committee
//! follows ten years while a child's registrations go after five. The job settles the counts
//! of the last year's rounds first, then deletes; an older round's counts stay as they were.

use super::run_job;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use time::Duration;

on_both_backends!(a_rounds_counts_stay_when_its_childrens_data_is_deleted);

async fn a_rounds_counts_stay_when_its_childrens_data_is_deleted(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let before = app
        .rounds_report(Some("municipality"), Some("round"))
        .await
        .expect("the report");
    let assessments = app.count("SELECT COUNT(*) FROM assessments").await;
    assert!(assessments > 0);

    // Six years on, every registration of the demo's rounds is past its five years.
    app.clock.advance(Duration::days(6 * 365));
    let report = run_job(&app).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM assessments").await, 0);
    assert!(
        report.round_counts < before.lines.len(),
        "only rounds without counts or of the last year are settled: {}",
        report.round_counts
    );

    app.login_ok("admin").await;
    let after = app
        .rounds_report(Some("municipality"), Some("round"))
        .await
        .expect("the report");
    assert_eq!(after.lines, before.lines);
}
