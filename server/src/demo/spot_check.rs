//! The demo's spot check (issue 18 item 4): last week's sample for Skovbørnehaven Egern's
//! leader — five lookups by the room's pedagogues, one already confirmed — and one lookup by
//! the leader for the administrator. The demo's lookups are as made up as its assessments:
//! the audit log of a fresh demo holds nothing from last week to draw from.

use app::backend::db::Tx;
use app::backend::store::spot_checks::{self, NewItem};
use app::domain::*;
use time::Date;

pub async fn seed(
    tx: &mut Tx,
    municipality: MunicipalityId,
    placed: &[(GroupId, UnitId, Vec<ChildId>)],
    named: &[(&str, UserId)],
    today: Date,
) -> Result<(), sqlx::Error> {
    let id_of = |who: &str| named.iter().find(|(n, _)| *n == who).map(|(_, id)| *id);
    let (Some(first), Some(second), Some(leader), Some((_, unit, children))) = (
        id_of("paedagog"),
        id_of("paedagog2"),
        id_of("leder"),
        placed.first(),
    ) else {
        return Ok(());
    };
    let week = week_before(today);
    let hour = 60 * 60;
    // (looker, day of the week, hour, action, purpose, how many children, which child)
    let looks = [
        (first, 0, 9, "view_child", "child page", 1, children.first()),
        (
            second,
            0,
            13,
            "view_assessments",
            "round: group grid",
            children.len(),
            None,
        ),
        (
            first,
            1,
            10,
            "view_assessments",
            "child timeline",
            1,
            children.get(2),
        ),
        (second, 2, 8, "view_child", "child page", 1, children.get(3)),
        (first, 3, 14, "view_care", "child care", 1, children.get(1)),
        (
            leader,
            2,
            11,
            "view_child",
            "child page",
            1,
            children.get(4),
        ),
    ];
    for (n, (looker, day, at, action, purpose, count, child)) in looks.into_iter().enumerate() {
        let item = NewItem {
            municipality: municipality.to_string(),
            unit: unit.to_string(),
            for_administrator: looker == leader,
            week: week.label.clone(),
            drawn_at: week.ends + 6 * hour,
            looked_at: week.starts + day * 24 * hour + at * hour + n as i64 * 60,
            looker: looker.to_string(),
            action: action.to_owned(),
            purpose: purpose.to_owned(),
            children: count.max(1) as i64,
            child: child.map(|c| c.to_string()),
        };
        spot_checks::insert(tx, &item).await?;
    }
    // The first look was confirmed on the day of the draw.
    sqlx::query(
        "UPDATE spot_check_items SET verdict = 'work_related', checked_by = $1, checked_at = $2 \
         WHERE looked_at = $3 AND looker_id = $4",
    )
    .bind(leader.to_string())
    .bind(week.ends + 8 * hour)
    .bind(week.starts + 9 * hour)
    .bind(first.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
