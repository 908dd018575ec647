//! Wire types for rounds, assessments, follow-ups and dashboards. Server and browser share them.
//! Inputs carry positions and contexts as the domain's types (a request with an unknown one is
//! undecodable: 400) and the note as text, which the save checks against the municipality's
//! settings so the user gets a clear message.

use crate::domain::{
    AgeBand, AssessmentContext, AssessmentId, AssessmentKind, AssessmentSettings, ChildId,
    FollowUpId, GroupId, IdempotencyKey, IndicatorArea, IndicatorId, Position, RoundId, ShownCount,
    ShownPositions, UnitId, UnitKind, Window, WindowKind,
};
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundInfo {
    pub id: RoundId,
    pub name: String,
    pub window: Window,
    pub open: bool,
}

/// A position as it was given: about a context, on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionStamp {
    pub position: Position,
    pub context: AssessmentContext,
    pub assessed_on: Date,
}

/// The signed-in assessor's own assessment in the current round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnAssessment {
    pub position: Position,
    pub context: AssessmentContext,
    pub note: String,
    pub indicators: Vec<IndicatorId>,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridChild {
    pub id: ChildId,
    pub name: String,
    pub age_band: AgeBand,
    /// The last joint position from an earlier round, as context for this one.
    pub last_joint: Option<PositionStamp>,
    pub own: Option<OwnAssessment>,
    pub individual_count: u32,
    pub joint: Option<Position>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorView {
    pub id: IndicatorId,
    pub position: Position,
    pub age_band: AgeBand,
    pub area: IndicatorArea,
    pub text: String,
}

/// Everything the tablet needs to assess a group in the open round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRound {
    pub group_id: GroupId,
    pub group_name: String,
    pub unit_name: String,
    /// Whether the signed-in person assesses here (close staff of the unit).
    pub can_assess: bool,
    pub round: Option<RoundInfo>,
    pub children: Vec<GridChild>,
    pub indicators: Vec<IndicatorView>,
    pub settings: AssessmentSettings,
}

/// What every save carries, whatever its kind: which child, in which group, the position with
/// its context, and the note. Flattened into each input, so the JSON is one flat object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Sent again with a repeat of the same save (SECURITY O5).
    pub key: IdempotencyKey,
    pub group: GroupId,
    pub child: ChildId,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: String,
}

/// One individual assessment to save (*egen vurdering*).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndividualInput {
    #[serde(flatten)]
    pub draft: Draft,
    pub round: RoundId,
    pub indicators: Vec<IndicatorId>,
    /// The version this edit started from; `None` for a first assessment.
    pub base_version: Option<i64>,
}

/// An assessment outside any round, when a concern arises on an ordinary day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdhocInput {
    #[serde(flatten)]
    pub draft: Draft,
}

/// The team's joint position (*fælles vurdering*).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointInput {
    #[serde(flatten)]
    pub draft: Draft,
    pub round: RoundId,
    pub base_version: Option<i64>,
}

/// What a saved write answers, and what a repeat of the same key gets again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub assessment: AssessmentId,
    pub version: i64,
    /// The deadline of the follow-up a concern opened, if it opened one.
    pub follow_up_due: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndividualView {
    pub by: String,
    /// `None` while the viewer may not see it yet (blind rule).
    pub seen: Option<SeenAssessment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeenAssessment {
    pub position: Position,
    pub context: AssessmentContext,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointCurrent {
    pub position: Position,
    pub context: AssessmentContext,
    pub note: String,
    pub version: i64,
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointChild {
    pub id: ChildId,
    pub name: String,
    pub individuals: Vec<IndividualView>,
    pub joint: Option<JointCurrent>,
    /// The visible individual positions differ.
    pub disagreement: bool,
}

/// The dialogue view of a group's joint assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointView {
    pub group_id: GroupId,
    pub group_name: String,
    pub round: Option<RoundInfo>,
    /// Individual assessments a child needs before the joint one.
    pub needed: u32,
    pub can_set: bool,
    pub children: Vec<JointChild>,
    pub settings: AssessmentSettings,
}

/// One entry of a child's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub id: AssessmentId,
    pub kind: AssessmentKind,
    pub round_name: Option<String>,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: String,
    pub indicators: Vec<String>,
    pub assessed_on: Date,
    pub by: String,
    pub unit_name: String,
    /// When the data will be deleted (SECURITY P1, R1).
    pub deleted_on: Date,
}

/// A child's positions over time, as the reader may see them: staff get their own units'
/// working view, guardians the parents' view (`wire::parent`), never the other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "view")]
pub enum ChildTimeline {
    Staff(StaffTimeline),
    Parent(crate::wire::parent::ParentTimeline),
}

/// What the child's own staff see: what their units registered, with who assessed, the
/// blind rule applied, the follow-ups and where they may add an ad hoc concern.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffTimeline {
    pub entries: Vec<TimelineEntry>,
    /// Individual assessments the viewer may not see yet (blind rule), counted but not shown.
    pub hidden: u32,
    pub follow_ups: Vec<FollowUpView>,
    /// Groups in which the viewer may add an ad hoc assessment of this child.
    pub adhoc_groups: Vec<(GroupId, String)>,
    pub settings: AssessmentSettings,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpView {
    pub id: FollowUpId,
    pub child: ChildId,
    pub child_name: String,
    pub position: Position,
    pub assessed_on: Date,
    pub due_on: Date,
    pub done_on: Option<Date>,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupProgress {
    pub group_id: GroupId,
    pub name: String,
    pub children: u32,
    /// Children with at least one individual assessment in the round.
    pub individually_assessed: u32,
    pub joint_done: u32,
    /// Joint positions: green, yellow, red.
    pub counts: [u32; 3],
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitDashboard {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub round: Option<RoundInfo>,
    pub groups: Vec<GroupProgress>,
    pub follow_ups: Vec<FollowUpView>,
}

/// A unit as an area or municipal view shows it: counts only, small ones hidden.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitCounts {
    pub unit_name: String,
    pub area_name: String,
    pub kind: UnitKind,
    pub round_name: Option<String>,
    pub children: i64,
    /// Joint positions (green, yellow, red) and their total, after suppression (SECURITY P6).
    pub joint: ShownPositions,
    pub open_follow_ups: ShownCount,
    pub overdue_follow_ups: ShownCount,
    /// Focus meetings invited to and not yet held; action plans past their evaluation date
    /// (issue 16 item 6).
    pub meetings_to_hold: ShownCount,
    pub plans_overdue: ShownCount,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannableUnit {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub area_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    pub id: RoundId,
    pub name: String,
    pub windows: Vec<(WindowKind, Window)>,
    pub units: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundPlanning {
    pub units: Vec<PlannableUnit>,
    pub rounds: Vec<RoundSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowInput {
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanRoundInput {
    pub name: String,
    pub windows: Vec<WindowInput>,
    pub units: Vec<UnitId>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorAdmin {
    pub settings: AssessmentSettings,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorEdit {
    /// The indicator this text replaces; `None` adds a new one.
    pub replaces: Option<IndicatorId>,
    pub position: Position,
    pub age_band: AgeBand,
    pub area: IndicatorArea,
    pub text: String,
}
