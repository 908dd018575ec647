use super::ChildPage;
use crate::domain::ChildId;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Who the child is, where the child is placed, and who can see the child's data and why.
#[server(name = GetChildPage, prefix = "/api", endpoint = "child_page", input = Json)]
pub async fn get_child_page(child: ChildId) -> Result<ChildPage, AppError> {
    use super::{AccessRow, AccessWho, ChildPageFor};
    use crate::backend::context::{Caller, Target};
    use crate::backend::store::child_page::{self, RoleScope};
    use crate::backend::store::org;
    use crate::policy::{reachers, Action, Actor, Reachers, Relationship, GRANTS};

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let allowed = caller
        .authorize(
            &mut conn,
            Action::ViewChild,
            Target::Child(child),
            "child page",
        )
        .await?;
    let today = caller.state.clock.today();
    let identity = child_page::child_identity(&mut conn, child)
        .await?
        .ok_or(AppError::NotFound)?;

    // Who reads as staff is the policy's to say (its scope), with the dates and roles of
    // today's memberships; everyone else who reached the child is a guardian.
    let reads_as_staff =
        crate::policy::scope::reader(&allowed.subject, child, &allowed.placements, today)
            .is_some_and(|r| r.is_staff());
    let viewer_is_guardian = !reads_as_staff;
    let (guardians, other_guardian_protected) =
        child_page::child_guardians(&mut conn, child, caller.user.user_id, today).await?;
    // SECURITY C4: a guardian must not learn where the child is when another guardian is
    // protected from them.
    let hide_places = viewer_is_guardian && other_guardian_protected;

    let mut access = Vec::new();
    let mut guardians_listed = false;
    for grant in GRANTS.iter().filter(|g| g.action == Action::ViewChild) {
        match (grant.actor, grant.relationship) {
            (Actor::Staff(role), Relationship::SameUnit | Relationship::SameArea) => {
                // A place per unit (per group where access is narrowed), each once.
                let mut counted = Vec::new();
                for place in &allowed.placements {
                    let names = org::unit_and_area_names(&mut conn, place.unit).await?;
                    let (scope, place_name) = match (grant.relationship, reachers(role, place)) {
                        (Relationship::SameArea, _) => {
                            (RoleScope::Area(place.area), names.map(|(_, area)| area))
                        }
                        (_, Reachers::WholeUnit) => {
                            (RoleScope::Unit(place.unit), names.map(|(unit, _)| unit))
                        }
                        (_, Reachers::GroupStaff(Some(group))) => {
                            let group_name = child_page::group_name(&mut conn, group).await?;
                            let scope = RoleScope::Group {
                                unit: place.unit,
                                group,
                            };
                            let name = names
                                .zip(group_name)
                                .map(|((unit, _), group)| format!("{unit}, {group}"));
                            (scope, name)
                        }
                        (_, Reachers::GroupStaff(None)) => continue,
                    };
                    if counted.contains(&scope) {
                        continue;
                    }
                    counted.push(scope);
                    let people =
                        child_page::count_role_holders(&mut conn, role, scope, today).await?;
                    access.push(AccessRow {
                        who: AccessWho::Staff(role),
                        place: if hide_places { None } else { place_name },
                        people,
                    });
                }
            }
            (Actor::Staff(role), Relationship::InvitedToCase) => {
                let people = child_page::count_invited_specialists(&mut conn, child, today).await?;
                access.push(AccessRow {
                    who: AccessWho::Staff(role),
                    place: None,
                    people,
                });
            }
            (Actor::Guardian, _) if !guardians_listed => {
                guardians_listed = true;
                access.push(AccessRow {
                    who: AccessWho::Guardians,
                    place: None,
                    people: guardians.len() as i64,
                });
            }
            _ => {}
        }
    }

    let placements = if hide_places {
        vec![]
    } else {
        child_page::child_placement_views(&mut conn, child, today).await?
    };
    Ok(ChildPage {
        id: child,
        first_name: identity.first_name,
        last_name: identity.last_name,
        birth_date: identity.birth_date,
        placements,
        access,
        view: if viewer_is_guardian {
            ChildPageFor::Parent
        } else {
            ChildPageFor::Staff {
                external_id: identity.external_id,
                guardians,
            }
        },
    })
}
