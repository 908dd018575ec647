//! The expected decisions for the committee's measures (issue 19 item 3: the grade-0 language
//! assessment), in the form of `expected.rs`.

use super::Where::*;
use super::Who::*;
use super::{row, Row};
use crate::policy::Action::*;
use crate::policy::Decision::{Allow, Deny};

#[rustfmt::skip]
pub(super) const EXPECTED_MEASURES: &[Row] = &[
    row(Pedagogue, ImportMeasures, OwnUnit, Deny, "issue 19: the administrator imports the schools' language assessments"),
    row(Teacher, ImportMeasures, OwnUnit, Deny, "issue 19: the administrator imports the schools' language assessments"),
    row(Childminder, ImportMeasures, OwnUnit, Deny, "issue 19: the administrator imports the schools' language assessments"),
    row(HealthVisitor, ImportMeasures, OwnUnit, Deny, "issue 19: the administrator imports the schools' language assessments"),
    row(UnitLeader, ImportMeasures, OwnUnit, Deny, "issue 19: the administrator imports the schools' language assessments"),
    row(AreaLeader, ImportMeasures, OwnArea, Deny, "issue 19: the administrator imports the schools' language assessments"),
    row(Specialist, ImportMeasures, InvitedToThisCase, Deny, "issue 19: the administrator imports the schools' language assessments"),
    row(Specialist, ImportMeasures, OwnMunicipality, Deny, "issue 19: the administrator imports the schools' language assessments"),
    row(Administrator, ImportMeasures, OwnMunicipality, Allow, "DESIGN §2: the administration follows the committee's measures; imports are theirs"),
    row(GuardianWithCustody, ImportMeasures, ThisChild, Deny, "A1: parents import nothing"),
    row(GuardianWithoutCustody, ImportMeasures, ThisChild, Deny, "A1: parents import nothing"),
    row(Pedagogue, ViewMeasures, OwnUnit, Deny, "DESIGN §2: the committee's measures are for leaders and administration"),
    row(Teacher, ViewMeasures, OwnUnit, Deny, "DESIGN §2: the committee's measures are for leaders and administration"),
    row(Childminder, ViewMeasures, OwnUnit, Deny, "DESIGN §2: the committee's measures are for leaders and administration"),
    row(HealthVisitor, ViewMeasures, OwnUnit, Deny, "DESIGN §2: the committee's measures are for leaders and administration"),
    row(UnitLeader, ViewMeasures, OwnUnit, Allow, "docs/ACCESS.md: a school's leader sees the counts of their own school"),
    row(AreaLeader, ViewMeasures, OwnArea, Allow, "DESIGN §2: area administration sees the two committee measures"),
    row(Specialist, ViewMeasures, InvitedToThisCase, Deny, "DESIGN §2: the committee's measures are for leaders and administration"),
    row(Specialist, ViewMeasures, OwnMunicipality, Deny, "DESIGN §2: the committee's measures are for leaders and administration"),
    row(Administrator, ViewMeasures, OwnMunicipality, Allow, "DESIGN §2: municipal administration sees the two committee measures"),
    row(GuardianWithCustody, ViewMeasures, ThisChild, Deny, "P6: statistics are for the municipality, not parents"),
    row(GuardianWithoutCustody, ViewMeasures, ThisChild, Deny, "P6: statistics are for the municipality, not parents"),
    // Somewhere else.
    row(UnitLeader, ViewMeasures, OtherUnit, Deny, "A1: their own unit's counts"),
    row(AreaLeader, ViewMeasures, SiblingArea, Deny, "A1: their own area's counts"),
    row(Administrator, ViewMeasures, OtherMunicipality, Deny, "A1: their own municipality"),
    row(Administrator, ImportMeasures, OtherMunicipality, Deny, "A1: their own municipality"),
    row(UnitLeader, ViewMeasures, OwnUnitEndedYesterday, Deny, "A6: an ended membership stops"),
];
