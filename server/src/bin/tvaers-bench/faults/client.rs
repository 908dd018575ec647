//! One staff member's browser, as far as the server can tell: a session cookie and keep-alive
//! connections of its own. Every request is timed and tallied by its kind; an answer other
//! than 200, or none, is a failure with its cause.

use super::tally::Tally;
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    cookie: String,
}

/// Why a request got no answer to use.
#[derive(Debug)]
pub enum Failure {
    /// No answer at all: the connection was refused or cut (a server killed, say).
    Transport,
    /// An answer other than 200, or one that could not be read.
    Answer,
}

impl Client {
    /// `cookie` is the whole `Cookie` header: the session cookie's name and its token.
    pub fn new(addr: SocketAddr, cookie: String) -> Self {
        let http = reqwest::Client::builder()
            // Below the server's 10 s for an idle kept-alive connection
            // (`--header-read-timeout-secs`): a request never goes out on a connection the
            // server is closing at that moment, which would fail it for the client's reason.
            .pool_idle_timeout(Duration::from_secs(5))
            // The router's own limit for a request.
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        Self {
            http,
            base: format!("http://{addr}"),
            cookie,
        }
    }

    /// Loads a page as a browser's first visit does: rendered by the server, read to its end.
    pub async fn page(&self, tally: &mut Tally, kind: &'static str, path: &str) -> bool {
        let request = self
            .http
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, &self.cookie);
        self.send(tally, kind, request).await.is_ok()
    }

    /// Calls a server function (`F::PATH`) with its arguments as JSON, as the hydrated app does,
    /// and reads its answer.
    pub async fn call<F: ServerFn, T: DeserializeOwned>(
        &self,
        tally: &mut Tally,
        kind: &'static str,
        body: &str,
    ) -> Result<T, Failure> {
        let started = Instant::now();
        let text = self.post(tally, kind, F::PATH, body).await?;
        serde_json::from_str(&text).map_err(|err| {
            tally.failed(kind, started.elapsed(), format!("unreadable: {err}"), &text);
            Failure::Answer
        })
    }

    async fn post(
        &self,
        tally: &mut Tally,
        kind: &'static str,
        path: &str,
        body: &str,
    ) -> Result<String, Failure> {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, &self.cookie)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_owned());
        self.send(tally, kind, request).await
    }

    async fn send(
        &self,
        tally: &mut Tally,
        kind: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<String, Failure> {
        let started = Instant::now();
        let answer = match request.send().await {
            Ok(answer) => answer,
            Err(err) => {
                let cause = format!("no answer ({})", transport_cause(&err));
                tally.failed(kind, started.elapsed(), cause, &err.to_string());
                return Err(Failure::Transport);
            }
        };
        let status = answer.status();
        let text = match answer.text().await {
            Ok(text) => text,
            Err(err) => {
                let cause = format!("HTTP {} cut off", status.as_u16());
                tally.failed(kind, started.elapsed(), cause, &err.to_string());
                return Err(Failure::Transport);
            }
        };
        if status != reqwest::StatusCode::OK {
            let cause = format!("HTTP {}", status.as_u16());
            tally.failed(kind, started.elapsed(), cause, &text);
            return Err(Failure::Answer);
        }
        tally.ok(kind, started.elapsed());
        Ok(text)
    }
}

fn transport_cause(err: &reqwest::Error) -> &'static str {
    if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "connection refused"
    } else {
        "connection cut"
    }
}
