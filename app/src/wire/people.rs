//! People administration (issue 15): what the administrator and the unit leader see of the
//! people they administer, and what they send to change it.

use crate::domain::{ChildId, Role, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;
use uuid::Uuid;

/// A membership's id (`memberships.id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MembershipId(Uuid);

impl fmt::Display for MembershipId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for MembershipId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

/// The people list: everyone the caller administers, by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub today: Date,
    pub people: Vec<PersonRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub user: UserId,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
    /// The person's memberships the caller administers: all of them for the administrator,
    /// those in the leader's own units for a unit leader.
    pub memberships: Vec<MembershipRow>,
    /// The person's guardianships of children the caller administers.
    pub guardianships: Vec<GuardianshipRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembershipRow {
    pub id: MembershipId,
    pub role: Role,
    /// The unit's, area's or municipality's name.
    pub place: String,
    pub starts_on: Date,
    /// The last day of the membership, inclusive; `None` until further notice.
    pub ends_on: Option<Date>,
}

/// A guardianship. The child is named only to a caller the policy lets see the child (a
/// leader of the child's unit); the administrator sees that there is a child, never who.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuardianshipRow {
    pub child: Option<ChildId>,
    pub child_name: Option<String>,
    pub has_custody: bool,
    pub address_protected: bool,
    /// The last day, when it ends; ended ones are not listed.
    pub ends_on: Option<Date>,
}

/// Ends a guardianship: from `stops_on` (today or later) the guardian no longer reaches the
/// child; its last day is the day before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndGuardianshipInput {
    pub guardian: UserId,
    pub child: ChildId,
    pub stops_on: Date,
}

/// Ends a membership: from `stops_on` (today or later, after the day it started) the person
/// no longer has it; its last day is the day before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndMembershipInput {
    pub membership: MembershipId,
    pub stops_on: Date,
}

/// Invites a specialist (by username) to one child's case, from today through `ends_on`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteSpecialistInput {
    pub child: ChildId,
    pub specialist: String,
    pub ends_on: Date,
}
