//! The retention job runs once a day across every server on the database (issue 18 item 7):
//! two instances tick at once, one runs the job; a failed run gives its day back; a claim left
//! by an instance that died is taken over once it is old.

use super::pruner;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::backend::once::{Instance, Outcome};
use app::backend::store::job_claims;
use time::Duration;

on_both_backends!(
    two_instances_ticking_at_once_run_the_job_once_a_day,
    a_claim_given_back_or_abandoned_is_taken_again_and_a_finished_one_never,
);

/// The deletion log's runs: one `ran_at` per run of the job.
async fn runs(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(DISTINCT ran_at) FROM deletion_log")
        .await
}

async fn two_instances_ticking_at_once_run_the_job_once_a_day(kind: DbKind) {
    let first = TestApp::spawn(kind).await;
    let second = first.spawn_beside().await;
    let pruner_a = pruner(&first).await;
    // The owner of the first server's schema: the second only borrows it.
    let pruner_b = super::pruner_on(&second.db, first.scratch()).await;
    let (a, b) = (Instance::new(), Instance::new());
    for day in 0..3 {
        // Both servers' clocks at the same instant, each ticking on its own database handle.
        if day > 0 {
            first.clock.advance(Duration::days(1));
            second.clock.advance(Duration::days(1));
        }
        for tick in 0..2 {
            let (one, other) = tokio::join!(
                tvaers::retention::run_today(&first.db, &pruner_a, &first.clock, 5, &a),
                tvaers::retention::run_today(&second.db, &pruner_b, &second.clock, 5, &b),
            );
            let ran = [one.expect("a claim"), other.expect("a claim")]
                .into_iter()
                .filter(|outcome| match outcome {
                    Outcome::Ran(result) => {
                        assert!(result.is_ok(), "the run succeeds: {result:?}");
                        true
                    }
                    Outcome::Taken => false,
                })
                .count();
            let expected = usize::from(tick == 0);
            assert_eq!(ran, expected, "day {day}, tick {tick}: runs of the job");
        }
        assert_eq!(
            runs(&first).await,
            day + 1,
            "one run a day in the deletion log"
        );
    }
    let claims = first
        .count(
            "SELECT COUNT(*) FROM job_claims WHERE job = 'retention' AND finished_at IS NOT NULL",
        )
        .await;
    assert_eq!(claims, 3, "a finished claim per day");
}

async fn a_claim_given_back_or_abandoned_is_taken_again_and_a_finished_one_never(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let (a, b) = (Instance::new(), Instance::new());
    let now = 1_800_000_000;
    let mut conn = app.db.conn().await.expect("a connection");
    let claim = |who: &Instance, at: i64| {
        let who = who.name().to_owned();
        let db = app.db.clone();
        async move {
            let mut conn = db.conn().await.expect("a connection");
            job_claims::claim(&mut conn, "probe", "2026-11-23", &who, at)
                .await
                .expect("the claim runs")
        }
    };
    assert!(claim(&a, now).await, "the first claim of the day lands");
    assert!(!claim(&b, now + 60).await, "a running claim holds");
    job_claims::release(&mut conn, "probe", "2026-11-23", a.name())
        .await
        .expect("released");
    assert!(
        claim(&b, now + 120).await,
        "a claim given back is taken again"
    );
    let abandoned = now + 120 + job_claims::ABANDONED_AFTER_SECS;
    assert!(!claim(&a, abandoned).await, "not yet abandoned");
    assert!(
        claim(&a, abandoned + 1).await,
        "an abandoned claim is taken over"
    );
    // Only the instance holding the claim can finish or release it.
    job_claims::release(&mut conn, "probe", "2026-11-23", b.name())
        .await
        .expect("a release that changes nothing");
    job_claims::finish(&mut conn, "probe", "2026-11-23", a.name(), abandoned + 2)
        .await
        .expect("finished");
    let far = abandoned + 10 * job_claims::ABANDONED_AFTER_SECS;
    assert!(!claim(&b, far).await, "a finished day is never run again");
    assert!(
        !claim(&a, far).await,
        "not even by the instance that ran it"
    );
}
