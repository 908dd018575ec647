use super::{Action, Actor, Relationship};
use crate::domain::Role;

/// One grant: this actor may do this action where this relationship holds.
#[derive(Clone, Copy, Debug)]
pub struct Grant {
    pub actor: Actor,
    pub action: Action,
    pub relationship: Relationship,
}

const fn grant(actor: Actor, action: Action, relationship: Relationship) -> Grant {
    Grant {
        actor,
        action,
        relationship,
    }
}

use Action::*;
use Relationship::*;

const PEDAGOGUE: Actor = Actor::Staff(Role::Pedagogue);
const TEACHER: Actor = Actor::Staff(Role::Teacher);
const CHILDMINDER: Actor = Actor::Staff(Role::Childminder);
const HEALTH_VISITOR: Actor = Actor::Staff(Role::HealthVisitor);
const UNIT_LEADER: Actor = Actor::Staff(Role::UnitLeader);
const AREA_LEADER: Actor = Actor::Staff(Role::AreaLeader);
const SPECIALIST: Actor = Actor::Staff(Role::Specialist);
const ADMINISTRATOR: Actor = Actor::Staff(Role::Administrator);

/// The whole access rule. Close staff and leaders of the child's own unit, and the leaders of
/// the area above it, have an objective, recurring need; specialists only for the cases they
/// are invited to; guardians for their own children. Administrators run the organisation and
/// imports but have no need to look at individual children (DESIGN §1 "Access").
///
/// A parent without custody keeps the right to information about the child
/// (forældreansvarsloven § 23) but cannot consent (SECURITY C2).
pub const GRANTS: &[Grant] = &[
    grant(PEDAGOGUE, ViewChild, SameUnit),
    grant(TEACHER, ViewChild, SameUnit),
    grant(CHILDMINDER, ViewChild, SameUnit),
    grant(HEALTH_VISITOR, ViewChild, SameUnit),
    grant(UNIT_LEADER, ViewChild, SameUnit),
    grant(AREA_LEADER, ViewChild, SameArea),
    grant(SPECIALIST, ViewChild, InvitedToCase),
    grant(Actor::Guardian, ViewChild, GuardianWithCustody),
    grant(Actor::Guardian, ViewChild, GuardianWithoutCustody),
    grant(PEDAGOGUE, ListUnitChildren, SameUnit),
    grant(TEACHER, ListUnitChildren, SameUnit),
    grant(CHILDMINDER, ListUnitChildren, SameUnit),
    grant(HEALTH_VISITOR, ListUnitChildren, SameUnit),
    grant(UNIT_LEADER, ListUnitChildren, SameUnit),
    grant(AREA_LEADER, ListUnitChildren, SameArea),
    grant(ADMINISTRATOR, ManageOrganisation, SameMunicipality),
    grant(Actor::Guardian, ConsentToTransfer, GuardianWithCustody),
    // Assessments: the staff closest to the child assess; the team with its leader agrees the
    // joint position; leaders follow up; parents see everything about their own child.
    grant(PEDAGOGUE, AssessChild, SameUnit),
    grant(TEACHER, AssessChild, SameUnit),
    grant(CHILDMINDER, AssessChild, SameUnit),
    grant(HEALTH_VISITOR, AssessChild, SameUnit),
    grant(PEDAGOGUE, ViewAssessments, SameUnit),
    grant(TEACHER, ViewAssessments, SameUnit),
    grant(CHILDMINDER, ViewAssessments, SameUnit),
    grant(HEALTH_VISITOR, ViewAssessments, SameUnit),
    grant(UNIT_LEADER, ViewAssessments, SameUnit),
    grant(AREA_LEADER, ViewAssessments, SameArea),
    grant(SPECIALIST, ViewAssessments, InvitedToCase),
    grant(Actor::Guardian, ViewAssessments, GuardianWithCustody),
    grant(Actor::Guardian, ViewAssessments, GuardianWithoutCustody),
    grant(PEDAGOGUE, SetJointAssessment, SameUnit),
    grant(TEACHER, SetJointAssessment, SameUnit),
    grant(CHILDMINDER, SetJointAssessment, SameUnit),
    grant(HEALTH_VISITOR, SetJointAssessment, SameUnit),
    grant(UNIT_LEADER, SetJointAssessment, SameUnit),
    grant(PEDAGOGUE, HandleFollowUps, SameUnit),
    grant(TEACHER, HandleFollowUps, SameUnit),
    grant(CHILDMINDER, HandleFollowUps, SameUnit),
    grant(HEALTH_VISITOR, HandleFollowUps, SameUnit),
    grant(UNIT_LEADER, HandleFollowUps, SameUnit),
    grant(UNIT_LEADER, ViewUnitDashboard, SameUnit),
    grant(AREA_LEADER, ViewUnitDashboard, SameArea),
    // Counts across units (the overview): no child named, small counts suppressed (P6). The area
    // leader also reaches each child of the area through the grants above; the administrator
    // reaches none.
    grant(AREA_LEADER, ViewCounts, SameArea),
    grant(ADMINISTRATOR, ViewCounts, SameMunicipality),
    grant(AREA_LEADER, PlanRound, SameArea),
    grant(ADMINISTRATOR, PlanRound, SameMunicipality),
    grant(ADMINISTRATOR, ConfigureAssessment, SameMunicipality),
    // A person locked out after failed logins asks their leader, or the administrator, who
    // knows them, instead of waiting on a shared tablet (SECURITY S2).
    grant(UNIT_LEADER, UnlockAccount, SameUnit),
    grant(ADMINISTRATOR, UnlockAccount, SameMunicipality),
    // Where there is no single sign-on, the people who set up an account send its first
    // password link: the administrator who imported it, or the leader the person works for.
    grant(UNIT_LEADER, InviteUser, SameUnit),
    grant(ADMINISTRATOR, InviteUser, SameMunicipality),
    // The same people keep the list of who works where up to date: the administrator for the
    // municipality, the unit leader for their units (issue 15). Only the leader, who knows the
    // child's case, invites a specialist to it, until a date.
    grant(UNIT_LEADER, ManagePeople, SameUnit),
    grant(ADMINISTRATOR, ManagePeople, SameMunicipality),
    grant(UNIT_LEADER, InviteSpecialist, SameUnit),
    // Focus meetings and action plans (issue 16) are read by those who read the assessments
    // they grow from; the unit's staff who know the child hold the meeting and write the plan
    // with the parents; an invited specialist joins and reads, while invited. Every guardian
    // answers an invitation sent to them and marks a plan read; the parents' own view on the
    // plan is the custody holders' (DESIGN §1 "Concern → parents").
    grant(PEDAGOGUE, ViewCare, SameUnit),
    grant(TEACHER, ViewCare, SameUnit),
    grant(CHILDMINDER, ViewCare, SameUnit),
    grant(HEALTH_VISITOR, ViewCare, SameUnit),
    grant(UNIT_LEADER, ViewCare, SameUnit),
    grant(AREA_LEADER, ViewCare, SameArea),
    grant(SPECIALIST, ViewCare, InvitedToCase),
    grant(Actor::Guardian, ViewCare, GuardianWithCustody),
    grant(Actor::Guardian, ViewCare, GuardianWithoutCustody),
    grant(PEDAGOGUE, HoldMeetings, SameUnit),
    grant(TEACHER, HoldMeetings, SameUnit),
    grant(CHILDMINDER, HoldMeetings, SameUnit),
    grant(HEALTH_VISITOR, HoldMeetings, SameUnit),
    grant(UNIT_LEADER, HoldMeetings, SameUnit),
    grant(Actor::Guardian, RespondAsParent, GuardianWithCustody),
    grant(Actor::Guardian, RespondAsParent, GuardianWithoutCustody),
    grant(Actor::Guardian, ContributeToPlan, GuardianWithCustody),
    // Transitions (issue 17): the unit the child leaves prepares the move with the parents —
    // its close staff and leader write the description and hand over everything registered;
    // the leader records a signed paper consent (close staff too where the municipality says
    // so: the server function checks that switch). Custody holders consent (above) and ask
    // for everything registered (the right of access, GDPR art. 15, exercised for the child by
    // those with parental responsibility).
    grant(PEDAGOGUE, PrepareTransition, SameUnit),
    grant(TEACHER, PrepareTransition, SameUnit),
    grant(CHILDMINDER, PrepareTransition, SameUnit),
    grant(HEALTH_VISITOR, PrepareTransition, SameUnit),
    grant(UNIT_LEADER, PrepareTransition, SameUnit),
    grant(PEDAGOGUE, RecordPaperConsent, SameUnit),
    grant(TEACHER, RecordPaperConsent, SameUnit),
    grant(CHILDMINDER, RecordPaperConsent, SameUnit),
    grant(HEALTH_VISITOR, RecordPaperConsent, SameUnit),
    grant(UNIT_LEADER, RecordPaperConsent, SameUnit),
    grant(Actor::Guardian, RequestRecord, GuardianWithCustody),
    // The spot check of lookups (issue 18 item 4; SECURITY L3): a unit's leader checks the
    // lookups made in the unit; the administrator, to whom flags go, checks the leaders' own.
    grant(UNIT_LEADER, CheckLookups, SameUnit),
    grant(ADMINISTRATOR, CheckLookups, SameMunicipality),
    // The committee's measures (issue 19 item 3): the administrator imports the schools'
    // language assessments and sees the municipality's counts; an area leader sees the
    // counts of the area's units, a unit's leader those of their own unit — counts only,
    // small ones hidden (P6). No grant shows a child's value to staff (docs/ACCESS.md).
    grant(ADMINISTRATOR, ImportMeasures, SameMunicipality),
    grant(ADMINISTRATOR, ViewMeasures, SameMunicipality),
    grant(AREA_LEADER, ViewMeasures, SameArea),
    grant(UNIT_LEADER, ViewMeasures, SameUnit),
];
