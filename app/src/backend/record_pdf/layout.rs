//! The document on pages: title, intro, then each section with its entries, in a clear
//! hierarchy; then the footer on every page, once the page count is known ("n / m").

use super::flow::{
    Column, Flow, Ink, Item, Page, Style, BASELINE, FOOTER_BASELINE, FULL, MARGIN, WIDTH,
};
use super::fonts::Weight;
use super::wrap::{wrap, Base};
use super::RecordDocument;

// Title, section, entry, then body text no smaller than 11 pt.
const TITLE: Style = Style {
    weight: Weight::Bold,
    size: 20.0,
    ink: Ink::Text,
};
const HEADING: Style = Style {
    weight: Weight::Bold,
    size: 15.0,
    ink: Ink::Text,
};
const ENTRY: Style = Style {
    weight: Weight::Bold,
    size: 12.5,
    ink: Ink::Text,
};
const BODY: Style = Style {
    weight: Weight::Regular,
    size: 11.0,
    ink: Ink::Text,
};
const NOTE: Style = Style {
    weight: Weight::Regular,
    size: 11.0,
    ink: Ink::Muted,
};
const FOOTER: Style = Style {
    weight: Weight::Regular,
    size: 10.0,
    ink: Ink::Muted,
};
/// Between the label and the value column.
const COLUMN_GAP: f32 = 12.0;

pub(super) fn layout(doc: &RecordDocument) -> Vec<Page> {
    let rtl = doc.right_to_left;
    let fixed = Base::Fixed { right_to_left: rtl };
    // The footer's text sits at the reader's leading side; the trailing side keeps room for
    // the page number.
    let number_room = width_of("888 / 888", FOOTER, fixed) + COLUMN_GAP;
    let footer_col = Column {
        start: 0.0,
        width: WIDTH - number_room,
    };
    let footer_lines = wrap(
        &doc.footer,
        FOOTER.weight,
        FOOTER.size,
        footer_col.width,
        fixed,
    );
    let footer_lines = footer_lines.len().max(1) as f32;
    let footer_top =
        FOOTER_BASELINE - BASELINE * FOOTER.size - (footer_lines - 1.0) * FOOTER.lead();
    let footer_rule = footer_top - 4.0;

    let mut flow = Flow::new(rtl, MARGIN, footer_rule - 10.0);
    flow.text(&doc.title, TITLE, FULL, fixed);
    flow.gap(4.0);
    flow.rule(1.2);
    flow.gap(10.0);
    for paragraph in &doc.intro {
        flow.text(paragraph, BODY, FULL, fixed);
        flow.gap(6.0);
    }

    // One label column for the whole document, as wide as its longest label up to 38 % of the
    // width, so values line up from entry to entry; a longer label wraps inside it.
    let labels = doc
        .sections
        .iter()
        .flat_map(|s| &s.entries)
        .flat_map(|e| &e.facts);
    let widest = labels
        .map(|(label, _)| width_of(label, NOTE, fixed))
        .fold(0.0, f32::max);
    let label = Column {
        start: 0.0,
        width: widest.clamp(0.15 * WIDTH, 0.38 * WIDTH),
    };
    let value_start = label.width + COLUMN_GAP;
    let value = Column {
        start: value_start,
        width: WIDTH - value_start,
    };

    for section in &doc.sections {
        flow.gap(18.0);
        let heading = wrap(&section.heading, HEADING.weight, HEADING.size, WIDTH, fixed);
        // Never a heading alone at the foot of a page: it goes with its first entry's title
        // and first line.
        flow.room(heading.len() as f32 * HEADING.lead() + 12.0 + ENTRY.lead() + BODY.lead());
        flow.lines(heading, HEADING, FULL);
        flow.gap(2.0);
        flow.rule(0.6);
        flow.gap(8.0);
        if section.entries.is_empty() {
            flow.text(&section.empty, NOTE, FULL, fixed);
        }
        for (i, entry) in section.entries.iter().enumerate() {
            if i > 0 {
                flow.gap(12.0);
            }
            let title = wrap(&entry.title, ENTRY.weight, ENTRY.size, WIDTH, fixed);
            flow.room(title.len() as f32 * ENTRY.lead() + BODY.lead());
            flow.lines(title, ENTRY, FULL);
            flow.gap(3.0);
            for (l, v) in &entry.facts {
                let l = wrap(l, NOTE.weight, NOTE.size, label.width, fixed);
                let v = wrap(v, BODY.weight, BODY.size, value.width, fixed);
                flow.row(l, v, [NOTE, BODY], [label, value]);
            }
            for paragraph in &entry.text {
                flow.gap(6.0);
                let base = flow.free();
                flow.text(paragraph, BODY, FULL, base);
            }
        }
    }

    let mut pages = flow.pages;
    let count = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        page.push(Item::Rule {
            y: footer_rule,
            thickness: 0.5,
        });
        let mut footer = Flow::new(rtl, footer_top, f32::INFINITY);
        footer.text(&doc.footer, FOOTER, footer_col, fixed);
        // The page number is digits in left-to-right order whatever the language, so it is
        // laid out on its own: "3 / 10" must not come out as "10 / 3" in Arabic. It sits on
        // the footer's last line, at the trailing side.
        let number = format!("{} / {count}", n + 1);
        let number = wrap(
            &number,
            FOOTER.weight,
            FOOTER.size,
            WIDTH,
            Base::Fixed {
                right_to_left: false,
            },
        );
        footer.y = footer_top + (footer_lines - 1.0) * FOOTER.lead();
        for line in number {
            let col = Column {
                start: WIDTH - line.width,
                width: line.width,
            };
            footer.put(line, FOOTER, col);
        }
        page.extend(footer.pages.into_iter().flatten());
    }
    pages
}

/// Width of `text` on one line.
fn width_of(text: &str, style: Style, base: Base) -> f32 {
    let lines = wrap(text, style.weight, style.size, f32::INFINITY, base);
    lines.iter().map(|l| l.width).fold(0.0, f32::max)
}
