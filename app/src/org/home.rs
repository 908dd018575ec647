use super::{GroupRoster, Home};
use crate::domain::UnitId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Everything the signed-in person's home page shows, each part only where the policy allows.
#[server(name = GetHome, prefix = "/api", endpoint = "home")]
pub async fn get_home() -> Result<Home, AppError> {
    use crate::backend::context::{Caller, Target};
    use crate::backend::store::org::{self, UnitsOf};
    use crate::domain::Role;
    use crate::policy::{Action, Resource, Scope};

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let subject = caller.subject();
    let mut home = Home {
        display_name: caller.user.display_name.clone(),
        ..Home::default()
    };

    let active = subject
        .memberships
        .iter()
        .filter(|m| m.starts_on <= today && m.ends_on.is_none_or(|end| today <= end));
    for m in active {
        if !home.roles.contains(&m.role) {
            home.roles.push(m.role);
        }
        match (m.role, m.scope) {
            (role, Scope::Unit(unit)) if role.is_close_staff() => {
                let Some(place) = org::unit_placement(&mut conn, unit).await? else {
                    continue;
                };
                // Group by group: where the municipality narrows access, close staff reach
                // only the groups they work in, and the policy says which (logged per group).
                for roster in org::group_rosters(&mut conn, unit, today).await? {
                    let in_group = place.in_group(roster.group_id);
                    if !caller.also_may(Action::ListUnitChildren, &Resource::Unit(in_group)) {
                        continue;
                    }
                    caller
                        .authorize(
                            &mut conn,
                            Action::ListUnitChildren,
                            Target::UnitAt(in_group),
                            "home: my groups",
                        )
                        .await?;
                    home.groups.push(roster);
                }
            }
            (Role::UnitLeader, Scope::Unit(unit)) => {
                home.units
                    .extend(org::unit_summaries(&mut conn, UnitsOf::Unit(unit), today).await?);
            }
            (Role::AreaLeader, Scope::Area(area)) => {
                home.units
                    .extend(org::unit_summaries(&mut conn, UnitsOf::Area(area), today).await?);
            }
            (Role::Administrator, Scope::Municipality(m)) => {
                caller
                    .authorize(
                        &mut conn,
                        Action::ManageOrganisation,
                        Target::Municipality(m),
                        "home: organisation",
                    )
                    .await?;
                home.municipality = org::municipality_summary(&mut conn, m, today).await?;
            }
            _ => {}
        }
    }
    if !subject.guardianships.is_empty() {
        // Each child listed goes through the policy like any other read, so the lookup is
        // in the audit log.
        for child in
            org::own_children(&mut conn, caller.user.user_id, caller.state.clock.today()).await?
        {
            caller
                .authorize(
                    &mut conn,
                    Action::ViewChild,
                    Target::Child(child.id),
                    "home: my children",
                )
                .await?;
            home.own_children.push(child);
        }
    }
    if !subject.invitations.is_empty() {
        for child in org::invited_children(&mut conn, caller.user.user_id, today).await? {
            caller
                .authorize(
                    &mut conn,
                    Action::ViewChild,
                    Target::Child(child.id),
                    "home: my cases",
                )
                .await?;
            home.invited_children.push(child);
        }
    }
    Ok(home)
}

/// The groups of one unit with their children: what a leader opens from the home page.
#[server(name = GetUnitGroups, prefix = "/api", endpoint = "unit_groups", input = Json)]
pub async fn get_unit_groups(unit: UnitId) -> Result<Vec<GroupRoster>, AppError> {
    use crate::backend::context::{Caller, Target};
    use crate::backend::store::org;
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    caller
        .authorize(
            &mut conn,
            Action::ListUnitChildren,
            Target::Unit(unit),
            "unit page",
        )
        .await?;
    Ok(org::group_rosters(&mut conn, unit, caller.state.clock.today()).await?)
}
