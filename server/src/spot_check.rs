//! The weekly draw of the leaders' spot check (issue 18 item 4) inside `tvaers serve`: every
//! instance ticks hourly, and the one that claims the week draws it
//! (`app::spot_check::draw`, `app::backend::once`).

use app::backend::clock::Clock;
use app::backend::db::Db;
use app::backend::once::{run_once, Instance, Outcome};
use app::spot_check::draw::{self, Drawn};
use std::sync::Arc;

/// One instance's tick: the week before this one, unless another instance has drawn it.
pub async fn draw_due(
    db: &Db,
    clock: &dyn Clock,
    instance: &Instance,
) -> Result<Outcome<Drawn, sqlx::Error>, sqlx::Error> {
    let week = app::domain::week_before(clock.today());
    run_once(
        db,
        instance,
        draw::JOB,
        &week.label,
        || clock.unix(),
        || draw::draw(db, clock),
    )
    .await
}

pub fn spawn_weekly(db: Db, clock: Arc<dyn Clock>) {
    let instance = Instance::new();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(crate::retention::CHECK_EVERY);
        loop {
            ticks.tick().await;
            match draw_due(&db, clock.as_ref(), &instance).await {
                Ok(Outcome::Ran(Ok(drawn))) => tracing::info!(
                    week = %drawn.week,
                    lookups = drawn.lookups,
                    for_leaders = drawn.for_leaders,
                    for_administrators = drawn.for_administrators,
                    "spot check drawn"
                ),
                Ok(Outcome::Ran(Err(err))) => {
                    tracing::error!(error = %err, "the spot check draw failed")
                }
                Ok(Outcome::Taken) => {
                    tracing::debug!("spot check: this week's draw is done or running")
                }
                Err(err) => tracing::error!(error = %err, "claiming the spot check draw failed"),
            }
        }
    });
}
