//! The parents' view of focus meetings and action plans (issue 16). Like `wire::parent`, these
//! types have no field for what only staff see: no staff names (who joins is told by role), no
//! other guardian's name, answer or own view, and no place of the child's unit where another
//! guardian has address protection (SECURITY A5, C4).

use super::care::MeetingTime;
use crate::domain::{
    MeetingAnswer, MeetingId, MeetingMinutes, MeetingStatus, MeetingTimeId, PlanContent, PlanId,
    PlanStatus, Role,
};
use serde::{Deserialize, Serialize};
use time::Date;

/// Who joins a meeting, as the parents are told: by role, never by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Participant {
    Staff(Role),
    Specialist(crate::domain::SpecialistRole),
    Parents,
}

/// A parent's own answer to an invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAnswer {
    pub answer: MeetingAnswer,
    pub time: Option<MeetingTimeId>,
    pub note: String,
}

/// A meeting as a parent sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentMeeting {
    pub id: MeetingId,
    pub child_name: String,
    pub status: MeetingStatus,
    /// What the meeting is about, as the staff wrote it (in Danish).
    pub concern: String,
    /// Where, as the staff wrote it; `None` where another guardian of the child has address
    /// protection (C4).
    pub place: Option<String>,
    pub times: Vec<MeetingTime>,
    pub participants: Vec<Participant>,
    /// Whether this parent is invited (and so may answer).
    pub invited: bool,
    pub my_answer: Option<MyAnswer>,
    /// The minutes, once the meeting was held.
    pub minutes: Option<MeetingMinutes>,
    pub held_on: Option<Date>,
    /// Whether the parents' voice may be given (held, invited, not given yet).
    pub may_give_feedback: bool,
    pub deleted_on: Date,
    pub plans: Vec<ParentPlanSummary>,
}

/// One line of a parent's list of plans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentPlanSummary {
    pub id: PlanId,
    pub status: PlanStatus,
    pub goals: String,
    pub evaluate_on: Date,
    /// This parent has not marked the current version read.
    pub unread: bool,
}

/// A plan as a parent sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentPlan {
    pub id: PlanId,
    pub child_name: String,
    pub status: PlanStatus,
    pub version: u32,
    pub content: PlanContent,
    pub changed_on: Date,
    /// This parent's own view, and when they wrote it.
    pub my_view: String,
    pub my_view_on: Option<Date>,
    /// When this parent marked the current version read.
    pub read_on: Option<Date>,
    /// A custody holder may add their own view (`ContributeToPlan`).
    pub may_contribute: bool,
    pub deleted_on: Date,
}

/// One line of a parent's list of meetings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentMeetingSummary {
    pub id: MeetingId,
    pub status: MeetingStatus,
    pub times: Vec<MeetingTime>,
    pub held_on: Option<Date>,
    /// Invited and not answered yet.
    pub to_answer: bool,
}

/// A child's meetings and plans as a parent sees them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParentCare {
    pub meetings: Vec<ParentMeetingSummary>,
    pub plans: Vec<ParentPlanSummary>,
}
