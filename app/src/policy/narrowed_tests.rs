//! Narrower access, by hand (issue 14): where the municipality narrows a kind of unit, close
//! staff reach the children of the groups they work in and nothing else of the unit; leaders,
//! area leaders and invited specialists are not narrowed.

use super::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 22);

struct Room {
    place: Placement,
    green: GroupId,
    red: GroupId,
}

fn room(narrowed: bool) -> Room {
    let unit = Placement {
        narrowed,
        ..Placement::whole_unit(MunicipalityId::random(), AreaId::random(), UnitId::random())
    };
    Room {
        place: unit,
        green: GroupId::random(),
        red: GroupId::random(),
    }
}

fn staff(role: Role, room: &Room, groups: Vec<GroupId>) -> Subject {
    let scope = match role {
        Role::AreaLeader => Scope::Area(room.place.area),
        _ => Scope::Unit(room.place.unit),
    };
    Subject {
        memberships: vec![Membership {
            role,
            scope,
            starts_on: date!(2020 - 01 - 01),
            ends_on: None,
        }],
        groups,
        ..Subject::default()
    }
}

#[test]
fn close_staff_reach_only_their_groups_where_access_is_narrowed() {
    use Decision::{Allow, Deny};
    // (what, narrowed, role, works in green, the child's group is green, expected)
    let cases = [
        (
            "not narrowed: the whole unit",
            false,
            Role::Pedagogue,
            false,
            false,
            Allow,
        ),
        (
            "narrowed, own group",
            true,
            Role::Pedagogue,
            true,
            true,
            Allow,
        ),
        (
            "narrowed, another group",
            true,
            Role::Pedagogue,
            true,
            false,
            Deny,
        ),
        (
            "narrowed, no group at all",
            true,
            Role::Pedagogue,
            false,
            true,
            Deny,
        ),
        (
            "a teacher, own class",
            true,
            Role::Teacher,
            true,
            true,
            Allow,
        ),
        (
            "a teacher, another class",
            true,
            Role::Teacher,
            true,
            false,
            Deny,
        ),
        (
            "a childminder, another's children",
            true,
            Role::Childminder,
            true,
            false,
            Deny,
        ),
        (
            "a health visitor, another caseload",
            true,
            Role::HealthVisitor,
            true,
            false,
            Deny,
        ),
        (
            "the leader keeps the whole unit",
            true,
            Role::UnitLeader,
            false,
            false,
            Allow,
        ),
        (
            "the area leader too",
            true,
            Role::AreaLeader,
            false,
            false,
            Allow,
        ),
    ];
    for (what, narrowed, role, works_in_green, child_in_green, expected) in cases {
        let room = room(narrowed);
        let groups = if works_in_green {
            vec![room.green]
        } else {
            vec![]
        };
        let subject = staff(role, &room, groups);
        let child_group = if child_in_green { room.green } else { room.red };
        let placements = [room.place.in_group(child_group)];
        let child = Resource::Child {
            id: ChildId::random(),
            placements: &placements,
        };
        assert_eq!(
            decide(&subject, Action::ViewChild, &child, TODAY),
            expected,
            "{what}"
        );
        assert_eq!(
            decide(&subject, Action::ViewAssessments, &child, TODAY),
            expected,
            "{what}: the assessments follow"
        );
        let group_page = Resource::Unit(room.place.in_group(child_group));
        assert_eq!(
            decide(&subject, Action::ListUnitChildren, &group_page, TODAY),
            expected,
            "{what}: the group's page"
        );
    }
}

#[test]
fn narrowed_close_staff_never_reach_the_unit_as_a_whole() {
    let room = room(true);
    let pedagogue = staff(Role::Pedagogue, &room, vec![room.green, room.red]);
    let whole = Resource::Unit(room.place);
    assert_eq!(
        decide(&pedagogue, Action::ListUnitChildren, &whole, TODAY),
        Decision::Deny,
        "every group of the unit is still not the unit"
    );
    assert_eq!(
        decide(&pedagogue, Action::HandleFollowUps, &whole, TODAY),
        Decision::Deny
    );
    let leader = staff(Role::UnitLeader, &room, vec![]);
    assert_eq!(
        decide(&leader, Action::HandleFollowUps, &whole, TODAY),
        Decision::Allow
    );
}

#[test]
fn a_child_in_two_groups_is_reached_by_the_staff_of_either() {
    let room = room(true);
    let placements = [
        room.place.in_group(room.green),
        room.place.in_group(room.red),
    ];
    let child = Resource::Child {
        id: ChildId::random(),
        placements: &placements,
    };
    for group in [room.green, room.red] {
        let pedagogue = staff(Role::Pedagogue, &room, vec![group]);
        assert_eq!(
            decide(&pedagogue, Action::ViewChild, &child, TODAY),
            Decision::Allow
        );
    }
}

#[test]
fn who_can_see_follows_the_setting() {
    let narrowed = room(true);
    let open = room(false);
    let in_green = narrowed.place.in_group(narrowed.green);
    let cases = [
        (
            Role::Pedagogue,
            in_green,
            Reachers::GroupStaff(Some(narrowed.green)),
        ),
        (Role::Pedagogue, narrowed.place, Reachers::GroupStaff(None)),
        (Role::UnitLeader, in_green, Reachers::WholeUnit),
        (
            Role::Teacher,
            open.place.in_group(open.red),
            Reachers::WholeUnit,
        ),
    ];
    for (role, place, expected) in cases {
        assert_eq!(reachers(role, &place), expected, "{role:?} {place:?}");
    }
}
