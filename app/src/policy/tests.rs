//! The grant table is the test table: every grant is checked to allow, and each has refused
//! twins (a membership that ended, one that starts tomorrow, the wrong place, another child).
//! Any allow the table does not grant fails here.

use super::*;
use time::macros::date;
use time::Duration;

const TODAY: Date = date!(2026 - 11 - 22);

/// The hand-written table of expected decisions (SECURITY A3).
#[path = "expected.rs"]
mod expected;

/// A small world: two areas, each with one unit; a child placed in unit A1.
struct World {
    municipality: MunicipalityId,
    area: AreaId,
    sibling_area: AreaId,
    unit: UnitId,
    sibling_unit: UnitId,
    child: ChildId,
    other_child: ChildId,
}

impl World {
    fn new() -> Self {
        Self {
            municipality: MunicipalityId::random(),
            area: AreaId::random(),
            sibling_area: AreaId::random(),
            unit: UnitId::random(),
            sibling_unit: UnitId::random(),
            child: ChildId::random(),
            other_child: ChildId::random(),
        }
    }

    fn placement(&self) -> Placement {
        Placement::whole_unit(self.municipality, self.area, self.unit)
    }

    fn sibling_placement(&self) -> Placement {
        Placement::whole_unit(self.municipality, self.sibling_area, self.sibling_unit)
    }

    /// The resource each action is aimed at, in this world.
    fn decide_on_home_resource(&self, subject: &Subject, action: Action, today: Date) -> Decision {
        let placements = [self.placement()];
        let resource = match action.resource_kind() {
            ResourceKind::Child => Resource::Child {
                id: self.child,
                placements: &placements,
            },
            ResourceKind::Unit => Resource::Unit(self.placement()),
            ResourceKind::Municipality => Resource::Municipality(self.municipality),
        };
        decide(subject, action, &resource, today)
    }

    /// A subject for which `relationship` holds with the home resource through `actor`.
    fn subject(
        &self,
        actor: Actor,
        relationship: Relationship,
        starts_on: Date,
        ends_on: Option<Date>,
    ) -> Subject {
        let mut subject = Subject::default();
        match (actor, relationship) {
            (Actor::Staff(role), Relationship::SameUnit) => subject.memberships.push(Membership {
                role,
                scope: Scope::Unit(self.unit),
                starts_on,
                ends_on,
            }),
            (Actor::Staff(role), Relationship::SameArea) => subject.memberships.push(Membership {
                role,
                scope: Scope::Area(self.area),
                starts_on,
                ends_on,
            }),
            (Actor::Staff(role), Relationship::SameMunicipality) => {
                subject.memberships.push(Membership {
                    role,
                    scope: Scope::Municipality(self.municipality),
                    starts_on,
                    ends_on,
                })
            }
            (Actor::Staff(_), Relationship::InvitedToCase) => {
                subject.invitations.push(Invitation {
                    child: self.child,
                    starts_on,
                    ends_on,
                })
            }
            (Actor::Guardian, Relationship::GuardianWithCustody) => {
                subject.guardianships.push(Guardianship {
                    child: self.child,
                    has_custody: true,
                    ends_on: None,
                })
            }
            (Actor::Guardian, Relationship::GuardianWithoutCustody) => {
                subject.guardianships.push(Guardianship {
                    child: self.child,
                    has_custody: false,
                    ends_on: None,
                })
            }
            (actor, rel) => panic!("the table grants an impossible pair: {actor:?} {rel:?}"),
        }
        subject
    }
}

fn granted(actor: Actor, action: Action, relationship: Relationship) -> bool {
    GRANTS
        .iter()
        .any(|g| g.actor == actor && g.action == action && g.relationship == relationship)
}

const ALL_ACTORS: [Actor; 9] = [
    Actor::Staff(Role::Pedagogue),
    Actor::Staff(Role::Teacher),
    Actor::Staff(Role::Childminder),
    Actor::Staff(Role::HealthVisitor),
    Actor::Staff(Role::UnitLeader),
    Actor::Staff(Role::AreaLeader),
    Actor::Staff(Role::Specialist),
    Actor::Staff(Role::Administrator),
    Actor::Guardian,
];

const ALL_RELATIONSHIPS: [Relationship; 6] = [
    Relationship::SameUnit,
    Relationship::SameArea,
    Relationship::SameMunicipality,
    Relationship::InvitedToCase,
    Relationship::GuardianWithCustody,
    Relationship::GuardianWithoutCustody,
];

/// Pairs that can exist at all: guardians relate through guardianships, specialists' cases
/// through invitations, staff through memberships.
fn possible(actor: Actor, relationship: Relationship) -> bool {
    match (actor, relationship) {
        (Actor::Guardian, r) => matches!(
            r,
            Relationship::GuardianWithCustody | Relationship::GuardianWithoutCustody
        ),
        (Actor::Staff(Role::Specialist), Relationship::InvitedToCase) => true,
        (Actor::Staff(_), r) => matches!(
            r,
            Relationship::SameUnit | Relationship::SameArea | Relationship::SameMunicipality
        ),
    }
}

#[test]
fn every_possible_combination_is_decided_exactly_as_the_table_says() {
    let world = World::new();
    let mut checked = 0;
    for actor in ALL_ACTORS {
        for relationship in ALL_RELATIONSHIPS
            .into_iter()
            .filter(|r| possible(actor, *r))
        {
            let subject = world.subject(actor, relationship, TODAY - Duration::days(30), None);
            for action in Action::ALL {
                let expected = if granted(actor, action, relationship) {
                    Decision::Allow
                } else {
                    Decision::Deny
                };
                assert_eq!(
                    world.decide_on_home_resource(&subject, action, TODAY),
                    expected,
                    "{actor:?} {action:?} via {relationship:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "the matrix is complete ({checked} cases)");
}

#[test]
fn every_grant_has_refused_twins_when_the_relationship_is_not_active_today() {
    let world = World::new();
    for grant in GRANTS {
        let dated = matches!(
            grant.relationship,
            Relationship::SameUnit
                | Relationship::SameArea
                | Relationship::SameMunicipality
                | Relationship::InvitedToCase
        );
        if !dated {
            continue;
        }
        let ended = world.subject(
            grant.actor,
            grant.relationship,
            TODAY - Duration::days(90),
            Some(TODAY - Duration::days(1)),
        );
        let tomorrow = world.subject(
            grant.actor,
            grant.relationship,
            TODAY + Duration::days(1),
            None,
        );
        let last_day = world.subject(
            grant.actor,
            grant.relationship,
            TODAY - Duration::days(90),
            Some(TODAY),
        );
        let first_day = world.subject(grant.actor, grant.relationship, TODAY, None);
        let what = format!(
            "{:?} {:?} via {:?}",
            grant.actor, grant.action, grant.relationship
        );
        assert_eq!(
            world.decide_on_home_resource(&ended, grant.action, TODAY),
            Decision::Deny,
            "ended: {what}"
        );
        assert_eq!(
            world.decide_on_home_resource(&tomorrow, grant.action, TODAY),
            Decision::Deny,
            "tomorrow: {what}"
        );
        assert_eq!(
            world.decide_on_home_resource(&last_day, grant.action, TODAY),
            Decision::Allow,
            "last day: {what}"
        );
        assert_eq!(
            world.decide_on_home_resource(&first_day, grant.action, TODAY),
            Decision::Allow,
            "first day: {what}"
        );
    }
}

#[test]
fn every_grant_is_refused_for_a_resource_somewhere_else() {
    let world = World::new();
    let sibling = [world.sibling_placement()];
    for grant in GRANTS {
        let subject = world.subject(
            grant.actor,
            grant.relationship,
            TODAY - Duration::days(30),
            None,
        );
        let resource = match grant.action.resource_kind() {
            ResourceKind::Child => {
                // Another child, in the sibling area's unit.
                Resource::Child {
                    id: world.other_child,
                    placements: &sibling,
                }
            }
            // A unit of another municipality.
            ResourceKind::Unit => Resource::Unit(Placement {
                municipality: MunicipalityId::random(),
                ..world.sibling_placement()
            }),
            ResourceKind::Municipality => Resource::Municipality(MunicipalityId::random()),
        };
        assert_eq!(
            decide(&subject, grant.action, &resource, TODAY),
            Decision::Deny,
            "{:?} {:?} via {:?} must not reach elsewhere",
            grant.actor,
            grant.action,
            grant.relationship
        );
    }
}

#[test]
fn a_leader_of_a_sibling_area_sees_nothing_of_this_area() {
    let world = World::new();
    let subject = Subject {
        memberships: vec![Membership {
            role: Role::AreaLeader,
            scope: Scope::Area(world.sibling_area),
            starts_on: TODAY - Duration::days(300),
            ends_on: None,
        }],
        ..Subject::default()
    };
    for action in Action::ALL {
        assert_eq!(
            world.decide_on_home_resource(&subject, action, TODAY),
            Decision::Deny,
            "{action:?}"
        );
    }
}

#[test]
fn a_parent_without_custody_is_informed_but_cannot_consent() {
    let world = World::new();
    let subject = world.subject(
        Actor::Guardian,
        Relationship::GuardianWithoutCustody,
        TODAY,
        None,
    );
    assert_eq!(
        world.decide_on_home_resource(&subject, Action::ViewChild, TODAY),
        Decision::Allow
    );
    assert_eq!(
        world.decide_on_home_resource(&subject, Action::ConsentToTransfer, TODAY),
        Decision::Deny
    );
    let custody = world.subject(
        Actor::Guardian,
        Relationship::GuardianWithCustody,
        TODAY,
        None,
    );
    assert_eq!(
        world.decide_on_home_resource(&custody, Action::ConsentToTransfer, TODAY),
        Decision::Allow
    );
}

#[test]
fn a_specialist_employed_by_the_municipality_sees_no_child_without_an_invitation() {
    let world = World::new();
    let employed = world.subject(
        Actor::Staff(Role::Specialist),
        Relationship::SameMunicipality,
        TODAY,
        None,
    );
    assert_eq!(
        world.decide_on_home_resource(&employed, Action::ViewChild, TODAY),
        Decision::Deny
    );
    let invited = world.subject(
        Actor::Staff(Role::Specialist),
        Relationship::InvitedToCase,
        TODAY,
        None,
    );
    assert_eq!(
        world.decide_on_home_resource(&invited, Action::ViewChild, TODAY),
        Decision::Allow
    );
}

#[test]
fn an_administrator_runs_the_organisation_but_opens_no_child() {
    let world = World::new();
    let admin = world.subject(
        Actor::Staff(Role::Administrator),
        Relationship::SameMunicipality,
        TODAY,
        None,
    );
    assert_eq!(
        world.decide_on_home_resource(&admin, Action::ManageOrganisation, TODAY),
        Decision::Allow
    );
    assert_eq!(
        world.decide_on_home_resource(&admin, Action::ViewChild, TODAY),
        Decision::Deny
    );
    assert_eq!(
        world.decide_on_home_resource(&admin, Action::ListUnitChildren, TODAY),
        Decision::Deny
    );
}

#[test]
fn a_child_enrolled_nowhere_today_is_seen_by_no_staff() {
    let world = World::new();
    let pedagogue = world.subject(
        Actor::Staff(Role::Pedagogue),
        Relationship::SameUnit,
        TODAY,
        None,
    );
    let resource = Resource::Child {
        id: world.child,
        placements: &[],
    };
    assert_eq!(
        decide(&pedagogue, Action::ViewChild, &resource, TODAY),
        Decision::Deny
    );
}

#[test]
fn a_subject_with_no_facts_is_denied_everything() {
    let world = World::new();
    for action in Action::ALL {
        assert_eq!(
            world.decide_on_home_resource(&Subject::default(), action, TODAY),
            Decision::Deny
        );
    }
}

#[test]
fn assessment_duties_follow_the_role() {
    use Action::*;
    let world = World::new();
    let staff =
        |role, rel| world.subject(Actor::Staff(role), rel, TODAY - Duration::days(30), None);
    let pedagogue = staff(Role::Pedagogue, Relationship::SameUnit);
    let leader = staff(Role::UnitLeader, Relationship::SameUnit);
    let area_leader = staff(Role::AreaLeader, Relationship::SameArea);
    let admin = staff(Role::Administrator, Relationship::SameMunicipality);
    let parent = world.subject(
        Actor::Guardian,
        Relationship::GuardianWithCustody,
        TODAY,
        None,
    );
    // (who, action, allowed)
    let cases: [(&str, &Subject, Action, bool); 22] = [
        ("pedagogue", &pedagogue, AssessChild, true),
        ("pedagogue", &pedagogue, SetJointAssessment, true),
        ("pedagogue", &pedagogue, HandleFollowUps, true),
        ("pedagogue", &pedagogue, ViewUnitDashboard, false),
        ("pedagogue", &pedagogue, PlanRound, false),
        ("pedagogue", &pedagogue, ViewCounts, false),
        ("unit leader", &leader, AssessChild, false),
        ("unit leader", &leader, SetJointAssessment, true),
        ("unit leader", &leader, ViewUnitDashboard, true),
        ("unit leader", &leader, HandleFollowUps, true),
        ("unit leader", &leader, PlanRound, false),
        ("area leader", &area_leader, ViewUnitDashboard, true),
        ("area leader", &area_leader, ViewCounts, true),
        ("area leader", &area_leader, PlanRound, true),
        ("area leader", &area_leader, SetJointAssessment, false),
        ("area leader", &area_leader, AssessChild, false),
        ("administrator", &admin, ViewAssessments, false),
        ("administrator", &admin, ViewCounts, true),
        ("administrator", &admin, ConfigureAssessment, true),
        ("parent", &parent, ViewAssessments, true),
        ("parent", &parent, AssessChild, false),
        ("parent", &parent, SetJointAssessment, false),
    ];
    for (who, subject, action, allowed) in cases {
        let expected = if allowed {
            Decision::Allow
        } else {
            Decision::Deny
        };
        assert_eq!(
            world.decide_on_home_resource(subject, action, TODAY),
            expected,
            "{who} {action:?}"
        );
    }
}

#[test]
fn a_unit_leader_unlocks_the_staff_of_the_unit_and_the_administrator_anyone() {
    let world = World::new();
    let staff =
        |role, rel| world.subject(Actor::Staff(role), rel, TODAY - Duration::days(30), None);
    let home = Resource::Unit(world.placement());
    let elsewhere = Resource::Unit(world.sibling_placement());
    let unlock = |subject: &Subject, resource: &Resource| {
        decide(subject, Action::UnlockAccount, resource, TODAY)
    };
    let leader = staff(Role::UnitLeader, Relationship::SameUnit);
    assert_eq!(unlock(&leader, &home), Decision::Allow);
    assert_eq!(unlock(&leader, &elsewhere), Decision::Deny);
    let admin = staff(Role::Administrator, Relationship::SameMunicipality);
    assert_eq!(unlock(&admin, &home), Decision::Allow);
    assert_eq!(unlock(&admin, &elsewhere), Decision::Allow);
    for (role, rel) in [
        (Role::Pedagogue, Relationship::SameUnit),
        (Role::AreaLeader, Relationship::SameArea),
    ] {
        assert_eq!(unlock(&staff(role, rel), &home), Decision::Deny, "{role:?}");
    }
}
