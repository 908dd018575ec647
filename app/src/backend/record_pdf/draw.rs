//! Writing the laid-out pages as PDF with krilla: each run's glyphs with the text they stand
//! for (so the PDF can be searched, copied and read aloud), the font subset to the glyphs used,
//! content streams compressed.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{Metadata, TextDirection};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::Document;

use super::flow::{Ink, Item, Page, MARGIN, PAGE_H, PAGE_W, WIDTH};
use super::RecordDocument;

fn fill(ink: Ink) -> Fill {
    let colour = match ink {
        Ink::Text => rgb::Color::new(0x1a, 0x1a, 0x1a),
        Ink::Muted => rgb::Color::new(0x4d, 0x4d, 0x4d),
    };
    Fill {
        paint: colour.into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

pub(super) fn draw(doc: &RecordDocument, pages: &[Page]) -> Vec<u8> {
    let mut document = Document::new();
    // Title and language for the viewer's title bar and for screen readers; no creation date,
    // so the same record gives the same bytes.
    let mut metadata = Metadata::new()
        .title(doc.title.clone())
        .language(doc.lang.clone())
        .creator("Tværs".to_owned());
    if doc.right_to_left {
        metadata = metadata.text_direction(TextDirection::RightToLeft);
    }
    document.set_metadata(metadata);

    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).expect("A4 is a valid page size");
    for items in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for item in items {
            match item {
                Item::Text {
                    x,
                    baseline,
                    size,
                    ink,
                    line,
                } => {
                    surface.set_fill(Some(fill(*ink)));
                    let mut x = *x;
                    for run in &line.runs {
                        let font = run.weight.face().pdf.clone();
                        let start = Point::from_xy(x, *baseline);
                        surface.draw_glyphs(start, &run.glyphs, font, &run.text, *size, false);
                        x += run.advance * size;
                    }
                }
                Item::Rule { y, thickness } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(MARGIN, *y, WIDTH, *thickness) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_fill(Some(fill(Ink::Muted)));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    // Without a validator krilla fails only if a font cannot be embedded; the font is ours and
    // the tests embed every glyph range the app's languages use.
    document.finish().expect("the record PDF serialises")
}
