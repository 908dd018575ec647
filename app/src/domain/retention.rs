//! When registered data is deleted (SECURITY R1): a number of years after it was registered,
//! counted from the registration, so an edit never moves the date.

use time::Date;

/// The day a row registered on `on` is deleted, `years` later (29 February → 1 March).
pub fn deleted_on(on: Date, years: i64) -> Date {
    let year = on.year() + years as i32;
    on.replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, time::Month::March, 1))
        .unwrap_or(on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

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
}
