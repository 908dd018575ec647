//! The fictional demo municipality. Loaded only with `--demo` (or `tvaers seed-demo`) into an
//! empty database, never by default. Every name is invented.

use app::backend::db::{Db, Tx};
use app::backend::passwords;
use app::domain::{AreaId, ChildId, GroupId, MunicipalityId, UnitId, UnitKind, UserId};
use time::{Date, Duration};

mod care;
mod history;
mod language;
mod rounds;
mod spot_check;
mod transitions;

/// The one password of every demo account. Demo only: real accounts get their own.
pub const DEMO_PASSWORD: &str = "demo-tvaers";

/// The one second-factor key (base32) of the demo's leaders and administrator, who must type a
/// code as well as the password. Demo only: real people set up their own at first sign-in.
/// `scripts/demo-code.py` prints the current code; any authenticator app takes the key too.
pub const DEMO_TOTP_SECRET: &str = "TVAERSDEMOTVAERSDEMOTVAERSDEMO23";

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the database already holds a municipality")]
    NotEmpty,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A demo login: what the person does, and the username.
#[derive(Clone, Debug)]
pub struct DemoLogin {
    pub role: &'static str,
    pub username: &'static str,
}

/// The demo's parent with custody (`forælder`) has this address.
pub const DEMO_PARENT_EMAIL: &str = "frida.foraelder@solbakke.example";

pub fn logins() -> Vec<DemoLogin> {
    [
        ("pedagogue (Skovbørnehaven Egern)", "paedagog"),
        ("pedagogue (Skovbørnehaven Egern)", "paedagog2"),
        ("pedagogue (Vuggestuen Mælkebøtten)", "vuggepaedagog"),
        ("teacher (Bakkeskolen)", "laerer"),
        ("childminder (Dagplejen Nord)", "dagplejer"),
        ("health visitor (Sundhedsplejen)", "sundhedsplejerske"),
        ("unit leader (Skovbørnehaven Egern)", "leder"),
        ("area leader (Område Nord)", "omraadeleder"),
        ("specialist (PPR, invited to one case)", "specialist"),
        ("administrator", "admin"),
        ("parent with custody", "forælder"),
        ("parent without custody", "forælder2"),
        ("parent under address protection", "forælder3"),
        ("parent the other is protected from", "forælder4"),
        (
            "parent of a child who started school, no consent yet",
            "forælder5",
        ),
        ("parent of children who moved, with consents", "forælder6"),
    ]
    .into_iter()
    .map(|(role, username)| DemoLogin { role, username })
    .collect()
}

pub fn print_logins(logins: &[DemoLogin]) {
    println!();
    println!("Demo municipality \"Solbakke Kommune\" (fictional). Password for every login: {DEMO_PASSWORD}");
    println!("Leaders and the administrator also type a code: run scripts/demo-code.py, or add the key {DEMO_TOTP_SECRET} to an authenticator app.");
    for login in logins {
        println!("  {:<20} {}", login.username, login.role);
    }
    println!();
}

const FIRST_NAMES: [&str; 32] = [
    "Alma", "Bertram", "Cecilie", "Dagmar", "Elias", "Freja", "Gustav", "Hannah", "Ida", "Johan",
    "Karla", "Lauge", "Malou", "Nohr", "Olivia", "Palle", "Rosa", "Sigurd", "Tilde", "Uffe",
    "Vigga", "Walther", "Yasmin", "Zakarias", "Aya", "Bilal", "Maja", "Noah", "Sofie", "Oscar",
    "Liva", "Emil",
];
const LAST_NAMES: [&str; 16] = [
    "Bakkegaard",
    "Engholm",
    "Fjordside",
    "Granly",
    "Havbo",
    "Kildeby",
    "Lyngsø",
    "Mosevang",
    "Nørrelund",
    "Pilehave",
    "Rosendal",
    "Skovfoged",
    "Tjørnelund",
    "Vestergaard",
    "Ågaard",
    "Østerby",
];

/// Loads the demo municipality. `today` anchors birth dates and enrolments.
pub async fn seed(db: &Db, today: &Date) -> Result<Vec<DemoLogin>, SeedError> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM municipalities")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Err(SeedError::NotEmpty);
    }
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await;
    let mut tx = db.begin_write().await?;
    let today = *today;
    let muni = MunicipalityId::random();
    sqlx::query("INSERT INTO municipalities (id, name) VALUES ($1, $2)")
        .bind(muni.to_string())
        .bind("Solbakke Kommune")
        .execute(&mut *tx)
        .await?;
    let north = area(&mut tx, muni, "Område Nord").await?;
    let south = area(&mut tx, muni, "Område Syd").await?;
    let egern = unit(
        &mut tx,
        muni,
        north,
        "Skovbørnehaven Egern",
        UnitKind::Kindergarten,
    )
    .await?;
    let maelk = unit(
        &mut tx,
        muni,
        north,
        "Vuggestuen Mælkebøtten",
        UnitKind::Nursery,
    )
    .await?;
    let dagpleje = unit(
        &mut tx,
        muni,
        north,
        "Dagplejen Nord",
        UnitKind::Childminding,
    )
    .await?;
    let skole = unit(&mut tx, muni, south, "Bakkeskolen", UnitKind::School).await?;
    let sundhed = unit(
        &mut tx,
        muni,
        south,
        "Sundhedsplejen",
        UnitKind::HealthVisiting,
    )
    .await?;

    let mut n = 0usize;
    let mut kids = |count: usize, age_years: i64| {
        (0..count)
            .map(|_| {
                n += 1;
                let first = FIRST_NAMES[n % FIRST_NAMES.len()];
                let last = LAST_NAMES[(n * 7) % LAST_NAMES.len()];
                let born = today - Duration::days(age_years * 365 + (n as i64 * 37) % 300);
                (first, last, born, format!("SB-{:05}", 1000 + n))
            })
            .collect::<Vec<_>>()
    };
    // A full kindergarten room of 24, as in a real assessment round.
    let groups = [
        (egern, "Grønne stue", kids(24, 4)),
        (egern, "Røde stue", kids(20, 5)),
        (maelk, "Sommerfuglene", kids(12, 1)),
        (maelk, "Mariehønen", kids(11, 2)),
        (dagpleje, "Dagplejer Birte", kids(4, 1)),
        (skole, "0.A", kids(22, 6)),
        (skole, "1.A", kids(21, 7)),
        (sundhed, "Distrikt Nord", kids(15, 0)),
    ];
    let start = today - Duration::days(730);
    let mut first_child = None;
    let mut placed: Vec<(GroupId, UnitId, Vec<ChildId>)> = Vec::new();
    for (unit_id, name, children) in groups {
        placed.push((GroupId::random(), unit_id, Vec::new()));
        let group = placed.last().expect("just pushed").0;
        sqlx::query("INSERT INTO child_groups (id, unit_id, name) VALUES ($1, $2, $3)")
            .bind(group.to_string())
            .bind(unit_id.to_string())
            .bind(name)
            .execute(&mut *tx)
            .await?;
        for (first, last, born, external) in children {
            let child = ChildId::random();
            first_child.get_or_insert(child);
            if let Some(last) = placed.last_mut() {
                last.2.push(child);
            }
            sqlx::query(
                "INSERT INTO children (id, municipality_id, first_name, last_name, birth_date, external_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(child.to_string())
            .bind(muni.to_string())
            .bind(first)
            .bind(last)
            .bind(born.to_string())
            .bind(external)
            .bind(today.midnight().assume_utc().unix_timestamp())
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO enrolments (id, child_id, group_id, starts_on) VALUES ($1, $2, $3, $4)")
                .bind(uuid_text())
                .bind(child.to_string())
                .bind(group.to_string())
                .bind(start.to_string())
                .execute(&mut *tx)
                .await?;
        }
    }
    let first_child = first_child.expect("demo has children");
    // A second family, in the same room: one parent has name and address protection, so the
    // other may never learn where the child is (SECURITY C4).
    let second_child = placed[0].2[1];

    let staff: [(&str, &str, &str, Scope); 10] = [
        ("paedagog", "Pia Pædagog", "pedagogue", Scope::Unit(egern)),
        ("paedagog2", "Per Pædagog", "pedagogue", Scope::Unit(egern)),
        (
            "vuggepaedagog",
            "Villads Vuggestue",
            "pedagogue",
            Scope::Unit(maelk),
        ),
        ("laerer", "Lise Lærer", "teacher", Scope::Unit(skole)),
        (
            "dagplejer",
            "Birte Dagplejer",
            "childminder",
            Scope::Unit(dagpleje),
        ),
        (
            "sundhedsplejerske",
            "Sanne Sundhed",
            "health_visitor",
            Scope::Unit(sundhed),
        ),
        ("leder", "Lone Leder", "unit_leader", Scope::Unit(egern)),
        (
            "omraadeleder",
            "Ole Områdeleder",
            "area_leader",
            Scope::Area(north),
        ),
        (
            "specialist",
            "Signe Specialist",
            "specialist",
            Scope::Municipality(muni),
        ),
        (
            "admin",
            "Adam Administrator",
            "administrator",
            Scope::Municipality(muni),
        ),
    ];
    let mut specialist = None;
    let mut named: Vec<(&str, UserId)> = Vec::new();
    let mut assessors: Vec<(UnitId, UserId)> = Vec::new();
    // The groups each close staff member works in (what they reach where the municipality
    // narrows access; the demo does not, until its administrator chooses to).
    let works_in: [(&str, &[usize]); 6] = [
        ("paedagog", &[0]),
        ("paedagog2", &[0, 1]),
        ("vuggepaedagog", &[2, 3]),
        ("dagplejer", &[4]),
        ("laerer", &[5, 6]),
        ("sundhedsplejerske", &[7]),
    ];
    for (username, name, role, scope) in staff {
        let user = user(&mut tx, muni, username, name, hash.as_str(), today).await?;
        let groups = works_in
            .iter()
            .filter(|(who, _)| *who == username)
            .flat_map(|(_, groups)| groups.iter());
        for index in groups {
            sqlx::query("INSERT INTO staff_groups (user_id, group_id) VALUES ($1, $2)")
                .bind(user.to_string())
                .bind(placed[*index].0.to_string())
                .execute(&mut *tx)
                .await?;
        }
        if app::domain::Role::parse(role).is_some_and(app::auth::totp::role_requires) {
            sqlx::query(
                "INSERT INTO second_factors (user_id, secret, created_at, confirmed_at) VALUES ($1, $2, $3, $3)",
            )
            .bind(user.to_string())
            .bind(DEMO_TOTP_SECRET)
            .bind(today.midnight().assume_utc().unix_timestamp())
            .execute(&mut *tx)
            .await?;
        }
        if let (Some(r), Scope::Unit(u)) = (app::domain::Role::parse(role), scope) {
            if r.is_close_staff() {
                assessors.push((u, user));
            }
        }
        if role == "specialist" {
            specialist = Some(user);
        }
        named.push((username, user));
        let (unit_id, area_id, muni_id) = match scope {
            Scope::Unit(u) => (Some(u.to_string()), None, None),
            Scope::Area(a) => (None, Some(a.to_string()), None),
            Scope::Municipality(m) => (None, None, Some(m.to_string())),
        };
        sqlx::query(
            "INSERT INTO memberships (id, user_id, role, unit_id, area_id, municipality_id, starts_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid_text())
        .bind(user.to_string())
        .bind(role)
        .bind(unit_id)
        .bind(area_id)
        .bind(muni_id)
        .bind((today - Duration::days(400)).to_string())
        .execute(&mut *tx)
        .await?;
    }
    if let Some(specialist) = specialist {
        sqlx::query("INSERT INTO case_invitations (id, user_id, child_id, starts_on) VALUES ($1, $2, $3, $4)")
            .bind(uuid_text())
            .bind(specialist.to_string())
            .bind(first_child.to_string())
            .bind((today - Duration::days(10)).to_string())
            .execute(&mut *tx)
            .await?;
    }
    let parent = user(
        &mut tx,
        muni,
        "forælder",
        "Frida Forælder",
        hash.as_str(),
        today,
    )
    .await?;
    // Frida has an e-mail address: invitations to focus meetings reach her as a content-free
    // letter where the server has SMTP (the browser tests read it from their mail sink).
    sqlx::query("UPDATE users SET email = $2 WHERE id = $1")
        .bind(parent.to_string())
        .bind(DEMO_PARENT_EMAIL)
        .execute(&mut *tx)
        .await?;
    let parent2 = user(
        &mut tx,
        muni,
        "forælder2",
        "Finn Forælder",
        hash.as_str(),
        today,
    )
    .await?;
    let parent3 = user(
        &mut tx,
        muni,
        "forælder3",
        "Frederik Forælder",
        hash.as_str(),
        today,
    )
    .await?;
    let parent4 = user(
        &mut tx,
        muni,
        "forælder4",
        "Fie Forælder",
        hash.as_str(),
        today,
    )
    .await?;
    let families = [
        (parent, first_child, true, false),
        (parent2, first_child, false, false),
        (parent3, second_child, true, true),
        (parent4, second_child, true, false),
    ];
    for (guardian, child, custody, protected) in families {
        sqlx::query("INSERT INTO guardianships (user_id, child_id, has_custody, address_protected) VALUES ($1, $2, $3, $4)")
            .bind(guardian.to_string())
            .bind(child.to_string())
            .bind(i64::from(custody))
            .bind(i64::from(protected))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let kind = db.kind();
    app::backend::store::settings::ensure_initialised(
        &mut *db.conn().await?,
        kind,
        muni,
        unix(today),
    )
    .await?;
    let mut tx = db.begin_write().await?;
    rounds::seed(&mut tx, muni, &placed, &assessors, today).await?;
    if let Some((_, staff)) = assessors.iter().find(|(u, _)| *u == placed[0].1) {
        let cast = care::Cast {
            unit: placed[0].1,
            staff: *staff,
            children: placed[0].2.clone(),
            guardians: families
                .iter()
                .map(|(g, c, custody, _)| (*c, *g, *custody))
                .collect(),
        };
        care::seed(&mut tx, &cast, today).await?;
    }
    transitions::seed_demo(&mut tx, muni, &placed, &named, hash.as_str(), today).await?;
    spot_check::seed(&mut tx, muni, &placed, &named, today).await?;
    language::seed_demo(&mut tx, muni, skole, &placed, &named, today).await?;
    history::seed(&mut tx, muni, &placed, today).await?;
    tx.commit().await?;
    Ok(logins())
}

fn unix(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp()
}

#[derive(Clone, Copy)]
enum Scope {
    Unit(UnitId),
    Area(AreaId),
    Municipality(MunicipalityId),
}

fn uuid_text() -> String {
    UserId::random().to_string()
}

async fn area(tx: &mut Tx, muni: MunicipalityId, name: &str) -> Result<AreaId, sqlx::Error> {
    let id = AreaId::random();
    sqlx::query("INSERT INTO areas (id, municipality_id, name) VALUES ($1, $2, $3)")
        .bind(id.to_string())
        .bind(muni.to_string())
        .bind(name)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

async fn unit(
    tx: &mut Tx,
    muni: MunicipalityId,
    area: AreaId,
    name: &str,
    kind: UnitKind,
) -> Result<UnitId, sqlx::Error> {
    let id = UnitId::random();
    sqlx::query(
        "INSERT INTO units (id, municipality_id, area_id, name, kind) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.to_string())
    .bind(muni.to_string())
    .bind(area.to_string())
    .bind(name)
    .bind(kind.code())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

async fn user(
    tx: &mut Tx,
    muni: MunicipalityId,
    username: &str,
    name: &str,
    hash: &str,
    today: Date,
) -> Result<UserId, sqlx::Error> {
    let id = UserId::random();
    sqlx::query(
        "INSERT INTO users (id, municipality_id, username, display_name, password_hash, disabled, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(muni.to_string())
    .bind(username)
    .bind(name)
    .bind(hash)
    .bind(0_i64)
    .bind(today.midnight().assume_utc().unix_timestamp())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}
