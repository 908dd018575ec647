//! "Who looked at my child" for the custody holders (issue 18 item 3; SECURITY P3): every
//! lookup of the child's data by staff — the day, the role and place that looked, and what it
//! was — read from the audit log and never naming a member of staff (Danish practice on the
//! right of access to logs). The same list closes the PDF of everything registered.
//!
//! Decided where the issue was silent (docs/ACCESS.md, *Who looked at my child*): custody
//! holders see it, as part of the right of access (`RequestRecord`); a parent without custody
//! keeps the right to be informed about the child, not to the log. Lookups by the parents
//! themselves are left out (the other parent's use of Tværs is theirs, not the child's data),
//! and so are refusals (nothing was seen). Under the other guardian's address protection no
//! place is named.

use crate::error::AppError;
use crate::wire::lookups::{ChildLookups, LookupPurpose};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The list for one child, for a custody holder; anyone else as for the PDF (not found, or
/// "needs custody" for a parent without it).
#[server(name = GetChildLookups, prefix = "/api", endpoint = "child_lookups", input = Json)]
pub async fn get_child_lookups(child: crate::domain::ChildId) -> Result<ChildLookups, AppError> {
    use crate::backend::store::child_page;
    use crate::care::gate;
    use crate::policy::scope::Reader;
    use crate::policy::Action;

    let caller = crate::backend::context::Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let purpose = "who looked at the child";
    let reached = gate::child(&caller, &mut conn, child, Action::ViewChild, purpose).await?;
    if !matches!(reached.reader, Reader::Guardian { .. }) {
        // Staff have the audit log through their administrator, not this parents' page.
        return crate::backend::context::fail(AppError::NotFound);
    }
    if matches!(reached.reader, Reader::Guardian { custody: false }) {
        return gate::needs_custody(&caller, &mut conn, child, Action::RequestRecord, purpose)
            .await;
    }
    gate::child(&caller, &mut conn, child, Action::RequestRecord, purpose).await?;
    let today = caller.state.clock.today();
    let (_, places_hidden) =
        child_page::child_guardians(&mut conn, child, caller.user.user_id, today).await?;
    let Some(identity) = child_page::child_identity(&mut conn, child).await? else {
        return crate::backend::context::fail(AppError::NotFound);
    };
    let lines = read::lines(&caller, &mut conn, child, places_hidden).await?;
    Ok(ChildLookups {
        child,
        child_name: format!("{} {}", identity.first_name, identity.last_name),
        lines,
        places_hidden,
    })
}

/// What an audit row's action code was for, in the parents' words.
pub fn purpose_of(action: &str) -> LookupPurpose {
    match action {
        "view_child" => LookupPurpose::ChildPage,
        "view_assessments" | "assess_child" | "set_joint_assessment" => LookupPurpose::Assessments,
        "list_unit_children" | "view_unit_dashboard" => LookupPurpose::UnitOverview,
        "handle_follow_ups" => LookupPurpose::FollowUps,
        "view_care" | "hold_meetings" | "invite_specialist" => LookupPurpose::Care,
        "prepare_transition" | "record_paper_consent" => LookupPurpose::Transition,
        "request_record" => LookupPurpose::Record,
        "check_lookups" => LookupPurpose::SpotCheck,
        _ => LookupPurpose::Other,
    }
}

#[cfg(feature = "ssr")]
pub mod read {
    use super::purpose_of;
    use crate::backend::context::Caller;
    use crate::backend::db::Conn;
    use crate::backend::store::lookups as store;
    use crate::domain::{ChildId, Role};
    use crate::error::AppError;
    use crate::wire::lookups::{LookupLine, LookupPurpose};

    /// The child's lookups by staff, a line per day, role, place and purpose, newest first.
    pub async fn lines(
        caller: &Caller,
        conn: &mut Conn,
        child: ChildId,
        places_hidden: bool,
    ) -> Result<Vec<LookupLine>, AppError> {
        let db = &caller.state.db;
        let lookups = crate::backend::audit::lookups_of_child_on(db, conn, child).await?;
        let users: Vec<String> = {
            let mut ids: Vec<String> = lookups.iter().filter_map(|l| l.user_id.clone()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let roles = store::roles_of(conn, &users).await?;
        let places = if places_hidden {
            Vec::new()
        } else {
            store::unit_names(conn, &lookups).await?
        };
        let mut lines: Vec<LookupLine> = Vec::new();
        for lookup in lookups.iter().filter(|l| l.outcome == "allowed") {
            let Some(user) = &lookup.user_id else {
                continue;
            };
            let Some(role) = role_for(&roles, user, lookup.unit_id.as_deref()) else {
                continue; // not staff: a parent's own look
            };
            let line = LookupLine {
                on: crate::care::read::local_date(lookup.at),
                role,
                place: lookup.unit_id.as_ref().and_then(|unit| {
                    places
                        .iter()
                        .find(|(id, _)| id == unit)
                        .map(|(_, name)| name.clone())
                }),
                purpose: purpose_of(&lookup.action),
                times: 1,
            };
            match lines.iter_mut().find(|l| {
                (l.on, l.role, &l.place, l.purpose)
                    == (line.on, line.role, &line.place, line.purpose)
            }) {
                Some(same) => same.times += 1,
                None => lines.push(line),
            }
        }
        lines.sort_by_key(|line| std::cmp::Reverse(line.on));
        Ok(lines)
    }

    /// The list as the last section of the PDF of everything registered, in `locale`.
    pub fn record_section(
        locale: crate::i18n::Locale,
        lines: Vec<LookupLine>,
        empty: String,
    ) -> crate::backend::record_pdf::RecordSection {
        use crate::backend::record_pdf::RecordEntry;
        use crate::i18n::*;
        let entries = lines
            .into_iter()
            .map(|line| {
                let role = match line.role {
                    Some(role) => role_word(locale, role),
                    None => td_string!(locale, lookups.staff).to_owned(),
                };
                let mut title = format!("{} · {role}", crate::components::format_date(line.on));
                if let Some(place) = &line.place {
                    title.push_str(&format!(" · {place}"));
                }
                RecordEntry {
                    title,
                    facts: vec![
                        (
                            td_string!(locale, lookups.what).to_owned(),
                            purpose_word(locale, line.purpose),
                        ),
                        (
                            td_string!(locale, lookups.times).to_owned(),
                            line.times.to_string(),
                        ),
                    ],
                    text: Vec::new(),
                }
            })
            .collect();
        crate::backend::record_pdf::RecordSection {
            heading: td_string!(locale, lookups.heading).to_owned(),
            empty,
            entries,
        }
    }

    fn role_word(locale: crate::i18n::Locale, role: Role) -> String {
        use crate::i18n::*;
        match role {
            Role::Pedagogue => td_string!(locale, role.pedagogue),
            Role::Teacher => td_string!(locale, role.teacher),
            Role::Childminder => td_string!(locale, role.childminder),
            Role::HealthVisitor => td_string!(locale, role.health_visitor),
            Role::UnitLeader => td_string!(locale, role.unit_leader),
            Role::AreaLeader => td_string!(locale, role.area_leader),
            Role::Specialist => td_string!(locale, role.specialist),
            Role::Administrator => td_string!(locale, role.administrator),
        }
        .to_owned()
    }

    fn purpose_word(locale: crate::i18n::Locale, purpose: LookupPurpose) -> String {
        use crate::i18n::*;
        match purpose {
            LookupPurpose::ChildPage => td_string!(locale, lookups.purpose_child_page),
            LookupPurpose::Assessments => td_string!(locale, lookups.purpose_assessments),
            LookupPurpose::UnitOverview => td_string!(locale, lookups.purpose_unit_overview),
            LookupPurpose::FollowUps => td_string!(locale, lookups.purpose_follow_ups),
            LookupPurpose::Care => td_string!(locale, lookups.purpose_care),
            LookupPurpose::Transition => td_string!(locale, lookups.purpose_transition),
            LookupPurpose::Record => td_string!(locale, lookups.purpose_record),
            LookupPurpose::SpotCheck => td_string!(locale, lookups.purpose_spot_check),
            LookupPurpose::Other => td_string!(locale, lookups.purpose_other),
        }
        .to_owned()
    }

    /// The role a user looked in: their role in the row's unit, else one above units (area
    /// leader, specialist, administrator); `Some(None)` for staff whose memberships are gone;
    /// `None` for someone who never was staff (a parent).
    pub fn role_for(
        roles: &[store::Membership],
        user: &str,
        unit: Option<&str>,
    ) -> Option<Option<Role>> {
        let theirs: Vec<&store::Membership> = roles.iter().filter(|m| m.user_id == user).collect();
        if theirs.is_empty() {
            return None;
        }
        let in_unit = theirs
            .iter()
            .find(|m| unit.is_some() && m.unit_id.as_deref() == unit);
        let above = theirs.iter().find(|m| m.unit_id.is_none());
        Some(
            in_unit
                .or(above)
                .or(theirs.first())
                .and_then(|m| Role::parse(&m.role)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_that_reads_a_child_has_a_purpose_in_the_parents_words() {
        use crate::policy::Action;
        let expected = [
            (Action::ViewChild, LookupPurpose::ChildPage),
            (Action::ViewAssessments, LookupPurpose::Assessments),
            (Action::AssessChild, LookupPurpose::Assessments),
            (Action::SetJointAssessment, LookupPurpose::Assessments),
            (Action::ListUnitChildren, LookupPurpose::UnitOverview),
            (Action::ViewUnitDashboard, LookupPurpose::UnitOverview),
            (Action::HandleFollowUps, LookupPurpose::FollowUps),
            (Action::ViewCare, LookupPurpose::Care),
            (Action::HoldMeetings, LookupPurpose::Care),
            (Action::InviteSpecialist, LookupPurpose::Care),
            (Action::PrepareTransition, LookupPurpose::Transition),
            (Action::RecordPaperConsent, LookupPurpose::Transition),
            (Action::RequestRecord, LookupPurpose::Record),
            (Action::ManageOrganisation, LookupPurpose::Other),
        ];
        for (action, purpose) in expected {
            assert_eq!(purpose_of(action.code()), purpose, "{action:?}");
        }
        assert_eq!(purpose_of("no_such_action"), LookupPurpose::Other);
    }
}
