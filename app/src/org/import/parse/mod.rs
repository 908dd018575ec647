//! Reading a CSV export into typed rows. Pure: no database, so every rule is unit-tested.
//! Every problem in the file is collected with its line number, not just the first.

use super::ImportKind;
use crate::domain::import::{
    ChildRow, GroupRow, GuardianRow, LastDay, Rows, StaffGroupRow, StaffRow, UnitRow,
};
use crate::domain::{PersonName, Role, RoleLevel, UnitKind, Username};
use crate::error::{Problem, ProblemCode};
use time::Date;

use super::{MAX_BYTES, MAX_ROWS};
const MAX_TEXT: usize = 100;

pub mod encoding;

/// One record's fields by column, collecting problems as they are found.
struct Fields<'a> {
    line: u32,
    values: &'a csv::StringRecord,
    columns: &'a [&'a str],
    problems: &'a mut Vec<Problem>,
}

impl Fields<'_> {
    fn problem(&mut self, column: usize, code: ProblemCode) {
        self.problems.push(Problem {
            line: self.line,
            field: self.columns[column].to_owned(),
            code,
        });
    }

    fn optional(&mut self, column: usize) -> Option<String> {
        let value = self.values.get(column).unwrap_or("").trim();
        if value.is_empty() {
            return None;
        }
        if value.chars().count() > MAX_TEXT {
            self.problem(column, ProblemCode::TooLong);
            return None;
        }
        Some(value.to_owned())
    }

    fn text(&mut self, column: usize) -> Option<String> {
        let value = self.optional(column);
        let blank = self.values.get(column).unwrap_or("").trim().is_empty();
        if blank {
            self.problem(column, ProblemCode::Missing);
        }
        value
    }

    fn date(&mut self, column: usize) -> Option<Date> {
        let text = self.text(column)?;
        let parsed = parse_date(&text);
        if parsed.is_none() {
            self.problem(column, ProblemCode::BadDate);
        }
        parsed
    }

    fn optional_date(&mut self, column: usize) -> Option<Option<Date>> {
        match self.optional(column) {
            None => Some(None),
            Some(text) => match parse_date(&text) {
                Some(date) => Some(Some(date)),
                None => {
                    self.problem(column, ProblemCode::BadDate);
                    None
                }
            },
        }
    }

    fn flag(&mut self, column: usize) -> Option<bool> {
        let text = self.text(column)?;
        let flag = match text.to_lowercase().as_str() {
            "ja" | "yes" | "1" | "true" | "j" => Some(true),
            "nej" | "no" | "0" | "false" | "n" => Some(false),
            _ => None,
        };
        if flag.is_none() {
            self.problem(column, ProblemCode::BadFlag);
        }
        flag
    }

    fn username(&mut self, column: usize) -> Option<Username> {
        let text = self.text(column)?;
        let name = Username::parse(&text);
        if name.is_none() {
            self.problem(column, ProblemCode::BadUsername);
        }
        name
    }
}

/// Danish exports write dates as `dd-mm-yyyy` or `dd.mm.yyyy`; ISO `yyyy-mm-dd` is accepted too.
pub fn parse_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.trim().split(['-', '.', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    if year.len() != 4 {
        return None;
    }
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

fn single(line: u32, field: &str, code: ProblemCode) -> Vec<Problem> {
    vec![Problem {
        line,
        field: field.to_owned(),
        code,
    }]
}

/// Parses an uploaded file of `kind` as it lies on disk: its encoding first (`encoding`), so
/// that a letter is never replaced unseen, then its rows as [`parse`] does.
pub fn parse_file(kind: ImportKind, bytes: &[u8], today: Date) -> Result<Rows, Vec<Problem>> {
    // The limit counts the bytes uploaded: Windows-1252's one-byte `æøå` take two as UTF-8.
    if bytes.len() > MAX_BYTES {
        return Err(single(0, "", ProblemCode::FileTooLarge));
    }
    let text = encoding::decode(bytes).map_err(|code| single(0, "", code))?;
    parse_text(kind, &text, today)
}

/// Parses a whole file of `kind`. Either every row is good, or every problem is returned.
pub fn parse(kind: ImportKind, content: &str, today: Date) -> Result<Rows, Vec<Problem>> {
    if content.len() > MAX_BYTES {
        return Err(single(0, "", ProblemCode::FileTooLarge));
    }
    parse_text(kind, content, today)
}

fn parse_text(kind: ImportKind, content: &str, today: Date) -> Result<Rows, Vec<Problem>> {
    // Windows line ends are normalised first: the csv reader counts them differently, and
    // the line numbers in messages must match what the administrator sees in the file.
    let content = content
        .strip_prefix('\u{feff}')
        .unwrap_or(content)
        .replace("\r\n", "\n");
    let content = content.as_str();
    if content.trim().is_empty() {
        return Err(single(0, "", ProblemCode::Empty));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(true)
        .from_reader(content.as_bytes());
    let mut columns: Vec<&str> = kind.header().split(';').collect();
    // The children's optional `slutdato` is read here; the `e-mail` of staff and guardians
    // was taken off before (`email`), so the parser never meets it.
    let optional = match kind {
        ImportKind::Children => kind.optional_column(),
        _ => None,
    };
    let header_ok = match reader.headers() {
        Ok(h) => {
            let names: Vec<String> = h.iter().map(|n| n.trim().to_lowercase()).collect();
            if let Some(optional) = optional {
                if names.len() == columns.len() + 1 && names.last().is_some_and(|n| n == optional) {
                    columns.push(optional);
                }
            }
            names.len() == columns.len()
                && names.iter().zip(&columns).all(|(got, want)| got == want)
        }
        Err(_) => return Err(single(1, "", ProblemCode::NotCsv)),
    };
    if !header_ok {
        return Err(single(1, kind.header(), ProblemCode::WrongColumns));
    }

    let mut problems = Vec::new();
    let mut rows = match kind {
        ImportKind::Units => Rows::Units(vec![]),
        ImportKind::Groups => Rows::Groups(vec![]),
        ImportKind::Children => Rows::Children(vec![]),
        ImportKind::Guardians => Rows::Guardians(vec![]),
        ImportKind::Staff => Rows::Staff(vec![]),
        ImportKind::StaffGroups => Rows::StaffGroups(vec![]),
    };
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_ROWS {
            return Err(single(0, "", ProblemCode::FileTooLarge));
        }
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                let line = err.position().map(|p| p.line() as u32).unwrap_or(0);
                problems.push(Problem {
                    line,
                    field: String::new(),
                    code: ProblemCode::NotCsv,
                });
                continue;
            }
        };
        let line = record
            .position()
            .map(|p| p.line() as u32)
            .unwrap_or(index as u32 + 2);
        if record.iter().all(|v| v.trim().is_empty()) {
            continue; // Excel leaves blank lines at the end of exports.
        }
        if record.len() != columns.len() {
            problems.push(Problem {
                line,
                field: String::new(),
                code: ProblemCode::WrongColumns,
            });
            continue;
        }
        let mut f = Fields {
            line,
            values: &record,
            columns: &columns,
            problems: &mut problems,
        };
        match &mut rows {
            Rows::Units(out) => {
                let (area, unit) = (f.text(0), f.text(1));
                let kind = f.text(2).and_then(|t| {
                    let kind = UnitKind::parse(&t);
                    if kind.is_none() {
                        f.problem(2, ProblemCode::BadKind);
                    }
                    kind
                });
                if let (Some(area), Some(unit), Some(kind)) = (area, unit, kind) {
                    out.push(UnitRow {
                        line,
                        area,
                        unit,
                        kind,
                    });
                }
            }
            Rows::Groups(out) => {
                if let (Some(unit), Some(group)) = (f.text(0), f.text(1)) {
                    out.push(GroupRow { line, unit, group });
                }
            }
            Rows::Children(out) => {
                let external_id = f.text(0);
                let (first, last) = (f.text(1), f.text(2));
                let name = match (&first, &last) {
                    (Some(first), Some(last)) => PersonName::parse(first, last).ok(),
                    _ => None,
                };
                let birth_date = f.date(3);
                if birth_date.is_some_and(|d| d > today) {
                    f.problem(3, ProblemCode::BadDate);
                }
                let (unit, group, starts_on) = (f.text(4), f.text(5), f.date(6));
                // `slutdato`, the optional eighth column: a file without it says nothing
                // about ends, and one with it an empty cell for an open-ended placement.
                let ends_on = if f.columns.len() > 7 {
                    f.optional_date(7)
                        .map(|end| end.map_or(LastDay::Open, LastDay::On))
                } else {
                    Some(LastDay::Unsaid)
                };
                let ends_in_order = match (starts_on, ends_on) {
                    (Some(start), Some(LastDay::On(end))) => end >= start,
                    _ => true,
                };
                if !ends_in_order {
                    f.problem(7, ProblemCode::EndsBeforeStart);
                }
                if let (
                    Some(external_id),
                    Some(name),
                    Some(birth_date),
                    Some(unit),
                    Some(group),
                    Some(starts_on),
                    Some(ends_on),
                ) = (
                    external_id,
                    name,
                    birth_date,
                    unit,
                    group,
                    starts_on,
                    ends_on,
                ) {
                    if birth_date <= today && ends_in_order {
                        out.push(ChildRow {
                            line,
                            external_id,
                            name,
                            birth_date,
                            unit,
                            group,
                            starts_on,
                            ends_on,
                        });
                    }
                }
            }
            Rows::Guardians(out) => {
                let child = f.text(0);
                let username = f.username(1);
                let name = f.text(2);
                let (custody, protected) = (f.flag(3), f.flag(4));
                if let (
                    Some(child_external_id),
                    Some(username),
                    Some(name),
                    Some(has_custody),
                    Some(address_protected),
                ) = (child, username, name, custody, protected)
                {
                    out.push(GuardianRow {
                        line,
                        child_external_id,
                        username,
                        name,
                        has_custody,
                        address_protected,
                    });
                }
            }
            Rows::Staff(out) => {
                let username = f.username(0);
                let name = f.text(1);
                let role = f.text(2).and_then(|t| {
                    let role = Role::parse(&t);
                    if role.is_none() {
                        f.problem(2, ProblemCode::BadRole);
                    }
                    role
                });
                let (unit, area) = (f.optional(3), f.optional(4));
                match role.map(Role::level) {
                    Some(RoleLevel::Unit) if unit.is_none() => f.problem(3, ProblemCode::Missing),
                    Some(RoleLevel::Area) if area.is_none() => f.problem(4, ProblemCode::Missing),
                    _ => {}
                }
                let starts_on = f.date(5);
                let ends_on = f.optional_date(6);
                if let (Some(start), Some(Some(end))) = (starts_on, ends_on) {
                    if end < start {
                        f.problem(6, ProblemCode::BadDate);
                    }
                }
                let complete = match role.map(Role::level) {
                    Some(RoleLevel::Unit) => unit.is_some(),
                    Some(RoleLevel::Area) => area.is_some(),
                    _ => true,
                };
                if let (
                    Some(username),
                    Some(name),
                    Some(role),
                    Some(starts_on),
                    Some(ends_on),
                    true,
                ) = (username, name, role, starts_on, ends_on, complete)
                {
                    if ends_on.is_none_or(|end| end >= starts_on) {
                        out.push(StaffRow {
                            line,
                            username,
                            name,
                            role,
                            unit,
                            area,
                            starts_on,
                            ends_on,
                        });
                    }
                }
            }
            Rows::StaffGroups(out) => {
                let (username, unit, group) = (f.username(0), f.text(1), f.optional(2));
                if let (Some(username), Some(unit)) = (username, unit) {
                    out.push(StaffGroupRow {
                        line,
                        username,
                        unit,
                        group,
                    });
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(single(0, "", ProblemCode::Empty));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests;
