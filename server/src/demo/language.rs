//! The demo's grade-0 language assessments (issue 19 item 3), as the administrator would import
//! them from Bakkeskolen, for three school years: this year's 0.A, last year's (today's 1.A),
//! and the year before's, pupils who have since left for a school outside the municipality
//! (added here, so the demo keeps its classes as they are). Enough pupils that the shares are
//! shown, while the counts of earlier concerns are small and hidden.

use app::backend::db::Tx;
use app::domain::{ChildId, Effort, GroupId, MunicipalityId, SchoolYear, UnitId, UserId};
use time::{Date, Month};

/// How many pupils of each cohort need focused and special effort; the rest need general.
const COHORTS: [(i32, usize, usize); 3] = [(0, 3, 2), (1, 4, 2), (2, 4, 3)];
/// The former pupils of two years ago.
const FORMER_PUPILS: usize = 20;

/// `school`: Bakkeskolen; `classes`: its 0.A and 1.A with their children.
/// The demo's school years at the school, from its 0.A and 1.A (the demo's sixth and seventh
/// groups), imported by the demo's administrator.
pub async fn seed_demo(
    tx: &mut Tx,
    municipality: MunicipalityId,
    school: UnitId,
    placed: &[(GroupId, UnitId, Vec<ChildId>)],
    named: &[(&str, UserId)],
    today: Date,
) -> Result<(), sqlx::Error> {
    let Some((_, admin)) = named.iter().find(|(n, _)| *n == "admin") else {
        return Ok(());
    };
    let classes = [
        (placed[5].0, placed[5].2.as_slice()),
        (placed[6].0, placed[6].2.as_slice()),
    ];
    seed(tx, municipality, school, classes, *admin, today).await
}

async fn seed(
    tx: &mut Tx,
    municipality: MunicipalityId,
    school: UnitId,
    classes: [(GroupId, &[ChildId]); 2],
    administrator: UserId,
    today: Date,
) -> Result<(), sqlx::Error> {
    let this_year = SchoolYear::of(today);
    let former = former_pupils(tx, municipality, classes[0].0, this_year, today).await?;
    let cohorts: [&[ChildId]; 3] = [classes[0].1, classes[1].1, &former];
    for ((years_ago, focused, special), pupils) in COHORTS.into_iter().zip(cohorts) {
        let year = SchoolYear(this_year.0 - years_ago);
        // Imported in the autumn, when the schools had made the assessments.
        let imported =
            Date::from_calendar_date(year.0, Month::November, 1).map_or(today, |d| d.min(today));
        let at = imported.midnight().assume_utc().unix_timestamp();
        for (i, child) in pupils.iter().enumerate() {
            let effort = if i < focused {
                Effort::Focused
            } else if i < focused + special {
                Effort::Special
            } else {
                Effort::General
            };
            sqlx::query(
                "INSERT INTO language_assessments (id, child_id, school_year, effort, unit_id, \
                 created_at, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
            )
            .bind(super::uuid_text())
            .bind(child.to_string())
            .bind(i64::from(year.0))
            .bind(effort.code())
            .bind(school.to_string())
            .bind(at)
            .bind(administrator.to_string())
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// The pupils of 0.A two school years ago, who left at the end of that year.
async fn former_pupils(
    tx: &mut Tx,
    municipality: MunicipalityId,
    class: GroupId,
    this_year: SchoolYear,
    today: Date,
) -> Result<Vec<ChildId>, sqlx::Error> {
    let year = SchoolYear(this_year.0 - 2);
    let mut children = Vec::new();
    for n in 0..FORMER_PUPILS {
        let child = ChildId::random();
        let first = super::FIRST_NAMES[(n * 5 + 3) % super::FIRST_NAMES.len()];
        let last = super::LAST_NAMES[(n * 3 + 1) % super::LAST_NAMES.len()];
        // Six in the autumn they started grade 0.
        let born = Date::from_calendar_date(year.0 - 6, Month::January, 1)
            .map(|d| d + time::Duration::days((n as i64 * 17) % 360))
            .unwrap_or(today);
        sqlx::query(
            "INSERT INTO children (id, municipality_id, first_name, last_name, birth_date, \
             external_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(child.to_string())
        .bind(municipality.to_string())
        .bind(first)
        .bind(last)
        .bind(born.to_string())
        .bind(format!("SB-F{:04}", n + 1))
        .bind(super::unix(year.starts_on()))
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO enrolments (id, child_id, group_id, starts_on, ends_on) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(super::uuid_text())
        .bind(child.to_string())
        .bind(class.to_string())
        .bind(year.starts_on().to_string())
        .bind(year.ends_on().to_string())
        .execute(&mut **tx)
        .await?;
        children.push(child);
    }
    Ok(children)
}
