//! What backup, restore and the start refuse, each with a message that says why (SECURITY D4).

use crate::common::{postgres_url, served_database, TestApp};
use crate::on_both_backends;
use app::backend::db::DbKind;
use sqlx::Connection;
use tvaers::backup::{self, Manifest};
use tvaers::restore::{self, Place};

on_both_backends!(a_backup_goes_into_a_new_folder_and_back_only_to_its_own_kind);

fn folder() -> std::path::PathBuf {
    std::env::temp_dir()
        .join("tvaers-tests")
        .join(format!("refused-{}", uuid::Uuid::new_v4().simple()))
}

fn refusal<T: std::fmt::Debug>(result: anyhow::Result<T>) -> String {
    format!("{:#}", result.expect_err("refused"))
}

async fn a_backup_goes_into_a_new_folder_and_back_only_to_its_own_kind(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let dir = folder();

    // Not a backup: no manifest.
    std::fs::create_dir_all(&dir).expect("a folder");
    assert!(refusal(Manifest::read(&dir)).contains("is no Tværs backup"));
    // A folder that holds something is not written into.
    std::fs::write(dir.join("notes.txt"), "keep").expect("a file");
    let into_full = backup::take(&app.db, &postgres_url(), &dir, 0).await;
    assert!(refusal(into_full).contains("is not empty"));
    std::fs::remove_dir_all(&dir).expect("cleared");

    let manifest = backup::take(&app.db, &postgres_url(), &dir, 0)
        .await
        .expect("a backup");
    // A backup of a newer Tværs, or of the other database, is not put back.
    let newer = Manifest {
        migration: tvaers::migrate::newest() + 1,
        ..manifest.clone()
    };
    let place = match kind {
        DbKind::Sqlite => Place::Sqlite(dir.join("elsewhere.db")),
        DbKind::Postgres => Place::Postgres(postgres_url()),
    };
    assert!(refusal(restore::put_back(&dir, &newer, &place, 0).await).contains("newer Tværs"));
    let other = match kind {
        DbKind::Sqlite => Place::Postgres(postgres_url()),
        DbKind::Postgres => Place::Sqlite(dir.join("elsewhere.db")),
    };
    let wrong_kind = restore::put_back(&dir, &manifest, &other, 0).await;
    assert!(refusal(wrong_kind).contains("another kind of database"));
    // A copy damaged after it was taken is refused before anything is replaced.
    if kind == DbKind::Sqlite {
        damage(&dir.join(backup::SQLITE_MAIN));
        let damaged = restore::put_back(&dir, &manifest, &place, 0).await;
        let damaged = refusal(damaged);
        assert!(damaged.contains("integrity"), "{damaged}");
        assert!(
            !dir.join("elsewhere.db").exists(),
            "nothing was put in place"
        );
    }
    std::fs::remove_dir_all(&dir).expect("cleared");
}

/// Garbage over the middle third of a file, as a copy torn by concurrent writes can hold.
fn damage(file: &std::path::Path) {
    let mut bytes = std::fs::read(file).expect("the file");
    let third = bytes.len() / 3;
    for byte in &mut bytes[third..2 * third] {
        *byte = 0xA5;
    }
    std::fs::write(file, bytes).expect("written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_does_not_start_on_a_damaged_sqlite_file() {
    let (db, scratch) = served_database(DbKind::Sqlite).await;
    tvaers::demo::seed(&db, &crate::common::START.date())
        .await
        .expect("demo seeds");
    db.close().await;
    let file = scratch.sqlite_file().expect("a file").to_path_buf();
    // Everything into the file itself, with no write-ahead log left beside it (a server's
    // last connection usually does this at its close, but not always in time): the damage
    // below must be to pages a reader cannot find again in the log.
    // The closed pools' last connections may still be going away: leaving WAL needs the file
    // to itself, so it is tried again for a while.
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&file)
        .busy_timeout(std::time::Duration::from_secs(5));
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .expect("open the file");
    // Leaving WAL needs the file to itself, and SQLite answers "locked" at once while another
    // connection (a closed pool's, still going away) has it open; a checkpoint that truncates
    // the log needs only that nobody is reading. Either way the log is left empty, which is
    // what matters: the damage below hits pages no reader finds again in the log.
    let wal = std::path::PathBuf::from(format!("{}-wal", file.display()));
    let log_is_empty = || std::fs::metadata(&wal).map_or(true, |m| m.len() == 0);
    let mut tries = 0;
    loop {
        let checkpoint = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await;
        let left_wal = sqlx::query("PRAGMA journal_mode = DELETE")
            .execute(&mut conn)
            .await;
        if left_wal.is_ok() || (checkpoint.is_ok() && log_is_empty()) {
            break;
        }
        tries += 1;
        assert!(
            tries < 600,
            "the log stays in use: {left_wal:?} {checkpoint:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    conn.close().await.expect("closed");
    assert!(log_is_empty(), "no write-ahead log with pages in it");
    damage(&file);
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let refused = refusal(tvaers::database::open(&url, None, None).await);
    assert!(refused.contains("the database is damaged"), "{refused}");
    assert!(refused.contains("tvaers restore"), "{refused}");
}
