//! The expected decisions for the spot check of lookups (issue 18 item 4; SECURITY L3), in the
//! form of `expected.rs`.

use super::Where::*;
use super::Who::*;
use super::{row, Row};
use crate::policy::Action::*;
use crate::policy::Decision::{Allow, Deny};

#[rustfmt::skip]
pub(super) const EXPECTED_SPOT_CHECK: &[Row] = &[
    row(Pedagogue, CheckLookups, OwnUnit, Deny, "L3: the leader checks the unit's lookups, not the staff whose lookups they are"),
    row(Teacher, CheckLookups, OwnUnit, Deny, "L3: the leader checks the unit's lookups, not the staff whose lookups they are"),
    row(Childminder, CheckLookups, OwnUnit, Deny, "L3: the leader checks the unit's lookups, not the staff whose lookups they are"),
    row(HealthVisitor, CheckLookups, OwnUnit, Deny, "L3: the leader checks the unit's lookups, not the staff whose lookups they are"),
    row(UnitLeader, CheckLookups, OwnUnit, Allow, "issue 18: the leader confirms or flags a weekly sample of the unit's lookups"),
    row(AreaLeader, CheckLookups, OwnArea, Deny, "issue 18: each unit's own leader checks; leaders' own lookups go to the administrator"),
    row(Specialist, CheckLookups, InvitedToThisCase, Deny, "L3: a specialist checks nobody's lookups"),
    row(Specialist, CheckLookups, OwnMunicipality, Deny, "L3: a specialist checks nobody's lookups"),
    row(Administrator, CheckLookups, OwnMunicipality, Allow, "issue 18: flagged lookups reach the administrator, who checks the leaders' own"),
    row(GuardianWithCustody, CheckLookups, ThisChild, Deny, "P3: parents see who looked, on their own page"),
    row(GuardianWithoutCustody, CheckLookups, ThisChild, Deny, "P3: parents see who looked, on their own page"),
    // Somewhere else.
    row(UnitLeader, CheckLookups, OtherUnit, Deny, "A1: the lookups of their own units"),
    row(Administrator, CheckLookups, OtherMunicipality, Deny, "A1: their own municipality"),
    row(UnitLeader, CheckLookups, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
];
