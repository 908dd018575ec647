//! The grade-0 language assessment (issue 19 item 3), through the real server: the
//! administrator's import (all or nothing, every bad row named, a year re-imported replaces the
//! child's value, audited), the report's figures by hand, who may see what, the CSV file's
//! bytes, and the custody holder's record.
//!
//! The demo (started 23 November 2026, school year 2026/27) holds Bakkeskolen's assessments for
//! three school years: 2024/25 20 pupils (7 needing focused or special effort), 2025/26 21 (6),
//! 2026/27 22 (5).

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::{ProblemCode, ShownCount};
use app::reports::language::LanguageReport;
use app::wire::report::ReportCell;
use reqwest::StatusCode;

on_both_backends!(
    a_good_import_replaces_a_years_values_and_the_report_counts_it,
    every_bad_row_is_refused_with_its_line_and_nothing_is_imported,
    only_leaders_and_the_administrator_see_counts_and_nobody_a_childs_value,
    the_csv_file_is_the_table_for_danish_excel,
    the_custody_holder_finds_the_childs_value_in_everything_registered,
);

/// A stored value of the demo's year 2026: (external id, effort).
async fn stored(app: &TestApp, effort: &str, offset: i64) -> String {
    app.scalar_text(
        &format!(
            "SELECT c.external_id FROM language_assessments l JOIN children c ON c.id = l.child_id \
             WHERE l.school_year = 2026 AND l.effort = $1 ORDER BY c.external_id \
             LIMIT 1 OFFSET {offset}"
        ),
        effort,
    )
    .await
}

/// A pupil of 1.A (grade 0 last year), who has no value for 2026.
async fn first_grader(app: &TestApp) -> String {
    app.scalar_text(
        "SELECT c.external_id FROM children c JOIN enrolments e ON e.child_id = c.id \
         JOIN child_groups g ON g.id = e.group_id WHERE g.name = $1 ORDER BY c.external_id \
         LIMIT 1",
        "1.A",
    )
    .await
}

async fn effort_of(app: &TestApp, external_id: &str) -> String {
    app.scalar_text(
        "SELECT l.effort FROM language_assessments l JOIN children c ON c.id = l.child_id \
         WHERE l.school_year = 2026 AND c.external_id = $1",
        external_id,
    )
    .await
}

const HEADER: &str = "eksternt_id;skoleår;indsats\n";

/// A row's (school year, place, assessed, needing, share, change) in the table.
type Figures = (
    String,
    String,
    ShownCount,
    ShownCount,
    Option<f64>,
    Option<f64>,
);

fn figures(report: &LanguageReport) -> Vec<Figures> {
    let round = |v: &Option<f64>| v.map(|v| (v * 100.0).round() / 100.0);
    report
        .table
        .rows
        .iter()
        .map(|row| match row.as_slice() {
            [ReportCell::Text(year), ReportCell::Text(place), ReportCell::Count(assessed), ReportCell::Count(needing), ReportCell::Percent(share), ReportCell::Percent(change), ReportCell::Count(_), ReportCell::Count(_)] => {
                (
                    year.clone(),
                    place.clone(),
                    *assessed,
                    *needing,
                    round(share),
                    round(change),
                )
            }
            other => panic!("not a line of the report: {other:?}"),
        })
        .collect()
}

fn line(
    year: &str,
    place: &str,
    assessed: i64,
    needing: i64,
    share: f64,
    change: Option<f64>,
) -> Figures {
    (
        year.to_owned(),
        place.to_owned(),
        ShownCount::Exact(assessed),
        ShownCount::Exact(needing),
        Some(share),
        change,
    )
}

/// The demo's lines for 2024/25 and 2025/26, for each place the administrator sees.
fn earlier_years(places: &[&str]) -> Vec<Figures> {
    let mut out = Vec::new();
    for place in places {
        out.push(line("2024/25", place, 20, 7, 35.0, None));
    }
    for place in places {
        out.push(line("2025/26", place, 21, 6, 28.57, Some(-6.43)));
    }
    out
}

const ADMIN_PLACES: [&str; 3] = ["Hele kommunen", "Område Syd", "Bakkeskolen"];

async fn a_good_import_replaces_a_years_values_and_the_report_counts_it(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let mut expected = earlier_years(&ADMIN_PLACES);
    for place in ADMIN_PLACES {
        expected.push(line("2026/27", place, 22, 5, 22.73, Some(-5.84)));
    }
    let report = app.language_report("da").await.expect("the report");
    assert_eq!(figures(&report), expected);
    assert!(report.may_import);
    assert_eq!(report.chart_place, "Hele kommunen");
    let bars: Vec<(String, bool)> = report
        .chart
        .iter()
        .map(|b| (b.school_year.clone(), b.share.is_some()))
        .collect();
    assert_eq!(
        bars,
        [
            ("2024/25".to_owned(), true),
            ("2025/26".to_owned(), true),
            ("2026/27".to_owned(), true)
        ]
    );

    // One focused pupil turns out general, one general special, one general stays so, and a
    // first grader is assessed for 2026 too: 23 assessed, 6 needing.
    let focused = stored(&app, "focused", 0).await;
    let general = stored(&app, "general", 0).await;
    let unchanged = stored(&app, "general", 1).await;
    let new = first_grader(&app).await;
    let file = format!(
        "{HEADER}{focused};2026/27;generel\n{general};2026/2027;Særlig\n{unchanged};2026;general\n\
         {new};2026/27;fokuseret\n"
    );
    let done = app.import_language(&file).await.expect("imported");
    assert_eq!((done.new, done.changed, done.unchanged), (1, 2, 1));
    assert_eq!(effort_of(&app, &focused).await, "general");
    assert_eq!(effort_of(&app, &general).await, "special");
    assert_eq!(effort_of(&app, &new).await, "focused");

    let mut expected = earlier_years(&ADMIN_PLACES);
    for place in ADMIN_PLACES {
        // 6 of 23 is 26.09 %, 2.48 points below 2025/26's 28.57 %.
        expected.push(line("2026/27", place, 23, 6, 26.09, Some(-2.48)));
    }
    let report = app.language_report("da").await.expect("the report");
    assert_eq!(figures(&report), expected);
    // The counts of earlier concerns are all small here: hidden, never shown exactly.
    for row in &report.table.rows {
        for cell in &row[6..] {
            assert!(
                !matches!(cell, ReportCell::Count(ShownCount::Exact(n)) if *n < 5),
                "{row:?}"
            );
        }
    }

    // Audited: one row per child, with the school year and never the effort, and the summary.
    let per_child = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'import_language_assessment' \
             AND child_id IS NOT NULL AND criterion = 'school_year:2026'",
        )
        .await;
    assert_eq!(per_child, 4);
    let summary = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'import' \
             AND criterion = 'language_assessments:4 new:1 changed:2'",
        )
        .await;
    assert_eq!(summary, 1);
    let allowed = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'import_measures' \
             AND outcome = 'allowed'",
        )
        .await;
    assert_eq!(allowed, 1);
}

async fn every_bad_row_is_refused_with_its_line_and_nothing_is_imported(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let focused = stored(&app, "focused", 0).await;
    let general = stored(&app, "general", 0).await;
    let new = first_grader(&app).await;
    let rows_before = app.count("SELECT COUNT(*) FROM language_assessments").await;
    // Each file's line 2 is good (it would change a value); line 3 is bad.
    let good = format!("{general};2026/27;særlig\n");
    let cases = [
        (
            "SB-99999;2026/27;generel\n".to_owned(),
            "eksternt_id",
            ProblemCode::UnknownChild,
        ),
        (
            format!("{new};2027/28;generel\n"),
            "skoleår",
            ProblemCode::FutureSchoolYear,
        ),
        (
            format!("{focused};2015/16;generel\n"),
            "skoleår",
            ProblemCode::BeforeBirth,
        ),
        (
            format!("{general};2026;generel\n"),
            "eksternt_id",
            ProblemCode::Duplicate,
        ),
        (
            format!("{new};2026/27;intensiv\n"),
            "indsats",
            ProblemCode::BadEffort,
        ),
        (
            format!("{new};2026/28;generel\n"),
            "skoleår",
            ProblemCode::BadSchoolYear,
        ),
    ];
    for (bad, field, code) in cases {
        let refused = app
            .import_language(&format!("{HEADER}{good}{bad}"))
            .await
            .expect_err("refused");
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let problems = match &refused.error {
            app::error::AppError::Invalid { problems } => problems.clone(),
            other => panic!("{bad}: {other:?}"),
        };
        let got: Vec<(u32, &str, ProblemCode)> = problems
            .iter()
            .map(|p| (p.line, p.field.as_str(), p.code))
            .collect();
        assert_eq!(got, [(3, field, code)], "{bad}");
        assert_eq!(effort_of(&app, &general).await, "general", "{bad}");
        let rows = app.count("SELECT COUNT(*) FROM language_assessments").await;
        assert_eq!(rows, rows_before, "{bad}: nothing imported");
    }
    // A file in the wrong shape is a 4xx too, never a 500.
    let wrong = app
        .import_language("barn;år\nx;y\n")
        .await
        .expect_err("refused");
    assert_eq!(wrong.code(), Some(ProblemCode::WrongColumns));
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn only_leaders_and_the_administrator_see_counts_and_nobody_a_childs_value(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let file = format!("{HEADER}SB-01072;2026/27;generel\n");
    for who in [
        "paedagog",
        "laerer",
        "leder",
        "specialist",
        "forælder",
        "forælder2",
    ] {
        app.login_ok(who).await;
        let refused = app.language_report("da").await.expect_err(who);
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who}");
        let refused = app.import_language(&file).await.expect_err(who);
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who}");
        let csv = app.get("/reports/language.csv").await;
        assert_eq!(csv.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let denied = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('view_measures', 'import_measures') \
             AND outcome = 'denied'",
        )
        .await;
    assert_eq!(denied, 6 * 3, "every refusal is logged");

    // The area leader of Område Nord sees the municipality's lines, whose totals are no small
    // count beside what they see (nothing of Område Syd), and no line of the other area.
    app.login_ok("omraadeleder").await;
    let report = app.language_report("da").await.expect("the report");
    let expected = vec![
        line("2024/25", "Hele kommunen", 20, 7, 35.0, None),
        line("2025/26", "Hele kommunen", 21, 6, 28.57, Some(-6.43)),
        line("2026/27", "Hele kommunen", 22, 5, 22.73, Some(-5.84)),
    ];
    assert_eq!(figures(&report), expected);
    assert!(!report.may_import);

    // The teacher of 0.A reaches its pupils, but no answer about them holds their value.
    app.login_ok("laerer").await;
    let pupils: Vec<String> = {
        let rows = sqlx::query(
            "SELECT l.child_id, l.effort FROM language_assessments l WHERE l.school_year = 2026 \
             AND l.effort <> 'general'",
        )
        .fetch_all(app.db.pool())
        .await
        .expect("the pupils");
        rows.iter()
            .map(|r| sqlx::Row::get::<String, _>(r, 0))
            .collect()
    };
    assert!(!pupils.is_empty());
    for child in &pupils {
        let child: app::domain::ChildId = child.parse().expect("an id");
        for (endpoint, body) in [
            ("child_page", serde_json::json!({ "child": child })),
            ("child_timeline", serde_json::json!({ "child": child })),
        ] {
            let (status, answer) = app.call(endpoint, body).await;
            assert_eq!(status, StatusCode::OK, "{endpoint}");
            let text = answer.to_string();
            for word in ["\"focused\"", "\"special\"", "effort", "sprogvurdering"] {
                assert!(!text.contains(word), "{endpoint} shows {word}: {text}");
            }
        }
    }
}

/// The file's text after its byte-order mark, as lines of cells.
fn parsed(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM")).unwrap();
    assert!(text.ends_with("\r\n"), "CRLF line ends");
    text.trim_end_matches("\r\n")
        .split("\r\n")
        .map(|line| line.split(';').map(str::to_owned).collect())
        .collect()
}

async fn the_csv_file_is_the_table_for_danish_excel(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let res = app.get("/reports/language.csv").await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |name: &str| res.headers()[name].to_str().unwrap_or_default().to_owned();
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"sprogvurdering.csv\""
    );
    assert_eq!(header("cache-control"), "no-store");
    let lines = parsed(&res.bytes().await.expect("the file"));
    assert_eq!(
        lines[0],
        [
            "Skoleår",
            "Sted",
            "Vurderede elever",
            "Fokuseret eller særlig indsats",
            "Andel (%)",
            "Ændring fra året før (procentpoint)",
            "Heraf med gul eller rød fælles position i en tidligere runde",
            "Øvrige elever med gul eller rød fælles position i en tidligere runde",
        ]
    );
    assert_eq!(lines.len(), 1 + 9);
    assert_eq!(
        lines[1][..6],
        ["2024/25", "Hele kommunen", "20", "7", "35", "–"]
    );
    assert_eq!(
        lines[7][..6],
        ["2026/27", "Hele kommunen", "22", "5", "22,7", "-5,8"]
    );
    assert_eq!(lines[9][1], "Bakkeskolen");

    // In the reader's language: English headers for a reader who chose English.
    let res = app
        .raw()
        .get(app.url("/reports/language.csv"))
        .header(
            reqwest::header::COOKIE,
            format!("{}; i18n_pref_locale=en", app.cookie_header()),
        )
        .send()
        .await
        .expect("GET");
    let lines = parsed(&res.bytes().await.expect("the file"));
    assert_eq!(lines[0][..3], ["School year", "Place", "Pupils assessed"]);
    assert_eq!(lines[1][1], "The whole municipality");
}

async fn the_custody_holder_finds_the_childs_value_in_everything_registered(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    // Emil Forælder's child started in 0.A three weeks ago.
    let child = app
        .scalar_text(
            "SELECT c.id FROM children c JOIN guardianships g ON g.child_id = c.id \
             JOIN users u ON u.id = g.user_id WHERE u.username = $1",
            "forælder5",
        )
        .await;
    let external = app
        .scalar_text("SELECT external_id FROM children WHERE id = $1", &child)
        .await;
    app.login_ok("admin").await;
    app.import_language(&format!("{HEADER}{external};2026/27;fokuseret\n"))
        .await
        .expect("imported");
    app.login_ok("forælder5").await;
    let res = app.get(&format!("/records/{child}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.expect("the PDF");
    let text: String = pdf_extract::extract_text_from_mem(&bytes)
        .expect("the PDF's text")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for words in [
        "Sprogvurderingi0.klasse",
        "Skoleår·2026/27",
        "Sprogindsats",
        "Fokuseretindsats",
        "Bakkeskolen",
    ] {
        assert!(text.contains(words), "the record holds {words:?}: {text}");
    }
}
