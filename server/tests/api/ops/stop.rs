//! A graceful stop (SECURITY D3), with the real binary: `tvaers serve` gets SIGTERM while
//! saves stream in; every save it acknowledged is in the database it leaves, each one whole,
//! and the files pass SQLite's integrity check. SQLite only: the stop is the same code on
//! PostgreSQL, where the database server itself keeps what was committed.

use crate::care::family_child;
use crate::common::{reopen, scratch, TestApp};
use app::assessment::save::SaveAdhoc;
use app::assessment::{AdhocInput, Draft};
use app::backend::db::DbKind;
use app::domain::{AssessmentContext, IdempotencyKey, Position};
use leptos::server_fn::ServerFn;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tvaers::backup::{check_sqlite_file, Check};

/// Savers at once, each on connections of its own pool.
const SAVERS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_server_has_committed_every_save_it_acknowledged() {
    let (_, scratch) = scratch(DbKind::Sqlite).await;
    let file = scratch.sqlite_file().expect("a SQLite file").to_owned();
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let mut server = Command::new(env!("CARGO_BIN_EXE_tvaers"))
        .arg("--log-format")
        .arg("json")
        .arg("serve")
        .arg("--addr")
        .arg(addr.to_string())
        .arg("--data-dir")
        .arg(file.parent().expect("a folder"))
        .arg("--database-url")
        .arg(format!("sqlite://{}?mode=rwc", file.display()))
        .arg("--demo")
        .env("RUST_LOG", "info,sqlx=warn")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the tvaers binary starts");
    // Read all along, so a full pipe never holds the server up.
    let mut stdout = server.stdout.take().expect("stdout");
    let log = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });

    let probe = reqwest::Client::new();
    let started = Instant::now();
    loop {
        let ready = probe.get(format!("http://{addr}/readyz")).send().await;
        if ready.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "not ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let app = Arc::new(TestApp::attach(addr, reopen(&scratch).await, scratch));
    let child = family_child(&app).await;
    let group: app::domain::GroupId = app
        .scalar_text(
            "SELECT group_id FROM enrolments WHERE child_id = $1 ORDER BY starts_on LIMIT 1",
            child,
        )
        .await
        .parse()
        .expect("a group id");
    app.login_ok("paedagog").await;

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let sent = Arc::new(AtomicUsize::new(0));
    let savers: Vec<_> = (0..SAVERS)
        .map(|saver| {
            let (app, acknowledged, sent) = (app.clone(), acknowledged.clone(), sent.clone());
            tokio::spawn(async move {
                // A client of its own: a connection the stop closes ends only this saver.
                let client = reqwest::Client::new();
                for n in 0.. {
                    let note = format!("Gemt før stop {saver}-{n}");
                    let draft = Draft {
                        key: IdempotencyKey::random(),
                        group,
                        child,
                        position: Position::Yellow,
                        context: AssessmentContext::PlayWithPeers,
                        note: note.clone(),
                    };
                    sent.fetch_add(1, Ordering::SeqCst);
                    let answer = client
                        .post(app.url(SaveAdhoc::PATH))
                        .header(reqwest::header::COOKIE, app.cookie_header())
                        .json(&SaveAdhoc {
                            input: AdhocInput { draft },
                        })
                        .send()
                        .await;
                    match answer {
                        Ok(res) if res.status() == reqwest::StatusCode::OK => {
                            acknowledged.lock().unwrap().push(note)
                        }
                        // Refused or cut off: the server is stopping.
                        _ => return,
                    }
                }
            })
        })
        .collect();
    while acknowledged.lock().unwrap().len() < 20 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let at_signal = acknowledged.lock().unwrap().len();
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    for saver in savers {
        saver.await.expect("a saver ends when the server stops");
    }
    let exited = tokio::task::spawn_blocking(move || server.wait())
        .await
        .expect("waited")
        .expect("the server's exit");
    assert!(exited.success(), "a stop is no failure: {exited:?}");
    let log = log.join().expect("the log");

    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= at_signal);
    let app = Arc::into_inner(app).expect("the savers are done");
    let scratch = app.stop().await;
    // The files as the stopped server left them, before anything opens them again.
    for path in [file.clone(), app::backend::db::sqlite_audit_path(&file)] {
        check_sqlite_file(&path, Check::Full)
            .await
            .unwrap_or_else(|err| panic!("{err:#}"));
    }
    let db = reopen(&scratch).await;
    let count = |sql: String| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&sql)
                .fetch_one(db.pool())
                .await
                .expect("a count")
        }
    };
    for note in &acknowledged {
        let sql = format!("SELECT COUNT(*) FROM assessments WHERE note = '{note}'");
        assert_eq!(count(sql).await, 1, "{note} was acknowledged");
    }
    // Each save whole: a yellow concern opens its follow-up in the same transaction, so none
    // is in without it (saves under way when the connection was cut may be in, whole, too).
    let saved =
        count("SELECT COUNT(*) FROM assessments WHERE note LIKE 'Gemt før stop %'".into()).await;
    let whole = count(
        "SELECT COUNT(*) FROM assessments a JOIN follow_ups f ON f.assessment_id = a.id \
         WHERE a.note LIKE 'Gemt før stop %'"
            .into(),
    )
    .await;
    assert_eq!(saved, whole, "every saved concern has its follow-up");
    assert!(saved >= acknowledged.len() as i64);
    assert!(saved <= sent.load(Ordering::SeqCst) as i64);
    db.close().await;

    // The log was JSON lines, each request's with its id.
    let answered: Vec<serde_json::Value> = log
        .lines()
        .filter(|line| line.starts_with('{'))
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .filter(|line: &serde_json::Value| line["fields"]["message"] == "answered")
        .collect();
    assert!(answered.len() >= acknowledged.len(), "{log}");
    for line in &answered {
        let request = &line["spans"][0];
        assert_eq!(request["name"], "request", "{line}");
        let id = request["request_id"].as_str().expect("an id");
        uuid::Uuid::parse_str(id).expect("a UUID");
    }
    assert!(
        log.contains("\"stopped\""),
        "the stop ran to its end: {log}"
    );
    drop(scratch);
}
