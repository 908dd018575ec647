use std::sync::{Arc, Mutex};
use time::{Date, Duration, OffsetDateTime};

/// The source of "now". Injected so tests can move time (idle timeouts, retention) without
/// sleeping.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> OffsetDateTime;

    fn today(&self) -> Date {
        // Memberships and enrolments are dated in Danish local time; a fixed UTC+1 offset keeps
        // the date right all winter and off by at most an hour's edge in summer.
        self.now()
            .to_offset(time::UtcOffset::from_hms(1, 0, 0).unwrap_or(time::UtcOffset::UTC))
            .date()
    }

    /// The wall-clock time in Denmark, as people type meeting times (same offset as `today`).
    fn local_now(&self) -> time::PrimitiveDateTime {
        let local = self
            .now()
            .to_offset(time::UtcOffset::from_hms(1, 0, 0).unwrap_or(time::UtcOffset::UTC));
        time::PrimitiveDateTime::new(local.date(), local.time())
    }

    fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told to.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<OffsetDateTime>>);

impl ManualClock {
    pub fn new(start: OffsetDateTime) -> Self {
        Self(Arc::new(Mutex::new(start)))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
