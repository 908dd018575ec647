use super::*;
use time::macros::date;

#[test]
fn a_subject_with_no_facts_is_denied_everything() {
    let child = ChildId::random();
    let place = Placement {
        municipality: MunicipalityId::random(),
        area: AreaId::random(),
        unit: UnitId::random(),
    };
    let resource = Resource::Child {
        id: child,
        placements: &[place],
    };
    for action in Action::ALL {
        assert_eq!(
            decide(
                &Subject::default(),
                action,
                &resource,
                date!(2026 - 11 - 22)
            ),
            Decision::Deny
        );
    }
}
