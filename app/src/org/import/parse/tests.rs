//! The CSV rules, one table of cases each.

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
    let staff =
        "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\nanna;Anna;rektor;;;01-08-2024;\n";
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

#[test]
fn staff_groups_name_a_person_and_a_unit_and_perhaps_a_group() {
    let content = "brugernavn;tilbud;gruppe\n\
                   Pia.P;Skovly;Bien\n\
                   per;Skovly;\n\
                   ;Skovly;Bien\n\
                   ole;;Bien\n";
    assert_eq!(
        problems(ImportKind::StaffGroups, content),
        vec![
            (4, "brugernavn".to_owned(), ProblemCode::Missing),
            (5, "tilbud".to_owned(), ProblemCode::Missing),
        ]
    );
    let good = "brugernavn;tilbud;gruppe\nPia.P;Skovly;Bien\nper;Skovly;\n";
    let Rows::StaffGroups(rows) = parse(ImportKind::StaffGroups, good, TODAY).unwrap() else {
        panic!("staff groups")
    };
    assert_eq!(rows[0].username.as_str(), "pia.p");
    assert_eq!(rows[0].group.as_deref(), Some("Bien"));
    assert_eq!(
        rows[1].group, None,
        "no group: none of the unit's in particular"
    );
}

/// Excel's "CSV (semikolonsepareret)": the header's `ø` and the values' `æøåÆØÅ` arrive as
/// themselves, where a UTF-8 reading made the header a "wrong columns" and the names U+FFFD.
#[test]
fn an_uploaded_file_is_read_in_its_encoding_before_its_rows() {
    let text = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato\n\
                K-1;Åse;Ærø-Øster;12-03-2022;Skovbørnehaven Egern;Grønne stue;01-08-2025\n";
    let (in_1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&in_1252).is_err(),
        "the file is not UTF-8"
    );
    for bytes in [in_1252.as_ref(), text.as_bytes()] {
        let Rows::Children(rows) = parse_file(ImportKind::Children, bytes, TODAY).unwrap() else {
            panic!("children")
        };
        assert_eq!(rows[0].name.first(), "Åse");
        assert_eq!(rows[0].name.last(), "Ærø-Øster");
        assert_eq!(rows[0].group, "Grønne stue");
        assert_eq!(rows[0].unit, "Skovbørnehaven Egern");
    }
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let refused = parse_file(ImportKind::Children, &utf16, TODAY).unwrap_err();
    assert_eq!(refused, single(0, "", ProblemCode::UnknownEncoding));
}

#[test]
fn the_size_limit_counts_the_bytes_uploaded() {
    // Within the limit as Windows-1252, over it once each `ø` takes two bytes as UTF-8. (The
    // groups are too long: the file is refused, but row by row, not as too large.)
    let row = format!("Skovbørnehaven Egern;{}\n", "ø".repeat(250));
    let text = format!("tilbud;gruppe\n{}", row.repeat(19_000));
    let (in_1252, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(in_1252.len() <= MAX_BYTES && text.len() > MAX_BYTES);
    let refused = parse_file(ImportKind::Groups, &in_1252, TODAY).unwrap_err();
    assert_eq!(refused[0].code, ProblemCode::TooLong);
    let over = [in_1252.as_ref(), &b"x".repeat(MAX_BYTES)].concat();
    let refused = parse_file(ImportKind::Groups, &over, TODAY).unwrap_err();
    assert_eq!(refused, single(0, "", ProblemCode::FileTooLarge));
}

const CHILDREN: &str = "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato";

/// What a case expects: the row's last day, or the file's problems (line, field, code).
type Expected = Result<LastDay, Vec<(u32, &'static str, ProblemCode)>>;

/// The optional last column `slutdato` (a placement's last day): a file without it imports as
/// before and says nothing about ends; with it, an empty cell is an open-ended placement.
#[test]
fn the_children_file_takes_an_optional_last_day() {
    let row = "K1;Ada;Lund;01-02-2021;Skovly;Bien;01-08-2026";
    let with = format!("{CHILDREN};slutdato");
    let cases: [(&str, String, Expected); 12] = [
        (
            "no column",
            format!("{CHILDREN}\n{row}\n"),
            Ok(LastDay::Unsaid),
        ),
        ("empty", format!("{with}\n{row};\n"), Ok(LastDay::Open)),
        ("blank", format!("{with}\n{row};  \n"), Ok(LastDay::Open)),
        (
            "Danish",
            format!("{with}\n{row};31-07-2027\n"),
            Ok(LastDay::On(date!(2027 - 07 - 31))),
        ),
        (
            "dotted",
            format!("{with}\n{row};31.7.2027\n"),
            Ok(LastDay::On(date!(2027 - 07 - 31))),
        ),
        (
            "ISO",
            format!("{with}\n{row};2027-07-31\n"),
            Ok(LastDay::On(date!(2027 - 07 - 31))),
        ),
        (
            "one day",
            format!("{with}\n{row};01-08-2026\n"),
            Ok(LastDay::On(date!(2026 - 08 - 01))),
        ),
        (
            "header in another case",
            format!("{CHILDREN}; Slutdato \n{row};31-07-2027\n"),
            Ok(LastDay::On(date!(2027 - 07 - 31))),
        ),
        (
            "before its start",
            format!("{with}\n{row};31-07-2026\n"),
            Err(vec![(2, "slutdato", ProblemCode::EndsBeforeStart)]),
        ),
        (
            "not a date",
            format!("{with}\n{row};til sommer\n"),
            Err(vec![(2, "slutdato", ProblemCode::BadDate)]),
        ),
        (
            "a row without the column",
            format!("{with}\n{row}\n"),
            Err(vec![(2, "", ProblemCode::WrongColumns)]),
        ),
        (
            "another last column",
            format!("{CHILDREN};noter\n{row};x\n"),
            Err(vec![(1, CHILDREN, ProblemCode::WrongColumns)]),
        ),
    ];
    for (case, file, expected) in cases {
        let parsed = parse(ImportKind::Children, &file, TODAY);
        match expected {
            Ok(ends_on) => {
                let Ok(Rows::Children(rows)) = parsed else {
                    panic!("{case}: {parsed:?}")
                };
                assert_eq!(rows.len(), 1, "{case}");
                assert_eq!(rows[0].ends_on, ends_on, "{case}");
                assert_eq!(rows[0].starts_on, date!(2026 - 08 - 01), "{case}");
            }
            Err(expected) => {
                let found: Vec<_> = parsed
                    .expect_err(case)
                    .into_iter()
                    .map(|p| (p.line, p.field, p.code))
                    .collect();
                let expected: Vec<_> = expected
                    .into_iter()
                    .map(|(line, field, code)| (line, field.to_owned(), code))
                    .collect();
                assert_eq!(found, expected, "{case}");
            }
        }
    }
}

/// A child's rows are placements: the same child may come back in one file (a move, a school
/// start planned ahead); whether they fit together is the store's check, against what is kept.
#[test]
fn one_child_may_have_several_rows_each_with_its_dates() {
    let file = format!(
        "{CHILDREN};slutdato\n\
         K1;Ada;Lund;01-02-2021;Skovly;Bien;01-08-2024;31-07-2027\n\
         K1;Ada;Lund;01-02-2021;Bakkeskolen;0.A;01-08-2027;\n"
    );
    let Rows::Children(rows) = parse(ImportKind::Children, &file, TODAY).unwrap() else {
        panic!("children")
    };
    let placements: Vec<_> = rows
        .iter()
        .map(|r| (r.line, r.group.as_str(), r.starts_on, r.ends_on))
        .collect();
    assert_eq!(
        placements,
        [
            (
                2,
                "Bien",
                date!(2024 - 08 - 01),
                LastDay::On(date!(2027 - 07 - 31))
            ),
            (3, "0.A", date!(2027 - 08 - 01), LastDay::Open),
        ]
    );
}
