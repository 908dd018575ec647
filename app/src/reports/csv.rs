//! A report as a CSV file that Danish Excel opens as it is: `;` between cells (the comma is the
//! decimal sign), UTF-8 with a byte-order mark (without it Excel reads æøå as Windows-1252),
//! CRLF line ends, and no cell that Excel would run as a formula.

use crate::wire::report::{ReportCell, ReportTable};

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// The whole file. Text cells that start like a formula (`=`, `+`, `-`, `@`, and the tab and
/// carriage return Excel also accepts) get a leading apostrophe and are quoted, as OWASP's
/// advice on CSV injection has it; numbers are written as numbers.
pub fn danish_excel_csv(table: &ReportTable) -> Vec<u8> {
    let mut out = BYTE_ORDER_MARK.to_vec();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let header: Vec<String> = table.columns.iter().map(|c| neutralised(c)).collect();
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(&header);
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                ReportCell::Text(text) => neutralised(text),
                other => other.danish_text(),
            })
            .collect();
        let _ = writer.write_record(&cells);
    }
    out.extend(writer.into_inner().unwrap_or_default());
    out
}

/// A text that Excel would take for a formula gets an apostrophe in front; the writer quotes
/// what needs quoting (`;`, quotes, line breaks).
fn neutralised(text: &str) -> String {
    if starts_like_a_formula(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn starts_like_a_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ShownCount;

    fn text_of(bytes: &[u8]) -> String {
        assert!(
            bytes.starts_with(BYTE_ORDER_MARK),
            "the file starts with a BOM"
        );
        String::from_utf8(bytes[3..].to_vec()).unwrap()
    }

    #[test]
    fn formulas_cannot_run_and_separators_stay_inside_their_cell() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+45 12 34", "'+45 12 34"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("Egern; Nord", "\"Egern; Nord\""),
            ("Sagt \"nej\"", "\"Sagt \"\"nej\"\"\""),
            ("Børnehuset Æblegården", "Børnehuset Æblegården"),
            ("a - b", "a - b"),
        ];
        for (cell, expected) in cases {
            let table = ReportTable {
                columns: vec!["Enhed".into()],
                rows: vec![vec![ReportCell::Text(cell.into())]],
            };
            let text = text_of(&danish_excel_csv(&table));
            assert_eq!(text, format!("Enhed\r\n{expected}\r\n"), "{cell}");
        }
    }

    #[test]
    fn numbers_use_the_decimal_comma_and_small_counts_stay_hidden() {
        let table = ReportTable {
            columns: vec!["Runde".into(), "Børn".into(), "Rød".into(), "Andel".into()],
            rows: vec![vec![
                ReportCell::Text("Efterår 2026".into()),
                ReportCell::Count(ShownCount::Exact(120)),
                ReportCell::Count(ShownCount::FewerThan(5)),
                ReportCell::Percent(Some(87.5)),
            ]],
        };
        let text = text_of(&danish_excel_csv(&table));
        assert_eq!(text, "Runde;Børn;Rød;Andel\r\nEfterår 2026;120;<5;87,5\r\n");
    }
}
