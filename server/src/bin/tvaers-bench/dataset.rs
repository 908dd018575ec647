//! A municipality-size dataset, generated straight into the database with multi-row inserts:
//! 100 kindergartens of five rooms of 24 (12,000 children), three pedagogues per unit, ten
//! years of rounds (two a year) with three individual and one joint assessment per child and
//! round, and one open round for the measurements.

use app::backend::db::Db;
use app::domain::{
    AreaId, AssessmentId, ChildId, GroupId, MunicipalityId, RoundId, UnitId, UserId,
};
use time::{Date, Duration};

pub struct Dataset {
    pub open_round: RoundId,
    /// Each group with its unit's pedagogues and its children.
    pub groups: Vec<GroupData>,
    pub children: usize,
    pub assessments: i64,
}

pub struct GroupData {
    pub id: GroupId,
    pub staff: Vec<UserId>,
    pub children: Vec<ChildId>,
}

const ROOM: usize = 24;
const ROOMS_PER_UNIT: usize = 5;
const STAFF_PER_UNIT: usize = 3;
const ROWS_PER_INSERT: usize = 500;

/// The children of a dataset with (at least) `staff` pedagogues: a unit's rooms for every
/// unit's pedagogues.
pub fn children_for(staff: usize) -> usize {
    staff.div_ceil(STAFF_PER_UNIT) * ROOMS_PER_UNIT * ROOM
}

/// Collects rows and sends them as one INSERT per `ROWS_PER_INSERT` (each its own implicit
/// transaction, so several batches can fill at once). Every value is made here (ids, codes,
/// dates), never typed by a user, so writing them into the SQL is safe.
struct Batch<'a> {
    db: &'a Db,
    head: &'static str,
    rows: Vec<String>,
}

impl<'a> Batch<'a> {
    fn new(db: &'a Db, head: &'static str) -> Self {
        Self {
            db,
            head,
            rows: Vec::with_capacity(ROWS_PER_INSERT),
        }
    }

    async fn push(&mut self, row: String) -> Result<(), sqlx::Error> {
        self.rows.push(row);
        if self.rows.len() >= ROWS_PER_INSERT {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), sqlx::Error> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let sql = format!("{} VALUES {}", self.head, self.rows.join(","));
        self.rows.clear();
        sqlx::query(&sql)
            .execute(self.db.pool())
            .await
            .map_err(|e| sqlx::Error::Protocol(format!("{}: {e}", self.head)))?;
        Ok(())
    }

    async fn finish(mut self) -> Result<(), sqlx::Error> {
        self.flush().await
    }
}

fn q(text: impl std::fmt::Display) -> String {
    format!("'{text}'")
}

pub async fn generate(
    db: &Db,
    children_wanted: usize,
    years: usize,
    today: Date,
) -> Result<Dataset, sqlx::Error> {
    let muni = MunicipalityId::random();
    let now = today.midnight().assume_utc().unix_timestamp();
    sqlx::query("INSERT INTO municipalities (id, name) VALUES ($1, $2)")
        .bind(muni.to_string())
        .bind("Benchmark Kommune")
        .execute(db.pool())
        .await?;
    let units_needed = children_wanted.div_ceil(ROOM * ROOMS_PER_UNIT);
    let areas: Vec<AreaId> = (0..10).map(|_| AreaId::random()).collect();
    let mut b = Batch::new(db, "INSERT INTO areas (id, municipality_id, name)");
    for (i, a) in areas.iter().enumerate() {
        b.push(format!("({},{},'Område {i}')", q(a), q(muni)))
            .await?;
    }
    b.finish().await?;

    let mut units = Vec::new();
    let mut b = Batch::new(
        db,
        "INSERT INTO units (id, municipality_id, area_id, name, kind)",
    );
    for i in 0..units_needed {
        let u = UnitId::random();
        b.push(format!(
            "({},{},{},'Børnehus {i}','kindergarten')",
            q(u),
            q(muni),
            q(areas[i % areas.len()])
        ))
        .await?;
        units.push(u);
    }
    b.finish().await?;

    let mut staff_of = Vec::new();
    let mut users = Batch::new(
        db,
        "INSERT INTO users (id, municipality_id, username, display_name, disabled, created_at)",
    );
    let mut members = Batch::new(
        db,
        "INSERT INTO memberships (id, user_id, role, unit_id, starts_on)",
    );
    for (i, unit) in units.iter().enumerate() {
        let mut staff = Vec::new();
        for s in 0..STAFF_PER_UNIT {
            let user = UserId::random();
            users
                .push(format!(
                    "({},{},'bench{i}_{s}','Pædagog {i}.{s}',0,{now})",
                    q(user),
                    q(muni)
                ))
                .await?;
            members
                .push(format!(
                    "({},{},'pedagogue',{},{})",
                    q(UserId::random()),
                    q(user),
                    q(unit),
                    q(today - Duration::days(4000))
                ))
                .await?;
            staff.push(user);
        }
        // Memberships refer to the users: they go in first.
        users.flush().await?;
        staff_of.push(staff);
    }
    users.finish().await?;
    members.finish().await?;

    let mut groups = Vec::new();
    let mut g_batch = Batch::new(db, "INSERT INTO child_groups (id, unit_id, name)");
    let mut c_batch = Batch::new(
        db,
        "INSERT INTO children (id, municipality_id, first_name, last_name, birth_date, created_at)",
    );
    let mut e_batch = Batch::new(
        db,
        "INSERT INTO enrolments (id, child_id, group_id, starts_on)",
    );
    let mut made = 0usize;
    'units: for (u, unit) in units.iter().enumerate() {
        for r in 0..ROOMS_PER_UNIT {
            let group = GroupId::random();
            g_batch
                .push(format!("({},{},'Stue {r}')", q(group), q(unit)))
                .await?;
            // Children's enrolments refer to the group: it goes in first.
            g_batch.flush().await?;
            let mut kids = Vec::new();
            for k in 0..ROOM {
                if made == children_wanted {
                    break;
                }
                made += 1;
                let child = ChildId::random();
                c_batch
                    .push(format!(
                        "({},{},'Barn{made}','Efternavn{}',{},{now})",
                        q(child),
                        q(muni),
                        k % 37,
                        q(today - Duration::days(1500 + (made % 400) as i64))
                    ))
                    .await?;
                e_batch
                    .push(format!(
                        "({},{},{},{})",
                        q(ChildId::random()),
                        q(child),
                        q(group),
                        q(today - Duration::days(4000))
                    ))
                    .await?;
                kids.push(child);
            }
            groups.push(GroupData {
                id: group,
                staff: staff_of[u].clone(),
                children: kids,
            });
            if made == children_wanted {
                break 'units;
            }
        }
    }
    g_batch.finish().await?;
    c_batch.finish().await?;
    e_batch.finish().await?;

    // Rounds: two a year back in time, and the open one.
    let mut rounds = Vec::new();
    let mut r_batch = Batch::new(
        db,
        "INSERT INTO rounds (id, municipality_id, name, created_at)",
    );
    let mut w_batch = Batch::new(
        db,
        "INSERT INTO round_windows (round_id, window_kind, starts_on, ends_on)",
    );
    let mut ru_batch = Batch::new(db, "INSERT INTO round_units (round_id, unit_id)");
    for k in 0..=(years * 2) {
        let round = RoundId::random();
        let (start, end) = if k == 0 {
            (today - Duration::days(7), today + Duration::days(30))
        } else {
            let s = today - Duration::days(182 * k as i64);
            (s, s + Duration::days(28))
        };
        r_batch
            .push(format!("({},{},'Runde {k}',{now})", q(round), q(muni)))
            .await?;
        // Windows and participating units refer to the round: it goes in first.
        r_batch.flush().await?;
        w_batch
            .push(format!("({},'daycare',{},{})", q(round), q(start), q(end)))
            .await?;
        for unit in &units {
            ru_batch.push(format!("({},{})", q(round), q(unit))).await?;
        }
        rounds.push((round, start));
    }
    r_batch.finish().await?;
    w_batch.finish().await?;
    ru_batch.finish().await?;

    let mut a_batch = Batch::new(
        db,
        "INSERT INTO assessments (id, child_id, round_id, kind, assessor_id, group_id, unit_id, position, context, note, assessed_on, created_at, updated_at, version)",
    );
    let mut written: i64 = 0;
    for (gi, group) in groups.iter().enumerate() {
        let unit = units[gi / ROOMS_PER_UNIT];
        for (ci, child) in group.children.iter().enumerate() {
            for (ri, (round, start)) in rounds.iter().enumerate().skip(1) {
                let day = *start + Duration::days(((ci + ri) % 20) as i64);
                let position = match (gi * 31 + ci * 7 + ri * 13) % 100 {
                    0..=79 => "green",
                    80..=93 => "yellow",
                    _ => "red",
                };
                let note = if position == "green" {
                    ""
                } else {
                    "Bekymring i leg og samling."
                };
                for (kind, assessor) in group
                    .staff
                    .iter()
                    .map(|s| ("individual", s))
                    .chain(std::iter::once(("joint", &group.staff[0])))
                {
                    a_batch
                        .push(format!(
                            "({},{},{},'{kind}',{},{},{},'{position}','overall','{note}',{},{now},{now},1)",
                            q(AssessmentId::random()),
                            q(child),
                            q(round),
                            q(assessor),
                            q(group.id),
                            q(unit),
                            q(day)
                        ))
                        .await?;
                    written += 1;
                }
            }
        }
    }
    a_batch.finish().await?;
    let kind = db.kind();
    app::backend::store::settings::ensure_initialised(&mut *db.conn().await?, kind, muni, now)
        .await?;
    Ok(Dataset {
        open_round: rounds[0].0,
        groups,
        children: made,
        assessments: written,
    })
}
