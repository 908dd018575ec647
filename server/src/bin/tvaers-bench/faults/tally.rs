//! What a run's requests came to: per kind of request, how many and how long (p50, p95, p99),
//! and every failure by its cause (the HTTP status, or the transport error) with the first
//! answer of that cause, so that a report says what went wrong and not only that something did.

use std::collections::BTreeMap;
use std::time::Duration;

/// The requests of one worker, or of a whole run once the workers' tallies are merged.
#[derive(Default)]
pub struct Tally {
    kinds: BTreeMap<&'static str, Kind>,
}

#[derive(Default)]
struct Kind {
    latencies: Vec<Duration>,
    /// Cause → (how many, the first answer's start).
    failures: BTreeMap<String, (usize, String)>,
}

impl Tally {
    pub fn ok(&mut self, kind: &'static str, took: Duration) {
        self.kinds.entry(kind).or_default().latencies.push(took);
    }

    pub fn failed(&mut self, kind: &'static str, took: Duration, cause: String, sample: &str) {
        let entry = self.kinds.entry(kind).or_default();
        entry.latencies.push(took);
        let first: String = sample.chars().take(160).collect();
        entry.failures.entry(cause).or_insert((0, first)).0 += 1;
    }

    pub fn merge(&mut self, other: Tally) {
        for (name, kind) in other.kinds {
            let entry = self.kinds.entry(name).or_default();
            entry.latencies.extend(kind.latencies);
            for (cause, (n, sample)) in kind.failures {
                entry.failures.entry(cause).or_insert((0, sample)).0 += n;
            }
        }
    }

    pub fn requests(&self) -> usize {
        self.kinds.values().map(|k| k.latencies.len()).sum()
    }

    pub fn failures(&self) -> usize {
        self.kinds
            .values()
            .flat_map(|k| k.failures.values())
            .map(|(n, _)| n)
            .sum()
    }

    /// One line per kind of request, then one per cause of failure.
    pub fn print(&self, seconds: f64) {
        println!(
            "  {:<20} {:>8} {:>8} {:>7} {:>9} {:>9} {:>9}",
            "request", "count", "errors", "per s", "p50 ms", "p95 ms", "p99 ms"
        );
        let mut all = Vec::new();
        for (name, kind) in &self.kinds {
            let errors: usize = kind.failures.values().map(|(n, _)| n).sum();
            print_row(name, &kind.latencies, errors, seconds);
            all.extend_from_slice(&kind.latencies);
        }
        print_row("all", &all, self.failures(), seconds);
        for (name, kind) in &self.kinds {
            for (cause, (n, sample)) in &kind.failures {
                println!("  error: {name}: {cause} × {n} (first: {sample})");
            }
        }
    }
}

fn print_row(name: &str, latencies: &[Duration], errors: usize, seconds: f64) {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    println!(
        "  {:<20} {:>8} {:>8} {:>7.1} {:>9.2} {:>9.2} {:>9.2}",
        name,
        sorted.len(),
        errors,
        sorted.len() as f64 / seconds.max(f64::EPSILON),
        quantile(&sorted, 0.50),
        quantile(&sorted, 0.95),
        quantile(&sorted, 0.99)
    );
}

/// The latency below which the share `q` of the requests took, in milliseconds (the nearest
/// rank: the slowest of the fastest `q` of them).
fn quantile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}
