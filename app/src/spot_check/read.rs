//! The spot-check page as each checker may see it, and the letter a flag sends.

use crate::backend::context::{fail, Caller, Target};
use crate::backend::db::Conn;
use crate::backend::store::spot_checks::{self, ItemRow};
use crate::backend::store::{lookups, org};
use crate::domain::{MunicipalityId, Role, UnitId};
use crate::error::AppError;
use crate::policy::{Action, Scope};
use crate::transition::lookups::{purpose_of, read::role_for};
use crate::wire::spot_check::{LookedAt, SpotCheckItem, SpotCheckPage, UnitSpotCheck};
use std::collections::HashMap;

const PURPOSE: &str = "spot check";

/// The weeks a page shows: the current sample and enough before it to finish late checks.
const WEEKS_SHOWN: i64 = 8;

pub async fn page(caller: &Caller) -> Result<SpotCheckPage, AppError> {
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let since = caller.state.clock.unix() - WEEKS_SHOWN * 7 * 24 * 60 * 60;
    let mut led: Vec<UnitId> = Vec::new();
    let mut administered: Option<MunicipalityId> = None;
    for m in &caller.subject().memberships {
        if !crate::policy::active(m.starts_on, m.ends_on, today) {
            continue;
        }
        match (m.role, m.scope) {
            (Role::UnitLeader, Scope::Unit(unit)) if !led.contains(&unit) => led.push(unit),
            (Role::Administrator, Scope::Municipality(muni)) => administered = Some(muni),
            _ => {}
        }
    }
    if led.is_empty() && administered.is_none() {
        // Logged as a refusal like any other (SECURITY L1), on the caller's municipality.
        let target = match org::user_municipality(&mut conn, caller.user.user_id).await? {
            Some(muni) => Target::Municipality(muni),
            None => Target::Missing("spot check".into()),
        };
        caller
            .authorize(&mut conn, Action::CheckLookups, target, PURPOSE)
            .await?;
        return fail(AppError::Forbidden);
    }
    let mut rows_by_unit = Vec::new();
    for unit in &led {
        caller
            .authorize(
                &mut conn,
                Action::CheckLookups,
                Target::Unit(*unit),
                PURPOSE,
            )
            .await?;
        rows_by_unit.push((*unit, spot_checks::for_unit(&mut conn, *unit, since).await?));
    }
    let (mut leaders, mut flagged) = (Vec::new(), Vec::new());
    let mut sample_size = None;
    if let Some(muni) = administered {
        caller
            .authorize(
                &mut conn,
                Action::CheckLookups,
                Target::Municipality(muni),
                PURPOSE,
            )
            .await?;
        (leaders, flagged) = spot_checks::for_administrator(&mut conn, muni, since).await?;
        sample_size = Some(spot_checks::sample_size(&mut conn, muni).await?);
    }
    // The children a leader may see by name: those placed in the units they lead. The
    // administrator reaches no child (DESIGN §1), so the leaders' sample names none.
    let children: Vec<String> = rows_by_unit
        .iter()
        .flat_map(|(_, rows)| rows.iter().filter_map(|r| r.child.clone()))
        .collect();
    let names: HashMap<String, String> =
        spot_checks::names_in_units(&mut conn, &children, &led, today)
            .await?
            .into_iter()
            .collect();
    let all_rows = rows_by_unit
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .chain(leaders.iter())
        .chain(flagged.iter());
    let mut lookers: Vec<String> = all_rows.map(|r| r.looker.to_string()).collect();
    lookers.sort_unstable();
    lookers.dedup();
    let roles = lookups::roles_of(&mut conn, &lookers).await?;
    let view = |row: &ItemRow| item_view(row, &names, &roles);
    // Reading the sample names the children shown: each such read is a lookup of its own
    // (parents see it as the spot check, SECURITY P3).
    let mut audited = None;
    for (unit, rows) in &rows_by_unit {
        let shown: Vec<crate::domain::ChildId> = rows
            .iter()
            .filter_map(|r| r.child.as_ref().filter(|c| names.contains_key(*c)))
            .filter_map(|c| c.parse().ok())
            .collect();
        if !shown.is_empty() {
            let receipt = caller.record_children(Action::CheckLookups, *unit, shown, PURPOSE);
            audited = Some(match audited {
                Some(before) => receipt.and(before),
                None => receipt,
            });
        }
    }
    let mut units = Vec::new();
    for (unit, rows) in &rows_by_unit {
        let unit_name = match rows.first() {
            Some(row) => row.unit_name.clone(),
            None => org::unit_and_area_names(&mut conn, *unit)
                .await?
                .map(|(name, _)| name)
                .unwrap_or_default(),
        };
        units.push(UnitSpotCheck {
            unit: *unit,
            unit_name,
            items: rows.iter().map(view).collect(),
        });
    }
    if let Some(audited) = audited {
        audited.committed().await?;
    }
    Ok(SpotCheckPage {
        units,
        leaders: leaders.iter().map(view).collect(),
        flagged: flagged.iter().map(view).collect(),
        sample_size,
    })
}

fn item_view(
    row: &ItemRow,
    names: &HashMap<String, String>,
    roles: &[lookups::Membership],
) -> SpotCheckItem {
    let looked_at = match (&row.child, row.children) {
        (Some(child), 1) => match (names.get(child), child.parse()) {
            (Some(name), Ok(id)) => LookedAt::Child {
                id,
                name: name.clone(),
            },
            _ => LookedAt::HiddenChild,
        },
        (None, 1) => LookedAt::HiddenChild,
        (_, n) => LookedAt::Children(n.clamp(0, i64::from(u32::MAX)) as u32),
    };
    let looked = time::OffsetDateTime::from_unix_timestamp(row.looked_at)
        .map(|t| t.to_offset(crate::domain::danish_offset()))
        .ok();
    SpotCheckItem {
        id: row.id,
        week: row.week.clone(),
        looked_on: crate::care::read::local_date(row.looked_at),
        looked_time: looked
            .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
            .unwrap_or_default(),
        looker: row.looker_name.clone(),
        looker_role: role_for(roles, &row.looker.to_string(), Some(&row.unit.to_string()))
            .flatten(),
        unit_name: row.unit_name.clone(),
        purpose: purpose_of(&row.action),
        looked_at,
        verdict: row.verdict,
        note: row.note.clone(),
        checked_by: row.checked_by.clone(),
        checked_on: row.checked_at.map(crate::care::read::local_date),
    }
}

/// Tells the municipality's administrators that a lookup was flagged: a content-free letter
/// (no name, no child), pointing to the spot-check page. A failed letter is logged, never a
/// reason to undo the flag.
pub async fn tell_administrators(
    caller: &Caller,
    conn: &mut Conn,
    muni: MunicipalityId,
) -> Result<(), AppError> {
    let Some(mailer) = caller.state.settings.mail.clone() else {
        return Ok(());
    };
    let today = caller.state.clock.today();
    for (email, language) in spot_checks::administrator_mailboxes(conn, muni, today).await? {
        let sent = mailer
            .notify(
                &email,
                language.as_deref(),
                crate::backend::mail::Notice::FlaggedLookup,
            )
            .await;
        if let Err(err) = sent {
            tracing::warn!(error = %err, "flagged-lookup notice not sent");
        }
    }
    Ok(())
}
