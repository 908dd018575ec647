//! A real server on a free port over a fresh database, and a client that keeps its session
//! cookie like a browser would.

use app::backend::clock::ManualClock;
use app::backend::db::Db;
use app::backend::state::{AppState, Settings};
use leptos::config::LeptosOptions;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::Row;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use time::macros::datetime;

pub use tvaers::demo::DEMO_PASSWORD;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one `#[tokio::test]` per backend for each named `async fn(Backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),+ $(,)?) => {
        $(
            mod $test {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$test($crate::common::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$test($crate::common::Backend::Postgres).await
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

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub clock: ManualClock,
    client: reqwest::Client,
    cookie: Mutex<Option<String>>,
    cleanup: Option<Cleanup>,
}

enum Cleanup {
    SqliteFile(std::path::PathBuf),
    PostgresSchema(String),
}

/// The instant every test starts at: a Monday morning in term time.
pub const START: time::OffsetDateTime = datetime!(2026-11-23 08:00 UTC);

impl TestApp {
    /// Starts the server on a fresh, migrated database holding the demo municipality.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, Settings::default()).await
    }

    pub async fn spawn_with(backend: Backend, settings: Settings) -> TestApp {
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let name = format!("t_{}", uuid_simple());
        let (db, cleanup) = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("tvaers-tests");
                std::fs::create_dir_all(&dir).expect("temp dir");
                let path = dir.join(format!("{name}.db"));
                let db = Db::connect(&format!("sqlite://{}?mode=rwc", path.display()), None)
                    .await
                    .expect("open SQLite");
                (db, Cleanup::SqliteFile(path))
            }
            Backend::Postgres => {
                let admin = Db::connect(&postgres_url(), None)
                    .await
                    .expect("PostgreSQL must be reachable at TVAERS_TEST_POSTGRES_URL or 127.0.0.1:5432/test");
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
        tvaers::migrate::run(&db).await.expect("migrations apply");
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
        let router = tvaers::build_router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            axum::serve(listener, router).await.expect("server runs");
        });
        TestApp {
            addr,
            db,
            clock,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookie: Mutex::new(None),
            cleanup: Some(cleanup),
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

    pub fn session_token(&self) -> Option<String> {
        self.cookie.lock().unwrap().clone()
    }

    pub fn set_session_token(&self, token: Option<String>) {
        *self.cookie.lock().unwrap() = token;
    }

    /// Signs in through the login server function, as the login form does.
    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        let res = self
            .with_cookie(self.client.post(self.url("/api/login")))
            .form(&[("username", username), ("password", password)])
            .send()
            .await
            .expect("login request");
        self.remember_cookie(&res);
        res
    }

    pub async fn login_ok(&self, username: &str) {
        let res = self.login(username, DEMO_PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "login of {username} failed: {}",
            res.text().await.unwrap_or_default()
        );
    }

    /// Calls a server function with a JSON body; returns the status and the JSON answer.
    pub async fn call(&self, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let res = self
            .with_cookie(self.client.post(self.url(&format!("/api/{endpoint}"))))
            .json(&body)
            .send()
            .await
            .expect("server function request");
        self.remember_cookie(&res);
        let status = res.status();
        let text = res.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, json)
    }

    /// Calls a server function that takes no arguments (URL-encoded, as Leptos sends it).
    pub async fn call_empty(&self, endpoint: &str) -> (StatusCode, Value) {
        let res = self
            .with_cookie(self.client.post(self.url(&format!("/api/{endpoint}"))))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body("")
            .send()
            .await
            .expect("server function request");
        self.remember_cookie(&res);
        let status = res.status();
        let text = res.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, json)
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

    // ---- facts from the database, for arranging and asserting ----

    pub async fn scalar_text(&self, sql: &str, arg: &str) -> String {
        sqlx::query(sql)
            .bind(arg)
            .fetch_one(self.db.pool())
            .await
            .expect(sql)
            .get::<String, _>(0)
    }

    pub async fn count(&self, sql: &str) -> i64 {
        count_in(self.db.pool(), sql).await
    }

    /// A count from the audit log, wherever this backend keeps it (SQLite: a file of its own).
    pub async fn audit_count(&self, sql: &str) -> i64 {
        count_in(self.db.audit_pool(), sql).await
    }

    pub async fn user_id(&self, username: &str) -> String {
        self.scalar_text("SELECT id FROM users WHERE username = $1", username)
            .await
    }

    pub async fn unit_id(&self, name: &str) -> String {
        self.scalar_text("SELECT id FROM units WHERE name = $1", name)
            .await
    }

    /// Some child enrolled in the named group.
    pub async fn child_in_group(&self, group: &str) -> String {
        self.scalar_text(
            "SELECT e.child_id FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
             WHERE g.name = $1 ORDER BY e.child_id LIMIT 1",
            group,
        )
        .await
    }

    /// Audit rows for an action, as (user_id, child_id, criterion, outcome).
    pub async fn audit(
        &self,
        action: &str,
    ) -> Vec<(Option<String>, Option<String>, Option<String>, String)> {
        sqlx::query("SELECT user_id, child_id, criterion, outcome FROM audit_log WHERE action = $1 ORDER BY id")
            .bind(action)
            .fetch_all(self.db.audit_pool())
            .await
            .expect("audit rows")
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect()
    }
}

impl Drop for TestApp {
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

async fn count_in(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .expect(sql)
        .get::<i64, _>(0)
}

fn uuid_simple() -> String {
    app::domain::UserId::random().to_string().replace('-', "")
}
