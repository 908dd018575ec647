//! Children who move (issue 17 item 1), through the real server: the children file's rows are
//! placements. A row for a child already imported moves it (another room, another unit, the
//! school it starts in months ahead) or ends a placement (`slutdato`, its last day); access
//! follows the dates by itself. Every bad move is refused whole with its problem, and each
//! placement created or ended is in the audit log by ids. The test clock starts on Monday
//! 23 November 2026.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::{ChildId, UnitKind};
use app::error::{AppError, ProblemCode};
use app::org::import::ImportKind::Children;
use app::org::import::ImportReport;
use app::org::AccessSettings;
use reqwest::StatusCode;
use time::macros::date;
use time::Duration;

on_both_backends!(
    a_child_moves_between_rooms_of_one_unit,
    a_school_start_planned_months_ahead_moves_access_on_its_dates,
    ending_a_placement_closes_it_after_its_last_day,
    every_bad_move_is_refused_with_its_problem_and_nothing_is_saved,
);

const HEADER: &str = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato;slutdato";
const EGERN: &str = "Skovbørnehaven Egern";

async fn child_id(app: &TestApp, external_id: &str) -> ChildId {
    app.scalar_text(
        "SELECT id FROM children WHERE external_id = $1",
        external_id,
    )
    .await
    .parse()
    .expect("a child id")
}

/// Imports a children file as the administrator; answers the rows it took.
async fn import(app: &TestApp, rows: &str) -> u32 {
    app.login_ok("admin").await;
    let report = app
        .import_csv(Children, &format!("{HEADER}\n{rows}"))
        .await
        .expect("the file is imported");
    app.logout().await.expect("signed out");
    assert_eq!(report.kind, Children);
    report.rows
}

/// Whether `who` reaches the child today (the child page, or "not found").
async fn reaches(app: &TestApp, who: &str, child: ChildId) -> bool {
    app.login_ok(who).await;
    let page = app.child_page(child).await;
    app.logout().await.expect("signed out");
    match page {
        Ok(_) => true,
        Err(refused) if refused.status == StatusCode::NOT_FOUND => false,
        Err(refused) => panic!("{who}: {refused:?}"),
    }
}

/// The child's placements as stored: (group, first day, last day).
async fn placements(app: &TestApp, child: ChildId) -> Vec<(String, String, Option<String>)> {
    use sqlx::Row;
    sqlx::query(
        "SELECT g.name, e.starts_on, e.ends_on FROM enrolments e \
         JOIN child_groups g ON g.id = e.group_id WHERE e.child_id = $1 ORDER BY e.starts_on",
    )
    .bind(child.to_string())
    .fetch_all(app.db.pool())
    .await
    .expect("placements")
    .into_iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect()
}

/// The audit rows of the import's placements for one child: (action, criterion), in order.
async fn placement_audit(app: &TestApp, child: ChildId) -> Vec<(String, String)> {
    use sqlx::Row;
    sqlx::query(
        "SELECT action, criterion FROM audit_log WHERE child_id = $1 \
         AND action IN ('import_enrolment', 'import_enrolment_end') ORDER BY id",
    )
    .bind(child.to_string())
    .fetch_all(app.db.audit_pool())
    .await
    .expect("audit rows")
    .into_iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

async fn group_id(app: &TestApp, name: &str) -> String {
    app.scalar_text("SELECT id FROM child_groups WHERE name = $1", name)
        .await
}

async fn enrolment_id(app: &TestApp, child: ChildId, group: &str) -> String {
    app.scalar_text(
        &format!(
            "SELECT e.id FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
             WHERE e.child_id = $1 AND g.name = '{group}'"
        ),
        child,
    )
    .await
}

async fn a_child_moves_between_rooms_of_one_unit(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    // A file in the old form, without `slutdato`, still imports.
    app.login_ok("admin").await;
    let old_form = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n\
                    M-1;Mille;Møller;12-03-2022;Skovbørnehaven Egern;Røde stue;01-08-2025\n";
    assert_eq!(
        app.import_csv(Children, old_form).await,
        Ok(ImportReport {
            kind: Children,
            rows: 1
        })
    );
    // Narrowed to own groups, so the room decides: Pia works in Grønne stue only.
    app.save_access_settings(AccessSettings {
        narrowed: vec![UnitKind::Kindergarten],
        second_factor_all_staff: false,
    })
    .await
    .expect("the administrator narrows access");
    app.logout().await.expect("signed out");
    let child = child_id(&app, "M-1").await;
    assert!(!reaches(&app, "paedagog", child).await, "not her room yet");

    // The move: the Red room's placement ends yesterday, the Green room's starts today.
    let rows = import(
        &app,
        "M-1;Mille;Møller;12-03-2022;Skovbørnehaven Egern;Røde stue;01-08-2025;22-11-2026\n\
         M-1;Mille;Møller;12-03-2022;Skovbørnehaven Egern;Grønne stue;23-11-2026;\n",
    )
    .await;
    assert_eq!(rows, 2);
    assert_eq!(
        placements(&app, child).await,
        [
            (
                "Røde stue".into(),
                "2025-08-01".into(),
                Some("2026-11-22".into())
            ),
            ("Grønne stue".into(), "2026-11-23".into(), None),
        ]
    );
    app.login_ok("paedagog").await;
    let page = app.child_page(child).await.expect("her room now");
    let rooms: Vec<_> = page
        .placements
        .iter()
        .map(|p| p.group_name.as_str())
        .collect();
    assert_eq!(rooms, ["Grønne stue"], "the page shows today's placement");
    app.logout().await.expect("signed out");
    // The leader's rooms: the child in Grønne stue and no longer in Røde stue.
    app.login_ok("leder").await;
    let rosters = app
        .unit_groups(app.unit_id(EGERN).await)
        .await
        .expect("the leader's rooms");
    for roster in rosters {
        let listed = roster.children.iter().any(|c| c.id == child);
        assert_eq!(
            listed,
            roster.group_name == "Grønne stue",
            "{}",
            roster.group_name
        );
    }

    // Audited by ids and dates, never a name: the first placement, then the move.
    let (red, green) = (
        group_id(&app, "Røde stue").await,
        group_id(&app, "Grønne stue").await,
    );
    let (red_enrolment, green_enrolment) = (
        enrolment_id(&app, child, "Røde stue").await,
        enrolment_id(&app, child, "Grønne stue").await,
    );
    assert_eq!(
        placement_audit(&app, child).await,
        [
            (
                "import_enrolment".into(),
                format!("enrolment:{red_enrolment} group:{red} from:2025-08-01 to:open")
            ),
            (
                "import_enrolment_end".into(),
                format!("enrolment:{red_enrolment} group:{red} to:2026-11-22")
            ),
            (
                "import_enrolment".into(),
                format!("enrolment:{green_enrolment} group:{green} from:2026-11-23 to:open")
            ),
        ]
    );
    let egern = app.unit_id(EGERN).await.to_string();
    assert_eq!(
        app.audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE child_id = '{child}' \
             AND action LIKE 'import_enrolment%' AND unit_id = '{egern}'"
        ))
        .await,
        3,
        "each with the placement's unit"
    );
}

async fn a_school_start_planned_months_ahead_moves_access_on_its_dates(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    import(
        &app,
        "S-1;Sofus;Sand;14-02-2021;Skovbørnehaven Egern;Grønne stue;01-08-2024;\n\
         S-2;Selma;Skov;30-09-2021;Skovbørnehaven Egern;Grønne stue;01-08-2024;\n",
    )
    .await;
    // In November the municipality plans the school start: every child born in 2021 starts in
    // 0.A on 1 August, the day after the kindergarten's last day.
    let rows = import(
        &app,
        "S-1;Sofus;Sand;14-02-2021;Skovbørnehaven Egern;Grønne stue;01-08-2024;31-07-2027\n\
         S-1;Sofus;Sand;14-02-2021;Bakkeskolen;0.A;01-08-2027;\n\
         S-2;Selma;Skov;30-09-2021;Skovbørnehaven Egern;Grønne stue;01-08-2024;31-07-2027\n\
         S-2;Selma;Skov;30-09-2021;Bakkeskolen;0.A;01-08-2027;\n",
    )
    .await;
    assert_eq!(rows, 4);
    let children = [child_id(&app, "S-1").await, child_id(&app, "S-2").await];
    for child in children {
        assert!(
            reaches(&app, "paedagog", child).await,
            "today: the kindergarten"
        );
        assert!(
            !reaches(&app, "laerer", child).await,
            "not the school before its start"
        );
    }

    // The kindergarten's last day (a fresh session each day: the old one has long ended).
    let last_day = date!(2027 - 07 - 31);
    app.clock
        .advance(Duration::days((last_day - app.clock_today()).whole_days()));
    assert_eq!(app.clock_today(), last_day);
    for child in children {
        assert!(
            reaches(&app, "paedagog", child).await,
            "through its last day"
        );
        assert!(
            !reaches(&app, "laerer", child).await,
            "still not the school"
        );
    }

    // The first school day: the teacher reaches the child, the kindergarten no longer does.
    app.clock.advance(Duration::days(1));
    for child in children {
        assert!(
            reaches(&app, "laerer", child).await,
            "the school from its start"
        );
        assert!(
            !reaches(&app, "paedagog", child).await,
            "the kindergarten is closed"
        );
        assert!(!reaches(&app, "leder", child).await, "and its leader's too");
    }
    app.login_ok("laerer").await;
    let page = app
        .child_page(children[0])
        .await
        .expect("the teacher's child");
    let places: Vec<_> = page
        .placements
        .iter()
        .map(|p| (p.unit_name.as_str(), p.group_name.as_str()))
        .collect();
    assert_eq!(places, [("Bakkeskolen", "0.A")]);
}

async fn ending_a_placement_closes_it_after_its_last_day(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    import(
        &app,
        "E-1;Emil;Eng;05-05-2021;Skovbørnehaven Egern;Grønne stue;01-08-2024;\n",
    )
    .await;
    let child = child_id(&app, "E-1").await;
    let row = "E-1;Emil;Eng;05-05-2021;Skovbørnehaven Egern;Grønne stue;01-08-2024";
    // The family moves away: first a week ahead, then the end is brought forward to today.
    assert_eq!(import(&app, &format!("{row};30-11-2026\n")).await, 1);
    assert_eq!(import(&app, &format!("{row};23-11-2026\n")).await, 1);
    // Re-importing an export in the old form (no `slutdato`) leaves the end as it is.
    app.login_ok("admin").await;
    app.import_csv(
        Children,
        &format!("eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n{row}\n"),
    )
    .await
    .expect("the old form still imports");
    app.logout().await.expect("signed out");
    assert_eq!(
        placements(&app, child).await,
        [(
            "Grønne stue".into(),
            "2024-08-01".into(),
            Some("2026-11-23".into())
        )],
        "one placement, its end changed in place"
    );
    let enrolment = enrolment_id(&app, child, "Grønne stue").await;
    let green = group_id(&app, "Grønne stue").await;
    let audit = placement_audit(&app, child).await;
    assert_eq!(
        audit[1..],
        [
            (
                "import_enrolment_end".into(),
                format!("enrolment:{enrolment} group:{green} to:2026-11-30")
            ),
            (
                "import_enrolment_end".into(),
                format!("enrolment:{enrolment} group:{green} to:2026-11-23")
            ),
        ],
        "each change of the end, once; the unchanged re-import none"
    );

    assert!(
        reaches(&app, "paedagog", child).await,
        "today is its last day"
    );
    app.clock.advance(Duration::days(1));
    assert!(
        !reaches(&app, "paedagog", child).await,
        "closed the day after"
    );
    assert!(!reaches(&app, "leder", child).await);
}

/// The problems a refused file names: (line, field, code).
type Problems = Vec<(u32, &'static str, ProblemCode)>;

/// What a refused file must leave as it was.
async fn fingerprint(app: &TestApp) -> [i64; 4] {
    [
        app.count("SELECT COUNT(*) FROM children").await,
        app.count("SELECT COUNT(*) FROM enrolments").await,
        app.count("SELECT COUNT(*) FROM enrolments WHERE ends_on IS NULL")
            .await,
        app.audit_count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'import_enrolment%'")
            .await,
    ]
}

async fn every_bad_move_is_refused_with_its_problem_and_nothing_is_saved(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    // B-1 is in the kindergarten with no end; B-2's last day there is 31 July 2027.
    import(
        &app,
        "B-1;Bo;Berg;01-02-2021;Skovbørnehaven Egern;Grønne stue;01-08-2024;\n\
         B-2;Bea;Berg;01-03-2021;Skovbørnehaven Egern;Grønne stue;01-08-2024;31-07-2027\n",
    )
    .await;
    let b1 = "B-1;Bo;Berg;01-02-2021";
    let b2 = "B-2;Bea;Berg;01-03-2021";
    let green = "Skovbørnehaven Egern;Grønne stue";
    // A good row first in each file: all or nothing, so it must not be saved either.
    let good = "N-1;Nor;Ny;01-01-2022;Skovbørnehaven Egern;Røde stue;01-08-2026;\n";
    let cases: [(&str, String, Problems); 10] = [
        (
            "a school start after a placement with no end",
            format!("{b1};Bakkeskolen;0.A;01-08-2027;\n"),
            vec![(
                3,
                "Skovbørnehaven Egern;Grønne stue;01-08-2024",
                ProblemCode::OpenPlacement,
            )],
        ),
        (
            "the end given without a date",
            format!("{b1};{green};01-08-2024;\n{b1};Bakkeskolen;0.A;01-08-2027;\n"),
            vec![(
                4,
                "Skovbørnehaven Egern;Grønne stue;01-08-2024",
                ProblemCode::OpenPlacement,
            )],
        ),
        (
            "a start before the stored placement's last day",
            format!("{b2};Bakkeskolen;0.A;01-06-2027;\n"),
            vec![(3, "startdato", ProblemCode::Overlapping)],
        ),
        (
            "a start on the day the file ends the old placement",
            format!("{b1};{green};01-08-2024;31-07-2027\n{b1};Bakkeskolen;0.A;31-07-2027;\n"),
            vec![(4, "startdato", ProblemCode::Overlapping)],
        ),
        (
            "an end moved past the next placement's start",
            format!("{b2};Bakkeskolen;0.A;01-08-2027;\n{b2};{green};01-08-2024;31-12-2027\n"),
            vec![(3, "startdato", ProblemCode::Overlapping)],
        ),
        (
            "another first name",
            "B-1;Bob;Berg;01-02-2021;Bakkeskolen;0.A;01-08-2027;\n".to_owned(),
            vec![(3, "fornavn", ProblemCode::OtherChild)],
        ),
        (
            "another birth date",
            format!("B-1;Bo;Berg;02-02-2021;{green};01-08-2024;31-07-2027\n"),
            vec![(3, "fødselsdato", ProblemCode::OtherChild)],
        ),
        (
            "an end before the start",
            format!("{b1};{green};01-08-2024;31-07-2024\n"),
            vec![(3, "slutdato", ProblemCode::EndsBeforeStart)],
        ),
        (
            "the same placement twice",
            format!("{b1};{green};01-08-2024;31-07-2027\n{b1};{green};01-08-2024;31-07-2027\n"),
            vec![(4, "eksternt_id", ProblemCode::Duplicate)],
        ),
        (
            "a new child's two rows: another name, and two open placements",
            "N-2;Ny;Nielsen;01-01-2022;Skovbørnehaven Egern;Røde stue;01-08-2026;\n\
             N-2;Ny;Nielsen;01-01-2022;Skovbørnehaven Egern;Grønne stue;01-09-2026;\n\
             N-2;Nyx;Nielsen;01-01-2022;Bakkeskolen;0.A;01-08-2028;\n"
                .to_owned(),
            vec![
                (4, "startdato", ProblemCode::Overlapping),
                (5, "fornavn", ProblemCode::OtherChild),
            ],
        ),
    ];
    let before = fingerprint(&app).await;
    app.login_ok("admin").await;
    for (case, rows, expected) in cases {
        let refused = app
            .import_csv(Children, &format!("{HEADER}\n{good}{rows}"))
            .await
            .expect_err(case);
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}");
        let AppError::Invalid { problems } = &refused.error else {
            panic!("{case}: not a list of problems: {refused:?}");
        };
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.field.as_str(), p.code))
            .collect();
        assert_eq!(found, expected, "{case}");
        assert_eq!(fingerprint(&app).await, before, "{case}: nothing saved");
    }
    // Every problem of a file at once, each on its line.
    let all = format!(
        "{HEADER}\n{good}{b1};Bakkeskolen;0.A;01-08-2027;\n{b2};Bakkeskolen;0.A;01-06-2027;\n\
         B-1;Bob;Berg;01-02-2021;{green};01-08-2024;31-07-2027\n"
    );
    let refused = app.import_csv(Children, &all).await.unwrap_err();
    assert_eq!(
        refused.codes(),
        [
            ProblemCode::OpenPlacement,
            ProblemCode::Overlapping,
            ProblemCode::OtherChild
        ]
    );
    assert_eq!(fingerprint(&app).await, before);
    assert!(
        app.audit("import").await.len() == 1,
        "only the first file went in"
    );
}
