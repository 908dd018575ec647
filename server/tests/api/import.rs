//! The administrator's CSV import through the HTTP API: all or nothing, every problem named.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::error::{AppError, Problem, ProblemCode};
use app::org::import::ImportKind::{Children, Groups, Guardians, Staff, Units};
use app::org::import::ImportReport;
use reqwest::StatusCode;

on_both_backends!(
    a_good_file_of_each_kind_is_imported,
    one_bad_row_imports_nothing_and_names_the_line,
    a_name_that_does_not_resolve_imports_nothing,
    only_an_administrator_may_import,
    a_file_with_bom_and_crlf_line_ends_is_imported,
    a_file_over_the_size_limit_is_refused_whole_with_a_clear_message,
    a_large_file_within_the_limits_reaches_the_checks_of_every_row,
    an_administrator_cannot_make_themselves_staff_by_import,
    an_administrator_cannot_make_themselves_a_guardian_by_import,
    each_membership_and_guardianship_an_import_creates_is_logged_with_its_ids,
);

/// The one problem of an all-or-nothing refusal, as the import names it.
fn one_problem(line: u32, field: &str, code: ProblemCode) -> AppError {
    AppError::Invalid {
        problems: vec![Problem {
            line,
            field: field.to_owned(),
            code,
        }],
    }
}

async fn a_good_file_of_each_kind_is_imported(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let steps = [
        (Units, "område;tilbud;type\nOmråde Vest;Solsikken;vuggestue\nOmråde Nord;Skovly;børnehave\n", 2),
        (Groups, "tilbud;gruppe\nSolsikken;Bierne\nSkovly;Myrerne\n", 2),
        (
            Children,
            "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n\
             V-1;Asta;Lind;12-03-2025;Solsikken;Bierne;01-08-2026\n\
             V-2;Bror;Lind;2022-01-30;Skovly;Myrerne;01.08.2025\n",
            2,
        ),
        (
            Guardians,
            "barn_eksternt_id;brugernavn;navn;forældremyndighed;adressebeskyttelse\n\
             V-1;mor.lind;Mette Lind;ja;nej\nV-2;mor.lind;Mette Lind;ja;nej\nV-2;far.lind;Finn Lind;nej;ja\n",
            3,
        ),
        (
            Staff,
            "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\n\
             sol.paed;Sara Sol;pædagog;Solsikken;;01-08-2026;\n\
             vest.leder;Vera Vest;områdeleder;;Område Vest;01-08-2026;31-07-2027\n",
            2,
        ),
    ];
    for (kind, content, rows) in steps {
        let report = app.import_csv(kind, content).await;
        assert_eq!(report, Ok(ImportReport { kind, rows }), "{kind:?}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM areas").await,
        3,
        "Område Vest was created, Nord reused"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM children WHERE external_id LIKE 'V-%'")
            .await,
        2
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username = 'mor.lind'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM guardianships gs JOIN users u ON u.id = gs.user_id WHERE u.username = 'far.lind' AND gs.address_protected = 1 AND gs.has_custody = 0").await, 1);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM users WHERE username = 'sol.paed' AND password_hash IS NULL"
        )
        .await,
        1
    );
    let audit = app.audit("import").await;
    assert_eq!(audit.len(), 5);
    assert_eq!(audit[2].2.as_deref(), Some("children:2"));
}

async fn one_bad_row_imports_nothing_and_names_the_line(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let before = app.count("SELECT COUNT(*) FROM children").await;
    let content = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n\
                   N-1;Alf;Holm;01-02-2022;Skovbørnehaven Egern;Grønne stue;01-08-2026\n\
                   N-2;Bea;Holm;31-02-2022;Skovbørnehaven Egern;Grønne stue;01-08-2026\n\
                   N-3;Cai;Holm;01-02-2022;Skovbørnehaven Egern;Grønne stue;01-08-2026\n";
    let refused = app.import_csv(Children, content).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.error,
        one_problem(3, "fødselsdato", ProblemCode::BadDate)
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM children").await,
        before,
        "nothing was imported"
    );
    assert!(app.audit("import").await.is_empty());
}

async fn a_name_that_does_not_resolve_imports_nothing(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let before = app.count("SELECT COUNT(*) FROM children").await;
    let content = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n\
                   N-1;Alf;Holm;01-02-2022;Skovbørnehaven Egern;Grønne stue;01-08-2026\n\
                   N-2;Bea;Holm;01-02-2022;Skovbørnehaven Egern;Blå stue;01-08-2026\n\
                   SB-01001;Cai;Holm;01-02-2022;Skovbørnehaven Egern;Grønne stue;01-08-2026\n\
                   N-4;Dan;Holm;01-02-2022;Fantasiskolen;1.A;01-08-2026\n";
    let refused = app.import_csv(Children, content).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let AppError::Invalid { problems } = &refused.error else {
        panic!("not a list of problems: {refused:?}");
    };
    let codes: Vec<_> = problems.iter().map(|p| (p.line, p.code)).collect();
    assert_eq!(
        codes,
        [
            (3, ProblemCode::UnknownGroup),
            // A child already imported, under another name: not a placement of that child.
            (4, ProblemCode::OtherChild),
            (5, ProblemCode::UnknownUnit)
        ]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM children").await,
        before,
        "the good first row was rolled back too"
    );
}

async fn only_an_administrator_may_import(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("leder").await;
    let refused = app
        .import_csv(Groups, "tilbud;gruppe\nSkovbørnehaven Egern;Blå stue\n")
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.error, AppError::Forbidden);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM child_groups WHERE name = 'Blå stue'")
            .await,
        0
    );
    let denied = app.audit("manage_organisation").await;
    assert_eq!(
        denied.last().unwrap().3,
        "denied",
        "the refused attempt is logged"
    );
}

async fn a_file_with_bom_and_crlf_line_ends_is_imported(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let content = "\u{feff}tilbud;gruppe\r\nSkovbørnehaven Egern;Blå stue\r\nBakkeskolen;2.A\r\n";
    app.import_csv(Groups, content).await.expect("imported");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM child_groups WHERE name IN ('Blå stue', '2.A')")
            .await,
        2
    );
}

async fn a_file_over_the_size_limit_is_refused_whole_with_a_clear_message(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let before = app.count("SELECT COUNT(*) FROM child_groups").await;
    let row = format!("Skovbørnehaven Egern;{}\n", "x".repeat(90));
    let content = format!("tilbud;gruppe\n{}", row.repeat(6 * 1024 * 1024 / row.len()));
    assert!(content.len() > 6_000_000);
    let refused = app.import_csv(Groups, &content).await.unwrap_err();
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{refused:?}"
    );
    assert_eq!(refused.error, one_problem(0, "", ProblemCode::FileTooLarge));
    assert_eq!(app.count("SELECT COUNT(*) FROM child_groups").await, before);
    assert!(app.audit("import").await.is_empty());
}

async fn a_large_file_within_the_limits_reaches_the_checks_of_every_row(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let before = app.count("SELECT COUNT(*) FROM child_groups").await;
    // 19,999 good rows and a bad last one: about 2.5 MB, past axum's usual 2 MB body limit.
    let mut content = String::from("tilbud;gruppe\n");
    for n in 0..19_999 {
        content.push_str(&format!(
            "Skovbørnehaven Egern;Gruppe {n:05} {}\n",
            "x".repeat(84)
        ));
    }
    content.push_str(&format!("Skovbørnehaven Egern;{}\n", "y".repeat(101)));
    assert!(content.len() > 2_400_000);
    let refused = app.import_csv(Groups, &content).await.unwrap_err();
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{refused:?}"
    );
    assert_eq!(
        refused.error,
        one_problem(20_001, "gruppe", ProblemCode::TooLong)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM child_groups").await, before);
}

async fn an_administrator_cannot_make_themselves_staff_by_import(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let admin = app.user_id("admin").await;
    let memberships = "SELECT COUNT(*) FROM memberships";
    let before = app.count(memberships).await;
    let users = app.count("SELECT COUNT(*) FROM users").await;
    // A good row for someone else first: all or nothing, so it goes too. The username is
    // matched as the login matches it, whatever its case.
    let content = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\n\
                   ny.paed;Nina Ny;pædagog;Skovbørnehaven Egern;;01-08-2026;\n\
                   Admin;Anne Admin;pædagog;Skovbørnehaven Egern;;01-08-2026;\n\
                   admin;Anne Admin;områdeleder;;Område Nord;01-08-2026;\n";
    let refused = app.import_csv(Staff, content).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let AppError::Invalid { problems } = &refused.error else {
        panic!("not a list of problems: {refused:?}");
    };
    let found: Vec<_> = problems
        .iter()
        .map(|p| (p.line, p.field.as_str(), p.code))
        .collect();
    assert_eq!(
        found,
        [
            (3, "brugernavn", ProblemCode::SelfGrant),
            (4, "brugernavn", ProblemCode::SelfGrant)
        ]
    );
    assert_eq!(app.count(memberships).await, before, "nothing was imported");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users").await,
        users,
        "not even the other row's new user"
    );
    assert_eq!(
        app.scalar_text(
            "SELECT CAST(COUNT(*) AS TEXT) FROM memberships WHERE user_id = $1",
            admin
        )
        .await,
        "1",
        "the administrator keeps their one membership"
    );
    assert!(app.audit("import").await.is_empty());
    assert!(app.audit("import_membership").await.is_empty());
}

async fn an_administrator_cannot_make_themselves_a_guardian_by_import(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let admin = app.user_id("admin").await;
    let content = "barn_eksternt_id;brugernavn;navn;forældremyndighed;adressebeskyttelse\n\
                   SB-01001;admin;Anne Admin;ja;nej\n";
    let refused = app.import_csv(Guardians, content).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.error,
        one_problem(2, "brugernavn", ProblemCode::SelfGrant)
    );
    assert_eq!(
        app.scalar_text(
            "SELECT CAST(COUNT(*) AS TEXT) FROM guardianships WHERE user_id = $1",
            admin
        )
        .await,
        "0"
    );
    assert!(app.audit("import_guardianship").await.is_empty());
    // The administrator still cannot open the child: nothing was granted.
    let child = app
        .scalar_text("SELECT id FROM children WHERE external_id = $1", "SB-01001")
        .await
        .parse()
        .expect("a child id");
    assert_eq!(
        app.child_page(child).await.unwrap_err().error,
        AppError::NotFound
    );
}

async fn each_membership_and_guardianship_an_import_creates_is_logged_with_its_ids(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let admin = app.user_id("admin").await.to_string();
    let staff = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\n\
                 ny.paed;Nina Ny;pædagog;Skovbørnehaven Egern;;01-08-2026;\n\
                 ny.leder;Niels Ny;områdeleder;;Område Nord;01-08-2026;31-07-2027\n";
    app.import_csv(Staff, staff).await.expect("imported");
    let guardians = "barn_eksternt_id;brugernavn;navn;forældremyndighed;adressebeskyttelse\n\
                     SB-01001;ny.mor;Mona Ny;ja;nej\nSB-01001;ny.far;Frode Ny;nej;ja\n";
    app.import_csv(Guardians, guardians)
        .await
        .expect("imported");

    let egern = app.unit_id("Skovbørnehaven Egern").await.to_string();
    let north = app
        .scalar_text("SELECT id FROM areas WHERE name = $1", "Område Nord")
        .await;
    let paed = app.user_id("ny.paed").await.to_string();
    let leader = app.user_id("ny.leder").await.to_string();
    let paed_membership = app
        .scalar_text("SELECT id FROM memberships WHERE user_id = $1", &paed)
        .await;
    let leader_membership = app
        .scalar_text("SELECT id FROM memberships WHERE user_id = $1", &leader)
        .await;
    let rows = audit_rows(&app, "import_membership").await;
    assert_eq!(
        rows,
        [
            AuditRow {
                user: Some(admin.clone()),
                unit: Some(egern),
                child: None,
                criterion: Some(format!(
                    "membership:{paed_membership} user:{paed} role:pedagogue"
                )),
                outcome: "succeeded".into(),
            },
            AuditRow {
                user: Some(admin.clone()),
                unit: None,
                child: None,
                criterion: Some(format!(
                    "membership:{leader_membership} user:{leader} role:area_leader area:{north}"
                )),
                outcome: "succeeded".into(),
            },
        ]
    );

    let child = app
        .scalar_text("SELECT id FROM children WHERE external_id = $1", "SB-01001")
        .await;
    let mother = app.user_id("ny.mor").await;
    let father = app.user_id("ny.far").await;
    let rows = audit_rows(&app, "import_guardianship").await;
    let expected = [(mother, 1), (father, 0)].map(|(user, custody)| AuditRow {
        user: Some(admin.clone()),
        unit: None,
        child: Some(child.clone()),
        criterion: Some(format!("user:{user} custody:{custody}")),
        outcome: "succeeded".into(),
    });
    assert_eq!(rows, expected);
    // The summary rows stay, one per file.
    let summaries: Vec<_> = app
        .audit("import")
        .await
        .into_iter()
        .map(|row| row.2)
        .collect();
    assert_eq!(
        summaries,
        [Some("staff:2".to_owned()), Some("guardians:2".to_owned())]
    );
}

#[derive(Debug, PartialEq)]
struct AuditRow {
    user: Option<String>,
    unit: Option<String>,
    child: Option<String>,
    criterion: Option<String>,
    outcome: String,
}

/// The audit rows of one action, with the unit the common helper leaves out.
async fn audit_rows(app: &TestApp, action: &str) -> Vec<AuditRow> {
    use sqlx::Row;
    sqlx::query(
        "SELECT user_id, unit_id, child_id, criterion, outcome FROM audit_log \
         WHERE action = $1 ORDER BY id",
    )
    .bind(action)
    .fetch_all(app.db.audit_pool())
    .await
    .expect("audit rows")
    .into_iter()
    .map(|r| AuditRow {
        user: r.get(0),
        unit: r.get(1),
        child: r.get(2),
        criterion: r.get(3),
        outcome: r.get(4),
    })
    .collect()
}
