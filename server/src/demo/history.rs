//! The demo's ten years: before the three rounds it holds in full, sixteen older rounds of
//! which only the counts per round and unit are left — as in a real installation, where the
//! children's own data goes after five years and the reports keep their counts (migration
//! 0021). The figures are made up, with a slow trend the committee would hope for: concerns
//! found a little more often in the early years, parents informed sooner year by year.

use app::backend::db::Tx;
use app::backend::store::round_counts;
use app::domain::{ChildId, GroupId, MunicipalityId, UnitId};
use time::{Date, Duration};

/// Rounds before the demo's first full one: eight more years of spring and autumn.
const OLDER_ROUNDS: usize = 16;

/// The older rounds' counts for every unit with children, then the counts of the rounds the
/// demo holds in full, as the daily job would settle them.
pub async fn seed(
    tx: &mut Tx,
    muni: MunicipalityId,
    placed: &[(GroupId, UnitId, Vec<ChildId>)],
    today: Date,
) -> Result<(), sqlx::Error> {
    let mut units: Vec<(UnitId, i64)> = Vec::new();
    for (_, unit, children) in placed {
        match units.iter_mut().find(|(u, _)| u == unit) {
            Some((_, n)) => *n += children.len() as i64,
            None => units.push((*unit, children.len() as i64)),
        }
    }
    older_rounds(tx, muni, &units, today).await?;
    round_counts::settle(tx, today).await?;
    Ok(())
}

async fn older_rounds(
    tx: &mut Tx,
    muni: MunicipalityId,
    units: &[(UnitId, i64)],
    today: Date,
) -> Result<(), sqlx::Error> {
    for k in (4..4 + OLDER_ROUNDS).rev() {
        let start = today - Duration::days(182 * k as i64);
        let end = start + Duration::days(28);
        let name = super::rounds::season_name(start);
        let all: Vec<UnitId> = units.iter().map(|(u, _)| *u).collect();
        let round = super::rounds::insert_round(tx, muni, &name, start, end, &all).await?;
        for (u, (unit, children_now)) in units.iter().enumerate() {
            let counts = made_up(*children_now, k, u);
            round_counts::store(tx, round, *unit, &counts, end).await?;
        }
    }
    Ok(())
}

/// Counts of one old round in one unit: `k` half-years ago, the unit's `u`th.
fn made_up(children_now: i64, k: usize, u: usize) -> app::domain::RoundCounts {
    let wobble = ((k * 7 + u * 3) % 5) as i64 - 2;
    let children = (children_now + wobble).max(0);
    let joint_total = (children - ((k + u) % 3) as i64).max(0);
    // Older rounds found somewhat more concerns: 26 % then, 20 % lately.
    let concern_pct = 20 + (k as i64 * 6 / 19);
    let concerns = joint_total * concern_pct / 100;
    let red = concerns / 3;
    let yellow = concerns - red;
    let green = joint_total - concerns;
    // Informed sooner as the years went: from about 12 days to about 5.
    let typical = 4 + (k as i64 * 8 / 19);
    let informed_days: Vec<i64> = (0..concerns)
        .map(|i| typical + (i * 5 + k as i64) % 7 - 3)
        .map(|d| d.max(0))
        .collect();
    let meeting_days: Vec<i64> = informed_days
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 != 3)
        .map(|(i, d)| d + 7 + (i as i64 % 6))
        .collect();
    let informed_in_time = informed_days.iter().filter(|d| **d <= 14).count() as i64;
    app::domain::RoundCounts {
        children,
        individually_assessed: joint_total,
        joint: [green, yellow, red],
        follow_ups: concerns,
        informed_in_time,
        action_plans: meeting_days.len() as i64 / 2,
        informed_days,
        meeting_days,
        still_open: 0,
        overdue: 0,
    }
}
