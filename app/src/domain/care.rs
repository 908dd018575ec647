//! The words of a focus meeting (*fokusmøde*) and an action plan (*handleplan*) in SMTTE form,
//! each parsed once at the edge (issue 16). A form sends raw text; these types are what the
//! server keeps, and every problem names the field so the page can point at it.

use super::{Problem, ProblemCode};
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

/// The longest free text of a meeting or plan field, in characters.
pub const CARE_TEXT_MAX: usize = 4000;
/// The longest place or video link.
pub const PLACE_MAX: usize = 500;
/// How many times one invitation may offer.
pub const TIMES_MAX: usize = 5;
/// How many actions one plan may list.
pub const ACTIONS_MAX: usize = 20;
/// Two meetings of one child closer than this are one meeting proposed twice.
pub const MEETING_MINUTES: i64 = 60;

/// Where a meeting stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    /// Times are proposed; guardians answer.
    Invited,
    Held,
    Cancelled,
}

impl MeetingStatus {
    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Invited => "invited",
            MeetingStatus::Held => "held",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Invited, Self::Held, Self::Cancelled]
            .into_iter()
            .find(|s| s.code() == text)
    }
}

/// A guardian's answer to an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingAnswer {
    Accepted,
    Declined,
    /// None of the times suits; the note says what would.
    OtherTime,
}

impl MeetingAnswer {
    pub fn code(self) -> &'static str {
        match self {
            MeetingAnswer::Accepted => "accepted",
            MeetingAnswer::Declined => "declined",
            MeetingAnswer::OtherTime => "other_time",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Accepted, Self::Declined, Self::OtherTime]
            .into_iter()
            .find(|s| s.code() == text)
    }
}

/// What a specialist joins an extended focus meeting (*udvidet fokusmøde*) as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialistRole {
    /// Tale-høre-konsulent.
    SpeechHearing,
    /// Familierådgiver.
    FamilyCounsellor,
    /// Psykolog (PPR).
    Psychologist,
    /// Sundhedsplejerske.
    HealthVisitor,
}

impl SpecialistRole {
    pub const ALL: [SpecialistRole; 4] = [
        SpecialistRole::SpeechHearing,
        SpecialistRole::FamilyCounsellor,
        SpecialistRole::Psychologist,
        SpecialistRole::HealthVisitor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SpecialistRole::SpeechHearing => "speech_hearing",
            SpecialistRole::FamilyCounsellor => "family_counsellor",
            SpecialistRole::Psychologist => "psychologist",
            SpecialistRole::HealthVisitor => "health_visitor",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == text)
    }
}

/// An action plan's life: made at a meeting, evaluated on its date, closed (or followed by a
/// new plan).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Active,
    Evaluated,
    Closed,
}

impl PlanStatus {
    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Active => "active",
            PlanStatus::Evaluated => "evaluated",
            PlanStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Active, Self::Evaluated, Self::Closed]
            .into_iter()
            .find(|s| s.code() == text)
    }

    /// Whether a plan may go from `self` to `next`: forward only (active → evaluated →
    /// closed, or active → closed), and a closed plan is read, not edited.
    pub fn may_become(self, next: PlanStatus) -> bool {
        use PlanStatus::*;
        matches!(
            (self, next),
            (Active, Active)
                | (Active, Evaluated)
                | (Active, Closed)
                | (Evaluated, Evaluated)
                | (Evaluated, Closed)
        )
    }
}

/// A meeting time as typed in a `datetime-local` field: `YYYY-MM-DDTHH:MM`, Danish local time.
pub fn parse_meeting_time(text: &str) -> Option<PrimitiveDateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    PrimitiveDateTime::parse(text.trim(), &format).ok()
}

/// The stored and sent form of a meeting time.
pub fn meeting_time_text(at: PrimitiveDateTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    at.format(&format).unwrap_or_default()
}

pub(super) fn text_field(
    problems: &mut Vec<Problem>,
    field: &str,
    text: &str,
    required: bool,
    max: usize,
) -> String {
    let text = text.trim();
    let code = if required && text.is_empty() {
        Some(ProblemCode::Missing)
    } else if text.chars().count() > max {
        Some(ProblemCode::TooLong)
    } else {
        None
    };
    if let Some(code) = code {
        problems.push(Problem {
            line: 0,
            field: field.to_owned(),
            code,
        });
    }
    text.to_owned()
}

fn problem(problems: &mut Vec<Problem>, field: impl Into<String>, code: ProblemCode) {
    problems.push(Problem {
        line: 0,
        field: field.into(),
        code,
    });
}

/// What a meeting invitation says, as parsed: the concern, where, and the times offered.
#[derive(Clone, Debug, PartialEq)]
pub struct MeetingProposal {
    pub concern: String,
    pub place: String,
    pub times: Vec<PrimitiveDateTime>,
}

impl MeetingProposal {
    /// Parses a proposal typed at `now` (local time): every time in the future, none twice.
    pub fn parse(
        concern: &str,
        place: &str,
        times: &[String],
        now: PrimitiveDateTime,
    ) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let concern = text_field(&mut problems, "concern", concern, true, CARE_TEXT_MAX);
        let place = text_field(&mut problems, "place", place, true, PLACE_MAX);
        let mut parsed: Vec<PrimitiveDateTime> = Vec::new();
        let typed: Vec<&String> = times.iter().filter(|t| !t.trim().is_empty()).collect();
        if typed.is_empty() {
            problem(&mut problems, "times", ProblemCode::Missing);
        }
        if typed.len() > TIMES_MAX {
            problem(&mut problems, "times", ProblemCode::TooLong);
        }
        for (i, text) in typed.into_iter().enumerate() {
            let field = format!("times[{i}]");
            match parse_meeting_time(text) {
                None => problem(&mut problems, field, ProblemCode::BadDate),
                Some(at) if at <= now => problem(&mut problems, field, ProblemCode::TooEarly),
                Some(at) if parsed.iter().any(|p| overlaps(*p, at)) => {
                    problem(&mut problems, field, ProblemCode::Overlapping)
                }
                Some(at) => parsed.push(at),
            }
        }
        if problems.is_empty() {
            parsed.sort();
            Ok(Self {
                concern,
                place,
                times: parsed,
            })
        } else {
            Err(problems)
        }
    }
}

/// Whether two meetings of one child starting at `a` and `b` would overlap.
pub fn overlaps(a: PrimitiveDateTime, b: PrimitiveDateTime) -> bool {
    (a - b).whole_minutes().abs() < MEETING_MINUTES
}

/// The minutes of a meeting (*referat*), with the parents' own perspective in a field of its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingMinutes {
    pub minutes: String,
    pub parents_perspective: String,
    pub decisions: String,
    pub next_steps: String,
}

impl MeetingMinutes {
    pub fn parse(raw: &MeetingMinutes) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut field =
            |name: &str, text: &str| text_field(&mut problems, name, text, false, CARE_TEXT_MAX);
        let parsed = Self {
            minutes: field("minutes", &raw.minutes),
            parents_perspective: field("parents_perspective", &raw.parents_perspective),
            decisions: field("decisions", &raw.decisions),
            next_steps: field("next_steps", &raw.next_steps),
        };
        if problems.is_empty() {
            Ok(parsed)
        } else {
            Err(problems)
        }
    }
}

/// One action (*tiltag*) of a plan: what is done, who does it, by when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAction {
    pub what: String,
    pub who: String,
    /// `None`: ongoing, until the evaluation.
    pub by: Option<Date>,
}

/// A plan's words as a form sends them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanForm {
    /// Sammenhæng: the situation the plan answers.
    pub context: String,
    /// Mål: what should be different.
    pub goals: String,
    /// Tiltag.
    pub actions: Vec<PlanActionForm>,
    /// Tegn: what will show progress.
    pub signs: String,
    /// Evaluering: when (ISO date) …
    pub evaluate_on: String,
    /// … and, once evaluated, what came of it.
    pub evaluation: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanActionForm {
    pub what: String,
    pub who: String,
    /// ISO date, or empty.
    pub by: String,
}

/// A plan in SMTTE form, parsed: a goal, an evaluation date, and every action with who.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanContent {
    pub context: String,
    pub goals: String,
    pub actions: Vec<PlanAction>,
    pub signs: String,
    pub evaluate_on: Date,
    pub evaluation: String,
}

fn parse_iso_date(text: &str) -> Option<Date> {
    Date::parse(
        text.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok()
}

impl PlanContent {
    /// Parses a plan saved on `today`. A new or still active plan is evaluated in the future;
    /// evaluating one needs what came of it (`status` is the status it is saved with).
    pub fn parse(form: &PlanForm, status: PlanStatus, today: Date) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let context = text_field(
            &mut problems,
            "context",
            &form.context,
            false,
            CARE_TEXT_MAX,
        );
        let goals = text_field(&mut problems, "goals", &form.goals, true, CARE_TEXT_MAX);
        let signs = text_field(&mut problems, "signs", &form.signs, false, CARE_TEXT_MAX);
        let evaluation_required = status != PlanStatus::Active;
        let evaluation = text_field(
            &mut problems,
            "evaluation",
            &form.evaluation,
            evaluation_required,
            CARE_TEXT_MAX,
        );
        let evaluate_on = match form.evaluate_on.trim() {
            "" => {
                problem(&mut problems, "evaluate_on", ProblemCode::Missing);
                None
            }
            text => match parse_iso_date(text) {
                None => {
                    problem(&mut problems, "evaluate_on", ProblemCode::BadDate);
                    None
                }
                Some(d) if status == PlanStatus::Active && d <= today => {
                    problem(&mut problems, "evaluate_on", ProblemCode::TooEarly);
                    None
                }
                Some(d) => Some(d),
            },
        };
        let typed: Vec<&PlanActionForm> = form
            .actions
            .iter()
            .filter(|a| {
                !(a.what.trim().is_empty() && a.who.trim().is_empty() && a.by.trim().is_empty())
            })
            .collect();
        if typed.len() > ACTIONS_MAX {
            problem(&mut problems, "actions", ProblemCode::TooLong);
        }
        let mut actions = Vec::new();
        for (i, raw) in typed.into_iter().enumerate() {
            let what = text_field(
                &mut problems,
                &format!("actions[{i}].what"),
                &raw.what,
                true,
                CARE_TEXT_MAX,
            );
            let who = text_field(
                &mut problems,
                &format!("actions[{i}].who"),
                &raw.who,
                true,
                PLACE_MAX,
            );
            let by = match raw.by.trim() {
                "" => None,
                text => {
                    let parsed = parse_iso_date(text);
                    if parsed.is_none() {
                        problem(
                            &mut problems,
                            format!("actions[{i}].by"),
                            ProblemCode::BadDate,
                        );
                    }
                    parsed
                }
            };
            actions.push(PlanAction { what, who, by });
        }
        match evaluate_on {
            Some(evaluate_on) if problems.is_empty() => Ok(Self {
                context,
                goals,
                actions,
                signs,
                evaluate_on,
                evaluation,
            }),
            _ => Err(problems),
        }
    }

    /// The fields a new version changed, by their SMTTE names, for the version list.
    pub fn changed_fields(&self, before: &PlanContent) -> Vec<&'static str> {
        let mut changed = Vec::new();
        if self.context != before.context {
            changed.push("context");
        }
        if self.goals != before.goals {
            changed.push("goals");
        }
        if self.actions != before.actions {
            changed.push("actions");
        }
        if self.signs != before.signs {
            changed.push("signs");
        }
        if self.evaluate_on != before.evaluate_on {
            changed.push("evaluate_on");
        }
        if self.evaluation != before.evaluation {
            changed.push("evaluation");
        }
        changed
    }
}

/// The parents' voice after a focus meeting: two answers from 1 to 5 and an optional comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingFeedback {
    /// "I was listened to."
    pub listened: u8,
    /// "I know what happens next."
    pub knows_next: u8,
    pub comment: String,
}

impl MeetingFeedback {
    pub fn parse(listened: u8, knows_next: u8, comment: &str) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        for (field, value) in [("listened", listened), ("knows_next", knows_next)] {
            if !(1..=5).contains(&value) {
                problem(&mut problems, field, ProblemCode::OutOfRange);
            }
        }
        let comment = text_field(&mut problems, "comment", comment, false, 1000);
        if problems.is_empty() {
            Ok(Self {
                listened,
                knows_next,
                comment,
            })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
#[path = "care_tests.rs"]
mod tests;
