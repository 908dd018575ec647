//! A real OpenID provider for the test process: `end2end/oidc-provider.mjs` on the certified npm
//! package `oidc-provider` (installed by `npm ci` in `end2end/`, which `scripts/bootstrap.sh`
//! runs), started once on a free port. It stops when the test process ends (its standard input
//! closes). Also a browser of sorts: it follows the redirects of a sign-in and posts the
//! provider's own login form, keeping each side's cookies as a browser would.

use super::TestApp;
use app::backend::clock::Clock;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use tvaers::sso::{config::provider, Kind, Sso};

struct Running {
    issuer: String,
    // Kept for the life of the process: its standard input closes when the process ends.
    _child: Mutex<Child>,
}

fn running() -> &'static Running {
    static PROVIDER: OnceLock<Running> = OnceLock::new();
    PROVIDER.get_or_init(start)
}

fn start() -> Running {
    let end2end = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end");
    assert!(
        end2end.join("node_modules/oidc-provider").exists(),
        "no OpenID provider: end2end/node_modules/oidc-provider is missing — run \
         `npm ci` in end2end/ (scripts/bootstrap.sh does)"
    );
    let mut child = Command::new("node")
        .arg(end2end.join("oidc-provider.mjs"))
        .args(["--port", "0", "--stop-with-stdin"])
        .current_dir(&end2end)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("starting end2end/oidc-provider.mjs with node: {err}"));
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let issuer = loop {
        let line = lines
            .next()
            .expect("the provider printed `ready <issuer>` before ending")
            .expect("the provider's output is text");
        if let Some(issuer) = line.strip_prefix("ready ") {
            break issuer.trim().to_owned();
        }
    };
    // Its later lines are not read; keep the pipe drained so it never blocks on a full one.
    std::thread::spawn(move || for _ in lines {});
    Running {
        issuer,
        _child: Mutex::new(child),
    }
}

/// The test provider's issuer URL.
pub fn issuer() -> String {
    running().issuer.clone()
}

/// Both providers at the test provider, with Tværs's default claims (staff by
/// `preferred_username`, parents by `sub`), their clocks the system's.
pub fn both() -> super::MakeSso {
    let issuer = issuer();
    Box::new(move |site: &str| sso_at(site, &issuer, &issuer, None))
}

/// Both providers, with the verifier's clock moved by `offset` from the real one.
pub fn both_with_clock_offset(offset: time::Duration) -> super::MakeSso {
    let issuer = issuer();
    Box::new(move |site: &str| sso_at(site, &issuer, &issuer, Some(offset)))
}

/// The staff provider at an address where nothing answers.
pub fn staff_down() -> super::MakeSso {
    let nowhere = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        format!("http://127.0.0.1:{port}")
    };
    let issuer = issuer();
    Box::new(move |site: &str| sso_at(site, &nowhere, &issuer, None))
}

fn sso_at(site: &str, staff: &str, parent: &str, offset: Option<time::Duration>) -> Sso {
    let mut sso = Sso::none(site).expect("an HTTP client");
    sso.staff = provider(
        Kind::Staff,
        Some(staff),
        Some("tvaers-staff"),
        Some("staff-secret"),
        "preferred_username",
        "profile",
    )
    .expect("the staff provider");
    sso.parent = provider(
        Kind::Parent,
        Some(parent),
        Some("tvaers-parent"),
        Some("parent-secret"),
        "sub",
        "",
    )
    .expect("the parent provider");
    if let Some(offset) = offset {
        sso.clock = Arc::new(Offset(offset));
    }
    sso
}

/// The real time moved by a fixed amount: this server's clock out of step with the provider's.
#[derive(Debug)]
struct Offset(time::Duration);

impl Clock for Offset {
    fn now(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::now_utc() + self.0
    }
}

/// One browser's side of a sign-in: Tværs's answers and cookies read by hand (its cookies are
/// `__Host-`, for HTTPS), the provider's kept in a jar.
pub struct Browser {
    tvaers: reqwest::Client,
    provider: reqwest::Client,
    /// The `__Host-tvaers_sso` cookie Tværs set when the sign-in started.
    pub flow_cookie: Option<String>,
}

/// A `Set-Cookie` value of `name` among a response's, if any.
pub fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("a redirect, got {} without Location", res.status()))
        .to_owned()
}

impl Default for Browser {
    fn default() -> Self {
        Self::new()
    }
}

impl Browser {
    pub fn new() -> Browser {
        let no_redirects =
            || reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        Browser {
            tvaers: no_redirects().build().expect("client"),
            provider: no_redirects().cookie_store(true).build().expect("client"),
            flow_cookie: None,
        }
    }

    /// Presses the login page's button: Tværs's answer (a redirect to the provider, or to the
    /// login page with a problem), keeping the flow cookie it sets.
    pub async fn start(&mut self, app: &TestApp, kind: &str) -> reqwest::Response {
        let res = self
            .tvaers
            .get(app.url(&format!("/auth/oidc/{kind}")))
            .send()
            .await
            .expect("the start answers");
        if let Some(cookie) = set_cookie(&res, "__Host-tvaers_sso") {
            self.flow_cookie = Some(cookie);
        }
        res
    }

    /// Follows the provider's redirects from `url`, signs in as `person` on its own login form,
    /// and answers the address it finally sends the browser back to (Tværs's callback).
    pub async fn sign_in_at_provider(&self, url: &str, person: &str) -> String {
        let issuer = issuer();
        let mut url = url.to_owned();
        let mut form_posted = false;
        for _ in 0..10 {
            if !url.starts_with(&issuer) {
                return url;
            }
            let res = self
                .provider
                .get(&url)
                .send()
                .await
                .expect("the provider answers");
            if res.status().is_redirection() {
                url = absolute(&issuer, &location(&res));
                continue;
            }
            assert_eq!(res.status(), 200, "the provider's page at {url}");
            let page = res.text().await.expect("the login page");
            assert!(
                !form_posted,
                "the provider showed a page again ({person} unknown there?): {page}"
            );
            let action = form_action(&page, "/login");
            let res = self
                .provider
                .post(absolute(&issuer, &action))
                .form(&[("login", person)])
                .send()
                .await
                .expect("the provider takes the form");
            assert!(
                res.status().is_redirection(),
                "the form was taken: {}",
                res.status()
            );
            form_posted = true;
            url = absolute(&issuer, &location(&res));
        }
        panic!("the provider never sent the browser back");
    }

    /// Cancels at the provider's login page; answers where the provider sends the browser.
    pub async fn cancel_at_provider(&self, url: &str) -> String {
        let issuer = issuer();
        let mut url = url.to_owned();
        loop {
            let res = self
                .provider
                .get(&url)
                .send()
                .await
                .expect("the provider answers");
            if res.status().is_redirection() {
                url = absolute(&issuer, &location(&res));
                continue;
            }
            let page = res.text().await.expect("the login page");
            let action = form_action(&page, "/cancel");
            let res = self
                .provider
                .post(absolute(&issuer, &action))
                .send()
                .await
                .expect("the provider takes the cancel");
            let mut url = absolute(&issuer, &location(&res));
            while url.starts_with(&issuer) {
                let res = self.provider.get(&url).send().await.expect("redirect");
                url = absolute(&issuer, &location(&res));
            }
            return url;
        }
    }

    /// Arrives at Tværs's callback with the flow cookie, as the browser would.
    pub async fn callback(&self, url: &str) -> reqwest::Response {
        let mut req = self.tvaers.get(url);
        if let Some(cookie) = &self.flow_cookie {
            req = req.header(
                reqwest::header::COOKIE,
                format!("__Host-tvaers_sso={cookie}"),
            );
        }
        req.send().await.expect("the callback answers")
    }
}

fn absolute(issuer: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        location.to_owned()
    } else {
        format!("{issuer}{location}")
    }
}

/// The `action` of the provider's form whose action ends with `ending`.
fn form_action(page: &str, ending: &str) -> String {
    page.split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|action| action.ends_with(ending))
        .unwrap_or_else(|| panic!("no form ending in {ending} on {page}"))
        .to_owned()
}
