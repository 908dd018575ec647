//! The words of a well-being assessment (*trivselsvurdering*), each parsed once at the edge.

use super::{Problem, ProblemCode};
use serde::{Deserialize, Serialize};
use time::Date;

/// Where a child stands *in a context at a time*: never a label on the child (DESIGN §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Green,
    Yellow,
    Red,
}

impl Position {
    pub const ALL: [Position; 3] = [Position::Green, Position::Yellow, Position::Red];

    pub fn code(self) -> &'static str {
        match self {
            Position::Green => "green",
            Position::Yellow => "yellow",
            Position::Red => "red",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == text)
    }

    /// Yellow and red are concerns: the parents are told and invited at once.
    pub fn is_concern(self) -> bool {
        self != Position::Green
    }

    /// The icon that carries the meaning without colour (SECURITY/accessibility: colour + icon
    /// + word).
    pub fn icon(self) -> &'static str {
        match self {
            Position::Green => "●",
            Position::Yellow => "▲",
            Position::Red => "■",
        }
    }
}

/// What the position refers to: the same child can thrive at play and struggle at goodbyes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentContext {
    Overall,
    PlayWithPeers,
    AdultContact,
    DailyRoutines,
    Learning,
    HomeAndFamily,
}

impl AssessmentContext {
    pub const ALL: [AssessmentContext; 6] = [
        AssessmentContext::Overall,
        AssessmentContext::PlayWithPeers,
        AssessmentContext::AdultContact,
        AssessmentContext::DailyRoutines,
        AssessmentContext::Learning,
        AssessmentContext::HomeAndFamily,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AssessmentContext::Overall => "overall",
            AssessmentContext::PlayWithPeers => "play_with_peers",
            AssessmentContext::AdultContact => "adult_contact",
            AssessmentContext::DailyRoutines => "daily_routines",
            AssessmentContext::Learning => "learning",
            AssessmentContext::HomeAndFamily => "home_and_family",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == text)
    }
}

/// The most characters a note may hold. Shown to the user as a live counter.
pub const NOTE_MAX_CHARS: usize = 600;

/// A short note justifying a position: trimmed, at most [`NOTE_MAX_CHARS`] characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Note(String);

impl Note {
    pub fn parse(text: &str) -> Result<Self, ProblemCode> {
        let text = text.trim();
        if text.chars().count() > NOTE_MAX_CHARS {
            Err(ProblemCode::TooLong)
        } else {
            Ok(Note(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<String> for Note {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Note::parse(&value).map_err(|_| format!("note longer than {NOTE_MAX_CHARS} characters"))
    }
}

impl From<Note> for String {
    fn from(note: Note) -> String {
        note.0
    }
}

/// The municipality's choices for assessments (DESIGN §1; issue: "a municipal setting").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentSettings {
    /// Whether a green position needs a note too. Yellow and red always do.
    pub green_note_required: bool,
    /// How many individual assessments a child needs before the joint one, where the group has
    /// at least that many staff.
    pub min_individual: u8,
    /// Days from a joint concern to the deadline for informing and inviting the parents.
    pub follow_up_days: u16,
}

impl Default for AssessmentSettings {
    fn default() -> Self {
        Self {
            green_note_required: false,
            min_individual: 2,
            follow_up_days: 14,
        }
    }
}

impl AssessmentSettings {
    /// The individual assessments needed before a joint one for a group with `staff` people:
    /// a group with one adult cannot wait for a second opinion that will never come.
    pub fn individual_needed(&self, staff: usize) -> usize {
        usize::from(self.min_individual).min(staff.max(1))
    }

    pub fn note_required(&self, position: Position) -> bool {
        position.is_concern() || self.green_note_required
    }

    pub fn follow_up_due(&self, assessed_on: Date) -> Date {
        assessed_on + time::Duration::days(i64::from(self.follow_up_days))
    }
}

/// A position with its note, checked against the municipality's rules in one place.
pub fn check_note(
    settings: &AssessmentSettings,
    position: Position,
    note: &str,
) -> Result<Note, Problem> {
    let problem = |code| Problem {
        line: 0,
        field: "note".into(),
        code,
    };
    let note = Note::parse(note).map_err(problem)?;
    if note.is_empty() && settings.note_required(position) {
        return Err(problem(ProblemCode::NoteRequired));
    }
    Ok(note)
}

/// The four areas every indicator belongs to (DESIGN §1 "Indicators").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorArea {
    SocialSkills,
    SecurityAndCare,
    Participation,
    SelfFeeling,
}

impl IndicatorArea {
    pub const ALL: [IndicatorArea; 4] = [
        IndicatorArea::SocialSkills,
        IndicatorArea::SecurityAndCare,
        IndicatorArea::Participation,
        IndicatorArea::SelfFeeling,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IndicatorArea::SocialSkills => "social_skills",
            IndicatorArea::SecurityAndCare => "security_and_care",
            IndicatorArea::Participation => "participation",
            IndicatorArea::SelfFeeling => "self_feeling",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == text)
    }
}

/// Indicators differ for a baby, a kindergarten child and a pupil.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    /// 0–2 years.
    Toddler,
    /// 3–5 years.
    Preschool,
    /// 6 years and up (grades 0–4).
    School,
}

impl AgeBand {
    pub const ALL: [AgeBand; 3] = [AgeBand::Toddler, AgeBand::Preschool, AgeBand::School];

    pub fn code(self) -> &'static str {
        match self {
            AgeBand::Toddler => "toddler",
            AgeBand::Preschool => "preschool",
            AgeBand::School => "school",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == text)
    }

    /// The band of a child born on `birth_date`, on `today`.
    pub fn of(birth_date: Date, today: Date) -> Self {
        let mut years = today.year() - birth_date.year();
        if (today.month() as u8, today.day()) < (birth_date.month() as u8, birth_date.day()) {
            years -= 1;
        }
        match years {
            i32::MIN..=2 => AgeBand::Toddler,
            3..=5 => AgeBand::Preschool,
            _ => AgeBand::School,
        }
    }
}

/// Which assessment window a unit kind follows: daycare, health visiting and school plan their
/// rounds on different calendars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    Daycare,
    HealthVisiting,
    School,
}

impl WindowKind {
    pub const ALL: [WindowKind; 3] = [
        WindowKind::Daycare,
        WindowKind::HealthVisiting,
        WindowKind::School,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WindowKind::Daycare => "daycare",
            WindowKind::HealthVisiting => "health_visiting",
            WindowKind::School => "school",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.code() == text)
    }

    pub fn of(kind: super::UnitKind) -> Self {
        use super::UnitKind;
        match kind {
            UnitKind::HealthVisiting => WindowKind::HealthVisiting,
            UnitKind::Childminding | UnitKind::Nursery | UnitKind::Kindergarten => {
                WindowKind::Daycare
            }
            UnitKind::School => WindowKind::School,
        }
    }
}

/// An assessment window, first and last day inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub starts_on: Date,
    pub ends_on: Date,
}

impl Window {
    pub fn new(starts_on: Date, ends_on: Date) -> Option<Self> {
        (starts_on <= ends_on).then_some(Window { starts_on, ends_on })
    }

    pub fn is_open(&self, today: Date) -> bool {
        self.starts_on <= today && today <= self.ends_on
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn positions_parse_from_their_codes_only() {
        for p in Position::ALL {
            assert_eq!(Position::parse(p.code()), Some(p));
        }
        for bad in ["", "Green", "grøn", "blue", "orange"] {
            assert_eq!(Position::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_position_has_its_own_icon() {
        let icons: std::collections::HashSet<_> = Position::ALL.iter().map(|p| p.icon()).collect();
        assert_eq!(icons.len(), 3);
    }

    #[test]
    fn note_rules_by_position_and_setting() {
        let default = AssessmentSettings::default();
        let strict = AssessmentSettings {
            green_note_required: true,
            ..default
        };
        let long = "x".repeat(NOTE_MAX_CHARS + 1);
        let max = "æ".repeat(NOTE_MAX_CHARS);
        let cases: [(&AssessmentSettings, Position, &str, Option<ProblemCode>); 9] = [
            (&default, Position::Green, "", None),
            (
                &default,
                Position::Yellow,
                "",
                Some(ProblemCode::NoteRequired),
            ),
            (
                &default,
                Position::Red,
                "   ",
                Some(ProblemCode::NoteRequired),
            ),
            (&default, Position::Red, "Trækker sig ved leg", None),
            (
                &strict,
                Position::Green,
                "",
                Some(ProblemCode::NoteRequired),
            ),
            (&strict, Position::Green, "Glad i leg", None),
            (&default, Position::Green, &long, Some(ProblemCode::TooLong)),
            (&default, Position::Yellow, &max, None),
            (
                &default,
                Position::Yellow,
                &long,
                Some(ProblemCode::TooLong),
            ),
        ];
        for (settings, position, note, expected) in cases {
            let got = check_note(settings, position, note).err().map(|p| p.code);
            assert_eq!(got, expected, "{position:?} {:?}", note.len());
        }
    }

    #[test]
    fn a_note_cannot_be_deserialised_past_the_limit() {
        let long = format!("\"{}\"", "y".repeat(NOTE_MAX_CHARS + 1));
        assert!(serde_json::from_str::<Note>(&long).is_err());
        assert_eq!(
            serde_json::from_str::<Note>("\"  kort  \"")
                .unwrap()
                .as_str(),
            "kort"
        );
    }

    #[test]
    fn individual_assessments_needed_never_exceed_the_staff() {
        let s = AssessmentSettings::default();
        for (staff, needed) in [(0, 1), (1, 1), (2, 2), (5, 2)] {
            assert_eq!(s.individual_needed(staff), needed, "staff {staff}");
        }
    }

    #[test]
    fn age_bands_turn_on_birthdays() {
        let today = date!(2026 - 11 - 23);
        let cases = [
            (date!(2026 - 01 - 01), AgeBand::Toddler),
            (date!(2023 - 11 - 24), AgeBand::Toddler),
            (date!(2023 - 11 - 23), AgeBand::Preschool),
            (date!(2020 - 11 - 24), AgeBand::Preschool),
            (date!(2020 - 11 - 23), AgeBand::School),
        ];
        for (born, band) in cases {
            assert_eq!(AgeBand::of(born, today), band, "{born}");
        }
    }

    #[test]
    fn windows_include_both_ends() {
        let w = Window::new(date!(2026 - 10 - 01), date!(2026 - 10 - 31)).unwrap();
        assert!(!w.is_open(date!(2026 - 09 - 30)));
        assert!(w.is_open(date!(2026 - 10 - 01)));
        assert!(w.is_open(date!(2026 - 10 - 31)));
        assert!(!w.is_open(date!(2026 - 11 - 01)));
        assert!(Window::new(date!(2026 - 10 - 02), date!(2026 - 10 - 01)).is_none());
    }

    #[test]
    fn every_unit_kind_has_a_window() {
        use crate::domain::UnitKind;
        assert_eq!(WindowKind::of(UnitKind::Nursery), WindowKind::Daycare);
        assert_eq!(WindowKind::of(UnitKind::School), WindowKind::School);
        assert_eq!(
            WindowKind::of(UnitKind::HealthVisiting),
            WindowKind::HealthVisiting
        );
    }
}

/// Whose position an assessment is: one pedagogue's own (*individuel*), the team's agreed one
/// (*fælles*), or one made on an ordinary day outside any round (*ad hoc*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentKind {
    Individual,
    Joint,
    Adhoc,
}

impl AssessmentKind {
    /// The stored code (the `kind` column).
    pub fn code(self) -> &'static str {
        match self {
            AssessmentKind::Individual => "individual",
            AssessmentKind::Joint => "joint",
            AssessmentKind::Adhoc => "adhoc",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Individual, Self::Joint, Self::Adhoc]
            .into_iter()
            .find(|k| k.code() == text)
    }
}
