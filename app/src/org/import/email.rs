//! The optional last column `e-mail` of the staff and guardian files (issue 15): where a
//! person's invitation and password letters go. A file without it imports as before.
//!
//! The column is taken off before the file is parsed, so the parser sees the columns it has
//! always known; the lines keep their numbers, so every problem still names the line the
//! administrator sees. Byte-wise: `;`, quotes and line ends are the same in UTF-8 and
//! Windows-1252, and an address is ASCII in either.

use super::ImportKind;
use crate::domain::import::Rows;
use crate::error::{Problem, ProblemCode};
use std::borrow::Cow;
use std::collections::HashMap;

/// The names the column may have; compared without case.
const NAMES: [&str; 3] = ["e-mail", "email", "mail"];
/// The field name problems name.
const FIELD: &str = "e-mail";
/// The longest address SMTP carries (RFC 5321).
const MAX_ADDRESS: usize = 254;

/// The file without the column, each line's address, and the column's problems (reported
/// with the parser's, so the administrator sees every problem at once).
#[derive(Debug, Default)]
pub struct Split<'a> {
    pub file: Cow<'a, [u8]>,
    pub addresses: HashMap<u32, String>,
    pub problems: Vec<Problem>,
}

/// Takes the `e-mail` column off a staff or guardian file that has one. Other kinds, and files
/// without it, are handed on untouched. Bad addresses and lines without the column are
/// problems with their line numbers.
pub fn split(kind: ImportKind, bytes: &[u8]) -> Split<'_> {
    let untouched = || Split {
        file: Cow::Borrowed(bytes),
        ..Split::default()
    };
    if !matches!(kind, ImportKind::Staff | ImportKind::Guardians) {
        return untouched();
    }
    let content = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let content = normalise_line_ends(content);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(false)
        .from_reader(content.as_slice());
    let mut records = reader.byte_records();
    let Some(Ok(header)) = records.next() else {
        return untouched();
    };
    let known = kind.header().split(';').count();
    let last = header.get(header.len().saturating_sub(1)).unwrap_or(b"");
    let last = String::from_utf8_lossy(last).trim().to_lowercase();
    if header.len() != known + 1 || !NAMES.contains(&last.as_str()) {
        return untouched();
    }
    // Each record's bytes, from its start to the next one's (its line end and any blank lines
    // after it): the column is cut out of them and everything else kept as it is, so the
    // parser counts the same lines.
    let starts: Vec<(usize, Option<csv::ByteRecord>)> = std::iter::once((0, None))
        .chain(records.filter_map(|r| r.ok()).map(|record| {
            let start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
            (start, Some(record))
        }))
        .collect();
    let mut out = Vec::with_capacity(content.len());
    let mut problems = Vec::new();
    let mut addresses = HashMap::new();
    for (index, (start, record)) in starts.iter().enumerate() {
        let end = starts
            .get(index + 1)
            .map(|(next, _)| *next)
            .unwrap_or(content.len());
        let span = &content[*start..end];
        let Some(record) = record else {
            out.extend_from_slice(&cut_last_field(span));
            continue;
        };
        let line = record.position().map(|p| p.line() as u32).unwrap_or(0);
        if record.iter().all(|v| v.iter().all(u8::is_ascii_whitespace)) {
            out.extend_from_slice(span);
            continue;
        }
        if record.len() != known + 1 {
            problems.push(Problem {
                line,
                field: String::new(),
                code: ProblemCode::WrongColumns,
            });
            out.extend_from_slice(span);
            continue;
        }
        let address = String::from_utf8_lossy(record.get(known).unwrap_or(b""))
            .trim()
            .to_owned();
        if !address.is_empty() {
            match checked(&address) {
                Some(address) => {
                    addresses.insert(line, address);
                }
                None => problems.push(Problem {
                    line,
                    field: FIELD.to_owned(),
                    code: ProblemCode::BadEmail,
                }),
            }
        }
        out.extend_from_slice(&cut_last_field(span));
    }
    Split {
        file: Cow::Owned(out),
        addresses,
        problems,
    }
}

/// The address as it is kept (lower-case domain left to the mail server), if it is one.
fn checked(address: &str) -> Option<String> {
    if address.len() > MAX_ADDRESS {
        return None;
    }
    let parsed = address.parse::<lettre::Address>().ok()?;
    // One plain address, no display name or list: what lettre parsed is the whole text.
    (AsRef::<str>::as_ref(&parsed) == address).then(|| address.to_owned())
}

fn normalise_line_ends(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some((&b, tail)) = rest.split_first() {
        if !(b == b'\r' && tail.first() == Some(&b'\n')) {
            out.push(b);
        }
        rest = tail;
    }
    out
}

/// The record's bytes without its last field and the `;` before it: from the last `;`
/// outside quotes to the end of that field (a line end outside quotes, or the end).
/// Blank lines around it stay.
fn cut_last_field(span: &[u8]) -> Vec<u8> {
    let mut quoted = false;
    let mut last_delimiter = None;
    let mut field_end = span.len();
    // A record's bytes may start with the blank lines before it.
    let lead = span
        .iter()
        .position(|b| *b != b'\n' && *b != b'\r')
        .unwrap_or(span.len());
    for (i, b) in span.iter().enumerate().skip(lead) {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => last_delimiter = Some(i),
            b'\n' | b'\r' if !quoted => {
                field_end = i;
                break;
            }
            _ => {}
        }
    }
    match last_delimiter {
        Some(cut) => [&span[..cut], &span[field_end..]].concat(),
        None => span.to_vec(),
    }
}

/// Each imported person's address, by username: the rows were parsed from the lines the
/// addresses came from.
pub fn by_username(rows: &Rows, addresses: &HashMap<u32, String>) -> Vec<(String, String)> {
    let pair = |line: &u32, name: &crate::domain::Username| {
        addresses
            .get(line)
            .map(|a| (name.as_str().to_owned(), a.clone()))
    };
    match rows {
        Rows::Staff(rows) => rows
            .iter()
            .filter_map(|r| pair(&r.line, &r.username))
            .collect(),
        Rows::Guardians(rows) => rows
            .iter()
            .filter_map(|r| pair(&r.line, &r.username))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAFF: &str = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato";

    fn text(split: &Split) -> String {
        String::from_utf8(split.file.to_vec()).expect("UTF-8")
    }

    #[test]
    fn a_file_without_the_column_is_handed_on_untouched() {
        let file = format!("{STAFF}\na;A;pædagog;X;;01-08-2026;\n");
        let split = split(ImportKind::Staff, file.as_bytes());
        assert!(matches!(split.file, Cow::Borrowed(_)));
        assert!(split.addresses.is_empty());
        let units = "område;tilbud;type;e-mail\n";
        assert!(matches!(
            super::split(ImportKind::Units, units.as_bytes()).file,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_column_comes_off_and_lines_keep_their_numbers() {
        let file = format!(
            "\u{feff}{STAFF};E-mail\r\n\r\naa;A;pædagog;X;;01-08-2026;;a@kommune.dk\r\nbb;\"B\nB\";pædagog;X;;01-08-2026;;\ncc;C;pædagog;X;;01-08-2026;; c@kommune.dk \n"
        );
        let split = split(ImportKind::Staff, file.as_bytes());
        assert!(split.problems.is_empty());
        assert_eq!(
            text(&split),
            format!("{STAFF}\n\naa;A;pædagog;X;;01-08-2026;\nbb;\"B\nB\";pædagog;X;;01-08-2026;\ncc;C;pædagog;X;;01-08-2026;\n")
        );
        // The parser finds each row on the line its address came from.
        let today = time::macros::date!(2026 - 12 - 01);
        let rows = crate::org::import::parse::parse(ImportKind::Staff, &text(&split), today)
            .expect("the parser reads what is left");
        let mut pairs = by_username(&rows, &split.addresses);
        pairs.sort();
        assert_eq!(
            pairs,
            vec![
                ("aa".to_owned(), "a@kommune.dk".to_owned()),
                ("cc".to_owned(), "c@kommune.dk".to_owned())
            ]
        );
    }

    #[test]
    fn a_bad_address_or_a_short_line_is_a_problem_of_its_line() {
        let file = format!(
            "{STAFF};email\na;A;pædagog;X;;01-08-2026;;ikke en adresse\nb;B;pædagog;X;;01-08-2026\nc;C;pædagog;X;;01-08-2026;;Cim <c@k.dk>\n"
        );
        let problems = split(ImportKind::Staff, file.as_bytes()).problems;
        let found: Vec<_> = problems.iter().map(|p| (p.line, p.code)).collect();
        assert_eq!(
            found,
            vec![
                (2, ProblemCode::BadEmail),
                (3, ProblemCode::WrongColumns),
                (4, ProblemCode::BadEmail)
            ]
        );
    }
}
