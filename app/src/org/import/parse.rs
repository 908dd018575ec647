//! Reading a CSV export into typed rows. Pure: no database, and "today" is passed in, so every
//! rule is unit-tested. Every problem in the file is collected with its 1-based line number and
//! the column's name, not just the first: the administrator fixes the file once, not once per
//! mistake.

use super::ImportKind;
use crate::domain::{NameError, PersonName, Role, RoleLevel, UnitKind, Username};
use crate::error::{Problem, ProblemCode};
use time::Date;

/// Files larger than this are refused whole: a municipality's export is far smaller, and the
/// whole file is held in memory while it is checked.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Rows beyond this are refused whole, so one import stays one short write transaction.
pub const MAX_ROWS: usize = 20_000;
/// The longest text a field may hold (names, external ids, display names).
pub const MAX_TEXT: usize = 100;

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

/// Where a staff membership attaches, decided by the role's level: a pedagogue names a unit,
/// an area leader an area, an administrator neither. Holding it as one value means no later
/// code can meet a unit role without a unit.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    Unit(String),
    Area(String),
    Municipality,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StaffRow {
    pub line: u32,
    pub username: Username,
    pub name: String,
    pub role: Role,
    pub place: Place,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

/// The rows of one file, typed by its kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Rows {
    Units(Vec<UnitRow>),
    Groups(Vec<GroupRow>),
    Children(Vec<ChildRow>),
    Guardians(Vec<GuardianRow>),
    Staff(Vec<StaffRow>),
}

impl Rows {
    fn empty(kind: ImportKind) -> Self {
        match kind {
            ImportKind::Units => Rows::Units(vec![]),
            ImportKind::Groups => Rows::Groups(vec![]),
            ImportKind::Children => Rows::Children(vec![]),
            ImportKind::Guardians => Rows::Guardians(vec![]),
            ImportKind::Staff => Rows::Staff(vec![]),
        }
    }

    pub fn kind(&self) -> ImportKind {
        match self {
            Rows::Units(_) => ImportKind::Units,
            Rows::Groups(_) => ImportKind::Groups,
            Rows::Children(_) => ImportKind::Children,
            Rows::Guardians(_) => ImportKind::Guardians,
            Rows::Staff(_) => ImportKind::Staff,
        }
    }

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

fn problem(line: u32, field: &str, code: ProblemCode) -> Problem {
    Problem {
        line,
        field: field.to_owned(),
        code,
    }
}

/// A problem with the file as a whole (too big, empty): line 0 tells the page not to show one.
fn whole_file(code: ProblemCode) -> Vec<Problem> {
    vec![problem(0, "", code)]
}

/// Parses a whole file of `kind`. Either every row is good, or every problem is returned.
pub fn parse(kind: ImportKind, content: &str, today: Date) -> Result<Rows, Vec<Problem>> {
    if content.len() > MAX_BYTES {
        return Err(whole_file(ProblemCode::TooLong));
    }
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    // The csv reader ends a record at CR, LF or CRLF alike but counts lines by LF only, so
    // Windows and old Mac line ends are made plain LF: the line numbers in the answer must be
    // the ones the administrator sees in an editor.
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    if let Some(line) = undecodable_line(&content) {
        return Err(vec![problem(line, "", ProblemCode::NotCsv)]);
    }
    if content.trim().is_empty() {
        return Err(whole_file(ProblemCode::Empty));
    }
    let columns: Vec<&str> = kind.header().split(';').collect();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(false)
        .from_reader(content.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(_)) | None => return Err(vec![problem(1, "", ProblemCode::NotCsv)]),
    };
    let header_line = line_of(&header, 1);
    let named: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    if !fits(&named, &columns, |got, want| got == want) {
        // The field names the expected header, so the page can show what the file should start
        // with.
        return Err(vec![problem(
            header_line,
            kind.header(),
            ProblemCode::WrongColumns,
        )]);
    }

    let mut problems = Vec::new();
    let mut rows = Rows::empty(kind);
    let mut count = 0;
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line() as u32);
                problems.push(problem(line, "", ProblemCode::NotCsv));
                continue;
            }
        };
        let line = line_of(&record, header_line + 1);
        if record.iter().all(|v| v.trim().is_empty()) {
            continue; // Excel leaves blank lines at the end of an export.
        }
        count += 1;
        if count > MAX_ROWS {
            return Err(vec![problem(line, "", ProblemCode::TooLong)]);
        }
        let values: Vec<&str> = record.iter().collect();
        if !fits(&values, &columns, |_, _| true) {
            problems.push(problem(line, "", ProblemCode::WrongColumns));
            continue;
        }
        let mut fields = Fields {
            line,
            values: &values,
            columns: &columns,
            problems: &mut problems,
        };
        match &mut rows {
            Rows::Units(out) => out.extend(unit_row(&mut fields)),
            Rows::Groups(out) => out.extend(group_row(&mut fields)),
            Rows::Children(out) => out.extend(child_row(&mut fields, today)),
            Rows::Guardians(out) => out.extend(guardian_row(&mut fields)),
            Rows::Staff(out) => out.extend(staff_row(&mut fields)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(whole_file(ProblemCode::Empty));
    }
    Ok(rows)
}

/// The line of the first character a browser could not decode (it shows as U+FFFD, as when a
/// Windows-1252 export is read as UTF-8) or that no text file holds (NUL and other control
/// characters, as in a spreadsheet saved as .xlsx). Such a file is not CSV, and reading on would
/// only report every row as wrong.
fn undecodable_line(content: &str) -> Option<u32> {
    let at = content
        .find(|c: char| c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\t')))?;
    Some(content[..at].matches('\n').count() as u32 + 1)
}

/// The 1-based line a record starts on (a quoted field may span lines).
fn line_of(record: &csv::StringRecord, fallback: u32) -> u32 {
    record.position().map_or(fallback, |p| p.line() as u32)
}

/// Whether a record has the expected columns. Excel writes empty trailing cells of a sheet as
/// extra separators, so blank values after the last column are allowed.
fn fits<T: AsRef<str>>(values: &[T], columns: &[&str], same: impl Fn(&str, &str) -> bool) -> bool {
    values.len() >= columns.len()
        && values[columns.len()..]
            .iter()
            .all(|v| v.as_ref().trim().is_empty())
        && values.iter().zip(columns).all(|(v, c)| same(v.as_ref(), c))
}

/// One record's fields by column, collecting problems as they are found. Each reader returns
/// `None` when the field is unusable and has recorded why.
struct Fields<'a> {
    line: u32,
    values: &'a [&'a str],
    columns: &'a [&'a str],
    problems: &'a mut Vec<Problem>,
}

impl Fields<'_> {
    fn problem(&mut self, column: usize, code: ProblemCode) {
        let field = self.columns[column];
        self.problems.push(problem(self.line, field, code));
    }

    fn raw(&self, column: usize) -> &str {
        self.values[column].trim()
    }

    /// A trimmed text; `None` when empty (no problem) or too long (a problem).
    fn optional(&mut self, column: usize) -> Option<String> {
        let value = self.raw(column);
        if value.is_empty() {
            return None;
        }
        if value.chars().count() > MAX_TEXT {
            self.problem(column, ProblemCode::TooLong);
            return None;
        }
        Some(value.to_owned())
    }

    /// A trimmed text that must be there.
    fn text(&mut self, column: usize) -> Option<String> {
        if self.raw(column).is_empty() {
            self.problem(column, ProblemCode::Missing);
            return None;
        }
        self.optional(column)
    }

    fn date(&mut self, column: usize) -> Option<Date> {
        let text = self.text(column)?;
        let date = parse_date(&text);
        if date.is_none() {
            self.problem(column, ProblemCode::BadDate);
        }
        date
    }

    /// `Some(None)` for an empty field, `None` for a field that is not a date.
    fn optional_date(&mut self, column: usize) -> Option<Option<Date>> {
        let Some(text) = self.optional(column) else {
            return (self.raw(column).is_empty()).then_some(None);
        };
        let date = parse_date(&text);
        if date.is_none() {
            self.problem(column, ProblemCode::BadDate);
        }
        date.map(Some)
    }

    fn flag(&mut self, column: usize) -> Option<bool> {
        let text = self.text(column)?;
        let flag = parse_flag(&text);
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

    fn unit_kind(&mut self, column: usize) -> Option<UnitKind> {
        let text = self.text(column)?;
        let kind = UnitKind::parse(&text);
        if kind.is_none() {
            self.problem(column, ProblemCode::BadKind);
        }
        kind
    }

    fn role(&mut self, column: usize) -> Option<Role> {
        let text = self.text(column)?;
        let role = Role::parse(&text);
        if role.is_none() {
            self.problem(column, ProblemCode::BadRole);
        }
        role
    }

    /// A child's name from its two columns; each part is named if it is missing or too long.
    fn person_name(&mut self, first: usize, last: usize) -> Option<PersonName> {
        let parts = (self.text(first), self.text(last));
        let (Some(first_name), Some(last_name)) = parts else {
            return None;
        };
        match PersonName::parse(&first_name, &last_name) {
            Ok(name) => Some(name),
            Err(err) => {
                let code = match err {
                    NameError::Missing => ProblemCode::Missing,
                    NameError::TooLong => ProblemCode::TooLong,
                };
                let column = if first_name.chars().count() > PersonName::MAX_CHARS {
                    first
                } else {
                    last
                };
                self.problem(column, code);
                None
            }
        }
    }
}

/// Danish exports write dates as `dd-mm-yyyy` or `dd.mm.yyyy` (also with `/`, and with one-digit
/// day or month); ISO `yyyy-mm-dd` is accepted too. A two-digit year is refused: "03-05-22"
/// could be 1922 or 2022, and a wrong birth year is worse than a refused file.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let separator = text.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    if year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// Yes or no, as Danish and English spreadsheets and other systems write it.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" | "1" | "true" | "sand" => Some(true),
        "nej" | "n" | "no" | "0" | "false" | "falsk" => Some(false),
        _ => None,
    }
}

// One reader per kind. Each reads every column (so every problem of the row is named) and
// gives a row only when all of them were good.

fn unit_row(f: &mut Fields) -> Option<UnitRow> {
    let (area, unit, kind) = (f.text(0), f.text(1), f.unit_kind(2));
    Some(UnitRow {
        line: f.line,
        area: area?,
        unit: unit?,
        kind: kind?,
    })
}

fn group_row(f: &mut Fields) -> Option<GroupRow> {
    let (unit, group) = (f.text(0), f.text(1));
    Some(GroupRow {
        line: f.line,
        unit: unit?,
        group: group?,
    })
}

fn child_row(f: &mut Fields, today: Date) -> Option<ChildRow> {
    let external_id = f.text(0);
    let name = f.person_name(1, 2);
    let birth_date = f.date(3).filter(|born| {
        // A birth date in the future is a typing error, never a child to assess.
        let ok = *born <= today;
        if !ok {
            f.problem(3, ProblemCode::BadDate);
        }
        ok
    });
    let (unit, group) = (f.text(4), f.text(5));
    let starts_on = f.date(6).filter(|start| {
        let ok = birth_date.is_none_or(|born| *start >= born);
        if !ok {
            f.problem(6, ProblemCode::BadDate);
        }
        ok
    });
    Some(ChildRow {
        line: f.line,
        external_id: external_id?,
        name: name?,
        birth_date: birth_date?,
        unit: unit?,
        group: group?,
        starts_on: starts_on?,
    })
}

fn guardian_row(f: &mut Fields) -> Option<GuardianRow> {
    let child_external_id = f.text(0);
    let username = f.username(1);
    let name = f.text(2);
    let (has_custody, address_protected) = (f.flag(3), f.flag(4));
    Some(GuardianRow {
        line: f.line,
        child_external_id: child_external_id?,
        username: username?,
        name: name?,
        has_custody: has_custody?,
        address_protected: address_protected?,
    })
}

fn staff_row(f: &mut Fields) -> Option<StaffRow> {
    let username = f.username(0);
    let name = f.text(1);
    let role = f.role(2);
    let (unit, area) = (f.optional(3), f.optional(4));
    // A place the role does not attach to (a unit for an administrator) is ignored: exports
    // often fill every column of a person's row.
    let place = match role.map(Role::level) {
        Some(RoleLevel::Unit) => unit.map(Place::Unit).or_else(|| {
            if f.raw(3).is_empty() {
                f.problem(3, ProblemCode::Missing);
            }
            None
        }),
        Some(RoleLevel::Area) => area.map(Place::Area).or_else(|| {
            if f.raw(4).is_empty() {
                f.problem(4, ProblemCode::Missing);
            }
            None
        }),
        Some(RoleLevel::Municipality) => Some(Place::Municipality),
        None => None,
    };
    let starts_on = f.date(5);
    let ends_on = f.optional_date(6).filter(|end| {
        let ok = match (starts_on, end) {
            (Some(start), Some(end)) => *end >= start,
            _ => true,
        };
        if !ok {
            f.problem(6, ProblemCode::BadDate);
        }
        ok
    });
    Some(StaffRow {
        line: f.line,
        username: username?,
        name: name?,
        role: role?,
        place: place?,
        starts_on: starts_on?,
        ends_on: ends_on?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    const CHILDREN: &str = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato";
    const STAFF: &str = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato";
    const GUARDIANS: &str = "barn_eksternt_id;brugernavn;navn;forældremyndighed;adressebeskyttelse";

    /// The problems of a file as (line, field, code), or a panic if it parsed.
    fn problems(kind: ImportKind, content: &str) -> Vec<(u32, String, ProblemCode)> {
        parse(kind, content, TODAY)
            .expect_err("the file has problems")
            .into_iter()
            .map(|p| (p.line, p.field, p.code))
            .collect()
    }

    fn at(line: u32, field: &str, code: ProblemCode) -> (u32, String, ProblemCode) {
        (line, field.to_owned(), code)
    }

    fn children(content: &str) -> Vec<ChildRow> {
        match parse(ImportKind::Children, content, TODAY) {
            Ok(Rows::Children(rows)) => rows,
            other => panic!("expected children, got {other:?}"),
        }
    }

    #[test]
    fn dates_are_read_in_danish_and_iso_forms() {
        let cases = [
            ("03-05-2022", Some(date!(2022 - 05 - 03))),
            ("03.05.2022", Some(date!(2022 - 05 - 03))),
            ("3.5.2022", Some(date!(2022 - 05 - 03))),
            ("03/05/2022", Some(date!(2022 - 05 - 03))),
            ("2022-05-03", Some(date!(2022 - 05 - 03))),
            (" 2022-05-03 ", Some(date!(2022 - 05 - 03))),
            ("29-02-2024", Some(date!(2024 - 02 - 29))),
            ("29-02-2023", None),
            ("31-02-2022", None),
            ("00-05-2022", None),
            ("03-13-2022", None),
            ("03-05-22", None),
            ("05/2022", None),
            ("03-05.2022", None),
            ("+3-05-2022", None),
            ("003-05-2022", None),
            ("i går", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text), expected, "{text:?}");
        }
    }

    #[test]
    fn flags_are_read_as_yes_or_no_in_danish_and_english() {
        let cases = [
            ("ja", Some(true)),
            ("JA", Some(true)),
            ("Yes", Some(true)),
            ("1", Some(true)),
            ("true", Some(true)),
            ("nej", Some(false)),
            ("Nej ", Some(false)),
            ("no", Some(false)),
            ("0", Some(false)),
            ("FALSE", Some(false)),
            ("måske", None),
            ("2", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_flag(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_file_is_read_with_or_without_bom_and_with_any_line_ends() {
        let cases = [
            "område;tilbud;type\nNord;Solsikken;Vuggestue\nNord;Skovly;børnehave\n",
            "\u{feff}område;tilbud;type\nNord;Solsikken;Vuggestue\nNord;Skovly;børnehave\n",
            "\u{feff}område;tilbud;type\r\nNord;Solsikken;Vuggestue\r\nNord;Skovly;børnehave\r\n",
            "område;tilbud;type\r\nNord;Solsikken;Vuggestue\r\nNord;Skovly;børnehave",
            "område;tilbud;type\rNord;Solsikken;Vuggestue\rNord;Skovly;børnehave\r",
        ];
        for content in cases {
            let parsed = parse(ImportKind::Units, content, TODAY);
            assert_eq!(
                parsed,
                Ok(Rows::Units(vec![
                    UnitRow {
                        line: 2,
                        area: "Nord".into(),
                        unit: "Solsikken".into(),
                        kind: UnitKind::Nursery,
                    },
                    UnitRow {
                        line: 3,
                        area: "Nord".into(),
                        unit: "Skovly".into(),
                        kind: UnitKind::Kindergarten,
                    },
                ])),
                "{content:?}"
            );
        }
    }

    #[test]
    fn line_numbers_are_right_with_crlf_blank_lines_and_quoted_line_breaks() {
        let content = format!(
            "\u{feff}{CHILDREN}\r\n\
             K1;Ada;Lund;01-02-2021;Skovly;Bien;01-08-2024\r\n\
             \r\n\
             K2;\"Bo\r\nErik\";Holm;01-02-2021;Skovly;Bien;01-08-2024\r\n\
             K3;Cy;Holm;i går;Skovly;Bien;01-08-2024\r\n"
        );
        assert_eq!(
            problems(ImportKind::Children, &content),
            vec![at(6, "fødselsdato", ProblemCode::BadDate)]
        );
    }

    #[test]
    fn a_child_row_becomes_a_typed_row_with_trimmed_texts() {
        let rows = children(&format!(
            "{CHILDREN}\n  K1 ; Ada ; Lund ;3.5.2022; Skovly ;Bien;2023-08-01\n"
        ));
        assert_eq!(
            rows,
            vec![ChildRow {
                line: 2,
                external_id: "K1".into(),
                name: PersonName::parse("Ada", "Lund").unwrap(),
                birth_date: date!(2022 - 05 - 03),
                unit: "Skovly".into(),
                group: "Bien".into(),
                starts_on: date!(2023 - 08 - 01),
            }]
        );
    }

    #[test]
    fn headers_are_matched_without_regard_to_case_spaces_or_trailing_empty_columns() {
        let cases = [
            "område;tilbud;type\nNord;Solsikken;vuggestue\n",
            "Område ; TILBUD;Type\nNord;Solsikken;vuggestue\n",
            "\"område\";\"tilbud\";\"type\"\nNord;Solsikken;vuggestue\n",
            "område;tilbud;type;;\nNord;Solsikken;vuggestue;;\n",
        ];
        for content in cases {
            assert!(
                parse(ImportKind::Units, content, TODAY).is_ok(),
                "{content:?}"
            );
        }
    }

    #[test]
    fn a_header_that_does_not_match_the_kind_is_one_problem_at_line_one() {
        let wrong = |expected: &str| vec![at(1, expected, ProblemCode::WrongColumns)];
        let cases = [
            (ImportKind::Units, "tilbud;gruppe\nSolsikken;Bien\n"),
            (ImportKind::Units, "område;tilbud\nNord;Solsikken\n"),
            (ImportKind::Units, "område;type;tilbud\nNord;vuggestue;Solsikken\n"),
            (ImportKind::Units, "område;tilbud;type;ekstra\nNord;Solsikken;vuggestue;x\n"),
            (ImportKind::Units, "område,tilbud,type\nNord,Solsikken,vuggestue\n"),
            (ImportKind::Groups, "Skovly;Bien\nSkovly;Myren\n"),
            (ImportKind::Staff, &format!("{CHILDREN}\nK1;Ada;Lund;01-02-2021;Skovly;Bien;01-08-2024\n")),
        ];
        for (kind, content) in cases {
            assert_eq!(problems(kind, content), wrong(kind.header()), "{content:?}");
        }
    }

    #[test]
    fn empty_and_header_only_files_are_refused_as_empty() {
        let cases = [
            "",
            "   \n",
            "\u{feff}",
            "område;tilbud;type",
            "område;tilbud;type\n",
            "område;tilbud;type\r\n\r\n",
            "område;tilbud;type\n;;\n ; ; \n",
        ];
        for content in cases {
            assert_eq!(
                problems(ImportKind::Units, content),
                vec![at(0, "", ProblemCode::Empty)],
                "{content:?}"
            );
        }
    }

    #[test]
    fn text_that_was_not_decoded_or_is_binary_is_not_csv() {
        let cases = [
            ("omr\u{fffd}de;tilbud;type\nNord;Solsikken;vuggestue\n", 1),
            ("område;tilbud;type\nNord;Solsikken;vuggestue\nNord;M\u{fffd}lkeb\u{fffd}tten;vuggestue\n", 3),
            ("PK\u{3}\u{4}\u{14}\0\0\0", 1),
            ("område;tilbud;type\nNord;Sol\0sikken;vuggestue\n", 2),
        ];
        for (content, line) in cases {
            assert_eq!(
                problems(ImportKind::Units, content),
                vec![at(line, "", ProblemCode::NotCsv)],
                "{content:?}"
            );
        }
    }

    #[test]
    fn every_problem_of_every_row_is_reported_with_its_line_and_column() {
        let content = format!(
            "{CHILDREN}\n\
             K1;Ada;Lund;01-02-2021;Skovly;Bien;01-08-2024\n\
             K2;;Holm;31-13-2021;Skovly;Bien;01-08-2024\n\
             K3;Bo;Holm;01-02-2030;Skovly;Bien;01-08-2024\n\
             ;Cy;Berg;01-02-2021;;Bien;01-08-2024\n\
             K5;Di;;01-02-2021;Skovly;;\n\
             K6;Ea;Berg;01-02-2021;Skovly;Bien;01-08-2020\n\
             K7;Fie\n\
             K8;Gry;Berg;01-02-2021;Skovly;Bien;01-08-2024\n"
        );
        assert_eq!(
            problems(ImportKind::Children, &content),
            vec![
                at(3, "fornavn", ProblemCode::Missing),
                at(3, "fødselsdato", ProblemCode::BadDate),
                at(4, "fødselsdato", ProblemCode::BadDate),
                at(5, "eksternt_id", ProblemCode::Missing),
                at(5, "tilbud", ProblemCode::Missing),
                at(6, "efternavn", ProblemCode::Missing),
                at(6, "gruppe", ProblemCode::Missing),
                at(6, "startdato", ProblemCode::Missing),
                at(7, "startdato", ProblemCode::BadDate),
                at(8, "", ProblemCode::WrongColumns),
            ]
        );
    }

    #[test]
    fn missing_and_overlong_names_are_named_by_column() {
        let long = "x".repeat(MAX_TEXT + 1);
        let just_right = "y".repeat(MAX_TEXT);
        let cases = [
            (
                format!("{CHILDREN}\nK1;;;01-02-2021;Skovly;Bien;01-08-2024\n"),
                vec![
                    at(2, "fornavn", ProblemCode::Missing),
                    at(2, "efternavn", ProblemCode::Missing),
                ],
            ),
            (
                format!("{CHILDREN}\nK1;  ;Lund;01-02-2021;Skovly;Bien;01-08-2024\n"),
                vec![at(2, "fornavn", ProblemCode::Missing)],
            ),
            (
                format!("{CHILDREN}\nK1;Ada;{long};01-02-2021;Skovly;Bien;01-08-2024\n"),
                vec![at(2, "efternavn", ProblemCode::TooLong)],
            ),
            (
                format!("{CHILDREN}\n{long};Ada;Lund;01-02-2021;{long};Bien;01-08-2024\n"),
                vec![
                    at(2, "eksternt_id", ProblemCode::TooLong),
                    at(2, "tilbud", ProblemCode::TooLong),
                ],
            ),
            (
                format!("{GUARDIANS}\nK1;mor.k1;;ja;nej\nK1;far.k1;{long};ja;nej\n"),
                vec![
                    at(2, "navn", ProblemCode::Missing),
                    at(3, "navn", ProblemCode::TooLong),
                ],
            ),
            (
                format!("{STAFF}\nanna;;pædagog;Skovly;;01-08-2024;\n"),
                vec![at(2, "navn", ProblemCode::Missing)],
            ),
        ];
        for (content, expected) in cases {
            let kind = if content.starts_with(CHILDREN) {
                ImportKind::Children
            } else if content.starts_with(GUARDIANS) {
                ImportKind::Guardians
            } else {
                ImportKind::Staff
            };
            assert_eq!(problems(kind, &content), expected, "{content:?}");
        }
        let rows = children(&format!(
            "{CHILDREN}\nK1;{just_right};Lund;01-02-2021;Skovly;Bien;01-08-2024\n"
        ));
        assert_eq!(rows[0].name.first(), just_right);
    }

    #[test]
    fn unknown_kinds_roles_flags_and_usernames_are_named() {
        let cases = [
            (
                ImportKind::Units,
                "område;tilbud;type\nNord;Solsikken;fritidshjem\nNord;Skovly;\n".to_owned(),
                vec![
                    at(2, "type", ProblemCode::BadKind),
                    at(3, "type", ProblemCode::Missing),
                ],
            ),
            (
                ImportKind::Staff,
                format!("{STAFF}\nanna;Anna;rektor;;;01-08-2024;\n"),
                vec![at(2, "rolle", ProblemCode::BadRole)],
            ),
            (
                ImportKind::Guardians,
                format!("{GUARDIANS}\nK1;mor.k1;Mor;måske;2\n"),
                vec![
                    at(2, "forældremyndighed", ProblemCode::BadFlag),
                    at(2, "adressebeskyttelse", ProblemCode::BadFlag),
                ],
            ),
            (
                ImportKind::Guardians,
                format!("{GUARDIANS}\nK1;mor k1;Mor;ja;nej\nK1;m;Mor;ja;nej\n"),
                vec![
                    at(2, "brugernavn", ProblemCode::BadUsername),
                    at(3, "brugernavn", ProblemCode::BadUsername),
                ],
            ),
        ];
        for (kind, content, expected) in cases {
            assert_eq!(problems(kind, &content), expected, "{content:?}");
        }
    }

    #[test]
    fn unit_kinds_are_read_from_danish_words_and_codes() {
        let content = "område;tilbud;type\nNord;A;Sundhedspleje\nNord;B;dagpleje\nNord;C;VUGGESTUE\nNord;D;børnehave\nNord;E;skole\nNord;F;kindergarten\n";
        let Ok(Rows::Units(rows)) = parse(ImportKind::Units, content, TODAY) else {
            panic!("units")
        };
        let kinds: Vec<_> = rows.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                UnitKind::HealthVisiting,
                UnitKind::Childminding,
                UnitKind::Nursery,
                UnitKind::Kindergarten,
                UnitKind::School,
                UnitKind::Kindergarten,
            ]
        );
    }

    #[test]
    fn a_birth_date_in_the_future_or_a_start_before_birth_is_refused() {
        let content = format!(
            "{CHILDREN}\n\
             K1;Ada;Lund;22-11-2026;Skovly;Bien;22-11-2026\n\
             K2;Bo;Lund;23-11-2026;Skovly;Bien;01-12-2026\n\
             K3;Cy;Lund;01-02-2021;Skovly;Bien;31-01-2021\n"
        );
        assert_eq!(
            problems(ImportKind::Children, &content),
            vec![
                at(3, "fødselsdato", ProblemCode::BadDate),
                at(4, "startdato", ProblemCode::BadDate),
            ]
        );
    }

    #[test]
    fn guardians_are_read_with_normalised_usernames_and_flags() {
        let content = format!("{GUARDIANS}\nK1; Mor.K1 ;Mette Lund;JA;nej\n");
        assert_eq!(
            parse(ImportKind::Guardians, &content, TODAY),
            Ok(Rows::Guardians(vec![GuardianRow {
                line: 2,
                child_external_id: "K1".into(),
                username: Username::parse("mor.k1").unwrap(),
                name: "Mette Lund".into(),
                has_custody: true,
                address_protected: false,
            }]))
        );
    }

    #[test]
    fn staff_need_the_place_their_role_attaches_to_and_an_end_after_the_start() {
        let content = format!(
            "{STAFF}\n\
             anna;Anna;pædagog;;;01-08-2024;\n\
             ole;Ole;områdeleder;;;01-08-2024;\n\
             adam;Adam;administrator;;;01-08-2024;31-07-2024\n\
             bo;Bo;lærer;Skolen;;01-08-2024;snart\n"
        );
        assert_eq!(
            problems(ImportKind::Staff, &content),
            vec![
                at(2, "tilbud", ProblemCode::Missing),
                at(3, "område", ProblemCode::Missing),
                at(4, "slutdato", ProblemCode::BadDate),
                at(5, "slutdato", ProblemCode::BadDate),
            ]
        );
    }

    #[test]
    fn staff_rows_carry_the_place_of_their_role_level() {
        let content = format!(
            "{STAFF}\n\
             Anna.P;Anna P;Pædagog;Skovly;Nord;01-08-2024;\n\
             ole;Ole O;områdeleder;Skovly;Nord;01-08-2024;31-07-2025\n\
             adam;Adam A;administrator;Skovly;Nord;2024-08-01;\n"
        );
        let Ok(Rows::Staff(rows)) = parse(ImportKind::Staff, &content, TODAY) else {
            panic!("staff")
        };
        let seen: Vec<_> = rows
            .iter()
            .map(|r| (r.username.as_str(), r.role, r.place.clone(), r.ends_on))
            .collect();
        assert_eq!(
            seen,
            [
                ("anna.p", Role::Pedagogue, Place::Unit("Skovly".into()), None),
                (
                    "ole",
                    Role::AreaLeader,
                    Place::Area("Nord".into()),
                    Some(date!(2025 - 07 - 31))
                ),
                ("adam", Role::Administrator, Place::Municipality, None),
            ]
        );
    }

    #[test]
    fn a_row_with_too_few_or_too_many_columns_is_refused() {
        let cases = [
            "tilbud;gruppe\nSkovly\n",
            "tilbud;gruppe\nSkovly;Bien;Myren\n",
        ];
        for content in cases {
            assert_eq!(
                problems(ImportKind::Groups, content),
                vec![at(2, "", ProblemCode::WrongColumns)],
                "{content:?}"
            );
        }
        let trailing = "tilbud;gruppe\nSkovly;Bien;;\n";
        assert!(parse(ImportKind::Groups, trailing, TODAY).is_ok());
    }

    #[test]
    fn files_over_the_limits_are_refused_whole() {
        let rows = "Skovly;Bien\n".repeat(MAX_ROWS);
        let at_limit = format!("tilbud;gruppe\n{rows}");
        assert_eq!(
            parse(ImportKind::Groups, &at_limit, TODAY).map(|r| r.len()),
            Ok(MAX_ROWS)
        );
        let over = format!("{at_limit}Skovly;Bien\nSkovly;Bien\n");
        assert_eq!(
            problems(ImportKind::Groups, &over),
            vec![at(MAX_ROWS as u32 + 2, "", ProblemCode::TooLong)]
        );
        let huge = format!("tilbud;gruppe\nSkovly;{}\n", "x".repeat(MAX_BYTES));
        assert_eq!(
            problems(ImportKind::Groups, &huge),
            vec![at(0, "", ProblemCode::TooLong)]
        );
    }
}
