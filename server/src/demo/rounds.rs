//! The demo's history: three past rounds with a realistic spread (mostly green, some yellow,
//! few red), follow-ups done, open and overdue, and an open round in progress today.

use app::backend::db::Tx;
use app::domain::{
    AssessmentContext, AssessmentId, ChildId, GroupId, MunicipalityId, Position, RoundId, UnitId,
    UserId,
};
use time::{Date, Duration};

const GREEN_NOTES: [&str; 4] = [
    "Trives i leg og rutiner.",
    "Glad for at komme, leger godt med flere.",
    "Deltager aktivt og søger de voksne, når noget er svært.",
    "",
];
const CONCERN_NOTES: [&str; 4] = [
    "Trækker sig ofte fra legen og er svær at trøste ved aflevering.",
    "Mange konflikter i leg; virker træt om formiddagen.",
    "Siger sjældent noget i samling; står ofte uden for fællesskabet.",
    "Har haft meget fravær og virker utryg ved skift mellem aktiviteter.",
];

/// A stable spread: about 80 % green, 14 % yellow and 6 % red.
fn position_for(child: usize, round: usize) -> Position {
    let h = (child * 2_654_435_761 + round * 40_503 + 17) % 100;
    match h {
        0..=79 => Position::Green,
        80..=93 => Position::Yellow,
        _ => Position::Red,
    }
}

pub(super) fn season_name(day: Date) -> String {
    let season = if u8::from(day.month()) <= 6 {
        "Forår"
    } else {
        "Efterår"
    };
    format!("{season} {}", day.year())
}

fn unix(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp()
}

/// A round of the municipality with the same window for every kind of unit, taken part in by
/// `units`; planned a month before it starts.
pub(super) async fn insert_round(
    tx: &mut Tx,
    muni: MunicipalityId,
    name: &str,
    start: Date,
    end: Date,
    units: &[UnitId],
) -> Result<RoundId, sqlx::Error> {
    let round = RoundId::random();
    sqlx::query(
        "INSERT INTO rounds (id, municipality_id, name, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(round.to_string())
    .bind(muni.to_string())
    .bind(name)
    .bind(unix(start) - 30 * 86_400)
    .execute(&mut **tx)
    .await?;
    for kind in ["daycare", "health_visiting", "school"] {
        sqlx::query(
            "INSERT INTO round_windows (round_id, window_kind, starts_on, ends_on) VALUES ($1, $2, $3, $4)",
        )
        .bind(round.to_string())
        .bind(kind)
        .bind(start.to_string())
        .bind(end.to_string())
        .execute(&mut **tx)
        .await?;
    }
    for unit in units {
        sqlx::query("INSERT INTO round_units (round_id, unit_id) VALUES ($1, $2)")
            .bind(round.to_string())
            .bind(unit.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(round)
}

pub async fn seed(
    tx: &mut Tx,
    muni: MunicipalityId,
    groups: &[(GroupId, UnitId, Vec<ChildId>)],
    assessors: &[(UnitId, UserId)],
    today: Date,
) -> Result<(), sqlx::Error> {
    let mut units: Vec<UnitId> = groups.iter().map(|g| g.1).collect();
    units.dedup();
    // Oldest first: three past rounds half a year apart, then the open one.
    let past: Vec<Date> = (1..=3)
        .rev()
        .map(|k| today - Duration::days(182 * k))
        .collect();
    let mut names: Vec<String> = Vec::new();
    let mut round_ids = Vec::new();
    for (index, start) in past
        .iter()
        .copied()
        .chain(std::iter::once(today - Duration::days(21)))
        .enumerate()
    {
        let end = if index < past.len() {
            start + Duration::days(28)
        } else {
            today + Duration::days(14)
        };
        let mut name = season_name(start);
        if names.contains(&name) {
            name = format!("{name} ({})", index + 1);
        }
        names.push(name.clone());
        let round = insert_round(tx, muni, &name, start, end, &units).await?;
        round_ids.push((round, start));
    }

    let mut child_index = 0usize;
    for (group, unit, children) in groups {
        let staff: Vec<UserId> = assessors
            .iter()
            .filter(|(u, _)| u == unit)
            .map(|(_, user)| *user)
            .collect();
        if staff.is_empty() {
            continue;
        }
        for child in children {
            child_index += 1;
            for (r, (round, start)) in round_ids.iter().enumerate() {
                let is_open_round = r == round_ids.len() - 1;
                let day = *start + Duration::days(((child_index % 9) + 3) as i64);
                let joint = if r == 1 && child_index == 1 {
                    // The demo parent's child had a concern once, followed up with the parents.
                    Position::Yellow
                } else {
                    position_for(child_index, r)
                };
                if is_open_round {
                    // Today's round is in progress: the second pedagogue of the Red room has
                    // done the first ten children; everyone else is still to come.
                    if staff.len() > 1
                        && children.len() == 20
                        && children.iter().position(|c| c == child) < Some(10)
                    {
                        insert(
                            tx,
                            *child,
                            Some(*round),
                            "individual",
                            staff[1],
                            *group,
                            *unit,
                            joint,
                            context_for(child_index),
                            note_for(joint, child_index),
                            today - Duration::days(2),
                        )
                        .await?;
                    }
                    continue;
                }
                for (s, assessor) in staff.iter().enumerate() {
                    // Now and then two adults see the child differently.
                    let own = if s == 1 && child_index.is_multiple_of(6) {
                        match joint {
                            Position::Green => Position::Yellow,
                            _ => Position::Green,
                        }
                    } else {
                        joint
                    };
                    insert(
                        tx,
                        *child,
                        Some(*round),
                        "individual",
                        *assessor,
                        *group,
                        *unit,
                        own,
                        context_for(child_index),
                        note_for(own, child_index + s),
                        day,
                    )
                    .await?;
                }
                let id = insert(
                    tx,
                    *child,
                    Some(*round),
                    "joint",
                    staff[0],
                    *group,
                    *unit,
                    joint,
                    context_for(child_index),
                    note_for(joint, child_index),
                    day + Duration::days(7),
                )
                .await?;
                if joint.is_concern() {
                    let assessed = day + Duration::days(7);
                    let due = assessed + Duration::days(14);
                    // Older rounds are all followed up; the last one has some still open.
                    let done = r + 2 < round_ids.len() || child_index.is_multiple_of(2);
                    follow_up(
                        tx,
                        id,
                        *child,
                        *unit,
                        due,
                        assessed,
                        done.then_some(assessed + Duration::days(5)),
                        staff[0],
                    )
                    .await?;
                }
            }
        }
        // A concern raised on an ordinary day this week, in the Green room.
        if children.len() == 24 {
            let child = children[3];
            let day = today - Duration::days(3);
            let id = insert(
                tx,
                child,
                None,
                "adhoc",
                staff[0],
                *group,
                *unit,
                Position::Yellow,
                AssessmentContext::PlayWithPeers,
                CONCERN_NOTES[1],
                day,
            )
            .await?;
            follow_up(
                tx,
                id,
                child,
                *unit,
                day + Duration::days(14),
                day,
                None,
                staff[0],
            )
            .await?;
        }
    }
    Ok(())
}

fn context_for(child: usize) -> AssessmentContext {
    AssessmentContext::ALL[child % 3]
}

fn note_for(position: Position, n: usize) -> &'static str {
    match position {
        Position::Green => GREEN_NOTES[n % GREEN_NOTES.len()],
        _ => CONCERN_NOTES[n % CONCERN_NOTES.len()],
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &mut Tx,
    child: ChildId,
    round: Option<RoundId>,
    kind: &str,
    assessor: UserId,
    group: GroupId,
    unit: UnitId,
    position: Position,
    context: AssessmentContext,
    note: &str,
    day: Date,
) -> Result<AssessmentId, sqlx::Error> {
    let id = AssessmentId::random();
    sqlx::query(
        "INSERT INTO assessments (id, child_id, round_id, kind, assessor_id, group_id, unit_id, position, \
           context, note, assessed_on, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1)",
    )
    .bind(id.to_string())
    .bind(child.to_string())
    .bind(round.map(|r| r.to_string()))
    .bind(kind)
    .bind(assessor.to_string())
    .bind(group.to_string())
    .bind(unit.to_string())
    .bind(position.code())
    .bind(context.code())
    .bind(note)
    .bind(day.to_string())
    .bind(unix(day) + 36_000)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn follow_up(
    tx: &mut Tx,
    assessment: AssessmentId,
    child: ChildId,
    unit: UnitId,
    due: Date,
    opened: Date,
    done: Option<Date>,
    by: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO follow_ups (id, assessment_id, child_id, unit_id, due_on, created_at, done_on, done_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(app::domain::FollowUpId::random().to_string())
    .bind(assessment.to_string())
    .bind(child.to_string())
    .bind(unit.to_string())
    .bind(due.to_string())
    .bind(unix(opened))
    .bind(done.map(|d| d.to_string()))
    .bind(done.map(|_| by.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
