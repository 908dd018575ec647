//! The municipality's rules (the administrator's settings): all custody holders or one, data
//! never following the child, and who records a signed paper consent (SECURITY C2).

use super::*;
use crate::common::{AnswerExt, TestApp};
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::TransferRules;
use app::transition::{ConsentHow, PaperConsent};
use reqwest::StatusCode;

on_both_backends!(
    only_the_administrator_sets_the_transfer_rules,
    where_all_custody_holders_must_agree_only_what_both_consented_passes,
    where_data_never_follows_the_child_no_consent_is_taken,
    the_unit_leader_records_a_signed_paper_consent,
    a_pedagogue_records_paper_consent_only_where_the_municipality_lets_staff,
    a_paper_consent_needs_a_custody_holders_signature,
);

async fn set_rules(app: &TestApp, rules: TransferRules) {
    app.login_ok("admin").await;
    app.save_transfer_rules(rules).await.expect("saved");
}

/// A signed form recorded for `guardian` for the move.
async fn paper(app: &TestApp, m: &Moving, guardian: &str) -> GiveConsent {
    GiveConsent {
        paper: Some(PaperConsent {
            guardian: app.user_id(guardian).await,
            signed_on: app.clock_today().to_string(),
            reference: "Sag 2026-0042, scannet blanket".to_owned(),
        }),
        ..consent(m, items(true, true, false, false))
    }
}

async fn only_the_administrator_sets_the_transfer_rules(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    assert_eq!(app.transfer_rules().await, Ok(TransferRules::default()));
    let rules = TransferRules {
        with_consent: true,
        all_custody_holders: true,
        paper_by_staff: true,
        retention_years: Some(5),
    };
    app.save_transfer_rules(rules).await.expect("saved");
    assert_eq!(app.transfer_rules().await, Ok(rules));
    let refused = app
        .save_transfer_rules(TransferRules {
            retention_years: Some(11),
            ..rules
        })
        .await
        .unwrap_err();
    assert_eq!(
        problem(&refused),
        ("retention_years".to_owned(), ProblemCode::OutOfRange)
    );
    let logged = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'set_transfer_rules' \
             AND criterion = 'with_consent:1 all_custody:1 paper_by_staff:1 retention_years:5'",
        )
        .await;
    assert_eq!(logged, 1);
    for who in ["leder", "paedagog", "forælder"] {
        app.login_ok(who).await;
        assert_ne!(app.transfer_rules().await.status(), StatusCode::OK, "{who}");
        assert_ne!(
            app.save_transfer_rules(TransferRules::default())
                .await
                .status(),
            StatusCode::OK,
            "{who}"
        );
    }
    app.login_ok("admin").await;
    assert_eq!(app.transfer_rules().await, Ok(rules), "unchanged");
}

async fn where_all_custody_holders_must_agree_only_what_both_consented_passes(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.save_description(description(&m, STRENGTHS, 0))
        .await
        .expect("the description");
    // Finn holds custody too, and the municipality asks for every custody holder.
    app.exec(
        "UPDATE guardianships SET has_custody = 1 WHERE user_id = (SELECT id FROM users WHERE username = $1)",
        "forælder2",
    )
    .await;
    set_rules(
        &app,
        TransferRules {
            all_custody_holders: true,
            ..TransferRules::default()
        },
    )
    .await;
    app.login_ok("forælder").await;
    app.give_consent(consent(&m, items(true, true, false, false)))
        .await
        .expect("Frida consents");
    let view = parent_view(&app, m.child).await;
    assert!(view.all_custody_holders);
    assert_eq!(view.moves[0].others_consented, vec![false]);
    assert_eq!(view.moves[0].opened, None, "one of two passes nothing");
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    assert!(staff_view(&app, m.child).await.received.is_empty());

    app.login_ok("forælder2").await;
    app.give_consent(consent(&m, items(false, true, false, true)))
        .await
        .expect("Finn consents");
    assert_eq!(
        parent_view(&app, m.child).await.moves[0].others_consented,
        vec![true]
    );
    app.login_ok("laerer").await;
    let view = staff_view(&app, m.child).await;
    assert_eq!(view.received.len(), 1);
    let received = &view.received[0];
    assert_eq!(
        received.items,
        items(false, true, false, false),
        "what both chose"
    );
    assert!(received.positions.is_empty());
    assert!(received.plans.iter().any(|p| p.goals == PLAN_GOALS));
    assert_eq!(
        received.description, None,
        "only Finn chose the description"
    );
    assert!(!text(&view).contains(JOINT_NOTE));
}

async fn where_data_never_follows_the_child_no_consent_is_taken(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    set_rules(
        &app,
        TransferRules {
            with_consent: false,
            ..TransferRules::default()
        },
    )
    .await;
    app.login_ok("forælder").await;
    assert!(!parent_view(&app, m.child).await.with_consent);
    let refused = app
        .give_consent(consent(&m, items(true, true, false, false)))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&refused).1, ProblemCode::NotAllowedHere);
    app.login_ok("leder").await;
    assert!(!staff_view(&app, m.child).await.moves[0].may_record_paper);
    let refused = app.give_consent(paper(&app, &m, "forælder").await).await;
    assert_eq!(
        problem(&refused.unwrap_err()).1,
        ProblemCode::NotAllowedHere
    );
    assert_eq!(consents(&app, m.child).await, 0);
}

async fn the_unit_leader_records_a_signed_paper_consent(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("leder").await;
    let before = staff_view(&app, m.child).await;
    assert!(before.moves[0].may_record_paper);
    let holders: Vec<_> = before.moves[0]
        .custody_holders
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(holders, vec!["Frida Forælder"], "custody holders only");
    app.give_consent(paper(&app, &m, "forælder").await)
        .await
        .expect("recorded");
    // The kindergarten's staff see it as paper, with the reference and who recorded it.
    app.login_ok("paedagog").await;
    let view = staff_view(&app, m.child).await;
    let recorded = &view.moves[0].consents;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].guardian_name, "Frida Forælder");
    assert_eq!(
        recorded[0].how,
        ConsentHow::Paper {
            signed_on: app.clock_today(),
            reference: "Sag 2026-0042, scannet blanket".to_owned(),
            recorded_by: Some("Lone Leder".to_owned()),
        }
    );
    assert!(view.moves[0].opened.is_some());
    // The parent sees it among her own, without the recorder's name.
    app.login_ok("forælder").await;
    let mine = &parent_view(&app, m.child).await.moves[0].mine;
    assert!(matches!(
        &mine[0].how,
        ConsentHow::Paper { recorded_by: None, reference, .. } if reference.starts_with("Sag")
    ));
    // And the school reads it from the first day.
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    assert_eq!(staff_view(&app, m.child).await.received.len(), 1);
}

async fn a_pedagogue_records_paper_consent_only_where_the_municipality_lets_staff(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("paedagog").await;
    assert!(!staff_view(&app, m.child).await.moves[0].may_record_paper);
    let refused = app
        .give_consent(paper(&app, &m, "forælder").await)
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&refused).1, ProblemCode::NotAllowedHere);
    assert_eq!(consents(&app, m.child).await, 0);

    set_rules(
        &app,
        TransferRules {
            paper_by_staff: true,
            ..TransferRules::default()
        },
    )
    .await;
    app.login_ok("paedagog").await;
    assert!(staff_view(&app, m.child).await.moves[0].may_record_paper);
    app.give_consent(paper(&app, &m, "forælder").await)
        .await
        .expect("recorded by staff");
    assert_eq!(consents(&app, m.child).await, 1);
    // The school's teacher records nothing for the kindergarten.
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    let refused = app
        .give_consent(paper(&app, &m, "forælder").await)
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn a_paper_consent_needs_a_custody_holders_signature(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("leder").await;
    for guardian in ["forælder2", "forælder3", "paedagog"] {
        let refused = app
            .give_consent(paper(&app, &m, guardian).await)
            .await
            .unwrap_err();
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{guardian}"
        );
        assert_eq!(
            problem(&refused),
            ("guardian".to_owned(), ProblemCode::NeedsCustody),
            "{guardian}"
        );
    }
    // A form signed tomorrow, or without a reference to its scan, is no evidence.
    let mut tomorrow = paper(&app, &m, "forælder").await;
    if let Some(p) = tomorrow.paper.as_mut() {
        p.signed_on = (app.clock_today() + Duration::days(1)).to_string();
    }
    let refused = app.give_consent(tomorrow).await.unwrap_err();
    assert_eq!(
        problem(&refused),
        ("signed_on".to_owned(), ProblemCode::TooLate)
    );
    let mut unreferenced = paper(&app, &m, "forælder").await;
    if let Some(p) = unreferenced.paper.as_mut() {
        p.reference = " ".to_owned();
    }
    let refused = app.give_consent(unreferenced).await.unwrap_err();
    assert_eq!(problem(&refused).0, "paper_reference");
    assert_eq!(consents(&app, m.child).await, 0);
}
