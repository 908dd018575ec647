//! A real SMTP server for the test process: `scripts/mail-sink.py` on aiosmtpd (installed by
//! `scripts/bootstrap.sh`), started once on a free port, writing each delivered message to a
//! folder the tests read. It stops when the test process ends (its standard input closes).

use app::backend::mail::Mailer;
use app::backend::state::Settings;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Where links in the tests' letters lead; the tests take the token from the link.
pub const SITE: &str = "https://tvaers.test";

struct Sink {
    port: u16,
    dir: PathBuf,
    // Kept for the life of the process: its standard input closes when the process ends.
    _child: Mutex<Child>,
}

fn sink() -> &'static Sink {
    static SINK: OnceLock<Sink> = OnceLock::new();
    SINK.get_or_init(start)
}

fn start() -> Sink {
    let home = std::env::var_os("HOME").expect("HOME is set");
    let python = Path::new(&home).join(".cache/tvaers/mail-venv/bin/python");
    assert!(
        python.exists(),
        "no local SMTP server: {} is missing — run scripts/bootstrap.sh (it installs aiosmtpd)",
        python.display()
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/mail-sink.py");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let dir = std::env::temp_dir().join(format!("tvaers-mail-{}-{port}", std::process::id()));
    let mut child = Command::new(&python)
        .arg(&script)
        .arg(port.to_string())
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("starting {}: {err}", script.display()));
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the SMTP server's first line");
    assert_eq!(
        line.trim(),
        "ready",
        "the SMTP server did not start — run scripts/bootstrap.sh"
    );
    Sink {
        port,
        dir,
        _child: Mutex::new(child),
    }
}

/// Settings with mail on, through the test process's SMTP server.
pub fn mail_settings() -> Settings {
    let url = format!("smtp://127.0.0.1:{}", sink().port);
    Settings {
        mail: Some(Mailer::new(&url, "Tværs <tvaers@test.example>", SITE).expect("mailer")),
        ..Settings::default()
    }
}

/// A delivered message: its envelope recipients, headers and decoded body.
#[derive(Clone, Debug)]
pub struct Delivered {
    pub to: String,
    pub raw: String,
    pub body: String,
}

impl Delivered {
    /// The token of the `/password/<token>` link in the body.
    pub fn token(&self) -> String {
        let start = self
            .body
            .find(&format!("{SITE}/password/"))
            .unwrap_or_else(|| panic!("no link in {:?}", self.body))
            + SITE.len()
            + "/password/".len();
        self.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

/// Every message delivered so far to `address`.
pub fn delivered_to(address: &str) -> Vec<Delivered> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(&sink().dir) else {
        return found;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    paths.sort_by_key(|p| {
        p.file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse::<u64>().ok())
    });
    for path in paths {
        let raw = std::fs::read_to_string(&path).expect("a message is text");
        let to = raw
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("X-Envelope-To: "))
            .unwrap_or("")
            .to_owned();
        if to.split(", ").any(|r| r.eq_ignore_ascii_case(address)) {
            let body = decode_body(&raw);
            found.push(Delivered { to, raw, body });
        }
    }
    found
}

/// Waits (up to 10 s) for the `n`th message to `address` and answers it.
pub async fn wait_for(address: &str, n: usize) -> Delivered {
    for _ in 0..200 {
        let all = delivered_to(address);
        if all.len() >= n {
            return all[n - 1].clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no message {n} to {address} within 10 s");
}

/// The body as text, whatever transfer encoding lettre chose for it.
fn decode_body(raw: &str) -> String {
    use base64::Engine;
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let encoding = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-transfer-encoding:")
                .map(|v| v.trim().to_owned())
        })
        .unwrap_or_default();
    match encoding.as_str() {
        "base64" => {
            let joined: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined)
                .expect("base64 body");
            String::from_utf8(bytes).expect("UTF-8 body")
        }
        "quoted-printable" => {
            let joined = body.replace("=\n", "");
            let mut bytes = Vec::new();
            let mut rest = joined.as_bytes();
            while let Some((&b, tail)) = rest.split_first() {
                if b == b'=' && tail.len() >= 2 {
                    let hex = std::str::from_utf8(&tail[..2]).expect("hex");
                    bytes.push(u8::from_str_radix(hex, 16).expect("=XX"));
                    rest = &tail[2..];
                } else {
                    bytes.push(b);
                    rest = tail;
                }
            }
            String::from_utf8(bytes).expect("UTF-8 body")
        }
        _ => body.to_owned(),
    }
}
