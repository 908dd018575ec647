//! When registered data is deleted (SECURITY R1): a number of years after it was registered,
//! counted from the registration, so an edit never moves the date. The pages show
//! [`deleted_on`] and the retention job deletes what [`due_before`] names: one rule, so the
//! date a parent is shown is the day the row goes.

use time::{Date, Duration, PrimitiveDateTime, Time, UtcOffset};

/// Registrations are dated in Danish local time, as the clock's `today` is: a fixed UTC+1
/// (the date is right all winter and off by at most an hour's edge in summer).
pub fn danish_offset() -> UtcOffset {
    UtcOffset::from_hms(1, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The day a registration made at Unix time `unix` was made on, in Danish local time.
pub fn registered_on(unix: i64) -> Date {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| t.to_offset(danish_offset()).date())
        .unwrap_or(Date::MIN)
}

/// The day a row registered on `on` is deleted, `years` later (29 February → 1 March).
pub fn deleted_on(on: Date, years: i64) -> Date {
    let year = on.year() + years as i32;
    on.replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, time::Month::March, 1))
        .unwrap_or(on)
}

/// The last registration day whose deletion day has come by `today`: every row registered on
/// it or before is due, every later one is not (`deleted_on` never goes back as the
/// registration day goes forward, so the due days are the days up to this one).
pub fn last_day_due(today: Date, years: i64) -> Date {
    // Start at the same day `years` earlier (28 February for a 29th) and step to the edge:
    // at most a couple of days either way, around 29 February.
    let year = today.year() - years as i32;
    let mut day = today
        .replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, time::Month::February, 28))
        .unwrap_or(today);
    while deleted_on(day, years) > today {
        day = day.previous_day().unwrap_or(Date::MIN);
    }
    while let Some(next) = day.next_day().filter(|n| deleted_on(*n, years) <= today) {
        day = next;
    }
    day
}

/// The instant (Unix seconds) before which a row must have been registered to be deleted on
/// `today`: Danish midnight at the start of the day after [`last_day_due`].
pub fn due_before(today: Date, years: i64) -> i64 {
    let first_kept = last_day_due(today, years) + Duration::days(1);
    PrimitiveDateTime::new(first_kept, Time::MIDNIGHT)
        .assume_offset(danish_offset())
        .unix_timestamp()
}

/// The instant before which an audit row is deleted on `today`, with the audit log kept
/// `months` (SECURITY R3): a row goes once that many months have passed since its day (the
/// same day of the month, or the month's last day where it has no such day).
pub fn audit_due_before(today: Date, months: i64) -> i64 {
    let total = i64::from(today.year()) * 12 + i64::from(u8::from(today.month())) - 1 - months;
    let (year, month) = (total.div_euclid(12) as i32, total.rem_euclid(12) as u8 + 1);
    let month = time::Month::try_from(month).unwrap_or(time::Month::January);
    let day = today.day().min(month.length(year));
    let last_due = Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN);
    PrimitiveDateTime::new(last_due + Duration::days(1), Time::MIDNIGHT)
        .assume_offset(danish_offset())
        .unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn five_years_after_registration() {
        let cases = [
            (date!(2026 - 12 - 07), date!(2031 - 12 - 07)),
            (date!(2028 - 02 - 29), date!(2033 - 03 - 01)),
        ];
        for (on, expected) in cases {
            assert_eq!(deleted_on(on, 5), expected);
        }
    }

    #[test]
    fn the_last_day_due_is_the_registration_day_whose_deletion_day_is_today() {
        // (today, years, the last registration day deleted by today)
        let cases = [
            (date!(2031 - 12 - 07), 5, date!(2026 - 12 - 07)),
            (date!(2031 - 12 - 06), 5, date!(2026 - 12 - 06)),
            (date!(2029 - 11 - 23), 3, date!(2026 - 11 - 23)),
            // Registered on 29 February 2028: deleted on 1 March 2033, not on 28 February.
            (date!(2033 - 02 - 28), 5, date!(2028 - 02 - 28)),
            (date!(2033 - 03 - 01), 5, date!(2028 - 03 - 01)),
            // Today is 29 February: the 29th four years back is due, as is everything before.
            (date!(2032 - 02 - 29), 4, date!(2028 - 02 - 29)),
            (date!(2032 - 02 - 29), 5, date!(2027 - 02 - 28)),
        ];
        for (today, years, expected) in cases {
            assert_eq!(last_day_due(today, years), expected, "{today} {years}");
        }
    }

    /// The job's rule and the shown date agree for every day of five years and every period
    /// a municipality may choose: a row is due exactly when its shown deletion day has come.
    #[test]
    fn a_row_is_due_exactly_when_its_shown_deletion_day_has_come() {
        for years in 1..=10 {
            let mut today = date!(2030 - 01 - 01);
            while today < date!(2035 - 01 - 01) {
                let last = last_day_due(today, years);
                assert!(deleted_on(last, years) <= today, "{today} {years}");
                let next = last.next_day().unwrap();
                assert!(deleted_on(next, years) > today, "{today} {years}");
                today = today.next_day().unwrap();
            }
        }
    }

    #[test]
    fn a_registration_is_due_from_the_danish_midnight_of_its_deletion_day() {
        // (registered at, years, today, due)
        let cases = [
            // 23:30 UTC on 6 December is 00:30 on 7 December in Denmark.
            (
                datetime!(2026-12-06 23:30 UTC),
                5,
                date!(2031 - 12 - 06),
                false,
            ),
            (
                datetime!(2026-12-06 23:30 UTC),
                5,
                date!(2031 - 12 - 07),
                true,
            ),
            (
                datetime!(2026-12-06 22:59 UTC),
                5,
                date!(2031 - 12 - 06),
                true,
            ),
            (
                datetime!(2026-11-23 08:00 UTC),
                3,
                date!(2029 - 11 - 22),
                false,
            ),
            (
                datetime!(2026-11-23 08:00 UTC),
                3,
                date!(2029 - 11 - 23),
                true,
            ),
        ];
        for (at, years, today, due) in cases {
            let unix = at.unix_timestamp();
            assert_eq!(unix < due_before(today, years), due, "{at} {years} {today}");
            assert_eq!(
                deleted_on(registered_on(unix), years) <= today,
                due,
                "the shown date agrees: {at}"
            );
        }
    }

    #[test]
    fn an_audit_row_goes_once_its_months_have_passed() {
        // (today, months, the first day whose rows are kept)
        let cases = [
            (date!(2031 - 11 - 23), 60, date!(2026 - 11 - 24)),
            (date!(2027 - 05 - 23), 6, date!(2026 - 11 - 24)),
            (date!(2027 - 01 - 15), 6, date!(2026 - 07 - 16)),
            // 31 August less six months is the end of February.
            (date!(2027 - 08 - 31), 6, date!(2027 - 03 - 01)),
            (date!(2028 - 08 - 31), 6, date!(2028 - 03 - 01)),
            (date!(2028 - 08 - 30), 6, date!(2028 - 03 - 01)),
            (date!(2028 - 08 - 28), 6, date!(2028 - 02 - 29)),
        ];
        for (today, months, first_kept) in cases {
            let midnight = PrimitiveDateTime::new(first_kept, Time::MIDNIGHT)
                .assume_offset(danish_offset())
                .unix_timestamp();
            assert_eq!(
                audit_due_before(today, months),
                midnight,
                "{today} {months}"
            );
        }
    }
}
