//! Everything registered, handed to the parents as one PDF (issue 17 item 4): only custody
//! holders get it, it holds every item with its date and deletion date under headings in the
//! reader's language, and each download is dated in the log. The content is checked by
//! extracting the PDF's text, as a screen reader or copy-and-paste reads it.

use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::ChildId;
use reqwest::StatusCode;

/// The demo child Eva Forælder (custody) moves to school next August: a concern and a plan in
/// the kindergarten, a transition description, a paper consent.
async fn planned_child(app: &TestApp) -> ChildId {
    app.scalar_text(
        "SELECT c.id FROM children c JOIN consents k ON k.child_id = c.id WHERE k.kind = 'paper'",
        "",
    )
    .await
    .parse()
    .expect("a child id")
}

async fn pdf_text(app: &TestApp, child: ChildId) -> String {
    let res = app.get(&format!("/records/{child}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap_or_default(),
        "application/pdf"
    );
    let bytes = res.bytes().await.expect("a body");
    pdf_extract::extract_text_from_mem(&bytes).expect("the PDF's text")
}

/// Extraction may break a line anywhere a word wraps: compare with whitespace removed.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

async fn a_custody_holder_gets_every_item_with_its_deletion_date(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = planned_child(&app).await;
    app.login_ok("forælder6").await;
    let text = squeezed(&pdf_text(&app, child).await);
    let expected = [
        "Altregistreretom",
        "Vurderingerognoter",
        "Trækkersigfralegenistoregrupper",
        "Handleplaner",
        "Legermedtoellertrebørnadgangen",
        "Overgangsbeskrivelser",
        "Fortællergernehistorier",
        "Samtykker",
        "Sag2026-4411",
        "EvaForælder",
        "Slettes",
        "SkovbørnehavenEgern",
    ];
    for words in expected {
        assert!(text.contains(words), "the PDF holds {words:?}: {text}");
    }
    // A handover by request, dated, and the policy's decision in the audit log.
    let handovers = app
        .count(&format!(
            "SELECT COUNT(*) FROM handovers WHERE child_id = '{child}' AND kind = 'request'"
        ))
        .await;
    assert_eq!(handovers, 1);
    let audited = app
        .audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'request_record' AND child_id = '{child}'"
        ))
        .await;
    assert!(audited >= 1, "the download is audited");
}

async fn the_headings_follow_the_readers_language(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = planned_child(&app).await;
    app.login_ok("forælder6").await;
    let res = app
        .raw()
        .get(app.url(&format!("/records/{child}")))
        .header(
            "cookie",
            format!("{}; i18n_pref_locale=en", app.cookie_header()),
        )
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.expect("a body");
    let text = squeezed(&pdf_extract::extract_text_from_mem(&bytes).expect("text"));
    for words in ["Everythingregisteredabout", "Actionplans", "Deletedon"] {
        assert!(text.contains(words), "the English PDF holds {words:?}");
    }
}

async fn only_custody_holders_get_it(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = planned_child(&app).await;
    let frida_child: ChildId = {
        app.login_ok("forælder").await;
        app.home().await.expect("home").own_children[0].id
    };
    // (who, child, expected status)
    let cases = [
        ("forælder2", frida_child, StatusCode::UNPROCESSABLE_ENTITY), // no custody: told so
        ("forælder", child, StatusCode::NOT_FOUND),                   // another family's child
        ("paedagog2", child, StatusCode::NOT_FOUND),                  // staff: not theirs to take
        ("admin", child, StatusCode::NOT_FOUND),                      // never a child
    ];
    for (who, child, status) in cases {
        app.login_ok(who).await;
        let res = app.get(&format!("/records/{child}")).await;
        assert_eq!(res.status(), status, "{who}");
    }
    app.logout().await.expect("signed out");
    let res = app.get(&format!("/records/{child}")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.get("/records/not-a-child").await;
    assert!(res.status().is_client_error());
    let handovers = app
        .count("SELECT COUNT(*) FROM handovers WHERE kind = 'request'")
        .await;
    assert_eq!(handovers, 0, "no refused download is logged as a handover");
}

on_both_backends!(
    a_custody_holder_gets_every_item_with_its_deletion_date,
    the_headings_follow_the_readers_language,
    only_custody_holders_get_it,
);
