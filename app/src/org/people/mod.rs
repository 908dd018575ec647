//! People administration (issue 15): the administrator for anyone in the municipality, the
//! unit leader for the people of their units and the guardians of their units' children. The
//! list is here; the changes in `actions`. Every change goes through the gate
//! (`Action::ManagePeople`, `Action::InviteSpecialist`) and is audited by ids (SECURITY A7,
//! L1); a person or id the caller may not administer is "not found" (SECURITY A4). A change is
//! seen at the person's next request: their policy facts, and whether they are disabled, are
//! read with the session on every request (SECURITY A6).

mod actions;
mod guardianship;

pub use crate::wire::people::*;
pub use actions::*;
pub use guardianship::*;

use crate::error::AppError;
use leptos::prelude::*;

/// The people the caller administers, with their memberships (current and coming) and
/// guardianships. A guardianship's child is named only where the policy lets the caller see
/// the child (`Action::ViewChild`), and each child named is in the audit log. No address is
/// ever part of the answer.
#[server(name = GetPeople, prefix = "/api", endpoint = "people")]
pub async fn get_people() -> Result<PeoplePage, AppError> {
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::store::{org, people_admin};
    use crate::domain::Role;
    use crate::policy::{Action, Resource, Scope};
    use std::collections::BTreeMap;

    const PURPOSE: &str = "people";
    let caller = Caller::current()?;
    let today = caller.state.clock.today();
    let mut conn = caller.state.db.conn().await?;
    let Some(muni) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    // The administrator: the whole municipality. A unit leader: the units they lead today.
    let led = if caller.also_may(Action::ManagePeople, &Resource::Municipality(muni)) {
        let target = Target::Municipality(muni);
        caller
            .authorize(&mut conn, Action::ManagePeople, target, PURPOSE)
            .await?;
        None
    } else {
        let led: Vec<_> = caller
            .subject()
            .memberships
            .iter()
            .filter(|m| m.role == Role::UnitLeader && m.starts_on <= today)
            .filter(|m| m.ends_on.is_none_or(|end| today <= end))
            .filter_map(|m| match m.scope {
                Scope::Unit(unit) => Some(unit),
                _ => None,
            })
            .collect();
        if led.is_empty() {
            // Anyone else is refused at the gate, and the refusal is logged.
            let target = Target::Municipality(muni);
            caller
                .authorize(&mut conn, Action::ManagePeople, target, PURPOSE)
                .await?;
            return fail(AppError::Forbidden);
        }
        for unit in &led {
            caller
                .authorize(
                    &mut conn,
                    Action::ManagePeople,
                    Target::Unit(*unit),
                    PURPOSE,
                )
                .await?;
        }
        Some(led)
    };
    let administers = |unit: Option<crate::domain::UnitId>| match &led {
        None => true,
        Some(led) => unit.is_some_and(|unit| led.contains(&unit)),
    };
    let mut rows: BTreeMap<_, (Vec<MembershipRow>, Vec<GuardianshipRow>)> = BTreeMap::new();
    for m in people_admin::memberships(&mut conn, muni).await? {
        if m.ends_on.is_some_and(|end| end < today) || !administers(m.unit) {
            continue;
        }
        rows.entry(m.user).or_default().0.push(MembershipRow {
            id: m.id,
            role: m.role,
            place: m.place,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
        });
    }
    // Children named, by the unit the caller reaches them through: their audit rows.
    let mut named: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for g in people_admin::guardianships(&mut conn, muni, today).await? {
        if !g.placements.iter().any(|p| administers(Some(p.unit))) && led.is_some() {
            continue;
        }
        let child = Resource::Child {
            id: g.child,
            placements: &g.placements,
        };
        let may_see = caller.also_may(Action::ViewChild, &child);
        if may_see {
            let through = g.placements.iter().find(|p| administers(Some(p.unit)));
            if let Some(place) = through.or(g.placements.first()) {
                named.entry(place.unit).or_default().push(g.child);
            }
        }
        rows.entry(g.user).or_default().1.push(GuardianshipRow {
            child: may_see.then_some(g.child),
            child_name: may_see.then_some(g.child_name),
            has_custody: g.has_custody,
            address_protected: g.address_protected,
            ends_on: g.ends_on,
        });
    }
    let mut people = Vec::new();
    for person in people_admin::people(&mut conn, muni).await? {
        let (memberships, guardianships) = match rows.remove(&person.user) {
            Some(found) => found,
            None if led.is_none() => Default::default(),
            None => continue,
        };
        people.push(PersonRow {
            user: person.user,
            username: person.username,
            display_name: person.display_name,
            disabled: person.disabled,
            memberships,
            guardianships,
        });
    }
    for (unit, children) in named {
        let mut seen = children;
        seen.sort();
        seen.dedup();
        caller
            .record_children(Action::ViewChild, unit, seen, PURPOSE)
            .committed()
            .await?;
    }
    Ok(PeoplePage { today, people })
}
