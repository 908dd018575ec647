//! The expected decisions for transitions and consent (issue 17), written from the issue's
//! words and SECURITY C1–C3, in the form of `expected.rs`.

use super::Where::*;
use super::Who::*;
use super::{row, Row};
use crate::policy::Action::*;
use crate::policy::Decision::{Allow, Deny};

#[rustfmt::skip]
pub(super) const EXPECTED_TRANSITIONS: &[Row] = &[
    row(Pedagogue, PrepareTransition, OwnUnit, Allow, "issue 17: the unit the child leaves writes the description with the parents"),
    row(Teacher, PrepareTransition, OwnUnit, Allow, "issue 17: the unit the child leaves writes the description with the parents"),
    row(Childminder, PrepareTransition, OwnUnit, Allow, "issue 17: the unit the child leaves writes the description with the parents"),
    row(HealthVisitor, PrepareTransition, OwnUnit, Allow, "issue 17: the unit the child leaves writes the description with the parents"),
    row(UnitLeader, PrepareTransition, OwnUnit, Allow, "issue 17: the leader prepares the move with the staff"),
    row(AreaLeader, PrepareTransition, OwnArea, Deny, "issue 17: the child's unit prepares the move; the area follows"),
    row(Specialist, PrepareTransition, InvitedToThisCase, Deny, "issue 17: a specialist joins a meeting, does not prepare the move"),
    row(Administrator, PrepareTransition, OwnMunicipality, Deny, "DESIGN §1: administrators never reach a child"),
    row(GuardianWithCustody, PrepareTransition, ThisChild, Deny, "issue 17: written with the parents, by the staff"),
    row(GuardianWithoutCustody, PrepareTransition, ThisChild, Deny, "issue 17: written with the parents, by the staff"),
    row(Pedagogue, RecordPaperConsent, OwnUnit, Allow, "issue 17: close staff record a signed form where the municipality allows it"),
    row(Teacher, RecordPaperConsent, OwnUnit, Allow, "issue 17: close staff record a signed form where the municipality allows it"),
    row(Childminder, RecordPaperConsent, OwnUnit, Allow, "issue 17: close staff record a signed form where the municipality allows it"),
    row(HealthVisitor, RecordPaperConsent, OwnUnit, Allow, "issue 17: close staff record a signed form where the municipality allows it"),
    row(UnitLeader, RecordPaperConsent, OwnUnit, Allow, "issue 17: the leader records a signed paper consent"),
    row(AreaLeader, RecordPaperConsent, OwnArea, Deny, "issue 17: recorded by the unit the child leaves"),
    row(Specialist, RecordPaperConsent, InvitedToThisCase, Deny, "C2: consent is the custody holders', recorded by the child's unit"),
    row(Administrator, RecordPaperConsent, OwnMunicipality, Deny, "DESIGN §1: administrators never reach a child"),
    row(GuardianWithCustody, RecordPaperConsent, ThisChild, Deny, "issue 17: parents consent on their phone, not as staff"),
    row(GuardianWithoutCustody, RecordPaperConsent, ThisChild, Deny, "C2: a parent without custody cannot consent"),
    row(Pedagogue, RequestRecord, OwnUnit, Deny, "issue 17: the copy of everything registered is the parents'"),
    row(Teacher, RequestRecord, OwnUnit, Deny, "issue 17: the copy of everything registered is the parents'"),
    row(Childminder, RequestRecord, OwnUnit, Deny, "issue 17: the copy of everything registered is the parents'"),
    row(HealthVisitor, RequestRecord, OwnUnit, Deny, "issue 17: the copy of everything registered is the parents'"),
    row(UnitLeader, RequestRecord, OwnUnit, Deny, "issue 17: the copy of everything registered is the parents'"),
    row(AreaLeader, RequestRecord, OwnArea, Deny, "issue 17: the copy of everything registered is the parents'"),
    row(Specialist, RequestRecord, InvitedToThisCase, Deny, "issue 17: the copy of everything registered is the parents'"),
    row(Administrator, RequestRecord, OwnMunicipality, Deny, "DESIGN §1: administrators never reach a child"),
    row(GuardianWithCustody, RequestRecord, ThisChild, Allow, "issue 17: the parents get everything registered (GDPR art. 15)"),
    row(GuardianWithoutCustody, RequestRecord, ThisChild, Deny, "docs/ACCESS.md: the right of access is exercised by custody holders; informed on the pages"),
    // Somewhere else.
    row(Pedagogue, PrepareTransition, OtherUnit, Deny, "C1: the new (or another) unit prepares nothing of the old one"),
    row(UnitLeader, RecordPaperConsent, OtherUnit, Deny, "C1: the new unit does not record consent for the old one"),
    row(GuardianWithCustody, RequestRecord, AnotherChild, Deny, "A1: parents only their own children"),
    row(Pedagogue, PrepareTransition, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
];
