//! Jobs that run once per period however many servers share the database (issue 18 item 7):
//! each instance ticks on its own clock and asks [`run_once`]; only the instance whose claim
//! lands runs the job (`store::job_claims`). A municipality that outgrows one machine runs
//! several instances on one PostgreSQL; nothing here assumes it is the only process.

use super::db::Db;
use super::store::job_claims;
use std::future::Future;

/// This process among the instances: random per start, so two servers on one machine (or a
/// restarted one) never share a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance(String);

impl Instance {
    pub fn new() -> Instance {
        Instance(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn name(&self) -> &str {
        &self.0
    }
}

impl Default for Instance {
    fn default() -> Self {
        Self::new()
    }
}

/// What became of one instance's tick.
#[derive(Debug)]
pub enum Outcome<T, E> {
    /// This instance ran the job; its result.
    Ran(Result<T, E>),
    /// Another instance has run it this period (or is running it now).
    Taken,
}

/// Runs `job` for `period` unless another instance has: claims it, runs it, then marks the
/// claim finished — or, if the run failed, gives the claim back so a later tick retries. The
/// claim is made and settled on connections of their own, never held across the run.
pub async fn run_once<T, E, F, Fut>(
    db: &Db,
    instance: &Instance,
    job: &str,
    period: &str,
    now: impl Fn() -> i64,
    run: F,
) -> Result<Outcome<T, E>, sqlx::Error>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let claimed = {
        let mut conn = db.conn().await?;
        job_claims::claim(&mut conn, job, period, instance.name(), now()).await?
    };
    if !claimed {
        return Ok(Outcome::Taken);
    }
    let result = run().await;
    let mut conn = db.conn().await?;
    match &result {
        Ok(_) => job_claims::finish(&mut conn, job, period, instance.name(), now()).await?,
        Err(_) => job_claims::release(&mut conn, job, period, instance.name()).await?,
    }
    Ok(Outcome::Ran(result))
}
