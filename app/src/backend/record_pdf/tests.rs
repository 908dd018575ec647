//! The renderer checked from the outside (the text read back out of the PDF, as a screen reader
//! or copy-and-paste gets it) and at the layout (widths, alignment, joining).

use super::flow::{Item, MARGIN, PAGE_W};
use super::fonts::Weight;
use super::layout::layout;
use super::shape::shape;
use super::wrap::{wrap, Base};
use super::{render, RecordDocument};

mod fixtures;
use fixtures::{
    entry, keep, minutes, normal, pages_text, record, section, ARABIC, DANISH, POLISH, SOMALI,
};

#[test]
fn every_text_comes_back_out_of_the_pdf() {
    for (lang, texts) in [("da", DANISH), ("pl", POLISH), ("so", SOMALI)] {
        let pdf = render(&record(lang, texts));
        keep(&format!("record-{lang}.pdf"), &pdf);
        let text = normal(&pages_text(&pdf).concat());
        for expected in texts {
            // Whole strings for titles, headings, labels and values (wrapping only turns a
            // space into a line break); paragraphs word by word as well.
            assert!(
                text.contains(&normal(expected)),
                "{lang}: {expected:?} not in {text:?}"
            );
            for word in expected.split_whitespace() {
                assert!(text.contains(word), "{lang}: {word:?} not in {text:?}");
            }
        }
    }
}

#[test]
fn an_empty_section_shows_its_empty_text_and_a_full_one_does_not() {
    for (entries, shows_empty) in [
        (vec![], true),
        (vec![entry("Mødereferat", &[], &[])], false),
    ] {
        let mut doc = record("da", DANISH);
        doc.sections = vec![section("Fokusmøder", "Ingen fokusmøder", entries)];
        let text = normal(&pages_text(&render(&doc)).concat());
        assert_eq!(text.contains("Ingen fokusmøder"), shows_empty, "{text:?}");
        assert!(text.contains("Fokusmøder"));
    }
}
#[test]
fn long_minutes_flow_over_pages_and_every_page_is_numbered() {
    // (paragraphs, fewest pages, most pages)
    for (paragraphs, fewest, most) in [(0, 1, 1), (1, 1, 1), (20, 3, 6)] {
        let pages = pages_text(&render(&minutes(paragraphs)));
        let count = pages.len();
        assert!(
            (fewest..=most).contains(&count),
            "{paragraphs} paragraphs: {count} pages"
        );
        for (n, page) in pages.iter().enumerate() {
            let number = format!("{} / {count}", n + 1);
            assert!(
                page.contains(&number),
                "page {}: no {number:?} in {page:?}",
                n + 1
            );
            assert!(
                page.contains("Udskrevet 7. december 2026"),
                "page {} has no footer",
                n + 1
            );
        }
        // Nothing lost at a break: every paragraph's marker, in order, across the pages.
        let all = normal(&pages.concat());
        let mut at = 0;
        for n in 1..=paragraphs {
            let found = all[at..].find(&format!("Afsnit{n} ")).map(|i| at + i);
            at = found.unwrap_or_else(|| panic!("Afsnit{n} missing or out of order"));
        }
    }
}

#[test]
fn no_line_leaves_its_column_and_no_word_is_lost() {
    let long_word = "https://tvaers.example.dk/".repeat(12);
    let cases = [
        ("Intet registreret", 100.0, Weight::Regular, false),
        (DANISH[9], 150.0, Weight::Regular, false),
        (POLISH[11], 120.0, Weight::Bold, false),
        (ARABIC[9], 130.0, Weight::Regular, true),
        (long_word.as_str(), 200.0, Weight::Regular, false),
        (
            "Linje et\n\nlinje tre\tmed\ttab",
            400.0,
            Weight::Regular,
            false,
        ),
    ];
    for (text, width, weight, rtl) in cases {
        let lines = wrap(
            text,
            weight,
            11.0,
            width,
            Base::Fixed { right_to_left: rtl },
        );
        for line in &lines {
            assert!(
                line.width <= width + 0.01,
                "{text:?}: a line of {} > {width}",
                line.width
            );
        }
        let mut got: Vec<char> = lines
            .iter()
            .flat_map(|l| &l.runs)
            .flat_map(|r| r.text.chars())
            .collect();
        let mut want: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        got.retain(|c| !c.is_whitespace());
        // Runs are in visual order; compare the characters as sets of counts.
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "{text:?}");
    }
    assert_eq!(
        wrap(
            "Linje et\n\nlinje tre",
            Weight::Regular,
            11.0,
            400.0,
            Base::Fixed {
                right_to_left: false
            }
        )
        .len(),
        3
    );
}

#[test]
fn arabic_letters_join_inside_a_word() {
    // The first letter of a word shaped in the word is its initial form: another glyph than
    // the letter alone.
    for (word, letter) in [("سلام", "س"), ("إيدا", "ي"), ("هانسن", "ه")] {
        let shaped = shape(word, Weight::Regular, Some(true));
        let alone = shape(letter, Weight::Regular, Some(true));
        let at = word.find(letter).expect("the letter is in the word");
        let glyph = shaped
            .glyphs
            .iter()
            .find(|g| g.text_range.start == at)
            .expect("a glyph");
        assert_ne!(
            glyph.glyph_id, alone.glyphs[0].glyph_id,
            "{letter} is not joined in {word}"
        );
    }
}

/// Every text line of a layout: left edge, baseline, width with the hanging space, direction,
/// and whether it is the page number.
fn placed(doc: &RecordDocument) -> Vec<(f32, f32, f32, bool, bool)> {
    let mut lines = Vec::new();
    for item in layout(doc).iter().flatten() {
        if let Item::Text {
            x, baseline, line, ..
        } = item
        {
            let number = line.runs.iter().any(|r| r.text.contains(" / "));
            lines.push((
                *x,
                *baseline,
                line.width + line.hang,
                line.right_to_left,
                number,
            ));
        }
    }
    lines
}

#[test]
fn an_arabic_copy_is_the_left_to_right_layout_mirrored() {
    // The same document laid out for a left-to-right reader and for a right-to-left one: each
    // line that changes direction moves to the mirrored place; free text in its own direction
    // and the page number (digits, left to right) keep theirs.
    let arabic = record("ar", ARABIC);
    let ltr = RecordDocument {
        right_to_left: false,
        ..arabic.clone()
    };
    let (right, left) = (placed(&arabic), placed(&ltr));
    assert_eq!(right.len(), left.len());
    for ((rx, rb, rw, r_rtl, number), (lx, lb, lw, l_rtl, _)) in right.into_iter().zip(left) {
        assert_eq!(rb, lb);
        if number {
            assert!((rx - MARGIN).abs() < 0.01, "the number is not at the left");
            assert!(
                (lx + lw - (PAGE_W - MARGIN)).abs() < 0.01,
                "the number is not at the right"
            );
        } else if r_rtl != l_rtl {
            assert!(
                (rx + rw - (PAGE_W - lx)).abs() < 0.01,
                "not mirrored: {rx} + {rw} vs {lx}"
            );
        } else {
            assert!((rx - lx).abs() < 0.01, "free text moved: {rx} vs {lx}");
        }
    }
}

#[test]
fn free_text_keeps_its_own_direction() {
    // (reader right to left, note, the note reads right to left)
    for (rtl, note, note_rtl) in [
        (true, "Ida sov dårligt i denne uge.", false),
        (true, "نامت إيدا بشكل سيئ هذا الأسبوع.", true),
        (true, "12.03.2026", true),
        (false, "نامت إيدا بشكل سيئ هذا الأسبوع.", true),
        (false, "12.03.2026", false),
    ] {
        let doc = RecordDocument {
            right_to_left: rtl,
            sections: vec![section("Noter", "", vec![entry("Note", &[], &[note])])],
            ..Default::default()
        };
        let pages = layout(&doc);
        let (x, w, line_rtl) = pages
            .iter()
            .flatten()
            .find_map(|item| match item {
                Item::Text { x, line, .. }
                    if line
                        .runs
                        .iter()
                        .any(|r| !r.text.trim().is_empty() && note.contains(r.text.trim())) =>
                {
                    Some((*x, line.width + line.hang, line.right_to_left))
                }
                _ => None,
            })
            .expect("the note is on the page");
        assert_eq!(line_rtl, note_rtl, "{note:?}");
        let at_start = if note_rtl {
            (x + w - (PAGE_W - MARGIN)).abs()
        } else {
            (x - MARGIN).abs()
        };
        assert!(at_start < 0.01, "{note:?} is not at its start");
    }
}

#[test]
fn arabic_renders_and_reads_back() {
    // Shaping turns letters into presentation forms and the glyphs of a right-to-left run come
    // in visual order, so the text read back is not the input string: compare loosely. It
    // must hold many Arabic letters (basic block or presentation forms) and the Latin and
    // digits that stayed as they were.
    let pdf = render(&record("ar", ARABIC));
    keep("record-ar.pdf", &pdf);
    let text = pages_text(&pdf).concat();
    let arabic = |c: char| matches!(c, '\u{0600}'..='\u{06ff}' | '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}');
    assert!(
        text.chars().filter(|&c| arabic(c)).count() > 200,
        "{text:?}"
    );
    for kept in ["Tværs", "2026", "2031", "1 / 1"] {
        assert!(text.contains(kept), "{kept:?} not in {text:?}");
    }
}

#[test]
fn a_ten_page_record_stays_small_and_the_same() {
    // Measured on 10 pages (December 2026): 38,301 bytes in Danish, 51,739 bytes in Arabic with
    // Danish minutes (both cuts of the font, with Arabic glyphs). The bound leaves room for
    // change and catches a font embedded whole (DejaVu Sans alone is 740 KB) or content
    // streams left uncompressed.
    const BOUND: usize = 80_000;
    let mut arabic = record("ar", ARABIC);
    arabic.sections[0]
        .entries
        .extend(minutes(50).sections[0].entries.clone());
    for (name, doc) in [("minutes-da.pdf", minutes(50)), ("minutes-ar.pdf", arabic)] {
        let pdf = render(&doc);
        keep(name, &pdf);
        let pages = pages_text(&pdf).len();
        eprintln!("{name}: {} bytes, {pages} pages", pdf.len());
        assert!((10..=12).contains(&pages), "{name}: {pages} pages");
        assert!(
            pdf.len() < BOUND,
            "{name}: {} bytes for {pages} pages",
            pdf.len()
        );
        assert_eq!(
            pdf,
            render(&doc),
            "{name}: the same record gives other bytes"
        );
    }
}

#[test]
fn characters_outside_the_font_do_not_break_the_document() {
    // Staff may paste an emoji or another script into a note: DejaVu Sans has no glyph for
    // them, so they show as the font's empty box, and the words around them still read back.
    for note in [
        "Glad dag 😀 på tur",
        "Navn: 王芳 (mor)",
        "Tab\there\u{0}and\u{2029}there",
    ] {
        let doc = RecordDocument {
            sections: vec![section("Noter", "", vec![entry("Note", &[], &[note])])],
            ..Default::default()
        };
        let text = normal(&pages_text(&render(&doc)).concat());
        for word in note
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.is_ascii() && !w.is_empty())
        {
            assert!(text.contains(word), "{word:?} not in {text:?}");
        }
    }
}
