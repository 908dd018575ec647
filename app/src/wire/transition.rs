//! What crosses the wire about transitions and consent (issue 17). Staff of the place the child
//! leaves, staff of the new place and the parents each get their own types, so a field one may
//! not see has nowhere to go.

use crate::domain::{
    AssessmentContext, AssessmentKind, ChildId, ConsentItems, PlanAction, PlanStatus, Position,
    TransitionDescription, UnitId, UserId,
};
use serde::{Deserialize, Serialize};
use time::Date;

/// How a consent was given, as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ConsentHow {
    Digital,
    Paper {
        signed_on: Date,
        reference: String,
        /// Who recorded it (staff see the name; parents see that staff recorded it).
        recorded_by: Option<String>,
    },
}

/// One consent, as evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentView {
    pub guardian_name: String,
    pub how: ConsentHow,
    pub items: ConsentItems,
    pub valid_until: Date,
    pub given_on: Date,
    pub revoked_on: Option<Date>,
}

/// What passes today for a move, under the municipality's rules.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenedView {
    pub items: ConsentItems,
    pub until: Date,
}

/// A custody holder staff may record a paper consent for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustodyHolder {
    pub id: UserId,
    pub name: String,
}

/// A move from the caller's unit, as its staff prepare it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMove {
    pub from_unit: UnitId,
    pub to_unit: UnitId,
    pub from_name: String,
    pub to_name: String,
    pub leaves_on: Option<Date>,
    pub moves_on: Date,
    pub description: TransitionDescription,
    /// 0 when nothing is written yet; a save names the version it was written on.
    pub description_version: i64,
    pub description_by: Option<String>,
    /// A yellow or red joint position in the last year, or an active action plan: a transition
    /// meeting with both places and the parents is proposed.
    pub concern: bool,
    pub consents: Vec<ConsentView>,
    pub opened: Option<OpenedView>,
    /// The caller may write the description and hand everything over.
    pub may_prepare: bool,
    /// The caller may record a paper consent (the municipality's rule).
    pub may_record_paper: bool,
    pub custody_holders: Vec<CustodyHolder>,
}

/// A child's transitions as staff see them: the moves from the caller's units, and what reached
/// the caller's unit from an earlier place by consent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffTransitions {
    pub moves: Vec<StaffMove>,
    pub received: Vec<Received>,
    /// Data may follow the child at all (the municipality's rule).
    pub with_consent: bool,
    pub all_custody_holders: bool,
    /// When the parents were handed everything registered (newest first).
    pub handed_over: Vec<Date>,
}

/// A position passed on by consent: never who gave it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceivedPosition {
    pub kind: AssessmentKind,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: String,
    pub assessed_on: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceivedPlan {
    pub status: PlanStatus,
    pub context: String,
    pub goals: String,
    pub actions: Vec<PlanAction>,
    pub signs: String,
    pub evaluate_on: Date,
    pub evaluation: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceivedMeeting {
    pub held_on: Date,
    pub minutes: String,
    pub parents_perspective: String,
    pub decisions: String,
    pub next_steps: String,
}

/// What the new place reads of an earlier place, read only and marked with where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Received {
    pub from_name: String,
    pub items: ConsentItems,
    pub until: Date,
    pub positions: Vec<ReceivedPosition>,
    pub plans: Vec<ReceivedPlan>,
    pub meetings: Vec<ReceivedMeeting>,
    pub description: Option<TransitionDescription>,
}

/// A move as the parents see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentMove {
    pub from_unit: UnitId,
    pub to_unit: UnitId,
    /// `None` where another guardian's address protection hides the places (SECURITY C4).
    pub from_name: Option<String>,
    pub to_name: Option<String>,
    pub moves_on: Date,
    pub description: Option<TransitionDescription>,
    /// The caller's own consents for this move (evidence, newest first).
    pub mine: Vec<ConsentView>,
    /// Whether each other custody holder has an unrevoked consent (no names needed).
    pub others_consented: Vec<bool>,
    pub opened: Option<OpenedView>,
}

/// A child's transitions as a parent sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentTransitions {
    pub child: ChildId,
    pub moves: Vec<ParentMove>,
    /// The caller holds custody: may consent, revoke and download everything registered.
    pub custody: bool,
    pub with_consent: bool,
    pub all_custody_holders: bool,
    pub handed_over: Vec<Date>,
}

/// A child's transitions, as the caller's relationship lets them see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChildTransitions {
    Staff(StaffTransitions),
    Parent(ParentTransitions),
}

/// A consent to give (a custody holder on their phone) or to record (staff, from paper).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GiveConsent {
    pub child: ChildId,
    pub from_unit: UnitId,
    pub to_unit: UnitId,
    pub items: ConsentItems,
    /// `YYYY-MM-DD` as typed.
    pub valid_until: String,
    /// Paper only: whose signature, signed when (`YYYY-MM-DD`), and where the scan is.
    pub paper: Option<PaperConsent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaperConsent {
    pub guardian: UserId,
    pub signed_on: String,
    pub reference: String,
}

/// The description as written, on the version loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveDescription {
    pub child: ChildId,
    pub from_unit: UnitId,
    pub to_unit: UnitId,
    pub description: TransitionDescription,
    pub version: i64,
}
