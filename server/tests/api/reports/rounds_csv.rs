//! The rounds report as a CSV file for Danish Excel (issue 19 item 4), read back as Excel
//! would: a byte-order mark, `;` between cells, the decimal comma, the same figures as the page.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::wire::report::{ReportCell, ReportTable};
use reqwest::StatusCode;

on_both_backends!(
    the_csv_holds_the_pages_figures_in_danish_excels_format,
    the_csv_is_refused_as_the_page_is,
);

async fn the_csv_holds_the_pages_figures_in_danish_excels_format(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("omraadeleder").await;
    let page = app
        .rounds_report(None, Some("year"))
        .await
        .expect("the report");
    let url = format!("/reports/rounds.csv?scope={}&by=year", page.scope);
    let answer = app.get(&url).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let header = |name: &str| {
        answer
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert!(header("content-disposition").starts_with("attachment"));
    assert_eq!(header("cache-control"), "no-store");
    let bytes = answer.bytes().await.expect("the file");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .from_reader(&bytes[3..]);
    let headers: Vec<String> = reader
        .headers()
        .expect("a header line")
        .iter()
        .map(str::to_owned)
        .collect();
    // The language picker was never touched: Danish.
    assert_eq!(headers[0], "År");
    assert_eq!(headers[1], "Børn");
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a row").iter().map(str::to_owned).collect())
        .collect();
    let table: ReportTable = app::reports::rounds_table::rounds_table(&page, app::i18n::Locale::da);
    assert_eq!(headers, table.columns);
    assert_eq!(rows.len(), page.lines.len());
    for (row, expected) in rows.iter().zip(&table.rows) {
        let expected: Vec<String> = expected.iter().map(ReportCell::danish_text).collect();
        assert_eq!(row, &expected);
    }
    // Shares come with the decimal comma, never a point.
    assert!(
        rows.iter().flatten().all(|cell| !cell.contains('.')),
        "{rows:?}"
    );
    assert!(
        rows.iter().flatten().any(|cell| cell.contains(',')),
        "some share has decimals: {rows:?}"
    );

    // In English when the reader chose English.
    let english = app
        .raw()
        .get(app.url(&url))
        .header(
            "cookie",
            format!("{}; i18n_pref_locale=en", app.cookie_header()),
        )
        .send()
        .await
        .expect("GET");
    let text = String::from_utf8(english.bytes().await.unwrap()[3..].to_vec()).unwrap();
    assert!(text.starts_with("Year;Children;"), "{}", &text[..40]);
}

async fn the_csv_is_refused_as_the_page_is(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let answer = app.get("/reports/rounds.csv?scope=municipality").await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    app.login_ok("omraadeleder").await;
    let answer = app.get("/reports/rounds.csv?scope=municipality").await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    let answer = app.get("/reports/rounds.csv?by=fortnight").await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.login_ok("paedagog").await;
    let answer = app.get("/reports/rounds.csv").await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
}
