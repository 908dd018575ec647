//! The parents' copy of everything registered about their child, as a PDF (their right of
//! access, GDPR art. 15). This module only lays out and renders: the caller gathers the record
//! and translates every string into the reader's language first.
//!
//! A4, 20 mm margins, 11 pt body text with a title, section and entry hierarchy; lines wrapped
//! on shaped glyph advances, pages broken automatically, "n / m" in every footer. One embedded
//! font (DejaVu Sans, `fonts.rs`) covers Danish, Polish, Somali and Arabic; Arabic is shaped
//! (joined) by rustybuzz and ordered right to left by the Unicode bidi algorithm. The PDF keeps
//! the text extractable and embeds only the glyphs used.
//!
//! - `wrap.rs`: words → lines, bidi runs; `shape.rs`: a run → glyphs and advances
//! - `layout.rs`: lines → pages, footers; `draw.rs`: pages → PDF bytes

mod draw;
mod flow;
mod fonts;
mod layout;
mod shape;
mod wrap;

#[cfg(test)]
mod tests;

/// One document, every string already in the reader's language.
#[derive(Clone, Debug, Default)]
pub struct RecordDocument {
    /// BCP 47 language of the texts ("da", "en", "ar", "pl", "so"): written into the PDF for
    /// screen readers.
    pub lang: String,
    /// True for Arabic: lines align right, label columns mirror, runs order right to left.
    pub right_to_left: bool,
    /// e.g. "Alt registreret om Ida Hansen"
    pub title: String,
    /// Paragraphs under the title.
    pub intro: Vec<String>,
    pub sections: Vec<RecordSection>,
    /// e.g. "Udskrevet 7. december 2026 · Tværs"; the page number "n / m" is added beside it.
    pub footer: String,
}

#[derive(Clone, Debug, Default)]
pub struct RecordSection {
    pub heading: String,
    /// Shown when `entries` is empty, e.g. "Intet registreret".
    pub empty: String,
    pub entries: Vec<RecordEntry>,
}

#[derive(Clone, Debug, Default)]
pub struct RecordEntry {
    /// e.g. "Fælles position · 12. marts 2026"
    pub title: String,
    /// Label and value, e.g. ("Slettes", "12. marts 2031").
    pub facts: Vec<(String, String)>,
    /// Paragraphs of free text (notes, minutes); any length, `\n` starts a new line.
    pub text: Vec<String>,
}

/// The document as PDF bytes. Never reads files or system fonts; the same document gives the
/// same bytes.
pub fn render(doc: &RecordDocument) -> Vec<u8> {
    let pages = layout::layout(doc);
    draw::draw(doc, &pages)
}
