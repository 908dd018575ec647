//! The committee's measure 2 per school year: the municipality, each area and each school the
//! reader may see, counted and then suppressed (`suppress`), with the change from the year
//! before. Pure: the store hands over the pupils without their ids.

use super::suppress::{shown_line, shown_total, ShownTally, Tally};
use crate::domain::{AreaId, SchoolYear, UnitId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One pupil's assessment as the report counts it: no id, no name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pupil {
    pub year: SchoolYear,
    pub unit: UnitId,
    /// Focused or special effort.
    pub needs: bool,
    /// A yellow or red joint position in a round before the school year.
    pub earlier_concern: bool,
}

/// A school of the municipality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct School {
    pub unit: UnitId,
    pub name: String,
    pub area: AreaId,
    pub area_name: String,
}

/// What the reader sees beside the municipality's line: the administrator every area and
/// school, an area leader their areas and their schools, a school's leader their school.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    Municipality,
    Areas(Vec<AreaId>),
    Schools(Vec<UnitId>),
}

/// Whose line it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    Municipality,
    Area(String),
    School(String),
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub year: SchoolYear,
    pub place: Place,
    pub shown: ShownTally,
    /// The share's change from the year before, in percentage points, when both are shown.
    pub change: Option<f64>,
}

fn tally_of(pupils: impl Iterator<Item = Pupil>) -> Tally {
    let mut t = Tally::default();
    for p in pupils {
        t.assessed += 1;
        t.needing += i64::from(p.needs);
        t.needing_concern += i64::from(p.needs && p.earlier_concern);
        t.others_concern += i64::from(!p.needs && p.earlier_concern);
    }
    t
}

/// Every line the reader may see, year by year (oldest first): the municipality, then each
/// area with its schools (or, for a school's leader, their schools).
pub fn lines(pupils: &[Pupil], schools: &[School], view: &View) -> Vec<Line> {
    let mut years: Vec<SchoolYear> = pupils.iter().map(|p| p.year).collect();
    years.sort_unstable();
    years.dedup();
    let seen_schools: Vec<&School> = schools
        .iter()
        .filter(|s| match view {
            View::Municipality => true,
            View::Areas(areas) => areas.contains(&s.area),
            View::Schools(units) => units.contains(&s.unit),
        })
        .collect();
    let mut areas: Vec<(AreaId, &str)> = Vec::new();
    if !matches!(view, View::Schools(_)) {
        for s in &seen_schools {
            if !areas.iter().any(|(a, _)| *a == s.area) {
                areas.push((s.area, &s.area_name));
            }
        }
    }
    let mut out = Vec::new();
    // Each line's share by (level, place, year), for the change from the year before.
    let mut shares: HashMap<(u8, String, SchoolYear), Option<f64>> = HashMap::new();
    for year in years {
        let of_year = || pupils.iter().copied().filter(move |p| p.year == year);
        let total = tally_of(of_year());
        let school_line = |s: &School| {
            let t = tally_of(of_year().filter(|p| p.unit == s.unit));
            (t, shown_line(&t))
        };
        let mut top_parts = Vec::new();
        let mut year_lines = Vec::new();
        if areas.is_empty() {
            for s in &seen_schools {
                let (t, shown) = school_line(s);
                top_parts.push((t, shown));
                year_lines.push((2, s.unit.to_string(), Place::School(s.name.clone()), shown));
            }
        }
        for (area, area_name) in &areas {
            let parts: Vec<(Tally, ShownTally)> = schools
                .iter()
                .filter(|s| s.area == *area)
                .map(school_line)
                .collect();
            let mut area_total = Tally::default();
            for (t, _) in &parts {
                area_total.add(t);
            }
            let shown = shown_total(&area_total, &parts);
            top_parts.push((area_total, shown));
            let area_line = (
                1,
                area.to_string(),
                Place::Area(area_name.to_string()),
                shown,
            );
            year_lines.push(area_line);
            for s in seen_schools.iter().filter(|s| s.area == *area) {
                let (_, shown) = school_line(s);
                year_lines.push((2, s.unit.to_string(), Place::School(s.name.clone()), shown));
            }
        }
        // What the reader does not see of the municipality is one more part of its total.
        let mut seen = Tally::default();
        for (t, _) in &top_parts {
            seen.add(t);
        }
        let rest = total.minus(&seen);
        if !matches!(view, View::Municipality) || rest != Tally::default() {
            top_parts.push((rest, shown_line(&rest)));
        }
        let municipality = shown_total(&total, &top_parts);
        year_lines.insert(0, (0, String::new(), Place::Municipality, municipality));
        for (level, key, place, shown) in year_lines {
            let before = shares
                .get(&(level, key.clone(), SchoolYear(year.0 - 1)))
                .copied()
                .flatten();
            let change = shown.share.zip(before).map(|(now, then)| now - then);
            shares.insert((level, key, year), shown.share);
            out.push(Line {
                year,
                place,
                shown,
                change,
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "figures_tests.rs"]
mod tests;
