//! The expected decisions, written out by hand from the documents' words — SECURITY A1, A4, A5
//! and C2, DESIGN §1 ("Access", "Two steps", "Concern → parents") and §2 (who does what) — and
//! compared with the engine. Unlike the matrix in `tests.rs`, nothing here is read from
//! `GRANTS`: a grant added or dropped by mistake makes a row disagree.
//!
//! Each row is (who, action, where they stand, the answer, the words it comes from). Every
//! actor kind has a row for every action where it stands naturally; the rows after those are
//! the same people somewhere else. Where the engine answers otherwise than the documents read,
//! the row is listed in `DISPUTED` with a note, for a person to settle (change the engine or the
//! documents, then drop the entry); the test fails for any other difference, and for a disputed
//! row the engine has come to agree with.

use super::{World, TODAY};
use crate::domain::Role;
use crate::policy::Action::{self, *};
use crate::policy::Decision::{self, Allow, Deny};
use std::collections::HashSet;
use Where::*;
use Who::*;

/// Who asks: a staff role, or a guardian with or without custody.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Who {
    Pedagogue,
    Teacher,
    Childminder,
    HealthVisitor,
    UnitLeader,
    AreaLeader,
    Specialist,
    Administrator,
    GuardianWithCustody,
    GuardianWithoutCustody,
}

impl Who {
    /// Every role has its `Who`; a new role fails to compile here until it has rows.
    fn of(role: Role) -> Who {
        match role {
            Role::Pedagogue => Pedagogue,
            Role::Teacher => Teacher,
            Role::Childminder => Childminder,
            Role::HealthVisitor => HealthVisitor,
            Role::UnitLeader => UnitLeader,
            Role::AreaLeader => AreaLeader,
            Role::Specialist => Specialist,
            Role::Administrator => Administrator,
        }
    }

    fn role(self) -> Option<Role> {
        Role::ALL.into_iter().find(|r| Who::of(*r) == self)
    }

    fn all() -> Vec<Who> {
        let mut all: Vec<Who> = Role::ALL.into_iter().map(Who::of).collect();
        all.extend([GuardianWithCustody, GuardianWithoutCustody]);
        all
    }

    /// Where this kind of person stands in the course of their work.
    fn home(self) -> Where {
        match self {
            Pedagogue | Teacher | Childminder | HealthVisitor | UnitLeader => OwnUnit,
            AreaLeader => OwnArea,
            Specialist => InvitedToThisCase,
            Administrator => OwnMunicipality,
            GuardianWithCustody | GuardianWithoutCustody => ThisChild,
        }
    }
}

/// How the person stands to what the action is aimed at: the child, the child's unit, or the
/// municipality, all in `World` (the child is placed in `world.unit`, in `world.area`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Where {
    /// A membership, active today, in the child's unit.
    OwnUnit,
    /// A membership in another unit.
    OtherUnit,
    /// A membership in the area above the child's unit.
    OwnArea,
    /// A membership in the other area of the municipality.
    SiblingArea,
    /// A municipality-wide membership in the child's municipality.
    OwnMunicipality,
    /// A municipality-wide membership in another municipality.
    OtherMunicipality,
    /// Employed by the municipality and invited, today, to this child's case.
    InvitedToThisCase,
    /// Employed by the municipality and invited to another child's case.
    InvitedToAnotherCase,
    /// A guardian of this child.
    ThisChild,
    /// A guardian of another child.
    AnotherChild,
    /// A membership in the child's unit that ended yesterday.
    OwnUnitEndedYesterday,
    /// A membership in the child's unit that starts tomorrow.
    OwnUnitFromTomorrow,
}

#[derive(Clone, Copy, Debug)]
struct Row {
    who: Who,
    action: Action,
    place: Where,
    expect: Decision,
    why: &'static str,
}

const fn row(who: Who, action: Action, place: Where, expect: Decision, why: &'static str) -> Row {
    Row {
        who,
        action,
        place,
        expect,
        why,
    }
}

#[path = "expected_care.rs"]
mod care;
#[path = "expected_measures.rs"]
mod measures;
#[path = "expected_spot_check.rs"]
mod spot_check;
#[path = "expected_subjects.rs"]
mod subjects;
#[path = "expected_transitions.rs"]
mod transitions;

/// Every written row: the table below and those for meetings and plans, and for transitions.
fn all_rows() -> impl Iterator<Item = &'static Row> {
    EXPECTED
        .iter()
        .chain(care::EXPECTED_CARE)
        .chain(transitions::EXPECTED_TRANSITIONS)
        .chain(spot_check::EXPECTED_SPOT_CHECK)
        .chain(measures::EXPECTED_MEASURES)
}

/// The table. Read it against the documents, not against `GRANTS`.
#[rustfmt::skip]
const EXPECTED: &[Row] = &[
    // Pedagogue, OwnUnit
    row(Pedagogue, ViewChild, OwnUnit, Allow, "A1: close staff of the child's own unit"),
    row(Pedagogue, ListUnitChildren, OwnUnit, Allow, "A1; DESIGN §2: they assess a whole group"),
    row(Pedagogue, ManageOrganisation, OwnUnit, Deny, "DESIGN §1: administrators run the organisation"),
    row(Pedagogue, ConsentToTransfer, OwnUnit, Deny, "C2: only custody holders consent"),
    row(Pedagogue, AssessChild, OwnUnit, Allow, "DESIGN §1: the adults closest to each child assess"),
    row(Pedagogue, ViewAssessments, OwnUnit, Allow, "DESIGN §2: see a child's history"),
    row(Pedagogue, SetJointAssessment, OwnUnit, Allow, "DESIGN §2: hold the joint assessment"),
    row(Pedagogue, HandleFollowUps, OwnUnit, Allow, "ACCESS.md: the staff closest to the child inform the parents and close the follow-up; it stays on the leader's list until then"),
    row(Pedagogue, ViewUnitDashboard, OwnUnit, Deny, "DESIGN §2: the unit leader follows the round"),
    row(Pedagogue, ViewCounts, OwnUnit, Deny, "DESIGN §2: counts are for area leaders and administration"),
    row(Pedagogue, PlanRound, OwnUnit, Deny, "DESIGN §2: area leaders and administration plan rounds"),
    row(Pedagogue, ConfigureAssessment, OwnUnit, Deny, "DESIGN §2: administration edits indicators and settings"),
    row(Pedagogue, UnlockAccount, OwnUnit, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(Pedagogue, InviteUser, OwnUnit, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(Pedagogue, ManagePeople, OwnUnit, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(Pedagogue, InviteSpecialist, OwnUnit, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // Teacher, OwnUnit
    row(Teacher, ViewChild, OwnUnit, Allow, "A1: close staff of the child's own unit"),
    row(Teacher, ListUnitChildren, OwnUnit, Allow, "A1; DESIGN §2: they assess a whole group"),
    row(Teacher, ManageOrganisation, OwnUnit, Deny, "DESIGN §1: administrators run the organisation"),
    row(Teacher, ConsentToTransfer, OwnUnit, Deny, "C2: only custody holders consent"),
    row(Teacher, AssessChild, OwnUnit, Allow, "DESIGN §1: the adults closest to each child assess"),
    row(Teacher, ViewAssessments, OwnUnit, Allow, "DESIGN §2: see a child's history"),
    row(Teacher, SetJointAssessment, OwnUnit, Allow, "DESIGN §2: hold the joint assessment"),
    row(Teacher, HandleFollowUps, OwnUnit, Allow, "ACCESS.md: the staff closest to the child inform the parents and close the follow-up; it stays on the leader's list until then"),
    row(Teacher, ViewUnitDashboard, OwnUnit, Deny, "DESIGN §2: the unit leader follows the round"),
    row(Teacher, ViewCounts, OwnUnit, Deny, "DESIGN §2: counts are for area leaders and administration"),
    row(Teacher, PlanRound, OwnUnit, Deny, "DESIGN §2: area leaders and administration plan rounds"),
    row(Teacher, ConfigureAssessment, OwnUnit, Deny, "DESIGN §2: administration edits indicators and settings"),
    row(Teacher, UnlockAccount, OwnUnit, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(Teacher, InviteUser, OwnUnit, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(Teacher, ManagePeople, OwnUnit, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(Teacher, InviteSpecialist, OwnUnit, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // Childminder, OwnUnit
    row(Childminder, ViewChild, OwnUnit, Allow, "A1: close staff of the child's own unit"),
    row(Childminder, ListUnitChildren, OwnUnit, Allow, "A1; DESIGN §2: they assess a whole group"),
    row(Childminder, ManageOrganisation, OwnUnit, Deny, "DESIGN §1: administrators run the organisation"),
    row(Childminder, ConsentToTransfer, OwnUnit, Deny, "C2: only custody holders consent"),
    row(Childminder, AssessChild, OwnUnit, Allow, "DESIGN §1: the adults closest to each child assess"),
    row(Childminder, ViewAssessments, OwnUnit, Allow, "DESIGN §2: see a child's history"),
    row(Childminder, SetJointAssessment, OwnUnit, Allow, "DESIGN §2: hold the joint assessment"),
    row(Childminder, HandleFollowUps, OwnUnit, Allow, "ACCESS.md: the staff closest to the child inform the parents and close the follow-up; it stays on the leader's list until then"),
    row(Childminder, ViewUnitDashboard, OwnUnit, Deny, "DESIGN §2: the unit leader follows the round"),
    row(Childminder, ViewCounts, OwnUnit, Deny, "DESIGN §2: counts are for area leaders and administration"),
    row(Childminder, PlanRound, OwnUnit, Deny, "DESIGN §2: area leaders and administration plan rounds"),
    row(Childminder, ConfigureAssessment, OwnUnit, Deny, "DESIGN §2: administration edits indicators and settings"),
    row(Childminder, UnlockAccount, OwnUnit, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(Childminder, InviteUser, OwnUnit, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(Childminder, ManagePeople, OwnUnit, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(Childminder, InviteSpecialist, OwnUnit, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // HealthVisitor, OwnUnit
    row(HealthVisitor, ViewChild, OwnUnit, Allow, "A1: close staff of the child's own unit"),
    row(HealthVisitor, ListUnitChildren, OwnUnit, Allow, "A1; DESIGN §2: they assess a whole group"),
    row(HealthVisitor, ManageOrganisation, OwnUnit, Deny, "DESIGN §1: administrators run the organisation"),
    row(HealthVisitor, ConsentToTransfer, OwnUnit, Deny, "C2: only custody holders consent"),
    row(HealthVisitor, AssessChild, OwnUnit, Allow, "DESIGN §1: the adults closest to each child assess"),
    row(HealthVisitor, ViewAssessments, OwnUnit, Allow, "DESIGN §2: see a child's history"),
    row(HealthVisitor, SetJointAssessment, OwnUnit, Allow, "DESIGN §2: hold the joint assessment"),
    row(HealthVisitor, HandleFollowUps, OwnUnit, Allow, "ACCESS.md: the staff closest to the child inform the parents and close the follow-up; it stays on the leader's list until then"),
    row(HealthVisitor, ViewUnitDashboard, OwnUnit, Deny, "DESIGN §2: the unit leader follows the round"),
    row(HealthVisitor, ViewCounts, OwnUnit, Deny, "DESIGN §2: counts are for area leaders and administration"),
    row(HealthVisitor, PlanRound, OwnUnit, Deny, "DESIGN §2: area leaders and administration plan rounds"),
    row(HealthVisitor, ConfigureAssessment, OwnUnit, Deny, "DESIGN §2: administration edits indicators and settings"),
    row(HealthVisitor, UnlockAccount, OwnUnit, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(HealthVisitor, InviteUser, OwnUnit, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(HealthVisitor, ManagePeople, OwnUnit, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(HealthVisitor, InviteSpecialist, OwnUnit, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // UnitLeader, OwnUnit
    row(UnitLeader, ViewChild, OwnUnit, Allow, "A1: the leaders of the child's unit"),
    row(UnitLeader, ListUnitChildren, OwnUnit, Allow, "A1; P6: a unit leader may see each child"),
    row(UnitLeader, ManageOrganisation, OwnUnit, Deny, "DESIGN §1: administrators run the organisation"),
    row(UnitLeader, ConsentToTransfer, OwnUnit, Deny, "C2: only custody holders consent"),
    row(UnitLeader, AssessChild, OwnUnit, Deny, "DESIGN §1: the adults closest to the child assess; §2: the leader follows"),
    row(UnitLeader, ViewAssessments, OwnUnit, Allow, "A1; DESIGN §1: the unit's leaders up the line"),
    row(UnitLeader, SetJointAssessment, OwnUnit, Allow, "ACCESS.md: the unit leader takes part in the team's joint meeting and may record its position"),
    row(UnitLeader, HandleFollowUps, OwnUnit, Allow, "DESIGN §1: on the leader's list until done; §2: overdue follow-ups"),
    row(UnitLeader, ViewUnitDashboard, OwnUnit, Allow, "DESIGN §2: follow the round's progress and concerns"),
    row(UnitLeader, ViewCounts, OwnUnit, Deny, "DESIGN §2: counts across units are for area leaders and administration"),
    row(UnitLeader, PlanRound, OwnUnit, Deny, "DESIGN §2: area leaders and administration plan rounds"),
    row(UnitLeader, ConfigureAssessment, OwnUnit, Deny, "DESIGN §2: administration edits indicators and settings"),
    row(UnitLeader, UnlockAccount, OwnUnit, Allow, "S2: the unit leader unlocks the staff of the unit"),
    row(UnitLeader, InviteUser, OwnUnit, Allow, "issue 15: the unit leader invites the people who work in the unit"),
    row(UnitLeader, ManagePeople, OwnUnit, Allow, "issue 15: the unit leader administers the people of the unit"),
    row(UnitLeader, InviteSpecialist, OwnUnit, Allow, "issue 15: the unit leader invites a specialist to a child of the unit"),
    // AreaLeader, OwnArea
    row(AreaLeader, ViewChild, OwnArea, Allow, "A1: leaders of a unit above the child's"),
    row(AreaLeader, ListUnitChildren, OwnArea, Allow, "A1: leaders of a unit above"),
    row(AreaLeader, ManageOrganisation, OwnArea, Deny, "DESIGN §1: administrators run the organisation (municipality-wide)"),
    row(AreaLeader, ConsentToTransfer, OwnArea, Deny, "C2: only custody holders consent"),
    row(AreaLeader, AssessChild, OwnArea, Deny, "DESIGN §1: the adults closest to the child assess"),
    row(AreaLeader, ViewAssessments, OwnArea, Allow, "A1; DESIGN §1: the unit's leaders up the line"),
    row(AreaLeader, SetJointAssessment, OwnArea, Deny, "DESIGN §1: the team agrees the joint position"),
    row(AreaLeader, HandleFollowUps, OwnArea, Deny, "DESIGN §1: the unit leader's list"),
    row(AreaLeader, ViewUnitDashboard, OwnArea, Allow, "A1: leaders of a unit above see what its leader sees"),
    row(AreaLeader, ViewCounts, OwnArea, Allow, "DESIGN §2: counts across units"),
    row(AreaLeader, PlanRound, OwnArea, Allow, "DESIGN §2: plan rounds"),
    row(AreaLeader, ConfigureAssessment, OwnArea, Deny, "DESIGN §1: the municipality's own configuration, run by administrators"),
    row(AreaLeader, UnlockAccount, OwnArea, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(AreaLeader, InviteUser, OwnArea, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(AreaLeader, ManagePeople, OwnArea, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(AreaLeader, InviteSpecialist, OwnArea, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // Specialist, InvitedToThisCase
    row(Specialist, ViewChild, InvitedToThisCase, Allow, "A1: specialists for the cases they are invited to"),
    row(Specialist, ListUnitChildren, InvitedToThisCase, Deny, "A1: a case, not a unit"),
    row(Specialist, ManageOrganisation, InvitedToThisCase, Deny, "DESIGN §1: administrators run the organisation"),
    row(Specialist, ConsentToTransfer, InvitedToThisCase, Deny, "C2: only custody holders consent"),
    row(Specialist, AssessChild, InvitedToThisCase, Deny, "DESIGN §1: the adults closest to the child assess"),
    row(Specialist, ViewAssessments, InvitedToThisCase, Allow, "DESIGN §2: the cases they are invited to"),
    row(Specialist, SetJointAssessment, InvitedToThisCase, Deny, "DESIGN §1: the unit's team agrees the joint position"),
    row(Specialist, HandleFollowUps, InvitedToThisCase, Deny, "DESIGN §1: the unit leader's list"),
    row(Specialist, ViewUnitDashboard, InvitedToThisCase, Deny, "A1: a case, not a unit"),
    row(Specialist, ViewCounts, InvitedToThisCase, Deny, "DESIGN §2: counts are for area leaders and administration"),
    row(Specialist, PlanRound, InvitedToThisCase, Deny, "DESIGN §2: area leaders and administration plan rounds"),
    row(Specialist, ConfigureAssessment, InvitedToThisCase, Deny, "DESIGN §2: administration edits indicators and settings"),
    row(Specialist, UnlockAccount, InvitedToThisCase, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(Specialist, InviteUser, InvitedToThisCase, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(Specialist, ManagePeople, InvitedToThisCase, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(Specialist, InviteSpecialist, InvitedToThisCase, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // Specialist, OwnMunicipality
    row(Specialist, ViewChild, OwnMunicipality, Deny, "A1: specialists only for cases they are invited to"),
    row(Specialist, ListUnitChildren, OwnMunicipality, Deny, "A1: specialists only for cases they are invited to"),
    row(Specialist, ManageOrganisation, OwnMunicipality, Deny, "DESIGN §1: administrators run the organisation"),
    row(Specialist, ConsentToTransfer, OwnMunicipality, Deny, "C2: only custody holders consent"),
    row(Specialist, AssessChild, OwnMunicipality, Deny, "A1: specialists only for cases they are invited to"),
    row(Specialist, ViewAssessments, OwnMunicipality, Deny, "A1: specialists only for cases they are invited to"),
    row(Specialist, SetJointAssessment, OwnMunicipality, Deny, "A1: specialists only for cases they are invited to"),
    row(Specialist, HandleFollowUps, OwnMunicipality, Deny, "A1: specialists only for cases they are invited to"),
    row(Specialist, ViewUnitDashboard, OwnMunicipality, Deny, "A1: specialists only for cases they are invited to"),
    row(Specialist, ViewCounts, OwnMunicipality, Deny, "DESIGN §2: counts are for area leaders and administration"),
    row(Specialist, PlanRound, OwnMunicipality, Deny, "DESIGN §2: area leaders and administration plan rounds"),
    row(Specialist, ConfigureAssessment, OwnMunicipality, Deny, "DESIGN §2: administration edits indicators and settings"),
    row(Specialist, UnlockAccount, OwnMunicipality, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(Specialist, InviteUser, OwnMunicipality, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(Specialist, ManagePeople, OwnMunicipality, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(Specialist, InviteSpecialist, OwnMunicipality, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // Administrator, OwnMunicipality
    row(Administrator, ViewChild, OwnMunicipality, Deny, "DESIGN §1: administrators see counts, never a child"),
    row(Administrator, ListUnitChildren, OwnMunicipality, Deny, "DESIGN §1: never a child"),
    row(Administrator, ManageOrganisation, OwnMunicipality, Allow, "DESIGN §1: administrators run the organisation; §2: import it"),
    row(Administrator, ConsentToTransfer, OwnMunicipality, Deny, "C2: only custody holders consent"),
    row(Administrator, AssessChild, OwnMunicipality, Deny, "DESIGN §1: never a child"),
    row(Administrator, ViewAssessments, OwnMunicipality, Deny, "DESIGN §1: counts only, never a child"),
    row(Administrator, SetJointAssessment, OwnMunicipality, Deny, "DESIGN §1: never a child"),
    row(Administrator, HandleFollowUps, OwnMunicipality, Deny, "DESIGN §1: never a child (a follow-up names one)"),
    row(Administrator, ViewUnitDashboard, OwnMunicipality, Deny, "DESIGN §1: never a child (the dashboard names them)"),
    row(Administrator, ViewCounts, OwnMunicipality, Allow, "DESIGN §1: administrators see counts"),
    row(Administrator, PlanRound, OwnMunicipality, Allow, "DESIGN §2: plan rounds"),
    row(Administrator, ConfigureAssessment, OwnMunicipality, Allow, "DESIGN §2: edit indicators and settings"),
    row(Administrator, UnlockAccount, OwnMunicipality, Allow, "S2: the administrator unlocks anyone in the municipality"),
    row(Administrator, InviteUser, OwnMunicipality, Allow, "issue 15: the administrator invites anyone in the municipality"),
    row(Administrator, ManagePeople, OwnMunicipality, Allow, "issue 15: the administrator administers anyone in the municipality"),
    row(Administrator, InviteSpecialist, OwnMunicipality, Deny, "issue 15: the unit leader invites; DESIGN §1: administrators never reach a child"),
    // GuardianWithCustody, ThisChild
    row(GuardianWithCustody, ViewChild, ThisChild, Allow, "A1: parents their own children"),
    row(GuardianWithCustody, ListUnitChildren, ThisChild, Deny, "A1: only their own children"),
    row(GuardianWithCustody, ManageOrganisation, ThisChild, Deny, "DESIGN §1: administrators run the organisation"),
    row(GuardianWithCustody, ConsentToTransfer, ThisChild, Allow, "C2: custody holders consent"),
    row(GuardianWithCustody, AssessChild, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithCustody, ViewAssessments, ThisChild, Allow, "DESIGN §2: their child's positions over time"),
    row(GuardianWithCustody, SetJointAssessment, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithCustody, HandleFollowUps, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithCustody, ViewUnitDashboard, ThisChild, Deny, "A1: only their own children"),
    row(GuardianWithCustody, ViewCounts, ThisChild, Deny, "A1: only their own children"),
    row(GuardianWithCustody, PlanRound, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithCustody, ConfigureAssessment, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithCustody, UnlockAccount, ThisChild, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(GuardianWithCustody, InviteUser, ThisChild, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(GuardianWithCustody, ManagePeople, ThisChild, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(GuardianWithCustody, InviteSpecialist, ThisChild, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // GuardianWithoutCustody, ThisChild
    row(GuardianWithoutCustody, ViewChild, ThisChild, Allow, "A1: parents their own children, with or without custody"),
    row(GuardianWithoutCustody, ListUnitChildren, ThisChild, Deny, "A1: only their own children"),
    row(GuardianWithoutCustody, ManageOrganisation, ThisChild, Deny, "DESIGN §1: administrators run the organisation"),
    row(GuardianWithoutCustody, ConsentToTransfer, ThisChild, Deny, "C2: a parent without custody cannot consent"),
    row(GuardianWithoutCustody, AssessChild, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithoutCustody, ViewAssessments, ThisChild, Allow, "DESIGN §2: their child's positions over time"),
    row(GuardianWithoutCustody, SetJointAssessment, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithoutCustody, HandleFollowUps, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithoutCustody, ViewUnitDashboard, ThisChild, Deny, "A1: only their own children"),
    row(GuardianWithoutCustody, ViewCounts, ThisChild, Deny, "A1: only their own children"),
    row(GuardianWithoutCustody, PlanRound, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithoutCustody, ConfigureAssessment, ThisChild, Deny, "A1, A5: parents see, they do not act as staff"),
    row(GuardianWithoutCustody, UnlockAccount, ThisChild, Deny, "S2: only the unit leader or the administrator unlocks a login"),
    row(GuardianWithoutCustody, InviteUser, ThisChild, Deny, "issue 15: only the unit leader or the administrator sends a password link"),
    row(GuardianWithoutCustody, ManagePeople, ThisChild, Deny, "issue 15: only the unit leader or the administrator administers people"),
    row(GuardianWithoutCustody, InviteSpecialist, ThisChild, Deny, "issue 15: only the leader of the child's unit invites a specialist"),
    // Somewhere else (SECURITY A1, A4): another unit, area, municipality, case or child.
    row(Pedagogue, ViewChild, OtherUnit, Deny, "A4: another unit's child is not found"),
    row(Pedagogue, ViewAssessments, OtherUnit, Deny, "A4: another unit's child"),
    row(Pedagogue, AssessChild, OtherUnit, Deny, "A4: another unit's child"),
    row(Pedagogue, SetJointAssessment, OtherUnit, Deny, "A4: another unit's child"),
    row(Pedagogue, ListUnitChildren, OtherUnit, Deny, "A4: another unit"),
    row(Teacher, ViewChild, OtherUnit, Deny, "A4: a teacher opening a kindergarten child"),
    row(Teacher, ViewAssessments, OtherUnit, Deny, "A4, C1: no knowledge passes to another unit"),
    row(Childminder, AssessChild, OtherUnit, Deny, "A4: another unit's child"),
    row(HealthVisitor, ViewChild, OtherUnit, Deny, "A4: another unit's child"),
    row(UnitLeader, ViewChild, OtherUnit, Deny, "A1: leaders of the child's unit or above only"),
    row(UnitLeader, ViewUnitDashboard, OtherUnit, Deny, "A4: another unit"),
    row(UnitLeader, HandleFollowUps, OtherUnit, Deny, "A4: another unit"),
    row(UnitLeader, ViewAssessments, OtherUnit, Deny, "A4: another unit's child"),
    row(AreaLeader, ViewChild, SiblingArea, Deny, "A1: leaders of a unit above it, not beside it"),
    row(AreaLeader, ViewAssessments, SiblingArea, Deny, "A1: a unit above it only"),
    row(AreaLeader, ListUnitChildren, SiblingArea, Deny, "A1: a unit above it only"),
    row(AreaLeader, ViewUnitDashboard, SiblingArea, Deny, "A1: a unit above it only"),
    row(AreaLeader, ViewCounts, SiblingArea, Deny, "A1: counts of their own area"),
    row(AreaLeader, PlanRound, SiblingArea, Deny, "A1: rounds of their own area"),
    row(Specialist, ViewChild, InvitedToAnotherCase, Deny, "A1: only the cases they are invited to"),
    row(Specialist, ViewAssessments, InvitedToAnotherCase, Deny, "A1: only the cases they are invited to"),
    row(Administrator, ManageOrganisation, OtherMunicipality, Deny, "A1: their own municipality"),
    row(Administrator, ConfigureAssessment, OtherMunicipality, Deny, "A1: their own municipality"),
    row(Administrator, UnlockAccount, OtherMunicipality, Deny, "A1: their own municipality"),
    row(Administrator, InviteUser, OtherMunicipality, Deny, "A1: their own municipality"),
    row(Administrator, ManagePeople, OtherMunicipality, Deny, "A1: their own municipality"),
    row(UnitLeader, UnlockAccount, OtherUnit, Deny, "S2: the staff of their own unit"),
    row(UnitLeader, InviteUser, OtherUnit, Deny, "issue 15: the people of their own unit"),
    row(UnitLeader, ManagePeople, OtherUnit, Deny, "issue 15: the people of their own units; another unit's are not found (A4)"),
    row(UnitLeader, InviteSpecialist, OtherUnit, Deny, "issue 15: a child of their own unit; another unit's is not found (A4)"),
    row(Administrator, ViewCounts, OtherMunicipality, Deny, "A1: their own municipality"),
    row(Administrator, PlanRound, OtherMunicipality, Deny, "A1: their own municipality"),
    row(GuardianWithCustody, ViewChild, AnotherChild, Deny, "A1: parents only their own children"),
    row(GuardianWithCustody, ViewAssessments, AnotherChild, Deny, "A1: parents only their own children"),
    row(GuardianWithCustody, ConsentToTransfer, AnotherChild, Deny, "C2: for their own child only"),
    row(GuardianWithoutCustody, ViewChild, AnotherChild, Deny, "A1: parents only their own children"),
    row(GuardianWithoutCustody, ViewAssessments, AnotherChild, Deny, "A1: parents only their own children"),
    // Not today (SECURITY A1, A6): a membership that ended, or has not begun.
    row(Pedagogue, ViewChild, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
    row(Pedagogue, AssessChild, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
    row(Pedagogue, ViewAssessments, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
    row(Teacher, ListUnitChildren, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
    row(UnitLeader, ViewUnitDashboard, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
    row(Pedagogue, ViewChild, OwnUnitFromTomorrow, Deny, "A1: a relationship that holds today"),
    row(Pedagogue, AssessChild, OwnUnitFromTomorrow, Deny, "A1: a relationship that holds today"),
    row(UnitLeader, HandleFollowUps, OwnUnitFromTomorrow, Deny, "A1: a relationship that holds today"),
];

/// Rows where the engine answers otherwise than the documents read, each with why: to be
/// settled by a person (reported with issue 14, item 10), not by editing this list to pass.
const DISPUTED: &[(Who, Action, Where, &str)] = &[
    // Settled on 2026-12-02 (docs/ACCESS.md, "Who does what"): none open.
];

fn disputed(row: &Row) -> Option<&'static str> {
    DISPUTED
        .iter()
        .find(|(who, action, place, _)| {
            *who == row.who && *action == row.action && *place == row.place
        })
        .map(|d| d.3)
}

#[test]
fn the_engine_decides_every_written_row_as_the_documents_say() {
    let world = World::new();
    let mut wrong = Vec::new();
    for row in all_rows() {
        let subject = world.subject_at(row.who, row.place);
        let got = world.decide_on_home_resource(&subject, row.action, TODAY);
        let line = format!(
            "{:?}, {:?}, {:?}: expected {:?} ({}), the engine says {got:?}",
            row.who, row.action, row.place, row.expect, row.why
        );
        match (got == row.expect, disputed(row)) {
            (true, None) => {}
            (false, None) => wrong.push(line),
            (true, Some(_)) => wrong.push(format!(
                "{line}; the engine agrees now: remove the row from DISPUTED"
            )),
            (false, Some(_)) => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "the engine and the hand-written table disagree:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_actor_kind_has_a_written_answer_for_every_action() {
    let mut missing = Vec::new();
    for who in Who::all() {
        for action in Action::ALL {
            let home = who.home();
            if !all_rows().any(|r| r.who == who && r.action == action && r.place == home) {
                missing.push(format!("{who:?}, {action:?}, {home:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no written row for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_row_is_written_twice_and_every_disputed_row_is_in_the_table() {
    let mut seen = HashSet::new();
    for row in all_rows() {
        assert!(
            seen.insert((row.who, row.action, row.place)),
            "written twice: {row:?}"
        );
    }
    for (who, action, place, _) in DISPUTED {
        assert!(
            seen.contains(&(*who, *action, *place)),
            "disputed but not in the table: {who:?} {action:?} {place:?}"
        );
    }
}
