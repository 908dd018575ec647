//! A real server on a free port over a fresh database, and a client that keeps its session
//! cookie like a browser would. The typed calls, one per server function, are in `client`;
//! facts read straight from the database, for arranging and asserting, in `facts`.

mod client;
mod facts;
mod language;
pub mod mail;
pub mod oidc;
mod transitions;

pub use client::{Answer, AnswerExt, Refused};

use app::backend::clock::ManualClock;
use app::backend::db::{Db, DbKind};
use app::backend::state::{AppState, Settings};
use leptos::config::LeptosOptions;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::{Connection, Executor};
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
pub fn postgres_url() -> String {
    std::env::var("TVAERS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// The URL of the same PostgreSQL for another role (trust authentication: no password).
pub fn postgres_url_as(role: &str) -> String {
    let mut url = reqwest::Url::parse(&postgres_url()).expect("TVAERS_TEST_POSTGRES_URL is a URL");
    url.set_username(role).expect("a URL with a host");
    url.set_password(None).expect("a URL with a host");
    url.to_string()
}

/// Runs statements as the tests' superuser, on one connection of its own.
pub async fn as_superuser(statements: &[String]) -> Result<(), sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&postgres_url()).await?;
    for statement in statements {
        admin.execute(statement.as_str()).await?;
    }
    admin.close().await
}

/// A database of its own for one test: a SQLite file (and its audit file) or a PostgreSQL
/// schema (and the login role the server used), removed again when this is dropped.
pub struct Scratch {
    cleanup: Option<Cleanup>,
}

enum Cleanup {
    SqliteFile(std::path::PathBuf),
    Postgres {
        schema: String,
        app_role: Option<String>,
    },
}

impl Scratch {
    /// The test's PostgreSQL schema.
    pub fn postgres_schema(&self) -> Option<&str> {
        match &self.cleanup {
            Some(Cleanup::Postgres { schema, .. }) => Some(schema),
            _ => None,
        }
    }

    /// The SQLite file (its audit log's file sits beside it).
    pub fn sqlite_file(&self) -> Option<&std::path::Path> {
        match &self.cleanup {
            Some(Cleanup::SqliteFile(path)) => Some(path),
            _ => None,
        }
    }

    /// The PostgreSQL role the server works as, when it is not the superuser.
    pub fn app_role(&self) -> Option<&str> {
        match &self.cleanup {
            Some(Cleanup::Postgres { app_role, .. }) => app_role.as_deref(),
            _ => None,
        }
    }
}

/// A fresh, empty SQLite file, or a PostgreSQL schema created by the superuser.
pub async fn scratch(kind: DbKind) -> (String, Scratch) {
    let name = format!("t_{}", uuid_simple());
    let cleanup = match kind {
        DbKind::Sqlite => {
            let dir = std::env::temp_dir().join("tvaers-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            Cleanup::SqliteFile(dir.join(format!("{name}.db")))
        }
        DbKind::Postgres => {
            as_superuser(&[format!("CREATE SCHEMA \"{name}\"")])
                .await
                .expect(
                "PostgreSQL must be reachable at TVAERS_TEST_POSTGRES_URL or 127.0.0.1:5432/test",
            );
            Cleanup::Postgres {
                schema: name.clone(),
                app_role: None,
            }
        }
    };
    (
        name,
        Scratch {
            cleanup: Some(cleanup),
        },
    )
}

/// Opens a fresh, empty database of the given kind and applies the migrations with one
/// connection for everything — on PostgreSQL the superuser's, which owns all it creates. For
/// tests of the schema itself; a test server works as [`served_database`] arranges. Keep the
/// `Scratch` for as long as the database is used.
pub async fn migrated_database(kind: DbKind) -> (Db, Scratch) {
    let (name, scratch) = scratch(kind).await;
    let db = match scratch.sqlite_file() {
        Some(path) => Db::connect(&sqlite_url(path), None)
            .await
            .expect("open SQLite"),
        None => Db::connect(&postgres_url(), Some(name))
            .await
            .expect("connect to schema"),
    };
    tvaers::migrate::run(&db).await.expect("migrations apply");
    (db, scratch)
}

/// A fresh PostgreSQL schema and a fresh LOGIN role that owns nothing and may do nothing in
/// it yet; the `Scratch` drops both. Answers (schema, role).
pub async fn postgres_scratch_with_role() -> (String, String, Scratch) {
    let (schema, mut scratch) = scratch(DbKind::Postgres).await;
    let role = format!("{schema}_app");
    // Recorded before it exists, so the cleanup drops it whatever fails from here on.
    scratch.cleanup = Some(Cleanup::Postgres {
        schema: schema.clone(),
        app_role: Some(role.clone()),
    });
    as_superuser(&[format!("CREATE ROLE \"{role}\" LOGIN")])
        .await
        .expect("create the application's role");
    (schema, role, scratch)
}

/// The database as production opens it (`tvaers::database::open`). SQLite: a fresh file, as
/// [`migrated_database`]. PostgreSQL: the superuser is the owner — it migrates and grants —
/// and the server works as a fresh LOGIN role of its own that owns nothing (SECURITY L2), so
/// every test on PostgreSQL also proves the grants are enough for what it does.
pub async fn served_database(kind: DbKind) -> (Db, Scratch) {
    if kind == DbKind::Sqlite {
        let (_, scratch) = scratch(kind).await;
        let url = sqlite_url(scratch.sqlite_file().expect("a SQLite scratch is a file"));
        let db = tvaers::database::open(&url, None, None)
            .await
            .expect("open and migrate SQLite");
        return (db, scratch);
    }
    let (schema, role, scratch) = postgres_scratch_with_role().await;
    let db = tvaers::database::open(&postgres_url_as(&role), Some(&postgres_url()), Some(schema))
        .await
        .expect("the owner migrates and grants, the application's role connects");
    (db, scratch)
}

/// Opens the scratch's database again as [`served_database`] opened it (after a restore put
/// other files or another schema in its place).
pub async fn reopen(scratch: &Scratch) -> Db {
    if let Some(file) = scratch.sqlite_file() {
        return tvaers::database::open(&sqlite_url(file), None, None)
            .await
            .expect("open and migrate SQLite");
    }
    let schema = scratch.postgres_schema().expect("a PostgreSQL scratch");
    let role = scratch.app_role().expect("the server's own role");
    tvaers::database::open(
        &postgres_url_as(role),
        Some(&postgres_url()),
        Some(schema.to_owned()),
    )
    .await
    .expect("the owner migrates and grants, the application's role connects")
}

fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// A connection of the tests' superuser working in `schema`: the owner of a served database.
pub async fn superuser_in(schema: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&postgres_url())
        .await
        .expect("connect as the superuser");
    conn.execute(format!("SET search_path TO \"{schema}\"").as_str())
        .await
        .expect("search path");
    conn
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
            Some(Cleanup::Postgres { schema, app_role }) => {
                let mut statements = vec![format!("DROP SCHEMA \"{schema}\" CASCADE")];
                if let Some(role) = app_role {
                    // What it still holds in this database (nothing, once the schema is gone),
                    // then the role: roles belong to the whole cluster and would outlive it.
                    statements.push(format!("DROP OWNED BY \"{role}\""));
                    statements.push(format!("DROP ROLE \"{role}\""));
                }
                // Drop runs outside any runtime we may block, so use a thread of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async {
                        sqlx::any::install_default_drivers();
                        let mut admin = sqlx::AnyConnection::connect(&postgres_url()).await.ok()?;
                        // Each on its own: a role must go even if its schema could not.
                        for statement in &statements {
                            let _ = admin.execute(statement.as_str()).await;
                        }
                        admin.close().await.ok()
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
    scratch: Scratch,
    pub addr: SocketAddr,
    pub db: Db,
    pub clock: ManualClock,
    client: reqwest::Client,
    cookie: Mutex<Option<String>>,
}

/// Makes the single sign-on providers from the test server's own address.
pub type MakeSso = Box<dyn FnOnce(&str) -> tvaers::sso::Sso + Send>;

/// The instant every test starts at: a Monday morning in term time.
pub const START: time::OffsetDateTime = datetime!(2026-11-23 08:00 UTC);

impl TestApp {
    /// Starts the server on a fresh, migrated database holding the demo municipality.
    pub async fn spawn(kind: DbKind) -> TestApp {
        Self::spawn_with(kind, Settings::default()).await
    }

    pub async fn spawn_with(kind: DbKind, settings: Settings) -> TestApp {
        Self::spawn_full(kind, settings, tvaers::middleware::OriginCheck::HostHeader).await
    }

    /// Starts the server as `--public-url` starts it behind a reverse proxy.
    pub async fn spawn_behind_proxy(kind: DbKind, public_url: &str) -> TestApp {
        let public_url = tvaers::config::PublicUrl::parse(public_url).expect("a public URL");
        let check = tvaers::middleware::OriginCheck::PublicUrl(public_url);
        Self::spawn_full(kind, Settings::default(), check).await
    }

    async fn spawn_full(
        kind: DbKind,
        settings: Settings,
        origin_check: tvaers::middleware::OriginCheck,
    ) -> TestApp {
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let (db, scratch) = served_database(kind).await;
        tvaers::demo::seed(&db, &START.date())
            .await
            .expect("demo seeds");
        Self::serve(
            db,
            scratch,
            settings,
            origin_check,
            None,
            None,
            Default::default(),
        )
        .await
    }

    /// Starts the server on the demo municipality with `site_root` as its built site (the
    /// static files under `/pkg/`), as `LEPTOS_SITE_ROOT` sets it in production.
    pub async fn spawn_with_site(kind: DbKind, site_root: &std::path::Path) -> TestApp {
        let (db, scratch) = served_database(kind).await;
        tvaers::demo::seed(&db, &START.date())
            .await
            .expect("demo seeds");
        let check = tvaers::middleware::OriginCheck::HostHeader;
        let root = site_root.to_str().expect("a UTF-8 path").to_owned();
        Self::serve(
            db,
            scratch,
            Settings::default(),
            check,
            None,
            Some(root),
            Default::default(),
        )
        .await
    }

    /// Starts the server on the demo municipality with single sign-on: `sso` makes the
    /// providers from the server's own address (the callbacks' base), known once it listens.
    pub async fn spawn_with_sso(kind: DbKind, sso: MakeSso) -> TestApp {
        let (db, scratch) = served_database(kind).await;
        tvaers::demo::seed(&db, &START.date())
            .await
            .expect("demo seeds");
        let check = tvaers::middleware::OriginCheck::HostHeader;
        Self::serve(
            db,
            scratch,
            Settings::default(),
            check,
            Some(sso),
            None,
            Default::default(),
        )
        .await
    }

    /// Starts the server on the demo municipality with other connection limits.
    pub async fn spawn_with_limits(kind: DbKind, limits: tvaers::Limits) -> TestApp {
        let (db, scratch) = served_database(kind).await;
        tvaers::demo::seed(&db, &START.date())
            .await
            .expect("demo seeds");
        let check = tvaers::middleware::OriginCheck::HostHeader;
        Self::serve(db, scratch, Settings::default(), check, None, None, limits).await
    }

    /// A second server on this one's database, as a second instance behind a load balancer
    /// runs (issue 18 item 7): pools, write queue, audit writer and clock of its own. The
    /// first server keeps the database; this one only borrows it.
    pub async fn spawn_beside(&self) -> TestApp {
        let db = reopen(&self.scratch).await;
        let borrowed = Scratch { cleanup: None };
        Self::spawn_on(db, borrowed).await
    }

    /// Serves a database the test has already filled (with `tvaers setup`, say), not the demo.
    pub async fn spawn_on(db: Db, scratch: Scratch) -> TestApp {
        let check = tvaers::middleware::OriginCheck::HostHeader;
        Self::serve(
            db,
            scratch,
            Settings::default(),
            check,
            None,
            None,
            Default::default(),
        )
        .await
    }

    async fn serve(
        db: Db,
        scratch: Scratch,
        mut settings: Settings,
        origin_check: tvaers::middleware::OriginCheck,
        sso: Option<MakeSso>,
        site_root: Option<String>,
        limits: tvaers::Limits,
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let sso = sso.map(|make| Arc::new(make(&format!("http://{addr}"))));
        if let Some(sso) = &sso {
            settings.sso = sso.offer();
        }
        let clock = ManualClock::new(START);
        let state = AppState {
            db: db.clone(),
            settings: Arc::new(settings),
            clock: Arc::new(clock.clone()),
            leptos_options: match site_root {
                Some(root) => LeptosOptions::builder()
                    .output_name("tvaers")
                    .site_root(root)
                    .build(),
                None => LeptosOptions::builder().output_name("tvaers").build(),
            },
            indicators: Default::default(),
        };
        // Served as production serves it, through its accept loop, with each connection's
        // peer address (the login's per-address limit reads it).
        let router = tvaers::build_router_sso(state, origin_check, sso);
        tokio::spawn(tvaers::serve_on(
            listener,
            router,
            limits,
            std::future::pending(),
        ));
        TestApp {
            scratch,
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

    /// A client for a server the test did not start in-process (the `tvaers` binary), over
    /// its database. The test clock is not that server's.
    pub fn attach(addr: SocketAddr, db: Db, scratch: Scratch) -> TestApp {
        TestApp {
            scratch,
            addr,
            db,
            clock: ManualClock::new(START),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookie: Mutex::new(None),
        }
    }

    /// Stops the server's use of the database, as a stopped server leaves it, and hands back
    /// the test's database (a restore works on a database no server has open).
    pub async fn stop(self) -> Scratch {
        self.db.close().await;
        self.scratch
    }

    /// The test's database, for its PostgreSQL schema and the server's role.
    pub fn scratch(&self) -> &Scratch {
        &self.scratch
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

    /// The session cookie as a `Cookie` header's value (empty when signed out), for a request
    /// that sends more cookies than the session.
    pub fn cookie_header(&self) -> String {
        self.cookie
            .lock()
            .unwrap()
            .clone()
            .map(|token| format!("__Host-tvaers_session={token}"))
            .unwrap_or_default()
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

    /// Signs in as a demo user, with the demo's second factor where the user has one.
    pub async fn login_ok(&self, username: &str) {
        match self.login(username, DEMO_PASSWORD).await {
            Ok(_) => {}
            Err(refused) if refused.error == app::error::AppError::CodeNeeded => {
                // A code works once (replay): tests sign in as the same leader many times within
                // one 30-second step of the test clock, so the last step is forgotten first. The
                // replay rule has tests of its own (`second_factor.rs`, `auth::totp`).
                sqlx::query("UPDATE second_factors SET last_step = NULL WHERE user_id = (SELECT id FROM users WHERE username = $1)")
                    .bind(username)
                    .execute(self.db.pool())
                    .await
                    .expect("forget the last code");
                let code = self.demo_code();
                if let Err(refused) = self.login_with_code(username, DEMO_PASSWORD, &code).await {
                    panic!("login of {username} with a code failed: {refused:?}");
                }
            }
            Err(refused) => panic!("login of {username} failed: {refused:?}"),
        }
    }

    /// The test clock's day.
    pub fn clock_today(&self) -> time::Date {
        app::backend::clock::Clock::today(&self.clock)
    }

    /// The demo second factor's code at the test clock's time.
    pub fn demo_code(&self) -> String {
        let secret = app::auth::totp::Secret::from_base32(tvaers::demo::DEMO_TOTP_SECRET)
            .expect("the demo key is base32");
        let now = u64::try_from(app::backend::clock::Clock::unix(&self.clock)).expect("after 1970");
        secret.code_at(now)
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
