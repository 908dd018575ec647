//! The one access policy (SECURITY A1–A3). Every decision is a pure function of who asks, what
//! they want to do, where the resource sits in the organisation, and today's date. No I/O here:
//! callers load the facts, this module decides, and the caller writes the audit row.
//!
//! The rule is a table of grants: (role, action, relationship). Silence is deny. The same table
//! drives the tests, which check every grant and a refused twin for each.

pub mod blind;
pub mod consent;
pub mod scope;
mod table;

pub use table::GRANTS;

use crate::domain::{AreaId, ChildId, GroupId, MunicipalityId, Role, UnitId};
use time::Date;

/// Everything a caller may try to do with data the policy guards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See who a child is (name, birth date, placement) and who can see the child's data.
    ViewChild,
    /// List the children of a unit's groups.
    ListUnitChildren,
    /// See the organisation's structure and run imports.
    ManageOrganisation,
    /// Consent to passing knowledge on to a new unit (SECURITY C2: custody holders only).
    ConsentToTransfer,
    /// Give one's own (individual or ad hoc) assessment of a child.
    AssessChild,
    /// See a child's assessments over time.
    ViewAssessments,
    /// Set the team's joint position for a child.
    SetJointAssessment,
    /// See and close the follow-ups of a unit.
    HandleFollowUps,
    /// See a unit's round progress, positions and follow-ups per group.
    ViewUnitDashboard,
    /// See counts only (small counts hidden) for units across an area or the municipality.
    ViewCounts,
    /// Plan an assessment round for a unit.
    PlanRound,
    /// Edit the municipality's indicators and assessment settings.
    ConfigureAssessment,
    /// Lift the login wait of a person who works in the unit (or, for the administrator,
    /// anyone in the municipality) after too many failed logins (SECURITY S2).
    UnlockAccount,
    /// Send a person who works in the unit (or, for the administrator, anyone in the
    /// municipality) a letter with a link to set their password (issue 15).
    InviteUser,
    /// See the people who work in the unit (or, for the administrator, anyone in the
    /// municipality) with their memberships and guardianships, end a membership, and disable
    /// or enable their sign-in (issue 15).
    ManagePeople,
    /// Invite a specialist to one child's case until a date: the leader of the child's unit
    /// (issue 15).
    InviteSpecialist,
    /// See a child's focus meetings and action plans (issue 16): what the parents see of them
    /// goes through the parents' view.
    ViewCare,
    /// Invite the parents to a focus meeting, write its minutes, and make, change and evaluate
    /// an action plan: the staff of the child's unit (issue 16).
    HoldMeetings,
    /// A guardian answers a meeting invitation sent to them, marks a plan read, and gives the
    /// parents' voice after a meeting (issue 16).
    RespondAsParent,
    /// A guardian adds their own view to an action plan: custody holders, who take part in
    /// decisions for the child (issue 16; forældreansvarsloven § 2).
    ContributeToPlan,
    /// Write a child's transition description with the parents, propose the transition meeting,
    /// and hand the parents everything registered: the staff of the unit the child leaves
    /// (issue 17).
    PrepareTransition,
    /// Record a custody holder's signed paper consent, or its revocation: the leader of the
    /// unit the child leaves, and its close staff where the municipality allows it (issue 17).
    RecordPaperConsent,
    /// Download everything registered about the child (the right of access): custody holders
    /// (issue 17).
    RequestRecord,
    /// Confirm or flag the weekly sample of lookups made in the unit: its leader; for the
    /// administrator, the leaders' own lookups and every flag (issue 18 item 4).
    CheckLookups,
    /// Import the schools' grade-0 language assessments for the committee's measure: the
    /// administrator (issue 19 item 3).
    ImportMeasures,
    /// See the committee's measures as counts, small counts hidden, never a child: the
    /// administrator for the municipality, an area leader for the area's units, a unit's
    /// leader for their unit (issue 19 item 3).
    ViewMeasures,
}

/// The kind of resource an action is aimed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    Child,
    Unit,
    Municipality,
}

impl Action {
    pub const ALL: [Action; 26] = [
        Action::ViewChild,
        Action::ListUnitChildren,
        Action::ManageOrganisation,
        Action::ConsentToTransfer,
        Action::AssessChild,
        Action::ViewAssessments,
        Action::SetJointAssessment,
        Action::HandleFollowUps,
        Action::ViewUnitDashboard,
        Action::ViewCounts,
        Action::PlanRound,
        Action::ConfigureAssessment,
        Action::UnlockAccount,
        Action::InviteUser,
        Action::ManagePeople,
        Action::InviteSpecialist,
        Action::ViewCare,
        Action::HoldMeetings,
        Action::RespondAsParent,
        Action::ContributeToPlan,
        Action::PrepareTransition,
        Action::RecordPaperConsent,
        Action::RequestRecord,
        Action::CheckLookups,
        Action::ImportMeasures,
        Action::ViewMeasures,
    ];

    pub fn resource_kind(self) -> ResourceKind {
        match self {
            Action::ViewChild
            | Action::ConsentToTransfer
            | Action::AssessChild
            | Action::ViewAssessments
            | Action::SetJointAssessment
            | Action::InviteSpecialist
            | Action::ViewCare
            | Action::HoldMeetings
            | Action::RespondAsParent
            | Action::ContributeToPlan
            | Action::PrepareTransition
            | Action::RecordPaperConsent
            | Action::RequestRecord => ResourceKind::Child,
            Action::ListUnitChildren
            | Action::HandleFollowUps
            | Action::ViewUnitDashboard
            | Action::ViewCounts
            | Action::PlanRound
            | Action::UnlockAccount
            | Action::InviteUser
            | Action::ManagePeople
            | Action::CheckLookups
            | Action::ViewMeasures => ResourceKind::Unit,
            Action::ManageOrganisation | Action::ConfigureAssessment | Action::ImportMeasures => {
                ResourceKind::Municipality
            }
        }
    }

    /// The stable name written to the audit log.
    pub fn code(self) -> &'static str {
        match self {
            Action::ViewChild => "view_child",
            Action::ListUnitChildren => "list_unit_children",
            Action::ManageOrganisation => "manage_organisation",
            Action::ConsentToTransfer => "consent_to_transfer",
            Action::AssessChild => "assess_child",
            Action::ViewAssessments => "view_assessments",
            Action::SetJointAssessment => "set_joint_assessment",
            Action::HandleFollowUps => "handle_follow_ups",
            Action::ViewUnitDashboard => "view_unit_dashboard",
            Action::ViewCounts => "view_counts",
            Action::PlanRound => "plan_round",
            Action::ConfigureAssessment => "configure_assessment",
            Action::UnlockAccount => "unlock_account",
            Action::InviteUser => "invite_user",
            Action::ManagePeople => "manage_people",
            Action::InviteSpecialist => "invite_specialist",
            Action::ViewCare => "view_care",
            Action::HoldMeetings => "hold_meetings",
            Action::RespondAsParent => "respond_as_parent",
            Action::ContributeToPlan => "contribute_to_plan",
            Action::PrepareTransition => "prepare_transition",
            Action::RecordPaperConsent => "record_paper_consent",
            Action::RequestRecord => "request_record",
            Action::CheckLookups => "check_lookups",
            Action::ImportMeasures => "import_measures",
            Action::ViewMeasures => "view_measures",
        }
    }
}

/// Who in the relationship acts: a staff role, or a guardian.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    Staff(Role),
    Guardian,
}

/// How the caller stands to the resource. Derived from facts, never sent by a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relationship {
    /// The caller's membership is in the unit the resource belongs to.
    SameUnit,
    /// The caller's membership is in the area above the resource's unit.
    SameArea,
    /// The caller's membership is in the resource's municipality.
    SameMunicipality,
    /// The caller is a specialist invited to this child's case.
    InvitedToCase,
    GuardianWithCustody,
    GuardianWithoutCustody,
}

/// Where a resource sits in the organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub municipality: MunicipalityId,
    pub area: AreaId,
    pub unit: UnitId,
    /// The group within the unit: the child's room, class or caseload, or the group a page
    /// shows; `None` for the unit as a whole.
    pub group: Option<GroupId>,
    /// Whether the municipality narrows access in units of this kind: close staff then reach
    /// only the children of the groups they work in; leaders keep the whole unit (a municipal
    /// setting, `narrowed_unit_kinds`).
    pub narrowed: bool,
}

impl Placement {
    /// A unit as a whole, where access is not narrowed.
    pub fn whole_unit(municipality: MunicipalityId, area: AreaId, unit: UnitId) -> Self {
        Self {
            municipality,
            area,
            unit,
            group: None,
            narrowed: false,
        }
    }

    /// The same place, narrowed to one of its groups.
    pub fn in_group(self, group: GroupId) -> Self {
        Self {
            group: Some(group),
            ..self
        }
    }
}

/// The resource an action is aimed at.
#[derive(Clone, Copy, Debug)]
pub enum Resource<'a> {
    /// A child, with the units the child is enrolled in today.
    Child {
        id: ChildId,
        placements: &'a [Placement],
    },
    Unit(Placement),
    Municipality(MunicipalityId),
}

/// A membership of a staff member, valid from `starts_on` through `ends_on` inclusive.
#[derive(Clone, Copy, Debug)]
pub struct Membership {
    pub role: Role,
    pub scope: Scope,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Unit(UnitId),
    Area(AreaId),
    Municipality(MunicipalityId),
}

#[derive(Clone, Copy, Debug)]
pub struct Guardianship {
    pub child: ChildId,
    pub has_custody: bool,
    /// The last day the guardian has it; `None`: until further notice (issue 15 item 5).
    pub ends_on: Option<Date>,
}

impl Guardianship {
    /// Whether the guardianship holds on `today`.
    pub fn holds(&self, today: Date) -> bool {
        self.ends_on.is_none_or(|end| today <= end)
    }
}

/// A specialist's invitation to one child's case, valid over dates like a membership.
#[derive(Clone, Copy, Debug)]
pub struct Invitation {
    pub child: ChildId,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

/// The facts about a caller, loaded fresh for every request (SECURITY A6).
#[derive(Clone, Debug, Default)]
pub struct Subject {
    pub memberships: Vec<Membership>,
    pub guardianships: Vec<Guardianship>,
    pub invitations: Vec<Invitation>,
    /// The groups (rooms, classes, caseloads) the caller works in as staff: what they reach of
    /// a unit where the municipality narrows access.
    pub groups: Vec<GroupId>,
}

impl Subject {
    /// Whether the caller is, today, only a parent: a guardianship holds and no membership or
    /// invitation does. Such a person is on their own phone, not a shared tablet, so the header
    /// offers to sign out rather than to switch user. It grants nothing.
    pub fn only_a_guardian(&self, today: Date) -> bool {
        self.guardianships.iter().any(|g| g.holds(today))
            && !self
                .memberships
                .iter()
                .any(|m| active(m.starts_on, m.ends_on, today))
            && !self
                .invitations
                .iter()
                .any(|i| active(i.starts_on, i.ends_on, today))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
}

/// Whether a membership (or invitation) from `starts_on` to `ends_on` holds on `today`.
pub fn active(starts_on: Date, ends_on: Option<Date>, today: Date) -> bool {
    starts_on <= today && ends_on.is_none_or(|end| today <= end)
}

fn scope_relationship(
    m: &Membership,
    groups: &[GroupId],
    place: &Placement,
) -> Option<Relationship> {
    match m.scope {
        Scope::Unit(unit) if unit == place.unit && reaches_group(m.role, groups, place) => {
            Some(Relationship::SameUnit)
        }
        Scope::Area(area) if area == place.area => Some(Relationship::SameArea),
        Scope::Municipality(m) if m == place.municipality => Some(Relationship::SameMunicipality),
        _ => None,
    }
}

/// Which of a unit's members in a role reach a place in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reachers {
    /// Everyone with the role in the unit.
    WholeUnit,
    /// Only those who work in this group; nobody when the place is the unit as a whole.
    GroupStaff(Option<GroupId>),
}

/// Who of a unit's members in `role` reach `place`. Only where the municipality narrows access
/// does the group matter, and then only for close staff: they reach the groups they work in,
/// never the unit as a whole; leaders keep the whole unit. The child page's list of who can see
/// the data asks this too, so it follows the setting.
pub fn reachers(role: Role, place: &Placement) -> Reachers {
    if place.narrowed && role.is_close_staff() {
        Reachers::GroupStaff(place.group)
    } else {
        Reachers::WholeUnit
    }
}

fn reaches_group(role: Role, groups: &[GroupId], place: &Placement) -> bool {
    match reachers(role, place) {
        Reachers::WholeUnit => true,
        Reachers::GroupStaff(group) => group.is_some_and(|group| groups.contains(&group)),
    }
}

/// Every (actor, relationship) pair that holds between the subject and the resource today.
pub fn relationships(
    subject: &Subject,
    resource: &Resource,
    today: Date,
) -> Vec<(Actor, Relationship)> {
    let mut found = Vec::new();
    let memberships = subject
        .memberships
        .iter()
        .filter(|m| active(m.starts_on, m.ends_on, today));
    match resource {
        Resource::Child { id, placements } => {
            for m in memberships {
                for place in placements.iter() {
                    if let Some(rel) = scope_relationship(m, &subject.groups, place) {
                        found.push((Actor::Staff(m.role), rel));
                    }
                }
            }
            let invited = subject
                .invitations
                .iter()
                .any(|inv| inv.child == *id && active(inv.starts_on, inv.ends_on, today));
            if invited {
                found.push((Actor::Staff(Role::Specialist), Relationship::InvitedToCase));
            }
            let guardianships = subject.guardianships.iter();
            for g in guardianships.filter(|g| g.child == *id && g.holds(today)) {
                let rel = if g.has_custody {
                    Relationship::GuardianWithCustody
                } else {
                    Relationship::GuardianWithoutCustody
                };
                found.push((Actor::Guardian, rel));
            }
        }
        Resource::Unit(place) => {
            for m in memberships {
                if let Some(rel) = scope_relationship(m, &subject.groups, place) {
                    found.push((Actor::Staff(m.role), rel));
                }
            }
        }
        Resource::Municipality(municipality) => {
            for m in memberships {
                if m.scope == Scope::Municipality(*municipality) {
                    found.push((Actor::Staff(m.role), Relationship::SameMunicipality));
                }
            }
        }
    }
    found
}

/// The decision. A grant in the table is required; anything not granted is denied.
pub fn decide(subject: &Subject, action: Action, resource: &Resource, today: Date) -> Decision {
    let granted = relationships(subject, resource, today)
        .into_iter()
        .any(|(actor, rel)| {
            GRANTS
                .iter()
                .any(|g| g.actor == actor && g.action == action && g.relationship == rel)
        });
    if granted {
        Decision::Allow
    } else {
        Decision::Deny
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod guardianship_tests;
#[cfg(test)]
mod narrowed_tests;
