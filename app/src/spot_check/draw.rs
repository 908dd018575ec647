//! The weekly draw (issue 18 item 4): a uniform random sample of last week's lookups in each
//! unit, read from the audit log in one pass, stored for the unit's leader — or, for the
//! lookups leaders made themselves, for the administrator. Run once a week across every
//! instance (`backend::once`); `tvaers serve` ticks it hourly.

use crate::backend::audit::{self, Entry, Outcome};
use crate::backend::clock::Clock;
use crate::backend::db::{begin_write, Db};
use crate::backend::store::spot_checks::{self as store, NewItem};
use crate::domain::{week_before, Reservoir, Week};
use futures::TryStreamExt;
use rand::{Rng, SeedableRng};
use sqlx::Row;
use std::collections::HashMap;

/// The job's name among the claims (`job_claims`).
pub const JOB: &str = "spot_check";

/// Lookups a check is about: reads the policy allowed a member of staff, in a unit. Refusals
/// (nothing was seen), parents' own looks (no unit) and the spot check's own reads are not.
const SINGLE: &str = "\
    SELECT at, user_id, unit_id, action, purpose, child_id FROM audit_log \
     WHERE at >= $1 AND at < $2 AND outcome = 'allowed' AND unit_id IS NOT NULL \
       AND user_id IS NOT NULL AND child_id IS NOT NULL AND action <> 'check_lookups'";
const SEVERAL: &str = "\
    SELECT at, user_id, unit_id, action, purpose, children FROM audit_child_reads \
     WHERE at >= $1 AND at < $2 AND unit_id IS NOT NULL AND user_id IS NOT NULL \
       AND action <> 'check_lookups'";

/// What one draw stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    pub week: String,
    /// Lookups in the week, and items stored (for leaders; for administrators).
    pub lookups: u64,
    pub for_leaders: usize,
    pub for_administrators: usize,
}

/// Who checks a sampled lookup: the leader of the unit it was made in, or — a leader's own —
/// the municipality's administrator.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Checker {
    Unit(String),
    Administrator(String),
}

struct Candidate {
    at: i64,
    looker: String,
    unit: String,
    action: String,
    purpose: String,
    children: i64,
    child: Option<String>,
}

/// Draws last week's sample at the clock's today.
pub async fn draw(db: &Db, clock: &dyn Clock) -> Result<Drawn, sqlx::Error> {
    let week = week_before(clock.today());
    let facts = {
        let mut conn = db.conn().await?;
        store::draw_facts(&mut conn, clock.today()).await?
    };
    let mut samples: HashMap<Checker, Reservoir<Candidate>> = HashMap::new();
    let mut lookups = 0;
    // A generator the task may carry across its awaits (the thread's own may not move).
    let mut rng = rand::rngs::StdRng::from_entropy();
    let mut offer = |candidate: Candidate| {
        let Some(muni) = facts.unit_municipality.get(&candidate.unit) else {
            return; // a unit deleted since: nobody to check it
        };
        let size = facts.sample_sizes.get(muni).copied().unwrap_or(0).max(0) as usize;
        let checker = if facts.leaders.contains(&candidate.looker) {
            Checker::Administrator(muni.clone())
        } else {
            Checker::Unit(candidate.unit.clone())
        };
        lookups += 1;
        samples
            .entry(checker)
            .or_insert_with(|| Reservoir::new(size))
            .offer(candidate, |n| rng.gen_range(0..n));
    };
    read_week(db, &week, &mut offer).await?;
    let drawn_at = clock.unix();
    let mut drawn = Drawn {
        week: week.label.clone(),
        lookups,
        ..Drawn::default()
    };
    let mut tx = begin_write(db.pool(), db.kind()).await?;
    for (checker, reservoir) in samples {
        let (muni, for_administrator) = match &checker {
            Checker::Unit(unit) => (facts.unit_municipality[unit].clone(), false),
            Checker::Administrator(muni) => (muni.clone(), true),
        };
        for c in reservoir.into_sample() {
            let item = NewItem {
                municipality: muni.clone(),
                unit: c.unit,
                for_administrator,
                week: week.label.clone(),
                drawn_at,
                looked_at: c.at,
                looker: c.looker,
                action: c.action,
                purpose: c.purpose,
                children: c.children,
                child: c.child,
            };
            store::insert(&mut tx, &item).await?;
            if for_administrator {
                drawn.for_administrators += 1;
            } else {
                drawn.for_leaders += 1;
            }
        }
    }
    tx.commit().await?;
    let entry = Entry {
        at: drawn_at,
        user: None,
        unit: None,
        action: "spot_check_draw",
        child: None,
        criterion: Some(format!(
            "week:{} lookups:{} leaders:{} administrators:{}",
            drawn.week, drawn.lookups, drawn.for_leaders, drawn.for_administrators
        )),
        purpose: "spot check",
        outcome: Outcome::Succeeded,
    };
    audit::append(db, entry).await?;
    Ok(drawn)
}

/// Offers every lookup of the week, each once: single-child rows, then reads of several.
async fn read_week(
    db: &Db,
    week: &Week,
    offer: &mut impl FnMut(Candidate),
) -> Result<(), sqlx::Error> {
    let pool = db.audit_pool();
    let mut rows = sqlx::query(SINGLE)
        .bind(week.starts)
        .bind(week.ends)
        .fetch(pool);
    while let Some(r) = rows.try_next().await? {
        offer(Candidate {
            at: r.try_get("at")?,
            looker: r.try_get("user_id")?,
            unit: r.try_get("unit_id")?,
            action: r.try_get("action")?,
            purpose: r.try_get("purpose")?,
            children: 1,
            child: r.try_get("child_id")?,
        });
    }
    drop(rows);
    let mut rows = sqlx::query(SEVERAL)
        .bind(week.starts)
        .bind(week.ends)
        .fetch(pool);
    while let Some(r) = rows.try_next().await? {
        let listed: String = r.try_get("children")?;
        let children: Vec<String> = serde_json::from_str(&listed).unwrap_or_default();
        if children.is_empty() {
            continue;
        }
        offer(Candidate {
            at: r.try_get("at")?,
            looker: r.try_get("user_id")?,
            unit: r.try_get("unit_id")?,
            action: r.try_get("action")?,
            purpose: r.try_get("purpose")?,
            children: children.len() as i64,
            child: (children.len() == 1).then(|| children[0].clone()),
        });
    }
    Ok(())
}
