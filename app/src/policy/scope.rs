//! What of a child's registered data a caller may read once the policy has let them reach the
//! child (SECURITY A1, A5, C1). The one place that decides it; the store filters by what this
//! answers and decides nothing itself.
//!
//! - Staff (and leaders above them) read what was registered by the units through which they
//!   reach the child today — the units the child is placed in where their membership holds. A
//!   placement that ended closes the old unit's access the day after; what another unit
//!   registered stays with that unit (passing it on needs consent, SECURITY C1). Where the
//!   municipality narrows access in units of a kind, close staff reach only the children of
//!   the groups they work in (the policy's `Placement::narrowed`); what they read of such a
//!   child is still everything their unit registered.
//! - An invited specialist reads what the units the child is placed in today registered.
//! - With a custody holder's consent (`policy::consent`), staff of the new place also read the
//!   consented items of the place the child came from, read only (`transferred`); without it,
//!   nothing of that place — not even that there was a concern.
//! - A guardian reads the parents' view: positions the team has set (joint, and ad hoc concerns
//!   the parents are to be told of), with their notes and deletion dates — never the staff's
//!   individual positions, internal notes or staff names (A5). Custody decides consent, not
//!   what a parent is told (the parental responsibility act gives a parent without custody the
//!   right to information from daycare and school).

use super::consent::Opened;
use super::{decide, Action, Decision, Placement, Resource, Subject};
use crate::domain::{ChildId, UnitId};
use time::Date;

/// How a caller reads a child's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reader {
    /// Staff: what these units registered.
    Staff { units: Vec<UnitId> },
    /// A guardian: the parents' view.
    Guardian { custody: bool },
}

impl Reader {
    pub fn is_staff(&self) -> bool {
        matches!(self, Reader::Staff { .. })
    }
}

/// How `subject` reads child `child`, placed in `placements` today; `None` when they may not
/// read the child's assessments at all. Staff rights come first: a pedagogue who is also a
/// parent in the same unit reads as staff there.
pub fn reader(
    subject: &Subject,
    child: ChildId,
    placements: &[Placement],
    today: Date,
) -> Option<Reader> {
    let may_read_at = |place: &Placement| {
        let staff_only = Subject {
            guardianships: Vec::new(),
            ..subject.clone()
        };
        let resource = Resource::Child {
            id: child,
            placements: std::slice::from_ref(place),
        };
        decide(&staff_only, Action::ViewAssessments, &resource, today) == Decision::Allow
    };
    let mut units: Vec<UnitId> = Vec::new();
    // A child in two groups of one unit has a placement for each.
    for place in placements.iter().filter(|p| may_read_at(p)) {
        if !units.contains(&place.unit) {
            units.push(place.unit);
        }
    }
    if !units.is_empty() {
        return Some(Reader::Staff { units });
    }
    let guardian = subject
        .guardianships
        .iter()
        .find(|g| g.child == child && g.holds(today))?;
    Some(Reader::Guardian {
        custody: guardian.has_custody,
    })
}

/// What a reader of the new place reads of other places by consent: the moves into a unit they
/// read, from a unit they do not already read. Guardians read the parents' view of every place
/// anyway; a consent adds nothing for them.
pub fn transferred(reader: &Reader, opened: &[Opened]) -> Vec<Opened> {
    match reader {
        Reader::Staff { units } => opened
            .iter()
            .filter(|o| units.contains(&o.to_unit) && !units.contains(&o.from_unit))
            .copied()
            .collect(),
        Reader::Guardian { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AreaId, MunicipalityId, Role};
    use crate::policy::{Guardianship, Invitation, Membership, Scope};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    fn place() -> (Placement, Placement) {
        let municipality = MunicipalityId::random();
        let area = AreaId::random();
        let a = Placement::whole_unit(municipality, area, UnitId::random());
        let b = Placement::whole_unit(municipality, area, UnitId::random());
        (a, b)
    }

    fn member(role: Role, scope: Scope, ends_on: Option<Date>) -> Subject {
        Subject {
            memberships: vec![Membership {
                role,
                scope,
                starts_on: date!(2020 - 01 - 01),
                ends_on,
            }],
            ..Subject::default()
        }
    }

    #[test]
    fn each_reader_reads_what_their_relationship_allows() {
        let (kindergarten, school) = place();
        let child = ChildId::random();
        let both = [kindergarten, school];
        let yesterday = TODAY.previous_day();
        let invited = Subject {
            invitations: vec![Invitation {
                child,
                starts_on: date!(2026 - 01 - 01),
                ends_on: None,
            }],
            ..Subject::default()
        };
        let parent = |custody| Subject {
            guardianships: vec![Guardianship {
                child,
                has_custody: custody,
                ends_on: None,
            }],
            ..Subject::default()
        };
        let staff = |units: &[Placement]| Reader::Staff {
            units: units.iter().map(|p| p.unit).collect(),
        };
        // (who, where the child is placed today, expected reader)
        let cases: Vec<(&str, Subject, Vec<Placement>, Option<Reader>)> = vec![
            (
                "a pedagogue of the kindergarten, child in both: only the kindergarten's",
                member(Role::Pedagogue, Scope::Unit(kindergarten.unit), None),
                both.to_vec(),
                Some(staff(&[kindergarten])),
            ),
            (
                "a teacher of the school: only the school's",
                member(Role::Teacher, Scope::Unit(school.unit), None),
                both.to_vec(),
                Some(staff(&[school])),
            ),
            (
                "the kindergarten's pedagogue after the child left it: nothing",
                member(Role::Pedagogue, Scope::Unit(kindergarten.unit), None),
                vec![school],
                None,
            ),
            (
                "a pedagogue whose membership ended yesterday: nothing",
                member(Role::Pedagogue, Scope::Unit(kindergarten.unit), yesterday),
                both.to_vec(),
                None,
            ),
            (
                "the area leader: every unit in the area the child is placed in",
                member(Role::AreaLeader, Scope::Area(kindergarten.area), None),
                both.to_vec(),
                Some(staff(&both)),
            ),
            (
                "the administrator: counts only, never a child's assessments",
                member(
                    Role::Administrator,
                    Scope::Municipality(kindergarten.municipality),
                    None,
                ),
                both.to_vec(),
                None,
            ),
            (
                "an invited specialist: the units the child is placed in today",
                invited,
                both.to_vec(),
                Some(staff(&both)),
            ),
            (
                "a parent with custody",
                parent(true),
                both.to_vec(),
                Some(Reader::Guardian { custody: true }),
            ),
            (
                "a parent without custody is informed too",
                parent(false),
                both.to_vec(),
                Some(Reader::Guardian { custody: false }),
            ),
            ("a stranger", Subject::default(), both.to_vec(), None),
        ];
        for (who, subject, placements, expected) in cases {
            assert_eq!(
                reader(&subject, child, &placements, TODAY),
                expected,
                "{who}"
            );
        }
    }

    #[test]
    fn a_parent_reads_only_their_own_child() {
        let (kindergarten, _) = place();
        let child = ChildId::random();
        let parent = Subject {
            guardianships: vec![Guardianship {
                child: ChildId::random(),
                has_custody: true,
                ends_on: None,
            }],
            ..Subject::default()
        };
        assert_eq!(reader(&parent, child, &[kindergarten], TODAY), None);
    }

    #[test]
    fn a_consent_widens_only_the_new_place() {
        let (kindergarten, school) = place();
        let opened = Opened {
            from_unit: kindergarten.unit,
            to_unit: school.unit,
            items: crate::domain::ConsentItems {
                assessments: true,
                ..Default::default()
            },
            until: date!(2028 - 07 - 31),
        };
        let staff = |units: &[UnitId]| Reader::Staff {
            units: units.to_vec(),
        };
        let cases = [
            (
                "the school's teacher reads the consented items",
                staff(&[school.unit]),
                1,
            ),
            (
                "the kindergarten reads its own anyway",
                staff(&[kindergarten.unit]),
                0,
            ),
            (
                "an area leader of both reads both anyway",
                staff(&[kindergarten.unit, school.unit]),
                0,
            ),
            ("another unit: nothing", staff(&[UnitId::random()]), 0),
            (
                "a guardian: the parents' view",
                Reader::Guardian { custody: true },
                0,
            ),
        ];
        for (case, reader, expected) in cases {
            assert_eq!(transferred(&reader, &[opened]).len(), expected, "{case}");
        }
    }
}
