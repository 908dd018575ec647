//! A real server on a free port over a fresh database, and a client that keeps its session
//! cookie like a browser would. The typed calls, one per server function, are in `client`;
//! facts read straight from the database, for arranging and asserting, in `facts`.

mod client;
mod facts;

pub use client::{Answer, AnswerExt, Refused};

use app::backend::clock::ManualClock;
use app::backend::db::{Db, DbKind};
use app::backend::state::{AppState, Settings};
use leptos::config::LeptosOptions;
use reqwest::StatusCode;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use time::macros::datetime;

pub use tvaers::demo::DEMO_PASSWORD;

/// Generates one `#[tokio::test]` per database kind for each named `async fn(DbKind)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),+ $(,)?) => {
        $(
            mod $test {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$test(app::backend::db::DbKind::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$test(app::backend::db::DbKind::Postgres).await
                }
            }
        )+
    };
}

/// The PostgreSQL the tests use. CI has one at this address; its absence is a failure.
fn postgres_url() -> String {
    std::env::var("TVAERS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A database of its own for one test: a SQLite file (and its audit file) or a PostgreSQL
/// schema, removed again when this is dropped.
pub struct Scratch {
    cleanup: Option<Cleanup>,
}

enum Cleanup {
    SqliteFile(std::path::PathBuf),
    PostgresSchema(String),
}

/// Opens a fresh, empty database of the given kind and applies the migrations, as the server
/// does at start. Keep the `Scratch` for as long as the database is used.
pub async fn migrated_database(kind: DbKind) -> (Db, Scratch) {
    let name = format!("t_{}", uuid_simple());
    let (db, cleanup) = match kind {
        DbKind::Sqlite => {
            let dir = std::env::temp_dir().join("tvaers-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            let path = dir.join(format!("{name}.db"));
            let db = Db::connect(&format!("sqlite://{}?mode=rwc", path.display()), None)
                .await
                .expect("open SQLite");
            (db, Cleanup::SqliteFile(path))
        }
        DbKind::Postgres => {
            let admin = Db::connect(&postgres_url(), None).await.expect(
                "PostgreSQL must be reachable at TVAERS_TEST_POSTGRES_URL or 127.0.0.1:5432/test",
            );
            sqlx::query(&format!("CREATE SCHEMA \"{name}\""))
                .execute(admin.pool())
                .await
                .expect("create schema");
            admin.close().await;
            let db = Db::connect(&postgres_url(), Some(name.clone()))
                .await
                .expect("connect to schema");
            (db, Cleanup::PostgresSchema(name))
        }
    };
    let scratch = Scratch {
        cleanup: Some(cleanup),
    };
    tvaers::migrate::run(&db).await.expect("migrations apply");
    (db, scratch)
}

impl Drop for Scratch {
    fn drop(&mut self) {
        match self.cleanup.take() {
            Some(Cleanup::SqliteFile(path)) => {
                let audit = app::backend::db::sqlite_audit_path(&path);
                for file in [path, audit] {
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                    }
                }
            }
            Some(Cleanup::PostgresSchema(schema)) => {
                // Drop runs outside any runtime we may block, so use a thread of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async {
                        let admin = Db::connect(&postgres_url(), None).await.ok()?;
                        let _ = sqlx::query(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                            .execute(admin.pool())
                            .await;
                        admin.close().await;
                        Some(())
                    })
                })
                .join();
            }
            None => {}
        }
    }
}

pub struct TestApp {
    // First, so that the database goes only after the server's handles to it.
    _scratch: Scratch,
    pub addr: SocketAddr,
    pub db: Db,
    pub clock: ManualClock,
    client: reqwest::Client,
    cookie: Mutex<Option<String>>,
}

/// The instant every test starts at: a Monday morning in term time.
pub const START: time::OffsetDateTime = datetime!(2026-11-23 08:00 UTC);

impl TestApp {
    /// Starts the server on a fresh, migrated database holding the demo municipality.
    pub async fn spawn(kind: DbKind) -> TestApp {
        Self::spawn_with(kind, Settings::default()).await
    }

    pub async fn spawn_with(kind: DbKind, settings: Settings) -> TestApp {
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let (db, scratch) = migrated_database(kind).await;
        tvaers::demo::seed(&db, &START.date())
            .await
            .expect("demo seeds");
        let clock = ManualClock::new(START);
        let state = AppState {
            db: db.clone(),
            settings: Arc::new(settings),
            clock: Arc::new(clock.clone()),
            leptos_options: LeptosOptions::builder().output_name("tvaers").build(),
            indicators: Default::default(),
        };
        // Served as production serves it, with each connection's peer address (the login's
        // per-address limit reads it).
        let router =
            tvaers::build_router(state).into_make_service_with_connect_info::<SocketAddr>();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            axum::serve(listener, router).await.expect("server runs");
        });
        TestApp {
            _scratch: scratch,
            addr,
            db,
            clock,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookie: Mutex::new(None),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    fn remember_cookie(&self, res: &reqwest::Response) {
        for value in res.headers().get_all(reqwest::header::SET_COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            let Some((pair, _)) = text.split_once(';') else {
                continue;
            };
            if let Some(token) = pair.strip_prefix("__Host-tvaers_session=") {
                *self.cookie.lock().unwrap() = (!token.is_empty()).then(|| token.to_owned());
            }
        }
    }

    fn with_cookie(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self.cookie.lock().unwrap().clone() {
            Some(token) => req.header(
                reqwest::header::COOKIE,
                format!("__Host-tvaers_session={token}"),
            ),
            None => req,
        }
    }

    /// Sends a request with the session cookie and keeps the cookie the answer sets.
    async fn send(&self, req: reqwest::RequestBuilder) -> reqwest::Response {
        let res = self
            .with_cookie(req)
            .send()
            .await
            .expect("server function request");
        self.remember_cookie(&res);
        res
    }

    pub fn session_token(&self) -> Option<String> {
        self.cookie.lock().unwrap().clone()
    }

    pub fn set_session_token(&self, token: Option<String>) {
        *self.cookie.lock().unwrap() = token;
    }

    /// Signs in through the login server function, as the login form does, and hands back
    /// the raw answer: for the tests of its headers and its exact body.
    pub async fn login_raw(&self, username: &str, password: &str) -> reqwest::Response {
        self.send(
            self.client
                .post(self.url("/api/login"))
                .form(&[("username", username), ("password", password)]),
        )
        .await
    }

    pub async fn login_ok(&self, username: &str) {
        if let Err(refused) = self.login(username, DEMO_PASSWORD).await {
            panic!("login of {username} failed: {refused:?}");
        }
    }

    /// Calls a server function with a raw JSON body; returns the status and the JSON answer.
    /// For deliberately malformed or unexpected input — everything else has a typed method.
    pub async fn call(&self, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let res = self
            .send(
                self.client
                    .post(self.url(&format!("/api/{endpoint}")))
                    .json(&body),
            )
            .await;
        read_json(res).await
    }

    /// Calls a server function that takes no arguments (URL-encoded, as Leptos sends it), raw.
    pub async fn call_empty(&self, endpoint: &str) -> (StatusCode, Value) {
        let res = self
            .send(
                self.client
                    .post(self.url(&format!("/api/{endpoint}")))
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    )
                    .body(""),
            )
            .await;
        read_json(res).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.with_cookie(self.client.get(self.url(path)))
            .send()
            .await
            .expect("GET")
    }

    pub fn raw(&self) -> &reqwest::Client {
        &self.client
    }
}

/// The status and the body as JSON (or as a JSON string, when it is not JSON).
async fn read_json(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    let text = res.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, json)
}

fn uuid_simple() -> String {
    app::domain::UserId::random().to_string().replace('-', "")
}
