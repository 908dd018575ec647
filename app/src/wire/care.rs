//! What staff see and send of focus meetings and action plans (issue 16). What a guardian sees
//! is built from `wire::parent_care`, which has no field for staff-only data.

use crate::domain::{
    AssessmentContext, FollowUpId, MeetingAnswer, MeetingId, MeetingMinutes, MeetingStatus,
    MeetingTimeId, PlanContent, PlanForm, PlanId, PlanStatus, Role, UserId,
};
use serde::{Deserialize, Serialize};
use time::Date;

/// A proposed time, as `YYYY-MM-DDTHH:MM` in Danish local time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingTime {
    pub id: MeetingTimeId,
    pub starts_at: String,
}

/// One line of a staff member's list of a child's meetings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub status: MeetingStatus,
    pub concern: String,
    pub times: Vec<MeetingTime>,
    pub held_on: Option<Date>,
    /// How many invited guardians have answered, of how many.
    pub answered: u32,
    pub invited_guardians: u32,
}

/// One line of a list of plans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: PlanId,
    pub status: PlanStatus,
    pub goals: String,
    pub evaluate_on: Date,
    /// Still active after its evaluation date.
    pub overdue: bool,
    pub version: u32,
}

/// An open follow-up of a concern that has no invitation yet: the agenda starts from its
/// context and note, in the words of the context (never a colour on the child).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConcernToMeet {
    pub follow_up: FollowUpId,
    pub context: AssessmentContext,
    pub note: String,
    pub assessed_on: Date,
    pub due_on: Date,
}

/// A member of the unit's staff who may join a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffChoice {
    pub user: UserId,
    pub name: String,
    pub role: Role,
}

/// A guardian the invitation goes to (staff see guardians' names on the child page already).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuardianChoice {
    pub user: UserId,
    pub name: String,
    pub has_custody: bool,
    /// Whether the invitation may include them: custody holders always; a guardian without
    /// custody where the municipality allows it.
    pub invitable: bool,
}

/// A child's meetings and plans as staff see them, with what the caller may start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffCare {
    pub meetings: Vec<MeetingSummary>,
    pub plans: Vec<PlanSummary>,
    /// The caller may invite, write minutes and plans.
    pub may_hold: bool,
    pub concerns: Vec<ConcernToMeet>,
    /// The unit's staff who may join (close staff and leaders), the caller left out.
    pub staff: Vec<StaffChoice>,
    pub guardians: Vec<GuardianChoice>,
    /// A guardian of the child has address protection: the place must not give the child's
    /// whereabouts away to the other parent (SECURITY C4).
    pub address_protection: bool,
}

/// A new invitation to a focus meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposeMeeting {
    pub child: crate::domain::ChildId,
    /// The follow-up it answers; `None` for a concern raised on its own.
    pub follow_up: Option<FollowUpId>,
    pub concern: String,
    pub place: String,
    pub times: Vec<String>,
    /// The unit's staff who join besides the one who invites.
    pub staff: Vec<UserId>,
    /// The guardians invited; every custody holder is invited whether listed or not.
    pub guardians: Vec<UserId>,
}

/// Who is invited, and their answer, as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteeView {
    pub name: String,
    /// `None` for a guardian.
    pub role: Option<Role>,
    /// What an invited specialist joins as.
    pub specialist_role: Option<crate::domain::SpecialistRole>,
    pub answer: Option<MeetingAnswer>,
    pub answer_time: Option<String>,
    pub answer_note: String,
}

/// A meeting as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMeeting {
    pub id: MeetingId,
    pub child: crate::domain::ChildId,
    pub child_name: String,
    pub status: MeetingStatus,
    pub concern: String,
    pub place: String,
    pub times: Vec<MeetingTime>,
    pub invitees: Vec<InviteeView>,
    pub minutes: MeetingMinutes,
    pub held_on: Option<Date>,
    pub version: u32,
    pub deleted_on: Date,
    pub may_hold: bool,
    /// The caller (the unit's leader) may invite a specialist: an extended meeting.
    pub may_invite_specialist: bool,
    /// The plans made at this meeting.
    pub plans: Vec<PlanSummary>,
}

/// Saving the minutes: on the version the writer started from (O6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveMinutes {
    pub meeting: MeetingId,
    pub version: u32,
    pub minutes: MeetingMinutes,
    /// Mark it held on this date (ISO), or keep it open.
    pub held_on: Option<String>,
}

/// One version of a plan in its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanVersionView {
    pub version: u32,
    pub status: PlanStatus,
    pub changed_by: String,
    pub changed_on: Date,
    /// The SMTTE fields this version changed (`context`, `goals`, …); all for the first.
    pub changed: Vec<String>,
}

/// What a parent added to a plan, as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentOnPlan {
    pub name: String,
    pub own_view: String,
    pub view_on: Option<Date>,
    /// The date they marked the plan read, and whether that was the current version.
    pub read_on: Option<Date>,
    pub read_current: bool,
}

/// A plan as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffPlan {
    pub id: PlanId,
    pub child: crate::domain::ChildId,
    pub child_name: String,
    pub status: PlanStatus,
    pub version: u32,
    pub content: PlanContent,
    pub overdue: bool,
    pub versions: Vec<PlanVersionView>,
    pub parents: Vec<ParentOnPlan>,
    pub meeting: Option<MeetingId>,
    pub follows: Option<PlanId>,
    pub deleted_on: Date,
    pub may_hold: bool,
}

/// A new plan (`plan: None`) or a new version of one, on the version the writer started from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavePlan {
    pub child: crate::domain::ChildId,
    pub plan: Option<PlanId>,
    pub version: u32,
    pub status: PlanStatus,
    pub form: PlanForm,
    /// The meeting it was made at (a new plan).
    pub meeting: Option<MeetingId>,
    /// The evaluated plan it follows (a new plan).
    pub follows: Option<PlanId>,
}

/// A meeting not yet held, on the leader's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingToHoldView {
    pub id: MeetingId,
    pub child: crate::domain::ChildId,
    pub child_name: String,
    pub first_time: Option<String>,
    pub answered: u32,
    pub invited: u32,
}

/// An active plan due for evaluation, on the leader's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanDueView {
    pub id: PlanId,
    pub child: crate::domain::ChildId,
    pub child_name: String,
    pub evaluate_on: Date,
    pub overdue: bool,
}

/// One question of the parents' voice, from five answers up: the average (in tenths, 10–50)
/// and how the answers spread over 1–5, small cells hidden (SECURITY P6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceQuestion {
    pub average_tenths: u32,
    pub spread: crate::domain::ShownPositions,
}

/// The parents' voice of a unit: nothing but "fewer than 5" below five answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceSummary {
    pub answers: crate::domain::ShownCount,
    pub listened: Option<VoiceQuestion>,
    pub knows_next: Option<VoiceQuestion>,
    /// The comments, in no order that follows the meetings (sorted), from five answers up.
    pub comments: Vec<String>,
}

/// A unit's meetings and plans as its leader follows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitCare {
    pub meetings_to_hold: Vec<MeetingToHoldView>,
    pub meetings_held: u32,
    pub plans_due: Vec<PlanDueView>,
    pub voice: VoiceSummary,
}

/// A specialist invited to an extended focus meeting, and so to the child's case until a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteToMeeting {
    pub meeting: MeetingId,
    /// The specialist's username.
    pub specialist: String,
    pub role: crate::domain::SpecialistRole,
    /// The last day the specialist reaches the case.
    pub ends_on: Date,
}
