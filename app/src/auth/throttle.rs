//! The login throttle's decision (SECURITY S2): pure, from the counts the store read in the
//! same write transaction that adds the attempt, before any password is hashed.
//!
//! Three limits, each counting failures and the attempts still being checked (which may yet
//! fail): per account, a wait that doubles with each failure past `lockout_failures` (1, 2,
//! 4 … minutes up to `lockout_max_delay`) and a cap per hour; per client address; and for the
//! whole site per minute. A success or an unlock starts the account's count afresh.
//!
//! Failures already made refuse at once. When only attempts still being checked would reach a
//! limit, the request waits for them instead of being refused: so a burst of wrong passwords
//! is checked at most up to the limit, while five people signing in at once with the right
//! password all get in.

use crate::backend::db::begin_write_on;
use crate::backend::state::{AppState, Settings};
use crate::backend::store::people::{self, FailureCount, PendingAttempt, ThrottleFacts};
use std::time::Duration;

/// How long an attempt waits for others still being checked before it is refused. A check
/// takes a hash's time (tens of milliseconds); this is far more, but below the request timeout.
const MOST_WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(40);

/// Which limit refused an attempt; its code goes to the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Account,
    Address,
    Site,
}

impl Limit {
    pub fn code(self) -> &'static str {
        match self {
            Limit::Account => "throttled:account",
            Limit::Address => "throttled:address",
            Limit::Site => "throttled:site",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password (the attempt is added as pending).
    Check,
    /// Only attempts still being checked stand in the way: ask again shortly.
    Wait(Limit),
    /// Refused without checking the password.
    Refuse(Limit),
}

/// Lets an attempt on `name` (see `people::attempt_name`) from `address` through to its
/// password check, adding it as pending, or says which limit refused it. The count and the
/// insert are one write transaction behind the login gate, so no two attempts count the same
/// state.
pub async fn pass(
    state: &AppState,
    name: &str,
    address: &str,
    now: i64,
) -> Result<Result<PendingAttempt, Limit>, sqlx::Error> {
    let settings = &state.settings;
    let started = std::time::Instant::now();
    let mut now = now;
    loop {
        let verdict = {
            let mut conn = state.db.conn().await?;
            let mut tx = begin_write_on(&mut conn, state.db.kind()).await?;
            people::enter_login_gate(&mut tx, now).await?;
            let since = now - settings.address_window.whole_seconds();
            let facts = people::throttle_facts(&mut tx, name, address, now, since).await?;
            let verdict = decide(&facts, settings, now);
            if verdict == Verdict::Check {
                let attempt = people::add_pending_attempt(&mut tx, name, address, now).await?;
                tx.commit().await?;
                return Ok(Ok(attempt));
            }
            tx.commit().await?;
            verdict
        };
        match verdict {
            Verdict::Wait(limit) if started.elapsed() >= MOST_WAIT => return Ok(Err(limit)),
            Verdict::Wait(_) | Verdict::Check => {}
            Verdict::Refuse(limit) => return Ok(Err(limit)),
        }
        tokio::time::sleep(POLL).await;
        now = state.clock.unix();
    }
}

/// How long an account waits after `failures` consecutive failures, if at all.
pub fn account_delay(settings: &Settings, failures: i64) -> Option<i64> {
    let over = failures.checked_sub(settings.lockout_failures)?;
    if over < 0 {
        return None;
    }
    let first = settings.lockout_first_delay.whole_seconds().max(1);
    let max = settings.lockout_max_delay.whole_seconds().max(first);
    let doubled = u32::try_from(over)
        .ok()
        .and_then(|n| 1_i64.checked_shl(n))
        .and_then(|factor| first.checked_mul(factor))
        .unwrap_or(max);
    Some(doubled.min(max))
}

pub fn decide(facts: &ThrottleFacts, settings: &Settings, now: i64) -> Verdict {
    let mut verdict = Verdict::Check;
    let mut consider = |limit: Limit, count: FailureCount, cap: i64| {
        if count.failed >= cap {
            verdict = Verdict::Refuse(limit);
        } else if count.failed + count.pending >= cap && verdict == Verdict::Check {
            verdict = Verdict::Wait(limit);
        }
    };
    consider(Limit::Site, facts.site, settings.site_failures_per_minute);
    consider(Limit::Address, facts.address, settings.address_failure_cap);
    consider(Limit::Account, facts.last_hour, settings.hourly_failure_cap);
    if let Verdict::Refuse(_) = verdict {
        return verdict;
    }
    let account = facts.consecutive;
    let allowance = match account_delay(settings, account.failed) {
        None => settings.lockout_failures - account.failed,
        Some(delay) => {
            let last = facts.last_failed_at.unwrap_or(now);
            if now < last + delay {
                return Verdict::Refuse(Limit::Account);
            }
            // The wait is over: one more try, then a longer wait.
            1
        }
    };
    if account.pending >= allowance && verdict == Verdict::Check {
        verdict = Verdict::Wait(Limit::Account);
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(failed: i64, pending: i64) -> FailureCount {
        FailureCount { failed, pending }
    }

    #[test]
    fn the_wait_doubles_from_one_minute_up_to_its_cap() {
        let settings = Settings::default();
        let waits: Vec<_> = (3..14).map(|n| account_delay(&settings, n)).collect();
        let minutes = |m: i64| Some(m * 60);
        assert_eq!(
            waits,
            vec![
                None,
                None,
                minutes(1),
                minutes(2),
                minutes(4),
                minutes(8),
                minutes(16),
                minutes(30),
                minutes(30),
                minutes(30),
                minutes(30)
            ]
        );
        assert_eq!(account_delay(&settings, i64::MAX), minutes(30));
    }

    #[test]
    fn attempts_being_checked_make_others_wait_and_failures_refuse() {
        let settings = Settings::default();
        let now = 10_000;
        let mut facts = ThrottleFacts::default();
        assert_eq!(decide(&facts, &settings, now), Verdict::Check);
        facts.consecutive = count(3, 1);
        assert_eq!(decide(&facts, &settings, now), Verdict::Check);
        facts.consecutive = count(3, 2);
        assert_eq!(
            decide(&facts, &settings, now),
            Verdict::Wait(Limit::Account)
        );
        facts.consecutive = count(5, 0);
        facts.last_failed_at = Some(now - 59);
        assert_eq!(
            decide(&facts, &settings, now),
            Verdict::Refuse(Limit::Account)
        );
        facts.last_failed_at = Some(now - 60);
        assert_eq!(decide(&facts, &settings, now), Verdict::Check);
        facts.consecutive = count(5, 1);
        assert_eq!(
            decide(&facts, &settings, now),
            Verdict::Wait(Limit::Account)
        );
        facts.consecutive = count(0, 0);
        facts.site = count(settings.site_failures_per_minute, 0);
        assert_eq!(decide(&facts, &settings, now), Verdict::Refuse(Limit::Site));
        facts.site = count(0, 0);
        facts.address = count(settings.address_failure_cap - 1, 1);
        assert_eq!(
            decide(&facts, &settings, now),
            Verdict::Wait(Limit::Address)
        );
    }
}
