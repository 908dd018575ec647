//! The children file: each row is a placement of a child in a group from `startdato` to
//! `slutdato` (its last day; none: open-ended). A child the municipality already has (the same
//! `eksternt_id`) is moved, not refused: a row with a stored placement's group and start sets
//! or changes its end, any other row is a new placement — another room of the unit, or the
//! school the child starts in months ahead. Nothing else is needed on the day: the policy reads
//! the placements active today, so the old unit's access ends after the last day and the new
//! one's begins on the first (SECURITY A1).
//!
//! The whole file is checked before anything is written: a row must name the stored child (the
//! same name and birth date), and once the file is applied no two placements of one child may
//! overlap. Every placement created or ended is handed back for the audit log (SECURITY L1).

use super::{problem, unit_id, Access, Granted};
use crate::backend::db::Conn;
use crate::backend::store::{date, parse_id};
use crate::domain::import::{ChildRow, LastDay};
use crate::domain::ChildId;
use crate::error::ProblemCode;
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use time::Date;

/// A child the file names: stored, or new (made from its first row).
struct Child {
    /// The stored child's id; none for a child the file brings.
    stored: Option<String>,
    external_id: String,
    /// The name as stored (or as the first row gives it), compared as it is.
    first_name: String,
    last_name: String,
    birth_date: Date,
    placements: Vec<Placement>,
}

/// One placement of a child, as stored or as the file leaves it.
struct Placement {
    /// The stored enrolment's id and end; none for a placement the file makes.
    stored: Option<(String, Option<Date>)>,
    group: String,
    unit: String,
    /// `tilbud;gruppe;startdato` as a file writes them: how a problem names the placement.
    place: String,
    starts_on: Date,
    ends_on: Option<Date>,
    /// The line of the row that makes or ends it; none for one the file leaves alone.
    line: Option<u32>,
}

/// The names the file uses, resolved once each: a file of a whole municipality names the
/// same few units and groups thousands of times.
#[derive(Default)]
struct Places {
    units: HashMap<String, Option<String>>,
    groups: HashMap<(String, String), Option<String>>,
}

impl Places {
    async fn unit(
        &mut self,
        tx: &mut Conn,
        m: &str,
        name: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        if let Some(found) = self.units.get(name) {
            return Ok(found.clone());
        }
        let found = unit_id(tx, m, name).await?;
        self.units.insert(name.to_owned(), found.clone());
        Ok(found)
    }

    async fn group(
        &mut self,
        tx: &mut Conn,
        unit: &str,
        name: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let key = (unit.to_owned(), name.to_owned());
        if let Some(found) = self.groups.get(&key) {
            return Ok(found.clone());
        }
        let found = super::lookup(
            tx,
            "SELECT id FROM child_groups WHERE unit_id = $1 AND name = $2",
            unit,
            name,
        )
        .await?;
        self.groups.insert(key, found.clone());
        Ok(found)
    }
}

pub(super) async fn children(
    tx: &mut Conn,
    m: &str,
    rows: &[ChildRow],
    now: i64,
    access: &mut Access<'_>,
) -> Result<(), sqlx::Error> {
    let mut places = Places::default();
    let mut children: Vec<Child> = Vec::new();
    let mut by_external_id: HashMap<String, usize> = HashMap::new();
    let mut seen = HashSet::new();
    for row in rows {
        let index = match by_external_id.get(&row.external_id) {
            Some(index) => *index,
            None => {
                children.push(stored_child(tx, m, row).await?);
                by_external_id.insert(row.external_id.clone(), children.len() - 1);
                children.len() - 1
            }
        };
        let child = &mut children[index];
        if let Some(field) = differing(child, row) {
            problem(access.problems, row.line, field, ProblemCode::OtherChild);
            continue;
        }
        let Some(unit) = places.unit(tx, m, &row.unit).await? else {
            problem(
                access.problems,
                row.line,
                "tilbud",
                ProblemCode::UnknownUnit,
            );
            continue;
        };
        let Some(group) = places.group(tx, &unit, &row.group).await? else {
            problem(
                access.problems,
                row.line,
                "gruppe",
                ProblemCode::UnknownGroup,
            );
            continue;
        };
        if !seen.insert((row.external_id.clone(), group.clone(), row.starts_on)) {
            problem(
                access.problems,
                row.line,
                "eksternt_id",
                ProblemCode::Duplicate,
            );
            continue;
        }
        let stored = child
            .placements
            .iter_mut()
            .find(|p| p.stored.is_some() && p.group == group && p.starts_on == row.starts_on);
        match stored {
            // The same placement: the row says when it ends (a file without the column
            // leaves the stored end as it is).
            Some(placement) => {
                match row.ends_on {
                    LastDay::Unsaid => {}
                    LastDay::Open => placement.ends_on = None,
                    LastDay::On(end) => placement.ends_on = Some(end),
                }
                placement.line = Some(row.line);
            }
            None => child.placements.push(Placement {
                stored: None,
                group,
                unit,
                place: place(&row.unit, &row.group, row.starts_on),
                starts_on: row.starts_on,
                ends_on: row.ends_on.date(),
                line: Some(row.line),
            }),
        }
    }
    for child in &mut children {
        overlaps(child, access);
    }
    // Problems in file order, as the parser lists them.
    access.problems.sort_by_key(|p| p.line);
    if !access.problems.is_empty() {
        return Ok(());
    }
    for child in &children {
        write(tx, m, child, now, access).await?;
    }
    Ok(())
}

/// The child the row's `eksternt_id` names, with its placements, or a new child made from the
/// row.
async fn stored_child(tx: &mut Conn, m: &str, row: &ChildRow) -> Result<Child, sqlx::Error> {
    let found = sqlx::query(
        "SELECT id, first_name, last_name, birth_date FROM children \
         WHERE municipality_id = $1 AND external_id = $2",
    )
    .bind(m)
    .bind(&row.external_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(found) = found else {
        return Ok(Child {
            stored: None,
            external_id: row.external_id.clone(),
            first_name: row.name.first().to_owned(),
            last_name: row.name.last().to_owned(),
            birth_date: row.birth_date,
            placements: Vec::new(),
        });
    };
    let id: String = found.try_get("id")?;
    let placements = sqlx::query(
        "SELECT e.id, e.group_id, g.unit_id, g.name AS group_name, u.name AS unit_name, \
                e.starts_on, e.ends_on \
           FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
           JOIN units u ON u.id = g.unit_id \
          WHERE e.child_id = $1",
    )
    .bind(&id)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|p| {
        let starts_on = date(p, "starts_on")?;
        let ends_on = p
            .try_get::<Option<String>, _>("ends_on")?
            .map(|end| crate::backend::store::parse_date(&end))
            .transpose()?;
        Ok(Placement {
            stored: Some((p.try_get("id")?, ends_on)),
            group: p.try_get("group_id")?,
            unit: p.try_get("unit_id")?,
            place: place(
                &p.try_get::<String, _>("unit_name")?,
                &p.try_get::<String, _>("group_name")?,
                starts_on,
            ),
            starts_on,
            ends_on,
            line: None,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Child {
        stored: Some(id),
        external_id: row.external_id.clone(),
        first_name: found.try_get("first_name")?,
        last_name: found.try_get("last_name")?,
        birth_date: date(&found, "birth_date")?,
        placements,
    })
}

/// The first column in which the row names another child than the one its `eksternt_id`
/// stands for (stored, or made by an earlier row of the file).
fn differing(child: &Child, row: &ChildRow) -> Option<&'static str> {
    if child.first_name != row.name.first() {
        Some("fornavn")
    } else if child.last_name != row.name.last() {
        Some("efternavn")
    } else if child.birth_date != row.birth_date {
        Some("fødselsdato")
    } else {
        None
    }
}

/// A placement as a children file names it, dates written the Danish way.
fn place(unit: &str, group: &str, starts_on: Date) -> String {
    format!(
        "{unit};{group};{:02}-{:02}-{}",
        starts_on.day(),
        u8::from(starts_on.month()),
        starts_on.year()
    )
}

/// The problems of a child's placements overlapping once the file is applied: each on the
/// line of a row that made or changed one of the two, never between two the file left alone.
fn overlaps(child: &mut Child, access: &mut Access<'_>) {
    child.placements.sort_by_key(|p| p.starts_on);
    // A row is named once per kind of problem and placement, however many it overlaps.
    let mut found: Vec<(u32, String, ProblemCode)> = Vec::new();
    for (i, earlier) in child.placements.iter().enumerate() {
        for later in &child.placements[i + 1..] {
            if earlier.ends_on.is_some_and(|end| end < later.starts_on) {
                continue;
            }
            let problem = match (earlier.line, later.line) {
                (None, None) => continue,
                // The usual mistake when a child moves: the placement it leaves was never
                // given an end. Named, so the administrator knows which row to add.
                (_, Some(line)) if earlier.stored.is_some() && earlier.ends_on.is_none() => {
                    (line, earlier.place.clone(), ProblemCode::OpenPlacement)
                }
                (_, Some(line)) => (line, "startdato".to_owned(), ProblemCode::Overlapping),
                (Some(line), None) => (line, "slutdato".to_owned(), ProblemCode::Overlapping),
            };
            if !found.contains(&problem) {
                super::problem(access.problems, problem.0, &problem.1, problem.2);
                found.push(problem);
            }
        }
    }
}

/// Writes one checked child: the child if new, its new placements, and the ends the file set
/// or changed.
async fn write(
    tx: &mut Conn,
    m: &str,
    child: &Child,
    now: i64,
    access: &mut Access<'_>,
) -> Result<(), sqlx::Error> {
    let id = match &child.stored {
        Some(id) => id.clone(),
        None => {
            let id = ChildId::random().to_string();
            sqlx::query(
                "INSERT INTO children (id, municipality_id, first_name, last_name, birth_date, external_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(m)
            .bind(&child.first_name)
            .bind(&child.last_name)
            .bind(child.birth_date.to_string())
            .bind(&child.external_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    let child_id: ChildId = parse_id(&id)?;
    for placement in child.placements.iter().filter(|p| p.line.is_some()) {
        let (unit, group) = (parse_id(&placement.unit)?, parse_id(&placement.group)?);
        match &placement.stored {
            None => {
                let enrolment = uuid::Uuid::new_v4().to_string();
                sqlx::query(
                    "INSERT INTO enrolments (id, child_id, group_id, starts_on, ends_on) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&enrolment)
                .bind(&id)
                .bind(&placement.group)
                .bind(placement.starts_on.to_string())
                .bind(placement.ends_on.map(|d| d.to_string()))
                .execute(&mut *tx)
                .await?;
                access.granted.push(Granted::Placement {
                    enrolment,
                    child: child_id,
                    unit,
                    group,
                    starts_on: placement.starts_on,
                    ends_on: placement.ends_on,
                });
            }
            Some((enrolment, stored_end)) if *stored_end != placement.ends_on => {
                sqlx::query("UPDATE enrolments SET ends_on = $1 WHERE id = $2")
                    .bind(placement.ends_on.map(|d| d.to_string()))
                    .bind(enrolment)
                    .execute(&mut *tx)
                    .await?;
                access.granted.push(Granted::PlacementEnd {
                    enrolment: enrolment.clone(),
                    child: child_id,
                    unit,
                    group,
                    ends_on: placement.ends_on,
                });
            }
            Some(_) => {}
        }
    }
    Ok(())
}
