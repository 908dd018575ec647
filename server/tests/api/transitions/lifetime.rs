//! How long a consent holds (SECURITY C1–C3): through its last day, while its giver holds
//! custody, and until it is revoked — by the parent, or by the kindergarten recording a
//! revocation it received, under the same rule as recording a paper consent.

use super::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::TransferRules;
use reqwest::StatusCode;

on_both_backends!(
    a_consent_holds_through_its_last_day_and_no_longer,
    a_consent_holds_only_while_its_giver_holds_custody,
    the_unit_leader_records_a_revocation_the_kindergarten_received,
    a_pedagogue_records_a_revocation_only_where_the_municipality_lets_staff,
);

async fn a_consent_holds_through_its_last_day_and_no_longer(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("forælder").await;
    app.give_consent(GiveConsent {
        valid_until: m.moves_on.to_string(),
        ..consent(&m, items(true, true, false, false))
    })
    .await
    .expect("consented through the first day at school");
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    let view = staff_view(&app, m.child).await;
    assert_eq!(view.received.len(), 1);
    assert_eq!(view.received[0].until, m.moves_on);
    app.clock.advance(Duration::days(1));
    app.login_ok("laerer").await;
    let view = staff_view(&app, m.child).await;
    assert!(view.received.is_empty(), "{view:?}");
}

async fn a_consent_holds_only_while_its_giver_holds_custody(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("forælder").await;
    app.give_consent(consent(&m, items(true, true, false, false)))
        .await
        .expect("consented");
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    assert_eq!(staff_view(&app, m.child).await.received.len(), 1);
    // Custody passes to the other parent: Frida's consent no longer counts.
    app.exec(
        "UPDATE guardianships SET has_custody = 0 WHERE user_id = (SELECT id FROM users WHERE username = $1)",
        "forælder",
    )
    .await;
    app.exec(
        "UPDATE guardianships SET has_custody = 1 WHERE user_id = (SELECT id FROM users WHERE username = $1)",
        "forælder2",
    )
    .await;
    let view = staff_view(&app, m.child).await;
    assert!(view.received.is_empty(), "C2: {view:?}");
}

async fn the_unit_leader_records_a_revocation_the_kindergarten_received(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("forælder").await;
    app.give_consent(consent(&m, items(true, true, false, false)))
        .await
        .expect("consented");
    app.login_ok("leder").await;
    app.revoke_consent(m.child, m.kindergarten, m.school)
        .await
        .expect("the revocation is recorded");
    let view = staff_view(&app, m.child).await;
    assert!(view.moves[0].consents[0].revoked_on.is_some());
    assert_eq!(view.moves[0].opened, None);
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    assert!(staff_view(&app, m.child).await.received.is_empty());
    // The school cannot revoke (or learn of) the kindergarten's consents.
    let refused = app
        .revoke_consent(m.child, m.kindergarten, m.school)
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn a_pedagogue_records_a_revocation_only_where_the_municipality_lets_staff(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("forælder").await;
    app.give_consent(consent(&m, items(true, true, false, false)))
        .await
        .expect("consented");
    app.login_ok("paedagog").await;
    let refused = app
        .revoke_consent(m.child, m.kindergarten, m.school)
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&refused).1, ProblemCode::NotAllowedHere);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM consents WHERE child_id = '{}' AND revoked_at IS NULL",
            m.child
        ))
        .await,
        1,
        "the consent stands"
    );
    app.login_ok("admin").await;
    app.save_transfer_rules(TransferRules {
        paper_by_staff: true,
        ..TransferRules::default()
    })
    .await
    .expect("saved");
    app.login_ok("paedagog").await;
    app.revoke_consent(m.child, m.kindergarten, m.school)
        .await
        .expect("recorded by staff");
}
