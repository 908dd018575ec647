//! A closed-loop load generator: `connections` workers, each sending one request after the
//! other over its own keep-alive connection until the time is up or the jobs run out.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One request to send.
#[derive(Clone)]
pub struct Job {
    pub method: reqwest::Method,
    pub url: String,
    pub cookie: Option<String>,
    pub body: Option<String>,
}

#[derive(Clone)]
pub struct Figures {
    pub failures: usize,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

pub async fn run(jobs: Arc<Vec<Job>>, connections: usize, seconds: u64, cycle: bool) -> Figures {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for _ in 0..connections {
        let (jobs, next) = (jobs.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .expect("client");
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            while Instant::now() < deadline {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if !cycle && i >= jobs.len() {
                    break;
                }
                let job = &jobs[i % jobs.len()];
                let mut req = client.request(job.method.clone(), &job.url);
                if let Some(cookie) = &job.cookie {
                    req = req.header(reqwest::header::COOKIE, cookie);
                }
                if let Some(body) = &job.body {
                    req = req
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(body.clone());
                }
                let t = Instant::now();
                let ok = match req.send().await {
                    Ok(res) => {
                        let status = res.status();
                        res.bytes().await.is_ok() && status.is_success()
                    }
                    Err(_) => false,
                };
                latencies.push(t.elapsed());
                if !ok {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    let mut all = Vec::new();
    let mut failures = 0;
    for w in workers {
        if let Ok((l, f)) = w.await {
            all.extend(l);
            failures += f;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pick = |q: f64| -> f64 {
        if all.is_empty() {
            return f64::NAN;
        }
        let i = ((all.len() as f64 * q).ceil() as usize).clamp(1, all.len()) - 1;
        all[i].as_secs_f64() * 1000.0
    };
    Figures {
        failures,
        per_second: all.len() as f64 / elapsed,
        p50_ms: pick(0.50),
        p95_ms: pick(0.95),
        p99_ms: pick(0.99),
    }
}
