//! The embedded typeface. The server never reads system fonts: what a parent receives must not
//! depend on the machine that printed it. DejaVu Sans covers Latin Extended (Danish, Polish,
//! Somali) and Arabic with its joining forms in one family, so a run never needs a fallback
//! font. Source and licence: `app/fonts/README.md`.

use std::sync::LazyLock;

use krilla::text::Font;

static REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");

/// The two cuts the layout uses: bold for headings and entry titles, regular for the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Weight {
    Regular,
    Bold,
}

/// One cut, parsed once per process: the shaper's view (glyph advances, GSUB/GPOS) and the
/// PDF writer's (which subsets it into each document).
pub(super) struct Face {
    pub shaper: rustybuzz::Face<'static>,
    pub pdf: Font,
}

fn load(bytes: &'static [u8]) -> Face {
    // Both parsers read the same bytes that the tests exercise: failing here is a broken build,
    // not a runtime condition.
    Face {
        shaper: rustybuzz::Face::from_slice(bytes, 0).expect("embedded font parses (rustybuzz)"),
        pdf: Font::new(bytes.into(), 0).expect("embedded font parses (krilla)"),
    }
}

static REGULAR: LazyLock<Face> = LazyLock::new(|| load(REGULAR_TTF));
static BOLD: LazyLock<Face> = LazyLock::new(|| load(BOLD_TTF));

impl Weight {
    pub(super) fn face(self) -> &'static Face {
        match self {
            Weight::Regular => &REGULAR,
            Weight::Bold => &BOLD,
        }
    }
}
