//! The page geometry and the cursor that fills pages: it places lines from the top, breaks to
//! a new page when the next line would run into the footer, and mirrors columns for a
//! right-to-left reader.

use super::fonts::Weight;
use super::wrap::{wrap, Base, Line};

const MM: f32 = 72.0 / 25.4;
pub(super) const PAGE_W: f32 = 210.0 * MM;
pub(super) const PAGE_H: f32 = 297.0 * MM;
/// 20 mm at the sides and top: printable on any office printer, and on a phone the page
/// fills the width with text rather than white.
pub(super) const MARGIN: f32 = 20.0 * MM;
pub(super) const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
/// The footer's last baseline; its descenders stay above 15 mm from the edge.
pub(super) const FOOTER_BASELINE: f32 = PAGE_H - 15.0 * MM - 3.0;
/// Line height as a multiple of the font size, and where the baseline sits in that height
/// (DejaVu Sans: ascent 0.93 em, descent 0.24 em, centred in 1.4 em).
const LEADING: f32 = 1.4;
pub(super) const BASELINE: f32 = 1.05;

/// Grey for labels, the empty-section text and the footer; dark enough for a 7:1 contrast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ink {
    Text,
    Muted,
}

#[derive(Clone, Copy)]
pub(super) struct Style {
    pub weight: Weight,
    pub size: f32,
    pub ink: Ink,
}

impl Style {
    pub(super) fn lead(self) -> f32 {
        self.size * LEADING
    }
}

/// What a page shows, in page coordinates (points, origin top left, y down). A rule spans the
/// text width.
pub(super) enum Item {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        ink: Ink,
        line: Line,
    },
    Rule {
        y: f32,
        thickness: f32,
    },
}

pub(super) type Page = Vec<Item>;

/// A column within the text width, measured from the reader's leading edge (the left in
/// Danish, the right in Arabic), so one layout serves both directions.
#[derive(Clone, Copy)]
pub(super) struct Column {
    pub start: f32,
    pub width: f32,
}

pub(super) const FULL: Column = Column {
    start: 0.0,
    width: WIDTH,
};

/// The cursor: `y` is the top of the next line's box; nothing goes below `bottom`.
pub(super) struct Flow {
    pub rtl: bool,
    pub pages: Vec<Page>,
    pub y: f32,
    pub bottom: f32,
}

impl Flow {
    pub(super) fn new(rtl: bool, top: f32, bottom: f32) -> Self {
        Flow {
            rtl,
            pages: vec![Page::new()],
            y: top,
            bottom,
        }
    }

    /// Free text: its own direction (`Base::FirstStrong`); translated text takes
    /// `Base::Fixed` with the reader's.
    pub(super) fn free(&self) -> Base {
        Base::FirstStrong {
            otherwise_right_to_left: self.rtl,
        }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    /// Starts a new page unless `height` still fits on this one. An empty page takes anything,
    /// so a block taller than a page cannot loop.
    pub(super) fn room(&mut self, height: f32) {
        if self.y + height > self.bottom && !self.page().is_empty() {
            self.pages.push(Page::new());
            self.y = MARGIN;
        }
    }

    /// Vertical space, dropped at the top of a page.
    pub(super) fn gap(&mut self, height: f32) {
        if !self.page().is_empty() {
            self.y += height;
        }
    }

    pub(super) fn rule(&mut self, thickness: f32) {
        self.room(thickness);
        let y = self.y;
        self.page().push(Item::Rule { y, thickness });
        self.y += thickness;
    }

    pub(super) fn text(&mut self, text: &str, style: Style, col: Column, base: Base) {
        let lines = wrap(text, style.weight, style.size, col.width, base);
        self.lines(lines, style, col);
    }

    /// Lines one by one, each breaking to a new page if need be: long minutes flow on.
    pub(super) fn lines(&mut self, lines: Vec<Line>, style: Style, col: Column) {
        for line in lines {
            self.room(style.lead());
            self.put(line, style, col);
            self.y += style.lead();
        }
    }

    /// A label and its value side by side, line by line, so a long value may go on to the
    /// next page too.
    pub(super) fn row(
        &mut self,
        label: Vec<Line>,
        value: Vec<Line>,
        styles: [Style; 2],
        cols: [Column; 2],
    ) {
        let (mut labels, mut values) = (label.into_iter(), value.into_iter());
        let lead = styles[0].lead().max(styles[1].lead());
        loop {
            let (l, v) = (labels.next(), values.next());
            if l.is_none() && v.is_none() {
                break;
            }
            self.room(lead);
            l.into_iter()
                .for_each(|line| self.put(line, styles[0], cols[0]));
            v.into_iter()
                .for_each(|line| self.put(line, styles[1], cols[1]));
            self.y += lead;
        }
    }

    /// Places one line at the current height, at its own start within the column: the right
    /// for a right-to-left line, the left otherwise.
    pub(super) fn put(&mut self, line: Line, style: Style, col: Column) {
        let left = if self.rtl {
            PAGE_W - MARGIN - col.start - col.width
        } else {
            MARGIN + col.start
        };
        let x = if line.right_to_left {
            left + col.width - line.width - line.hang
        } else {
            left
        };
        let baseline = self.y + BASELINE * style.size;
        let (size, ink) = (style.size, style.ink);
        self.page().push(Item::Text {
            x,
            baseline,
            size,
            ink,
            line,
        });
    }
}
