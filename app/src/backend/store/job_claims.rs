//! Claims on jobs that run once per period across every server on the database (issue 18
//! item 7; migration 0019 says how a claim works).

use crate::backend::db::Conn;

/// A claim not finished after this long belongs to an instance that died mid-run: another
/// instance may take it over. Far longer than any run (the retention job takes seconds).
pub const ABANDONED_AFTER_SECS: i64 = 6 * 60 * 60;

/// Claims `job` for `period` for `instance`: true when this instance is to run it now —
/// nobody had claimed it, or a claim was abandoned. One statement, so two instances racing
/// for the same period cannot both win (SQLite's write lock; PostgreSQL's unique index makes
/// the second insert wait for the first and then see its row).
pub async fn claim(
    conn: &mut Conn,
    job: &str,
    period: &str,
    instance: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "INSERT INTO job_claims (job, period, instance, claimed_at, finished_at) \
         VALUES ($1, $2, $3, $4, NULL) \
         ON CONFLICT (job, period) DO UPDATE \
            SET instance = excluded.instance, claimed_at = excluded.claimed_at \
          WHERE job_claims.finished_at IS NULL AND job_claims.claimed_at < $5",
    )
    .bind(job)
    .bind(period)
    .bind(instance)
    .bind(now)
    .bind(now - ABANDONED_AFTER_SECS)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(claimed == 1)
}

/// The run is done: the claim stays, so no instance runs the job again this period.
pub async fn finish(
    conn: &mut Conn,
    job: &str,
    period: &str,
    instance: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE job_claims SET finished_at = $4 WHERE job = $1 AND period = $2 AND instance = $3",
    )
    .bind(job)
    .bind(period)
    .bind(instance)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The run failed: the claim goes, so the next tick of any instance tries again.
pub async fn release(
    conn: &mut Conn,
    job: &str,
    period: &str,
    instance: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM job_claims WHERE job = $1 AND period = $2 AND instance = $3 \
            AND finished_at IS NULL",
    )
    .bind(job)
    .bind(period)
    .bind(instance)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
