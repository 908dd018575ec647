//! Breaking text into lines that fit a column, measured on the shaped glyph advances, and
//! putting each line's runs in visual order (Unicode bidi, UAX #9) so an Arabic sentence with a
//! date or a Latin name in it reads right to left and the digits still read left to right.

use std::ops::Range;

use unicode_bidi::{get_base_direction, Direction, Level, ParagraphBidiInfo};

use super::fonts::Weight;
use super::shape::{measure, shape, Run};

/// One laid-out line: its runs in visual order (leftmost first) and its visible width in
/// points. A line broken at a space keeps that space, drawn outside the column (`hang` points,
/// at the right in left-to-right text, the left in right-to-left): text extractors then read
/// "Ida Hansen" across the break instead of guessing from positions ("IdaHansen").
pub(super) struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
    pub hang: f32,
    /// The line's paragraph direction: it aligns to the right if true.
    pub right_to_left: bool,
}

/// A paragraph's base direction (UAX #9 P2/P3).
#[derive(Clone, Copy, Debug)]
pub(super) enum Base {
    /// Translated text and numbers: the reader's language decides.
    Fixed { right_to_left: bool },
    /// Free text written by staff (notes, minutes), often Danish in an Arabic copy: its first
    /// letter decides, so a Danish sentence keeps its full stop at its end; text with no letter
    /// follows the reader's language.
    FirstStrong { otherwise_right_to_left: bool },
}

impl Base {
    fn right_to_left(self, piece: &str) -> bool {
        match self {
            Base::Fixed { right_to_left } => right_to_left,
            Base::FirstStrong {
                otherwise_right_to_left,
            } => match get_base_direction(piece) {
                Direction::Rtl => true,
                Direction::Ltr => false,
                Direction::Mixed => otherwise_right_to_left,
            },
        }
    }
}

/// The lines of `text` at `size` points, none wider than `max_width` points (a word longer than
/// the column is cut between characters rather than overflowing). Each `\n` starts a new line
/// and a blank line stays blank: notes and minutes keep the shape their author gave them.
/// Each line piece has its base direction from `base`.
pub(super) fn wrap(text: &str, weight: Weight, size: f32, max_width: f32, base: Base) -> Vec<Line> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    for piece in text.split('\n') {
        let piece = clean(piece);
        let right_to_left = base.right_to_left(&piece);
        let ranges = break_lines(&piece, weight, max_width / size);
        if ranges.is_empty() {
            lines.push(Line {
                runs: Vec::new(),
                width: 0.0,
                hang: 0.0,
                right_to_left,
            });
            continue;
        }
        // One bidi paragraph per piece: `clean` removed every paragraph separator.
        let level = if right_to_left {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let bidi = ParagraphBidiInfo::new(&piece, Some(level));
        let space = measure(" ", weight) * size;
        for mut range in ranges {
            let hang = if piece.as_bytes().get(range.end) == Some(&b' ') {
                range.end += 1;
                space
            } else {
                0.0
            };
            let (levels, runs) = bidi.visual_runs(range);
            let runs: Vec<Run> = runs
                .into_iter()
                .map(|run| {
                    shape(
                        &piece[run.clone()],
                        weight,
                        Some(levels[run.start].is_rtl()),
                    )
                })
                .collect();
            let width = runs.iter().map(|r| r.advance).sum::<f32>() * size - hang;
            lines.push(Line {
                runs,
                width,
                hang,
                right_to_left,
            });
        }
    }
    lines
}

/// Turns tabs, carriage returns, other control characters and exotic spaces (including the
/// bidi paragraph separators) into one plain space between words, so the breaker has a single
/// separator to measure. No-break spaces stay: they keep "12. marts" together.
fn clean(piece: &str) -> String {
    let mut out = String::with_capacity(piece.len());
    for c in piece.chars() {
        let space = c.is_control()
            || (c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'));
        if !space {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Greedy line breaking at spaces, in logical order; widths in em. Returns byte ranges of
/// `piece`, without the spaces at the breaks.
fn break_lines(piece: &str, weight: Weight, max_em: f32) -> Vec<Range<usize>> {
    let space = measure(" ", weight);
    let mut lines = Vec::new();
    let mut current: Option<(Range<usize>, f32)> = None;
    for word in words(piece) {
        for (part, width) in fit_word(piece, word, weight, max_em) {
            match &mut current {
                Some((range, used)) if *used + space + width <= max_em => {
                    range.end = part.end;
                    *used += space + width;
                }
                _ => {
                    lines.extend(current.take().map(|(range, _)| range));
                    current = Some((part, width));
                }
            }
        }
    }
    lines.extend(current.map(|(range, _)| range));
    lines
}

/// Byte ranges of the words of a cleaned piece (separated by single spaces).
fn words(piece: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    piece.split(' ').filter_map(move |word| {
        let range = start..start + word.len();
        start = range.end + 1;
        (!word.is_empty()).then_some(range)
    })
}

/// The word as one part, or, when it is wider than the column (a long link, a pasted code),
/// cut into parts that fit, measured character by character. Every part has at least one
/// character, so the breaker always moves on.
fn fit_word(
    piece: &str,
    word: Range<usize>,
    weight: Weight,
    max_em: f32,
) -> Vec<(Range<usize>, f32)> {
    let width = measure(&piece[word.clone()], weight);
    if width <= max_em {
        return vec![(word, width)];
    }
    let mut parts = Vec::new();
    let (mut start, mut used) = (word.start, 0.0);
    for (offset, c) in piece[word.clone()].char_indices() {
        let at = word.start + offset;
        let w = measure(&piece[at..at + c.len_utf8()], weight);
        if used + w > max_em && at > start {
            parts.push((start..at, used));
            (start, used) = (at, 0.0);
        }
        used += w;
    }
    parts.push((start..word.end, used));
    parts
}
