//! Whether the rows of a language assessment file may go in, against what the municipality
//! knows of each child. Pure: the store reads the facts, this decides, so every rule is
//! tested on its own. All or nothing: every problem is returned, with its line.

use super::language::{Effort, LanguageRow, SchoolYear};
use super::{ChildId, Problem, ProblemCode, UnitId};
use std::collections::{HashMap, HashSet};
use time::Date;

/// The columns of the file, in order. Problems name them.
pub const LANGUAGE_COLUMNS: [&str; 3] = ["eksternt_id", "skoleår", "indsats"];

/// What the store knows of a child a file names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildFacts {
    pub id: ChildId,
    pub birth_date: Date,
    /// The child's placements in schools, earliest first.
    pub schools: Vec<SchoolSpan>,
}

/// A placement in a school: its unit, first and last day (none: open).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchoolSpan {
    pub unit: UnitId,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

/// A row that may go in: the child and the school it is counted under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedRow {
    pub line: u32,
    pub child: ChildId,
    pub unit: UnitId,
    pub school_year: SchoolYear,
    pub effort: Effort,
}

/// Every row checked against the children (`children` by external id) and `today`: a child
/// the municipality does not know, a school year after today's, a school year that began
/// before the child was born, the same child and year twice in the file, or a child in no
/// school that year. Each problem names the line and column.
pub fn check_rows(
    rows: &[LanguageRow],
    children: &HashMap<String, ChildFacts>,
    today: Date,
) -> Result<Vec<CheckedRow>, Vec<Problem>> {
    let this_year = SchoolYear::of(today);
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    let mut seen = HashSet::new();
    let mut problem = |line: u32, column: usize, code: ProblemCode| {
        problems.push(Problem {
            line,
            field: LANGUAGE_COLUMNS[column].to_owned(),
            code,
        })
    };
    for row in rows {
        if !seen.insert((row.external_id.as_str(), row.school_year)) {
            problem(row.line, 0, ProblemCode::Duplicate);
            continue;
        }
        if row.school_year > this_year {
            problem(row.line, 1, ProblemCode::FutureSchoolYear);
            continue;
        }
        let Some(child) = children.get(&row.external_id) else {
            problem(row.line, 0, ProblemCode::UnknownChild);
            continue;
        };
        // Born after the school year began: the child cannot have been in grade 0 then.
        if child.birth_date > row.school_year.starts_on() {
            problem(row.line, 1, ProblemCode::BeforeBirth);
            continue;
        }
        let Some(unit) = school_in(child, row.school_year) else {
            problem(row.line, 0, ProblemCode::NotAtSchool);
            continue;
        };
        checked.push(CheckedRow {
            line: row.line,
            child: child.id,
            unit,
            school_year: row.school_year,
            effort: row.effort,
        });
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(problems)
    }
}

/// The school a child attended in `year`: the earliest of its school placements that overlaps
/// the school year, which is the one the autumn assessment was made in.
pub fn school_in(child: &ChildFacts, year: SchoolYear) -> Option<UnitId> {
    child
        .schools
        .iter()
        .filter(|s| {
            s.starts_on <= year.ends_on() && s.ends_on.is_none_or(|e| e >= year.starts_on())
        })
        .min_by_key(|s| s.starts_on)
        .map(|s| s.unit)
}

#[cfg(test)]
#[path = "language_check_tests.rs"]
mod tests;
