//! What can be wrong with input the user can mend: a field (or a CSV line) and a stable code
//! the client translates. The domain's parsers answer with these; `AppError::Invalid` carries
//! them to the browser.

use serde::{Deserialize, Serialize};

/// One thing wrong with the input: where, and a translation key saying what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A 1-based line number for files, 0 for a whole form.
    pub line: u32,
    pub field: String,
    pub code: ProblemCode,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    Missing,
    TooLong,
    /// The whole file is over the size or row limit.
    FileTooLarge,
    BadDate,
    BadKind,
    BadRole,
    BadFlag,
    BadUsername,
    /// Not one plain e-mail address (`name@domain`, at most 254 characters).
    BadEmail,
    UnknownUnit,
    UnknownGroup,
    UnknownChild,
    UnknownArea,
    Duplicate,
    WrongColumns,
    NotCsv,
    Empty,
    NoteRequired,
    UnknownPosition,
    UnknownContext,
    UnknownIndicator,
    RoundClosed,
    NotInGroup,
    TooFewIndividual,
    BadWindow,
    NoUnits,
    /// An import row would give the importing administrator access to children (a staff
    /// membership or a guardianship of their own).
    SelfGrant,
    /// No person with this username in the municipality.
    UnknownPerson,
    /// The person is not close staff (pedagogue, teacher, childminder, health visitor) of the
    /// unit, so groups there mean nothing for them.
    NotStaffOfUnit,
    /// An imported file is neither UTF-8 nor Windows-1252 (Excel's "CSV (semikolonsepareret)"),
    /// so its letters cannot be read without guessing.
    UnknownEncoding,
    /// A date before today, or before the thing it ends began.
    TooEarly,
    /// The change would lock the caller out: an administrator disabling themselves or ending
    /// their own last administrator membership.
    LocksOut,
    /// The person already has a second factor: a lost one is reset by a leader or
    /// administrator, not replaced by whoever holds the session.
    AlreadySetUp,
    /// Two things of one child at the same time. In a form: a meeting time within an hour of
    /// another time of the same child's open meetings, or of another time in the same
    /// invitation. In a file (a problem with a line): two placements of the child would overlap
    /// once the children file is applied.
    Overlapping,
    /// A number outside its scale (the parents' voice answers 1–5).
    OutOfRange,
    /// Only a guardian with custody may do this (answer for the family, add to a plan).
    NeedsCustody,
    /// The person is not invited to this meeting.
    NotInvited,
    /// The meeting was held or cancelled, or the plan closed: it is read, not changed.
    Closed,
    /// A plan's status may only move forward (active → evaluated → closed).
    BadStatus,
    /// The child has no move from this place to that one: there is nothing to consent to or
    /// describe (issue 17).
    NotMoving,
    /// The municipality lets nothing follow a child to a new place, or lets only the unit
    /// leader record a paper consent (issue 17).
    NotAllowedHere,
    /// A date too far ahead: a consent beyond its longest period, a form signed in the future.
    TooLate,
    /// A children-file row with the `eksternt_id` of a child already stored (or of an earlier
    /// row) but another name or birth date: it names another child. The field is the first
    /// column that differs; the stored values are not repeated.
    OtherChild,
    /// A new placement after the child's stored placement that has no end date, and the file
    /// does not end it. The field names that placement as `tilbud;gruppe;startdato`: the row to
    /// add, with its last day in `slutdato`.
    OpenPlacement,
    /// A `slutdato` before the row's `startdato`.
    EndsBeforeStart,
    /// Not one of the values offered (a report's scope or grouping).
    UnknownChoice,
    /// A school year that is not one (`2026/27`, `2026/2027` or `2026`).
    BadSchoolYear,
    /// A school year after today's: its language assessment cannot have been made yet.
    FutureSchoolYear,
    /// A school year that began before the child was born: the child cannot have been in
    /// grade 0 then.
    BeforeBirth,
    /// A language effort that is none of general, focused and special (in Danish or English).
    BadEffort,
    /// The child has no placement in a school in that school year, so the assessment has no
    /// school to be counted under.
    NotAtSchool,
}
