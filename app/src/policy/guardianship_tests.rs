//! A guardianship with an end (issue 15 item 5): through its last day the guardian reaches
//! the child as before; from the day after, nothing — neither the decision nor the scope. And
//! who counts as only a parent on a given day (the header's "sign out").

use super::scope::{reader, Reader};
use super::*;
use time::macros::date;

const LAST_DAY: Date = date!(2026 - 12 - 31);

fn guardian_until(child: ChildId, ends_on: Option<Date>, has_custody: bool) -> Subject {
    Subject {
        guardianships: vec![Guardianship {
            child,
            has_custody,
            ends_on,
        }],
        ..Subject::default()
    }
}

#[test]
fn a_guardianship_reaches_the_child_through_its_last_day_and_not_after() {
    let place = Placement::whole_unit(MunicipalityId::random(), AreaId::random(), UnitId::random());
    let child = ChildId::random();
    let placements = [place];
    let resource = Resource::Child {
        id: child,
        placements: &placements,
    };
    for (ends_on, today, reaches) in [
        (None, LAST_DAY, true),
        (Some(LAST_DAY), date!(2026 - 12 - 30), true),
        (Some(LAST_DAY), LAST_DAY, true),
        (Some(LAST_DAY), date!(2027 - 01 - 01), false),
        (Some(LAST_DAY), date!(2030 - 06 - 01), false),
    ] {
        for custody in [true, false] {
            let subject = guardian_until(child, ends_on, custody);
            let decided = decide(&subject, Action::ViewChild, &resource, today);
            assert_eq!(
                decided == Decision::Allow,
                reaches,
                "ends {ends_on:?}, today {today}, custody {custody}"
            );
            let scoped = reader(&subject, child, &placements, today);
            assert_eq!(
                matches!(scoped, Some(Reader::Guardian { .. })),
                reaches,
                "scope: ends {ends_on:?}, today {today}"
            );
        }
    }
}

#[test]
fn only_a_guardian_while_no_staff_work_or_invitation_holds_the_same_day() {
    let child = ChildId::random();
    let parent = guardian_until(child, Some(LAST_DAY), true);
    assert!(parent.only_a_guardian(LAST_DAY));
    assert!(
        !parent.only_a_guardian(date!(2027 - 01 - 01)),
        "no longer a guardian"
    );
    assert!(!Subject::default().only_a_guardian(LAST_DAY), "nobody");

    // A pedagogue who is also a parent uses the shared tablet too: she switches user.
    let working = |starts_on, ends_on| Subject {
        memberships: vec![Membership {
            role: Role::Pedagogue,
            scope: Scope::Unit(UnitId::random()),
            starts_on,
            ends_on,
        }],
        ..guardian_until(child, None, true)
    };
    assert!(!working(date!(2020 - 01 - 01), None).only_a_guardian(LAST_DAY));
    assert!(working(date!(2020 - 01 - 01), Some(date!(2026 - 06 - 30))).only_a_guardian(LAST_DAY));
    assert!(working(date!(2027 - 01 - 01), None).only_a_guardian(LAST_DAY));

    let invited = Subject {
        invitations: vec![Invitation {
            child: ChildId::random(),
            starts_on: date!(2026 - 01 - 01),
            ends_on: None,
        }],
        ..guardian_until(child, None, false)
    };
    assert!(!invited.only_a_guardian(LAST_DAY));
}
