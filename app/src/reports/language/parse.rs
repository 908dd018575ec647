//! Reading a language assessment file into rows: the children import's conventions (`;` or
//! `,` between cells; UTF-8 with or without a byte-order mark, or Excel's Windows-1252, told
//! apart by `org::import::parse::encoding`), the header `eksternt_id;skoleår;indsats`, and
//! every problem collected with its line, not just the first.

use crate::domain::{Effort, LanguageRow, Problem, ProblemCode, SchoolYear, LANGUAGE_COLUMNS};
use crate::org::import::parse::encoding;
use crate::org::import::{MAX_BYTES, MAX_ROWS};

fn problem(line: u32, field: &str, code: ProblemCode) -> Problem {
    Problem {
        line,
        field: field.to_owned(),
        code,
    }
}

/// The file's rows, or every problem in it.
pub fn parse_file(bytes: &[u8]) -> Result<Vec<LanguageRow>, Vec<Problem>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![problem(0, "", ProblemCode::FileTooLarge)]);
    }
    let text = encoding::decode(bytes).map_err(|code| vec![problem(0, "", code)])?;
    parse_text(&text)
}

/// The separator the header line uses: Danish Excel writes `;`, other tools `,`.
fn separator(content: &str) -> u8 {
    let header = content.lines().next().unwrap_or("");
    if header.contains(';') {
        b';'
    } else {
        b','
    }
}

pub fn parse_text(content: &str) -> Result<Vec<LanguageRow>, Vec<Problem>> {
    // Windows line ends are normalised first, so the line numbers are the ones the
    // administrator sees in the file (as in the children import).
    let content = content
        .strip_prefix('\u{feff}')
        .unwrap_or(content)
        .replace("\r\n", "\n");
    if content.trim().is_empty() {
        return Err(vec![problem(0, "", ProblemCode::Empty)]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(&content))
        .flexible(true)
        .has_headers(true)
        .from_reader(content.as_bytes());
    let header_ok = match reader.headers() {
        Ok(h) => {
            let names: Vec<String> = h.iter().map(|n| n.trim().to_lowercase()).collect();
            names.len() == LANGUAGE_COLUMNS.len()
                && names
                    .iter()
                    .zip(LANGUAGE_COLUMNS)
                    .all(|(got, want)| got == want)
        }
        Err(_) => return Err(vec![problem(1, "", ProblemCode::NotCsv)]),
    };
    if !header_ok {
        return Err(vec![problem(
            1,
            &LANGUAGE_COLUMNS.join(";"),
            ProblemCode::WrongColumns,
        )]);
    }
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_ROWS {
            return Err(vec![problem(0, "", ProblemCode::FileTooLarge)]);
        }
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                let line = err.position().map(|p| p.line() as u32).unwrap_or(0);
                problems.push(problem(line, "", ProblemCode::NotCsv));
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
        if record.len() != LANGUAGE_COLUMNS.len() {
            problems.push(problem(line, "", ProblemCode::WrongColumns));
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let mut row_problem = |column: usize, code| {
            problems.push(problem(line, LANGUAGE_COLUMNS[column], code));
        };
        let external_id = match cell(0) {
            "" => {
                row_problem(0, ProblemCode::Missing);
                None
            }
            id if id.chars().count() > 100 => {
                row_problem(0, ProblemCode::TooLong);
                None
            }
            id => Some(id.to_owned()),
        };
        let school_year = match cell(1) {
            "" => {
                row_problem(1, ProblemCode::Missing);
                None
            }
            text => SchoolYear::parse(text).or_else(|| {
                row_problem(1, ProblemCode::BadSchoolYear);
                None
            }),
        };
        let effort = match cell(2) {
            "" => {
                row_problem(2, ProblemCode::Missing);
                None
            }
            text => Effort::parse(text).or_else(|| {
                row_problem(2, ProblemCode::BadEffort);
                None
            }),
        };
        if let (Some(external_id), Some(school_year), Some(effort)) =
            (external_id, school_year, effort)
        {
            rows.push(LanguageRow {
                line,
                external_id,
                school_year,
                effort,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(vec![problem(0, "", ProblemCode::Empty)]);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem as (line, field, code).
    type Found<'a> = (u32, &'a str, ProblemCode);

    #[test]
    fn rows_are_read_with_either_separator_and_in_either_encoding() {
        let cases: [&[u8]; 4] = [
            "eksternt_id;skoleår;indsats\nK-1;2026/27;særlig\n".as_bytes(),
            "\u{feff}eksternt_id,skoleår,indsats\r\nK-1,2026/2027,Særlig\r\n".as_bytes(),
            // Windows-1252: `å` is 0xE5, `æ` 0xE6.
            b"eksternt_id;skole\xe5r;indsats\nK-1;2026;s\xe6rlig\n",
            "EKSTERNT_ID;Skoleår;Indsats\nK-1;2026-27;special\n\n".as_bytes(),
        ];
        for bytes in cases {
            let rows = parse_file(bytes).expect("read");
            assert_eq!(
                rows,
                vec![LanguageRow {
                    line: 2,
                    external_id: "K-1".into(),
                    school_year: SchoolYear(2026),
                    effort: Effort::Special,
                }],
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn every_bad_cell_is_named_with_its_line() {
        // (file, expected problems as (line, field, code))
        let cases: [(&str, Vec<Found>); 6] = [
            (
                "eksternt_id;skoleår;indsats\nK-1;2026/28;generel\nK-2;2026;intensiv\n",
                vec![
                    (2, "skoleår", ProblemCode::BadSchoolYear),
                    (3, "indsats", ProblemCode::BadEffort),
                ],
            ),
            (
                "eksternt_id;skoleår;indsats\n;2026;generel\nK-2;;\n",
                vec![
                    (2, "eksternt_id", ProblemCode::Missing),
                    (3, "skoleår", ProblemCode::Missing),
                    (3, "indsats", ProblemCode::Missing),
                ],
            ),
            (
                "eksternt_id;skoleår\nK-1;2026\n",
                vec![(1, "eksternt_id;skoleår;indsats", ProblemCode::WrongColumns)],
            ),
            (
                "eksternt_id;skoleår;indsats\nK-1;2026\n",
                vec![(2, "", ProblemCode::WrongColumns)],
            ),
            (
                "eksternt_id;skoleår;indsats\n",
                vec![(0, "", ProblemCode::Empty)],
            ),
            ("", vec![(0, "", ProblemCode::Empty)]),
        ];
        for (file, expected) in cases {
            let problems = parse_text(file).expect_err("refused");
            let got: Vec<Found> = problems
                .iter()
                .map(|p| (p.line, p.field.as_str(), p.code))
                .collect();
            assert_eq!(got, expected, "{file:?}");
        }
    }
}
