//! `--mode oracle`: can a caller tell an id that names nothing from one of another unit by how
//! long the refusal takes (issue 14, "no existence oracle"; SECURITY A4)? Both answer 404 with
//! the same body and write a denied audit row (`Target::Missing` in
//! `app/src/backend/context.rs`); this measures whether they also take the same time.
//!
//! One pedagogue asks, over one keep-alive connection (no queueing to blur the difference),
//! for four kinds of request, interleaved in a random order: the group page
//! (`GET /groups/<id>/round`) and a server function (`POST /api/complete_follow_up`), each
//! with a fresh random id that names nothing and with an id of another unit's group or
//! follow-up (taken in turn from every other unit). Per kind: median, p99 and mean latency;
//! per pair: the difference of the medians and the probability that a request of one kind
//! takes longer than one of the other (the Mann-Whitney U statistic over its maximum, 0.5 when
//! they cannot be told apart), with its z score.

use crate::dataset::Dataset;
use crate::load::Job;
use app::backend::db::Db;
use app::domain::{FollowUpId, GroupId};
use rand::seq::SliceRandom;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    PageMissing,
    PageForeign,
    FunctionMissing,
    FunctionForeign,
}

const KINDS: [Kind; 4] = [
    Kind::PageMissing,
    Kind::PageForeign,
    Kind::FunctionMissing,
    Kind::FunctionForeign,
];

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::PageMissing => "GET /groups/<id of nothing>/round",
            Kind::PageForeign => "GET /groups/<another unit's>/round",
            Kind::FunctionMissing => "POST complete_follow_up <id of nothing>",
            Kind::FunctionForeign => "POST complete_follow_up <another unit's>",
        }
    }
}

/// Requests answered before the measurement, so that every kind meets warm caches.
const WARM_UP: usize = 100;

pub async fn measure(
    db: &Db,
    backend: &str,
    app_addr: SocketAddr,
    data: &Dataset,
    cookies: &HashMap<app::domain::UserId, String>,
    requests: usize,
) -> anyhow::Result<()> {
    let asker = data.groups[0].staff[0];
    let cookie = cookies.get(&asker).cloned();
    let foreign_groups: Vec<GroupId> = data
        .groups
        .iter()
        .filter(|g| !g.staff.contains(&asker))
        .map(|g| g.id)
        .collect();
    anyhow::ensure!(!foreign_groups.is_empty(), "the oracle needs a second unit");
    let foreign_follow_ups = follow_ups_elsewhere(db, data.groups[0].id).await?;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let job = |kind: Kind, n: usize| -> Job {
        let (method, url, body) = match kind {
            Kind::PageMissing | Kind::PageForeign => {
                let group = match kind {
                    Kind::PageMissing => GroupId::random(),
                    _ => foreign_groups[n % foreign_groups.len()],
                };
                let url = format!("http://{app_addr}/groups/{group}/round");
                (reqwest::Method::GET, url, None)
            }
            Kind::FunctionMissing | Kind::FunctionForeign => {
                let follow_up = match kind {
                    Kind::FunctionMissing => FollowUpId::random(),
                    _ => foreign_follow_ups[n % foreign_follow_ups.len()],
                };
                let body = serde_json::json!({ "follow_up": follow_up, "done_on": today });
                let url = format!("http://{app_addr}/api/complete_follow_up");
                (reqwest::Method::POST, url, Some(body.to_string()))
            }
        };
        Job {
            method,
            url,
            cookie: cookie.clone(),
            body,
        }
    };
    let mut schedule: Vec<(Kind, usize)> = KINDS
        .iter()
        .flat_map(|kind| (0..WARM_UP + requests).map(move |n| (*kind, n)))
        .collect();
    schedule.shuffle(&mut rand::thread_rng());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()?;
    let mut seen: HashMap<Kind, usize> = HashMap::new();
    let mut latencies: HashMap<Kind, Vec<f64>> = HashMap::new();
    let mut not_404: HashMap<Kind, usize> = HashMap::new();
    for (kind, n) in schedule {
        let job = job(kind, n);
        let mut request = client.request(job.method, &job.url);
        if let Some(cookie) = &job.cookie {
            request = request.header(reqwest::header::COOKIE, cookie);
        }
        if let Some(body) = job.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let started = Instant::now();
        let response = request.send().await?;
        let status = response.status();
        response.bytes().await?;
        let took = started.elapsed().as_secs_f64() * 1000.0;
        let count = seen.entry(kind).or_default();
        *count += 1;
        if *count <= WARM_UP {
            continue;
        }
        if status != reqwest::StatusCode::NOT_FOUND {
            *not_404.entry(kind).or_default() += 1;
        }
        latencies.entry(kind).or_default().push(took);
    }
    report(backend, requests, &mut latencies, &not_404);
    Ok(())
}

/// A follow-up for one child of every room outside `own_group`'s unit, opened on one of its
/// joint assessments (the dataset has none of its own).
async fn follow_ups_elsewhere(db: &Db, own_group: GroupId) -> anyhow::Result<Vec<FollowUpId>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT MAX(a.id), a.child_id, MAX(a.unit_id) FROM assessments a \
         WHERE a.kind = 'joint' AND a.unit_id <> (SELECT unit_id FROM child_groups WHERE id = $1) \
         GROUP BY a.group_id, a.child_id ORDER BY a.child_id",
    )
    .bind(own_group.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut made = Vec::new();
    let now = time::OffsetDateTime::now_utc();
    for (assessment, child, unit) in rows.into_iter().step_by(24) {
        let id = FollowUpId::random();
        sqlx::query(
            "INSERT INTO follow_ups (id, assessment_id, child_id, unit_id, due_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.to_string())
        .bind(assessment)
        .bind(child)
        .bind(unit)
        .bind((now.date() + time::Duration::days(30)).to_string())
        .bind(now.unix_timestamp() - 86_400)
        .execute(db.pool())
        .await?;
        made.push(id);
    }
    anyhow::ensure!(!made.is_empty(), "no follow-up could be opened elsewhere");
    Ok(made)
}

fn report(
    backend: &str,
    requests: usize,
    latencies: &mut HashMap<Kind, Vec<f64>>,
    not_404: &HashMap<Kind, usize>,
) {
    println!();
    println!(
        "{backend}: existence oracle, {requests} requests of each kind on one connection, \
         interleaved at random ({WARM_UP} of each first, not counted)"
    );
    println!(
        "{:<42}| {:>7} | {:>7} | {:>7} | not 404",
        "request", "p50 ms", "p99 ms", "mean ms"
    );
    for kind in KINDS {
        let Some(values) = latencies.get_mut(&kind) else {
            continue;
        };
        values.sort_by(f64::total_cmp);
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        println!(
            "{:<42}| {:>7.3} | {:>7.3} | {:>7.3} | {}",
            kind.label(),
            quantile(values, 0.50),
            quantile(values, 0.99),
            mean,
            not_404.get(&kind).copied().unwrap_or(0)
        );
    }
    for (what, missing, foreign) in [
        ("group page", Kind::PageMissing, Kind::PageForeign),
        (
            "server function",
            Kind::FunctionMissing,
            Kind::FunctionForeign,
        ),
    ] {
        let (Some(m), Some(f)) = (latencies.get(&missing), latencies.get(&foreign)) else {
            continue;
        };
        let (slower, z) = mann_whitney(m, f);
        println!(
            "{what}: median of nothing − median of another unit's = {:+.3} ms; \
             P(nothing slower) = {slower:.3} (z = {z:+.2}; |z| > 3 would tell them apart)",
            quantile(m, 0.5) - quantile(f, 0.5)
        );
    }
}

/// `q` of sorted values, nearest rank.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// The probability that a value of `a` exceeds one of `b` (ties count half), and its z score
/// under the hypothesis that both come from one distribution (normal approximation, without
/// the tie correction: latencies in nanoseconds hardly tie).
fn mann_whitney(a: &[f64], b: &[f64]) -> (f64, f64) {
    let mut all: Vec<(f64, bool)> = a
        .iter()
        .map(|v| (*v, true))
        .chain(b.iter().map(|v| (*v, false)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    // Ranks from 1, ties given their average rank.
    let mut rank_sum_a = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum_a += rank * all[i..=j].iter().filter(|(_, in_a)| *in_a).count() as f64;
        i = j + 1;
    }
    let (n, m) = (a.len() as f64, b.len() as f64);
    let u = rank_sum_a - n * (n + 1.0) / 2.0;
    let z = (u - n * m / 2.0) / (n * m * (n + m + 1.0) / 12.0).sqrt();
    (u / (n * m), z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statistic_is_a_half_for_one_distribution_and_one_when_all_are_slower() {
        let a: Vec<f64> = (0..100).map(f64::from).collect();
        let (p, z) = mann_whitney(&a, &a);
        assert!((p - 0.5).abs() < 1e-9 && z.abs() < 1e-9, "{p} {z}");
        let b: Vec<f64> = (200..300).map(f64::from).collect();
        let (p, z) = mann_whitney(&b, &a);
        assert!((p - 1.0).abs() < 1e-9 && z > 10.0, "{p} {z}");
    }
}
