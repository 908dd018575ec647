//! Wire types for the organisation pages. Server and browser share them.

use crate::domain::{ChildId, GroupId, MunicipalityId, Role, UnitId, UnitKind};
use serde::{Deserialize, Serialize};
use time::Date;

/// A child as shown in a list: enough to recognise, nothing more.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildCard {
    pub id: ChildId,
    pub name: String,
    pub birth_date: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRoster {
    pub group_id: GroupId,
    pub group_name: String,
    pub unit_name: String,
    pub children: Vec<ChildCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub unit_id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub area_name: String,
    pub groups: i64,
    pub children: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalitySummary {
    pub municipality_id: MunicipalityId,
    pub name: String,
    pub areas: i64,
    pub units: i64,
    pub groups: i64,
    pub children: i64,
    pub staff: i64,
    pub guardians: i64,
}

/// Everything the signed-in person's home page shows. A person can hold several roles (a
/// pedagogue who is also a parent); each part is filled only where they have a right to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Home {
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Close staff: the groups of the units they work in, with the children.
    pub groups: Vec<GroupRoster>,
    /// Leaders: the units they lead (directly or through an area).
    pub units: Vec<UnitSummary>,
    /// Guardians: their own children.
    pub own_children: Vec<ChildCard>,
    /// Specialists: the children whose case they are invited to, while the invitation runs.
    pub invited_children: Vec<ChildCard>,
    /// Administrators: their municipality.
    pub municipality: Option<MunicipalitySummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlacementView {
    pub unit_name: String,
    pub unit_kind: UnitKind,
    pub group_name: String,
    pub since: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuardianView {
    pub name: String,
    pub has_custody: bool,
}

/// Who can see the child's data, and through what (SECURITY P2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessRow {
    pub who: AccessWho,
    /// The unit or area name; `None` when it must stay hidden from this viewer (SECURITY C4).
    pub place: Option<String>,
    /// How many people hold this access today.
    pub people: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessWho {
    Staff(Role),
    Guardians,
}

/// Who the child is, where, and who can see the child's data. What only staff may see sits in
/// the `Staff` variant of `view`, so a guardian's answer has no field that could carry it
/// (SECURITY A5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildPage {
    pub id: ChildId,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    /// Empty for a guardian when another guardian has address protection (SECURITY C4).
    pub placements: Vec<PlacementView>,
    pub access: Vec<AccessRow>,
    pub view: ChildPageFor,
}

/// The staff's or the parents' view of the child page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ChildPageFor {
    Staff {
        /// The municipality's own id for the child.
        external_id: Option<String>,
        guardians: Vec<GuardianView>,
    },
    Parent,
}

impl ChildPage {
    pub fn viewer_is_guardian(&self) -> bool {
        matches!(self.view, ChildPageFor::Parent)
    }
}

/// The municipality's choice of narrower access (issue 14): in units of these kinds,
/// pedagogues, teachers, childminders and health visitors reach only the children of the groups
/// they work in; leaders keep the whole unit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessSettings {
    pub narrowed: Vec<UnitKind>,
    /// Every staff member needs a second factor, not only leaders and administrators
    /// (SECURITY S1).
    pub second_factor_all_staff: bool,
}
