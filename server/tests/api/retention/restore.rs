//! Backup and restore (SECURITY D4, R2) on both databases: a backup taken while the server
//! runs holds every save acknowledged before it, and a restored backup loses again — before a
//! server answers on it — what the retention job deleted since, even where the rule that
//! deleted it has changed since.

use super::{exists, jump_to, newest_concern, pruner_on, raise_concern, run_job};
use crate::care::family_child;
use crate::common::{postgres_url, reopen, TestApp, START};
use crate::on_both_backends;
use app::assessment::{AdhocInput, Draft};
use app::backend::clock::Clock;
use app::backend::db::DbKind;
use app::domain::{AssessmentContext, IdempotencyKey, Position, TransferRules};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use time::Duration;
use tvaers::backup::{self, Manifest};
use tvaers::restore::{self, Place};

on_both_backends!(
    a_restored_backup_loses_again_what_was_deleted_since,
    a_backup_taken_while_saves_run_holds_every_save_acknowledged_before_it,
);

/// A new, empty folder for one test's backup, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new() -> Folder {
        let dir = std::env::temp_dir()
            .join("tvaers-tests")
            .join(format!("backup-{}", uuid::Uuid::new_v4().simple()));
        Folder(dir)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where `tvaers restore` puts the backup back: the scratch's SQLite file, or its PostgreSQL
/// schema through the owner (the tests' superuser).
fn place_of(app_scratch: &crate::common::Scratch) -> Place {
    match app_scratch.sqlite_file() {
        Some(file) => Place::Sqlite(file.to_path_buf()),
        None => Place::Postgres(postgres_url()),
    }
}

async fn a_restored_backup_loses_again_what_was_deleted_since(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    raise_concern(&app, child).await;
    let (old, old_follow_up) = newest_concern(&app, child).await;

    let folder = Folder::new();
    let manifest = backup::take(&app.db, &postgres_url(), &folder.0, Clock::unix(&app.clock))
        .await
        .expect("the backup is taken while the server runs");
    assert_eq!(Manifest::read(&folder.0).expect("its manifest"), manifest);

    // After the backup: the municipality keeps registrations one year only, and a year and a
    // day later the job deletes the concern. (Restored, the backup says five years again, so
    // only the tombstone can tell that the concern is gone.)
    app.login_ok("admin").await;
    let rules = TransferRules {
        retention_years: Some(1),
        ..TransferRules::default()
    };
    app.save_transfer_rules(rules).await.expect("saved");
    jump_to(&app, START.date() + Duration::days(367));
    let report = run_job(&app).await;
    assert!(report.municipalities[0]
        .deleted
        .iter()
        .any(|(c, n)| *c == "assessments" && *n >= 1));
    assert!(!exists(&app, "assessments", &old).await);
    raise_concern(&app, child).await;
    let (newer, _) = newest_concern(&app, child).await;

    // The server stops; the operator restores the backup.
    let clock = app.clock.clone();
    let today = clock.clone();
    let stones = restore::tombstones_of(&app.db).await.expect("tombstones");
    for (category, id) in [("assessments", &old), ("follow_ups", &old_follow_up)] {
        assert!(
            stones
                .iter()
                .any(|s| s.category == category && &s.row_id == id),
            "a tombstone for the {category} row {id}"
        );
    }
    let scratch = app.stop().await;
    let place = place_of(&scratch);
    restore::put_back(&folder.0, &manifest, &place, 0)
        .await
        .expect("the backup goes back in place");
    let db = reopen(&scratch).await;
    // The backup's state: the concern is back, the period is five years again.
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM assessments WHERE id = '{old}'")
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM assessments WHERE id = '{newer}'")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM municipalities WHERE retention_years IS NULL"
        )
        .await,
        1
    );

    let pruner = pruner_on(&db, &scratch).await;
    let settled = restore::settle(&db, &stones, &pruner, &today, 5)
        .await
        .expect("the restored database settles");
    for category in ["assessments", "follow_ups"] {
        let again = settled.buried.iter().find(|(c, _)| *c == category);
        assert!(
            matches!(again, Some((_, n)) if *n >= 1),
            "{:?}",
            settled.buried
        );
    }
    assert!(settled.sessions_ended >= 1, "the backup's sessions end");
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM assessments WHERE id = '{old}'")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM follow_ups WHERE id = '{old_follow_up}'")
        )
        .await,
        0
    );
    // The tombstones are the restored database's now, for the next restore.
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM tombstones").await,
        stones.len() as i64
    );
    if kind == DbKind::Postgres {
        pruner.pool.close().await;
    }

    // A server on it answers, and the concern is on no page.
    let app = TestApp::spawn_on(db, scratch).await;
    app.clock.advance(Clock::now(&clock) - START);
    app.login_ok("paedagog").await;
    let Ok(app::wire::assessment::ChildTimeline::Staff(timeline)) = app.child_timeline(child).await
    else {
        panic!("the staff timeline");
    };
    assert!(timeline.entries.iter().all(|e| e.id.to_string() != old));
}

async fn a_backup_taken_while_saves_run_holds_every_save_acknowledged_before_it(kind: DbKind) {
    let app = Arc::new(TestApp::spawn(kind).await);
    let child = family_child(&app).await;
    let group = super::group_of(&app, child).await;
    app.login_ok("paedagog").await;
    // Saves one after another until told to stop; each acknowledged note is recorded.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let saver = {
        let (app, acknowledged, stop) = (app.clone(), acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                let note = format!("Gemt under backup nr. {n}");
                let draft = Draft {
                    key: IdempotencyKey::random(),
                    group,
                    child,
                    position: Position::Yellow,
                    context: AssessmentContext::PlayWithPeers,
                    note: note.clone(),
                };
                app.save_adhoc(&AdhocInput { draft }).await.expect("saved");
                acknowledged.lock().unwrap().push(note);
            }
        })
    };
    // Some saves first, then the backup while they go on.
    while acknowledged.lock().unwrap().len() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before_backup = acknowledged.lock().unwrap().clone();
    let folder = Folder::new();
    let manifest = backup::take(&app.db, &postgres_url(), &folder.0, 0)
        .await
        .expect("the backup is taken while saves run");
    let during = acknowledged.lock().unwrap().len();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    saver.await.expect("the saves ran");
    let after = acknowledged.lock().unwrap().len();
    assert!(
        after > during,
        "saves went on after the backup ({during} → {after})"
    );

    let app = Arc::into_inner(app).expect("the saver is done");
    let scratch = app.stop().await;
    restore::put_back(&folder.0, &manifest, &place_of(&scratch), 1)
        .await
        .expect("the backup goes back in place");
    let db = reopen(&scratch).await;
    let restored = count(
        &db,
        "SELECT COUNT(*) FROM assessments WHERE note LIKE 'Gemt under backup nr. %'",
    )
    .await;
    for note in &before_backup {
        let sql = format!("SELECT COUNT(*) FROM assessments WHERE note = '{note}'");
        assert_eq!(
            count(&db, &sql).await,
            1,
            "{note} was acknowledged before the backup"
        );
    }
    assert!(
        restored >= before_backup.len() as i64 && restored <= during as i64 + 1,
        "the copy is one moment: {} acknowledged before it, {restored} in it, {during} after it",
        before_backup.len()
    );
    db.close().await;
    drop(scratch);
}

async fn count(db: &app::backend::db::Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(db.pool())
        .await
        .expect("a count")
}
