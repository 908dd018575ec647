//! Ending a guardianship on a date (issue 15 item 5): where the guardianship's child is, for
//! the gate, and the end itself.

use super::people_admin::placement;
use super::{date_text, id, parse_date, ACTIVE_ENROLMENT, NARROWED};
use crate::backend::db::Conn;
use crate::domain::{ChildId, MunicipalityId, UserId};
use crate::policy::Placement;
use sqlx::Row;
use time::Date;

/// A guardianship and the places of its child on `today` (none when the child is enrolled
/// nowhere today; then only the municipality's administrator reaches it).
pub struct GuardianshipPlace {
    pub municipality: MunicipalityId,
    pub placements: Vec<Placement>,
    pub ends_on: Option<Date>,
}

pub async fn guardianship_place(
    conn: &mut Conn,
    guardian: UserId,
    child: ChildId,
    today: Date,
) -> Result<Option<GuardianshipPlace>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT g.ends_on, c.municipality_id AS child_municipality, \
                e.group_id, u.id AS unit_id, u.area_id, u.municipality_id, {NARROWED} \
           FROM guardianships g JOIN children c ON c.id = g.child_id \
           LEFT JOIN enrolments e ON e.child_id = c.id AND {ACTIVE_ENROLMENT} \
           LEFT JOIN child_groups cg ON cg.id = e.group_id \
           LEFT JOIN units u ON u.id = cg.unit_id \
          WHERE g.user_id = $1 AND g.child_id = $3"
    ))
    .bind(guardian.to_string())
    .bind(date_text(today))
    .bind(child.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut placements = Vec::new();
    for row in &rows {
        placements.extend(placement(row)?);
    }
    Ok(Some(GuardianshipPlace {
        municipality: id(first, "child_municipality")?,
        placements,
        ends_on: first
            .try_get::<Option<String>, _>("ends_on")?
            .map(|d| parse_date(&d))
            .transpose()?,
    }))
}

/// Sets the guardianship's last day.
pub async fn end_guardianship(
    tx: &mut Conn,
    guardian: UserId,
    child: ChildId,
    last_day: Date,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE guardianships SET ends_on = $1 WHERE user_id = $2 AND child_id = $3")
        .bind(date_text(last_day))
        .bind(guardian.to_string())
        .bind(child.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}
