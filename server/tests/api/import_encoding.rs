//! Imports as Danish offices make them: Excel's "CSV (semikolonsepareret)" is Windows-1252,
//! and its `æøå` must arrive as themselves, through the real server. A file in neither UTF-8
//! nor Windows-1252 is refused whole, with nothing imported.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::error::{AppError, Problem, ProblemCode};
use app::org::import::ImportKind::{Children, Groups, Staff};
use app::org::import::ImportReport;
use reqwest::StatusCode;

on_both_backends!(
    a_windows_1252_file_from_excel_is_imported_with_its_letters,
    a_file_in_neither_encoding_imports_nothing_and_says_why,
);

/// `text` as Excel's "CSV (semikolonsepareret)" saves it, with Windows line ends.
fn excel_1252(text: &str) -> Vec<u8> {
    let text = text.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "all of it is in Windows-1252");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is not UTF-8, or the test would prove nothing"
    );
    bytes.into_owned()
}

async fn a_windows_1252_file_from_excel_is_imported_with_its_letters(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    // The unit's name has `æ` and `ø`: it resolves only if the value was read right.
    let groups = excel_1252("tilbud;gruppe\nVuggestuen Mælkebøtten;Små Æbler\n");
    assert_eq!(
        app.import_file(Groups, &groups).await,
        Ok(ImportReport {
            kind: Groups,
            rows: 1
        })
    );
    // The header's `ø` (fødselsdato) too: read as UTF-8 it was a "wrong columns".
    let children = excel_1252(
        "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n\
         K-1;Åse;Ærø-Øster;12-03-2022;Skovbørnehaven Egern;Grønne stue;01-08-2025\n\
         K-2;Bjørn;Ågård;05-06-2025;Vuggestuen Mælkebøtten;Små Æbler;01-08-2026\n",
    );
    assert_eq!(
        app.import_file(Children, &children).await,
        Ok(ImportReport {
            kind: Children,
            rows: 2
        })
    );
    // The role's `æ` (pædagog) and the header's `å`/`ø` (område).
    let staff = excel_1252(
        "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\n\
         soeren.paed;Søren Ødegård;pædagog;Skovbørnehaven Egern;;01-08-2026;\n",
    );
    assert_eq!(
        app.import_file(Staff, &staff).await,
        Ok(ImportReport {
            kind: Staff,
            rows: 1
        })
    );
    for (sql, rows) in [
        (
            "SELECT COUNT(*) FROM children c JOIN enrolments e ON e.child_id = c.id \
             JOIN child_groups g ON g.id = e.group_id \
             WHERE c.external_id = 'K-1' AND c.first_name = 'Åse' \
             AND c.last_name = 'Ærø-Øster' AND g.name = 'Grønne stue'",
            1,
        ),
        (
            "SELECT COUNT(*) FROM children c JOIN enrolments e ON e.child_id = c.id \
             JOIN child_groups g ON g.id = e.group_id \
             WHERE c.first_name = 'Bjørn' AND c.last_name = 'Ågård' AND g.name = 'Små Æbler'",
            1,
        ),
        (
            "SELECT COUNT(*) FROM users WHERE username = 'soeren.paed' \
             AND display_name = 'Søren Ødegård'",
            1,
        ),
    ] {
        assert_eq!(app.count(sql).await, rows, "{sql}");
    }
    let replaced = app
        .count(
            "SELECT COUNT(*) FROM children WHERE first_name LIKE '%\u{FFFD}%' \
             OR last_name LIKE '%\u{FFFD}%'",
        )
        .await;
    assert_eq!(replaced, 0, "no letter became U+FFFD");
}

async fn a_file_in_neither_encoding_imports_nothing_and_says_why(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let text = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n\
                K-9;Åse;Ærø;12-03-2022;Skovbørnehaven Egern;Grønne stue;01-08-2025\n";
    // Excel's "Unicode text": UTF-16 little-endian with its byte order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    // Windows-1252 but for a byte the code page leaves undefined.
    let mut undefined = excel_1252(text);
    undefined
        .extend(b"K-10;Ida;Lund;12-03-2022;Skovb\x81rnehaven Egern;Gr\xF8nne stue;01-08-2025\r\n");
    let children_before = app.count("SELECT COUNT(*) FROM children").await;
    for (name, file) in [("UTF-16LE", utf16), ("undefined byte", undefined)] {
        let refused = app.import_file(Children, &file).await.unwrap_err();
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {refused:?}"
        );
        assert_eq!(
            refused.error,
            AppError::Invalid {
                problems: vec![Problem {
                    line: 0,
                    field: String::new(),
                    code: ProblemCode::UnknownEncoding,
                }]
            },
            "{name}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM children").await,
        children_before,
        "nothing imported"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM children WHERE external_id IN ('K-9', 'K-10')")
            .await,
        0
    );
    assert!(app.audit("import").await.is_empty(), "no import happened");
}
