//! The expected decisions for focus meetings and action plans (issue 16), written from the
//! issue's words and DESIGN §1 ("Concern → parents"), in the form of `expected.rs`: every actor
//! kind where it stands naturally, then the same people somewhere else.

use super::Where::*;
use super::Who::*;
use super::{row, Row};
use crate::policy::Action::*;
use crate::policy::Decision::{Allow, Deny};

#[rustfmt::skip]
pub(super) const EXPECTED_CARE: &[Row] = &[
    row(Pedagogue, ViewCare, OwnUnit, Allow, "issue 16: the staff who know the child hold the meeting"),
    row(Teacher, ViewCare, OwnUnit, Allow, "issue 16: the staff who know the child hold the meeting"),
    row(Childminder, ViewCare, OwnUnit, Allow, "issue 16: the staff who know the child hold the meeting"),
    row(HealthVisitor, ViewCare, OwnUnit, Allow, "issue 16: the staff who know the child hold the meeting"),
    row(UnitLeader, ViewCare, OwnUnit, Allow, "issue 16: the leader follows meetings and plans"),
    row(AreaLeader, ViewCare, OwnArea, Allow, "A1: leaders above the unit read what the unit reads"),
    row(Specialist, ViewCare, InvitedToThisCase, Allow, "issue 16: invited to this one child's case, while invited"),
    row(Administrator, ViewCare, OwnMunicipality, Deny, "DESIGN §1: administrators never reach a child"),
    row(GuardianWithCustody, ViewCare, ThisChild, Allow, "issue 16: parents read plans and meetings on their phones"),
    row(GuardianWithoutCustody, ViewCare, ThisChild, Allow, "forældreansvarsloven § 23: the right to information"),
    row(Pedagogue, HoldMeetings, OwnUnit, Allow, "issue 16: the pedagogue proposes a time and writes the plan"),
    row(Teacher, HoldMeetings, OwnUnit, Allow, "issue 16: the staff closest to the child"),
    row(Childminder, HoldMeetings, OwnUnit, Allow, "issue 16: the staff closest to the child"),
    row(HealthVisitor, HoldMeetings, OwnUnit, Allow, "issue 16: the staff closest to the child"),
    row(UnitLeader, HoldMeetings, OwnUnit, Allow, "issue 16: the pedagogue or leader proposes"),
    row(AreaLeader, HoldMeetings, OwnArea, Deny, "issue 16: the child's unit holds the meeting; the area follows"),
    row(Specialist, HoldMeetings, InvitedToThisCase, Deny, "issue 16: specialists join the unit's meeting, they do not call it"),
    row(Administrator, HoldMeetings, OwnMunicipality, Deny, "DESIGN §1: administrators never reach a child"),
    row(GuardianWithCustody, HoldMeetings, ThisChild, Deny, "issue 16: parents are invited and answer"),
    row(GuardianWithoutCustody, HoldMeetings, ThisChild, Deny, "issue 16: parents are invited and answer"),
    row(Pedagogue, RespondAsParent, OwnUnit, Deny, "issue 16: the parents' answer is theirs"),
    row(Teacher, RespondAsParent, OwnUnit, Deny, "issue 16: the parents' answer is theirs"),
    row(Childminder, RespondAsParent, OwnUnit, Deny, "issue 16: the parents' answer is theirs"),
    row(HealthVisitor, RespondAsParent, OwnUnit, Deny, "issue 16: the parents' answer is theirs"),
    row(UnitLeader, RespondAsParent, OwnUnit, Deny, "issue 16: the parents' answer is theirs"),
    row(AreaLeader, RespondAsParent, OwnArea, Deny, "issue 16: the parents' answer is theirs"),
    row(Specialist, RespondAsParent, InvitedToThisCase, Deny, "issue 16: the parents' answer is theirs"),
    row(Administrator, RespondAsParent, OwnMunicipality, Deny, "issue 16: the parents' answer is theirs"),
    row(GuardianWithCustody, RespondAsParent, ThisChild, Allow, "issue 16: accepts or declines, marks the plan read"),
    row(GuardianWithoutCustody, RespondAsParent, ThisChild, Allow, "issue 16: an invited parent answers their own invitation"),
    row(Pedagogue, ContributeToPlan, OwnUnit, Deny, "issue 16: the parents' own view is theirs"),
    row(Teacher, ContributeToPlan, OwnUnit, Deny, "issue 16: the parents' own view is theirs"),
    row(Childminder, ContributeToPlan, OwnUnit, Deny, "issue 16: the parents' own view is theirs"),
    row(HealthVisitor, ContributeToPlan, OwnUnit, Deny, "issue 16: the parents' own view is theirs"),
    row(UnitLeader, ContributeToPlan, OwnUnit, Deny, "issue 16: the parents' own view is theirs"),
    row(AreaLeader, ContributeToPlan, OwnArea, Deny, "issue 16: the parents' own view is theirs"),
    row(Specialist, ContributeToPlan, InvitedToThisCase, Deny, "issue 16: the parents' own view is theirs"),
    row(Administrator, ContributeToPlan, OwnMunicipality, Deny, "issue 16: the parents' own view is theirs"),
    row(GuardianWithCustody, ContributeToPlan, ThisChild, Allow, "issue 16: the parent adds their own view to the plan"),
    row(GuardianWithoutCustody, ContributeToPlan, ThisChild, Deny, "issue 16: a guardian without custody cannot act for the child"),
    // Somewhere else.
    row(Pedagogue, ViewCare, OtherUnit, Deny, "A1, C1: another unit's staff; not found (A4)"),
    row(Pedagogue, HoldMeetings, OtherUnit, Deny, "A1, C1: another unit's staff; not found (A4)"),
    row(AreaLeader, ViewCare, SiblingArea, Deny, "A1: a unit above it only"),
    row(Specialist, ViewCare, InvitedToAnotherCase, Deny, "issue 16: only the case they are invited to"),
    row(GuardianWithCustody, ViewCare, AnotherChild, Deny, "A1: parents only their own children"),
    row(GuardianWithCustody, RespondAsParent, AnotherChild, Deny, "A1: parents only their own children"),
    row(GuardianWithCustody, ContributeToPlan, AnotherChild, Deny, "A1: parents only their own children"),
    row(Pedagogue, HoldMeetings, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
    row(UnitLeader, ViewCare, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
];
