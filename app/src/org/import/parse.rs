//! Reading a CSV export into typed rows. Pure: no database, so every rule is unit-tested.
//! Every problem in the file is collected with its line number, not just the first.

use super::ImportKind;
use crate::domain::{PersonName, Role, RoleLevel, UnitKind, Username};
use crate::error::{Problem, ProblemCode};
use time::Date;

use super::{MAX_BYTES, MAX_ROWS};
const MAX_TEXT: usize = 100;

#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    pub line: u32,
    pub area: String,
    pub unit: String,
    pub kind: UnitKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    pub line: u32,
    pub unit: String,
    pub group: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChildRow {
    pub line: u32,
    pub external_id: String,
    pub name: PersonName,
    pub birth_date: Date,
    pub unit: String,
    pub group: String,
    pub starts_on: Date,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GuardianRow {
    pub line: u32,
    pub child_external_id: String,
    pub username: Username,
    pub name: String,
    pub has_custody: bool,
    pub address_protected: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StaffRow {
    pub line: u32,
    pub username: Username,
    pub name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub area: Option<String>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Rows {
    Units(Vec<UnitRow>),
    Groups(Vec<GroupRow>),
    Children(Vec<ChildRow>),
    Guardians(Vec<GuardianRow>),
    Staff(Vec<StaffRow>),
}

impl Rows {
    pub fn len(&self) -> usize {
        match self {
            Rows::Units(r) => r.len(),
            Rows::Groups(r) => r.len(),
            Rows::Children(r) => r.len(),
            Rows::Guardians(r) => r.len(),
            Rows::Staff(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

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

/// Parses a whole file of `kind`. Either every row is good, or every problem is returned.
pub fn parse(kind: ImportKind, content: &str, today: Date) -> Result<Rows, Vec<Problem>> {
    let single = |line: u32, field: &str, code| {
        vec![Problem {
            line,
            field: field.to_owned(),
            code,
        }]
    };
    if content.len() > MAX_BYTES {
        return Err(single(0, "", ProblemCode::FileTooLarge));
    }
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
    let columns: Vec<&str> = kind.header().split(';').collect();
    let header_ok = match reader.headers() {
        Ok(h) => {
            h.len() == columns.len()
                && h.iter()
                    .zip(&columns)
                    .all(|(got, want)| got.trim().to_lowercase() == *want)
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
                if let (
                    Some(external_id),
                    Some(name),
                    Some(birth_date),
                    Some(unit),
                    Some(group),
                    Some(starts_on),
                ) = (external_id, name, birth_date, unit, group, starts_on)
                {
                    if birth_date <= today {
                        out.push(ChildRow {
                            line,
                            external_id,
                            name,
                            birth_date,
                            unit,
                            group,
                            starts_on,
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
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    fn problems(kind: ImportKind, content: &str) -> Vec<(u32, String, ProblemCode)> {
        parse(kind, content, TODAY)
            .expect_err("the file has problems")
            .into_iter()
            .map(|p| (p.line, p.field, p.code))
            .collect()
    }

    #[test]
    fn dates_are_read_in_danish_and_iso_forms() {
        let cases = [
            ("03-05-2022", Some(date!(2022 - 05 - 03))),
            ("3.5.2022", Some(date!(2022 - 05 - 03))),
            ("2022-05-03", Some(date!(2022 - 05 - 03))),
            ("31-02-2022", None),
            ("05/2022", None),
            ("i går", None),
            ("03-05-22", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text), expected, "{text}");
        }
    }

    #[test]
    fn a_file_with_bom_and_crlf_is_read() {
        let content =
            "\u{feff}område;tilbud;type\r\nNord;Solsikken;Vuggestue\r\nNord;Skovly;børnehave\r\n";
        let Rows::Units(rows) = parse(ImportKind::Units, content, TODAY).unwrap() else {
            panic!("units")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            UnitRow {
                line: 2,
                area: "Nord".into(),
                unit: "Solsikken".into(),
                kind: UnitKind::Nursery
            }
        );
        assert_eq!(rows[1].kind, UnitKind::Kindergarten);
    }

    #[test]
    fn headers_are_matched_without_regard_to_case_and_spaces() {
        let content = "Område ; TILBUD;Type\nNord;Solsikken;vuggestue\n";
        assert!(parse(ImportKind::Units, content, TODAY).is_ok());
    }

    #[test]
    fn a_file_of_another_kind_is_refused_at_the_header() {
        let content = "tilbud;gruppe\nSolsikken;Bien\n";
        assert_eq!(
            problems(ImportKind::Units, content),
            vec![(
                1,
                "område;tilbud;type".to_owned(),
                ProblemCode::WrongColumns
            )]
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let content = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n\
                       K1;Ada;Lund;01-02-2021;Skovly;Bien;01-08-2024\n\
                       K2;;Holm;31-13-2021;Skovly;Bien;01-08-2024\n\
                       K3;Bo;Holm;01-02-2030;Skovly;Bien;01-08-2024\n\
                       ;Cy;Berg;01-02-2021;;Bien;01-08-2024\n";
        let found = problems(ImportKind::Children, content);
        assert_eq!(
            found,
            vec![
                (3, "fornavn".to_owned(), ProblemCode::Missing),
                (3, "fødselsdato".to_owned(), ProblemCode::BadDate),
                (4, "fødselsdato".to_owned(), ProblemCode::BadDate),
                (5, "eksternt_id".to_owned(), ProblemCode::Missing),
                (5, "tilbud".to_owned(), ProblemCode::Missing),
            ]
        );
    }

    #[test]
    fn unknown_kinds_roles_and_flags_are_named() {
        let units = "område;tilbud;type\nNord;Solsikken;fritidshjem\n";
        assert_eq!(
            problems(ImportKind::Units, units),
            vec![(2, "type".to_owned(), ProblemCode::BadKind)]
        );
        let staff = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\nanna;Anna;rektor;;;01-08-2024;\n";
        assert_eq!(
            problems(ImportKind::Staff, staff),
            vec![(2, "rolle".to_owned(), ProblemCode::BadRole)]
        );
        let guardians = "barn_eksternt_id;brugernavn;navn;forældremyndighed;adressebeskyttelse\nK1;mor.k1;Mor;måske;nej\n";
        assert_eq!(
            problems(ImportKind::Guardians, guardians),
            vec![(2, "forældremyndighed".to_owned(), ProblemCode::BadFlag)]
        );
    }

    #[test]
    fn staff_need_the_place_their_role_attaches_to() {
        let staff = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\n\
                     anna;Anna;pædagog;;;01-08-2024;\n\
                     ole;Ole;områdeleder;;;01-08-2024;\n\
                     adam;Adam;administrator;;;01-08-2024;31-07-2024\n";
        assert_eq!(
            problems(ImportKind::Staff, staff),
            vec![
                (2, "tilbud".to_owned(), ProblemCode::Missing),
                (3, "område".to_owned(), ProblemCode::Missing),
                (4, "slutdato".to_owned(), ProblemCode::BadDate),
            ]
        );
        let good = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\nAnna.P;Anna P;Pædagog;Skovly;;01-08-2024;\n";
        let Rows::Staff(rows) = parse(ImportKind::Staff, good, TODAY).unwrap() else {
            panic!("staff")
        };
        assert_eq!(rows[0].username.as_str(), "anna.p");
        assert_eq!(rows[0].role, Role::Pedagogue);
        assert_eq!(rows[0].ends_on, None);
    }

    #[test]
    fn empty_files_and_header_only_files_are_refused() {
        assert_eq!(
            problems(ImportKind::Units, ""),
            vec![(0, String::new(), ProblemCode::Empty)]
        );
        assert_eq!(
            problems(ImportKind::Units, "område;tilbud;type\n"),
            vec![(0, String::new(), ProblemCode::Empty)]
        );
        assert_eq!(
            problems(ImportKind::Units, "område;tilbud;type\n;;\n"),
            vec![(0, String::new(), ProblemCode::Empty)]
        );
    }

    #[test]
    fn a_row_with_too_few_columns_is_refused() {
        let content = "tilbud;gruppe\nSkovly\n";
        assert_eq!(
            problems(ImportKind::Groups, content),
            vec![(2, String::new(), ProblemCode::WrongColumns)]
        );
    }

    #[test]
    fn overlong_texts_are_refused() {
        let content = format!("tilbud;gruppe\nSkovly;{}\n", "x".repeat(101));
        assert_eq!(
            problems(ImportKind::Groups, &content),
            vec![(2, "gruppe".to_owned(), ProblemCode::TooLong)]
        );
    }
}
