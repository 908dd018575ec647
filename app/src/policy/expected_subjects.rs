//! The facts of each person the written table names: who stands where to `World`'s child, unit
//! and municipality (kept apart from the table so the table reads on its own).

use super::Where::{self, *};
use super::Who::{self, *};
use super::{World, TODAY};
use crate::domain::{ChildId, MunicipalityId, UnitId};
use crate::policy::{Guardianship, Invitation, Membership, Scope, Subject};
use time::Duration;

impl World {
    /// The facts of a person who stands `place` to this world's child, unit and municipality.
    pub(super) fn subject_at(&self, who: Who, place: Where) -> Subject {
        let month_ago = TODAY - Duration::days(30);
        let member = |scope, starts_on, ends_on| {
            let role = who
                .role()
                .unwrap_or_else(|| panic!("a guardian has no membership: {who:?} {place:?}"));
            Membership {
                role,
                scope,
                starts_on,
                ends_on,
            }
        };
        let guardian = |child: ChildId| {
            let has_custody = match who {
                GuardianWithCustody => true,
                GuardianWithoutCustody => false,
                _ => panic!("staff are no guardians: {who:?} {place:?}"),
            };
            Guardianship {
                child,
                has_custody,
                ends_on: None,
            }
        };
        let invited = |child| {
            assert_eq!(who, Specialist, "only specialists are invited: {place:?}");
            Subject {
                memberships: vec![member(
                    Scope::Municipality(self.municipality),
                    month_ago,
                    None,
                )],
                invitations: vec![Invitation {
                    child,
                    starts_on: month_ago,
                    ends_on: None,
                }],
                ..Subject::default()
            }
        };
        let one = |m: Membership| Subject {
            memberships: vec![m],
            ..Subject::default()
        };
        match place {
            OwnUnit => one(member(Scope::Unit(self.unit), month_ago, None)),
            OtherUnit => one(member(Scope::Unit(UnitId::random()), month_ago, None)),
            OwnArea => one(member(Scope::Area(self.area), month_ago, None)),
            SiblingArea => one(member(Scope::Area(self.sibling_area), month_ago, None)),
            OwnMunicipality => one(member(
                Scope::Municipality(self.municipality),
                month_ago,
                None,
            )),
            OtherMunicipality => one(member(
                Scope::Municipality(MunicipalityId::random()),
                month_ago,
                None,
            )),
            InvitedToThisCase => invited(self.child),
            InvitedToAnotherCase => invited(self.other_child),
            ThisChild => Subject {
                guardianships: vec![guardian(self.child)],
                ..Subject::default()
            },
            AnotherChild => Subject {
                guardianships: vec![guardian(self.other_child)],
                ..Subject::default()
            },
            OwnUnitEndedYesterday => one(member(
                Scope::Unit(self.unit),
                TODAY - Duration::days(90),
                Some(TODAY - Duration::days(1)),
            )),
            OwnUnitFromTomorrow => one(member(
                Scope::Unit(self.unit),
                TODAY + Duration::days(1),
                None,
            )),
        }
    }
}
