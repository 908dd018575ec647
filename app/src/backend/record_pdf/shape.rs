//! Shaping one directional run with rustybuzz: the glyphs the PDF draws and the advances the
//! line breaker measures are the same numbers, so a wrapped line never overflows its column.
//! Arabic gets its joined forms here (GSUB `init`/`medi`/`fina`, `rlig`), brackets in a
//! right-to-left run are mirrored.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, UnicodeBuffer};

use super::fonts::Weight;

/// Glyphs of one run in visual order (left to right on the page), with the text they stand
/// for, so the PDF maps every glyph back to its characters (copy, search, screen readers).
pub(super) struct Run {
    pub weight: Weight,
    pub text: String,
    pub glyphs: Vec<KrillaGlyph>,
    /// Sum of the glyph advances in em; times the font size gives points.
    pub advance: f32,
}

/// Shapes `text` as one run of one direction. The caller has split the line by bidi level, so
/// a run never mixes directions; `None` takes the direction of the text's script (measuring).
pub(super) fn shape(text: &str, weight: Weight, right_to_left: Option<bool>) -> Run {
    let face = &weight.face().shaper;
    let per_em = face.units_per_em() as f32;
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    // Script from the text itself (Latin or Arabic); the direction from the bidi level.
    buffer.guess_segment_properties();
    match right_to_left {
        Some(true) => buffer.set_direction(Direction::RightToLeft),
        Some(false) => buffer.set_direction(Direction::LeftToRight),
        None => {}
    }
    let output = rustybuzz::shape(face, &[], buffer);

    // A glyph's text is its cluster up to the next cluster in logical order; in a
    // right-to-left run the glyphs come reversed, so look the end up rather than take the
    // neighbour.
    let mut starts: Vec<usize> = output
        .glyph_infos()
        .iter()
        .map(|i| i.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| {
        let next = starts.partition_point(|&s| s <= start);
        starts.get(next).copied().unwrap_or(text.len())
    };

    let mut advance = 0.0;
    let glyphs = output
        .glyph_infos()
        .iter()
        .zip(output.glyph_positions())
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            let x_advance = pos.x_advance as f32 / per_em;
            advance += x_advance;
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                x_advance,
                pos.x_offset as f32 / per_em,
                pos.y_offset as f32 / per_em,
                pos.y_advance as f32 / per_em,
                start..end_of(start),
                None,
            )
        })
        .collect();
    Run {
        weight,
        text: text.to_owned(),
        glyphs,
        advance,
    }
}

/// Width of `text` in em, for measuring words before the line is known.
pub(super) fn measure(text: &str, weight: Weight) -> f32 {
    shape(text, weight, None).advance
}
