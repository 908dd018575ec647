//! The grade-0 language assessment (sprogvurdering i 0. klasse; issue 19 item 3): the effort a
//! pupil's autumn assessment found needed, and the school year it belongs to. The committee's
//! measure 2 is the share needing focused or special effort (DESIGN §1 "Evaluation").

use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// The language effort an assessment found needed (generel / fokuseret / særlig indsats).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    General,
    Focused,
    Special,
}

impl Effort {
    pub const ALL: [Effort; 3] = [Effort::General, Effort::Focused, Effort::Special];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Effort::General => "general",
            Effort::Focused => "focused",
            Effort::Special => "special",
        }
    }

    /// The stored code, or a school's export as it writes it: the Danish words (with or
    /// without `indsats`, and `saerlig` where a system drops the `æ`) or the English ones.
    pub fn parse(text: &str) -> Option<Effort> {
        let word = text.trim().to_lowercase();
        let word = word.strip_suffix(" indsats").unwrap_or(&word).trim();
        let word = word.strip_suffix(" effort").unwrap_or(word).trim();
        match word {
            "general" | "generel" => Some(Effort::General),
            "focused" | "fokuseret" => Some(Effort::Focused),
            "special" | "særlig" | "saerlig" => Some(Effort::Special),
            _ => None,
        }
    }

    /// What the committee's measure counts: focused or special effort.
    pub fn is_needed(self) -> bool {
        !matches!(self, Effort::General)
    }
}

/// A school year, named by the year it starts in: 2026 is "2026/27", from 1 August 2026.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SchoolYear(pub i32);

impl SchoolYear {
    /// The earliest and latest years a file may name: guards against a typo's year 20026.
    const FIRST: i32 = 2000;
    const LAST: i32 = 2200;

    /// `2026/27`, `2026/2027`, `2026-27` or `2026`: the second year, when given, must follow
    /// the first.
    pub fn parse(text: &str) -> Option<SchoolYear> {
        let text = text.trim();
        let (first, second) = match text.split_once(['/', '-']) {
            Some((a, b)) => (a.trim(), Some(b.trim())),
            None => (text, None),
        };
        if first.len() != 4 || !first.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let year: i32 = first.parse().ok()?;
        if let Some(second) = second {
            if !second.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let next = year + 1;
            let fits = match second.len() {
                2 => second.parse::<i32>().ok()? == next % 100,
                4 => second.parse::<i32>().ok()? == next,
                _ => false,
            };
            if !fits {
                return None;
            }
        }
        (Self::FIRST..=Self::LAST)
            .contains(&year)
            .then_some(SchoolYear(year))
    }

    /// The school year `date` lies in: a school year begins on 1 August.
    pub fn of(date: Date) -> SchoolYear {
        if date.month() >= Month::August {
            SchoolYear(date.year())
        } else {
            SchoolYear(date.year() - 1)
        }
    }

    /// Its first day, 1 August.
    pub fn starts_on(self) -> Date {
        Date::from_calendar_date(self.0, Month::August, 1).unwrap_or(Date::MIN)
    }

    /// Its last day, 31 July of the next year.
    pub fn ends_on(self) -> Date {
        Date::from_calendar_date(self.0 + 1, Month::July, 31).unwrap_or(Date::MAX)
    }

    /// How it is written: `2026/27`.
    pub fn label(self) -> String {
        format!("{}/{:02}", self.0, (self.0 + 1) % 100)
    }
}

/// One row of a language assessment file, parsed (`reports::language::parse`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageRow {
    pub line: u32,
    /// The municipality's own id of the child, as the children file has it (`eksternt_id`).
    pub external_id: String,
    pub school_year: SchoolYear,
    pub effort: Effort,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn efforts_are_read_in_danish_and_english() {
        let cases = [
            ("generel", Some(Effort::General)),
            ("General", Some(Effort::General)),
            ("fokuseret", Some(Effort::Focused)),
            ("Fokuseret indsats", Some(Effort::Focused)),
            ("focused", Some(Effort::Focused)),
            ("særlig", Some(Effort::Special)),
            ("SÆRLIG", Some(Effort::Special)),
            ("saerlig", Some(Effort::Special)),
            ("special effort", Some(Effort::Special)),
            ("", None),
            ("intensiv", None),
            ("rød", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Effort::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn school_years_are_read_as_a_municipality_writes_them() {
        let cases = [
            ("2026/27", Some(2026)),
            ("2026/2027", Some(2026)),
            ("2026-27", Some(2026)),
            (" 2026 ", Some(2026)),
            ("1999/00", None),
            ("2099/00", Some(2099)),
            ("2026/28", None),
            ("2026/2026", None),
            ("26/27", None),
            ("2026/", None),
            ("efterår 2026", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(SchoolYear::parse(text).map(|y| y.0), expected, "{text:?}");
        }
    }

    #[test]
    fn a_school_year_runs_from_august_to_july() {
        let cases = [
            (date!(2026 - 07 - 31), 2025),
            (date!(2026 - 08 - 01), 2026),
            (date!(2026 - 12 - 08), 2026),
            (date!(2027 - 01 - 15), 2026),
        ];
        for (day, year) in cases {
            assert_eq!(SchoolYear::of(day), SchoolYear(year), "{day}");
        }
        assert_eq!(SchoolYear(2026).label(), "2026/27");
        assert_eq!(SchoolYear(2099).label(), "2099/00");
        assert_eq!(SchoolYear(2026).starts_on(), date!(2026 - 08 - 01));
        assert_eq!(SchoolYear(2026).ends_on(), date!(2027 - 07 - 31));
    }
}
