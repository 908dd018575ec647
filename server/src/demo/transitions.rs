//! The demo's transitions (issue 17), before and after a move, with consents in each state:
//! three children of the kindergarten's Røde stue (the last of its list) started school at Bakkeskolen 0.A three weeks
//! ago — one without consent (Emil Forælder decides on his phone), one whose parent consented
//! to assessments, plans and the description, one whose consent was revoked — and one starts
//! school next August, with a transition description written and a signed paper consent
//! recorded by the leader.

use super::user;
use app::backend::db::Tx;
use app::backend::store::assessments::{insert_new_assessment, NewAssessment};
use app::backend::store::{consents, plans, transitions};
use app::domain::*;
use time::{Date, Duration};

/// Where the demo's children move from and to, and who works there.
pub struct Move {
    pub municipality: MunicipalityId,
    pub kindergarten: UnitId,
    pub room: GroupId,
    pub school: GroupId,
    pub school_unit: UnitId,
    /// The room's children.
    pub children: Vec<ChildId>,
    pub pedagogue: UserId,
    pub leader: UserId,
    pub password_hash: String,
}

fn unix(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp()
}

/// Ends the child's placement in the room on `last_day` and places the child in the school
/// from the day after.
async fn move_to_school(
    tx: &mut Tx,
    m: &Move,
    child: ChildId,
    last_day: Date,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE enrolments SET ends_on = $1 WHERE child_id = $2 AND group_id = $3")
        .bind(last_day.to_string())
        .bind(child.to_string())
        .bind(m.room.to_string())
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO enrolments (id, child_id, group_id, starts_on) VALUES ($1, $2, $3, $4)",
    )
    .bind(UserId::random().to_string())
    .bind(child.to_string())
    .bind(m.school.to_string())
    .bind((last_day + Duration::days(1)).to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn guardian(
    tx: &mut Tx,
    m: &Move,
    username: &str,
    name: &str,
    children: &[ChildId],
    today: Date,
) -> Result<UserId, sqlx::Error> {
    let id = user(tx, m.municipality, username, name, &m.password_hash, today).await?;
    for child in children {
        sqlx::query("INSERT INTO guardianships (user_id, child_id, has_custody, address_protected) VALUES ($1, $2, 1, 0)")
            .bind(id.to_string())
            .bind(child.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

/// What the kindergarten registered before the move: a concern between rounds and a plan.
async fn history(tx: &mut Tx, m: &Move, child: ChildId, today: Date) -> Result<(), sqlx::Error> {
    let on = today - Duration::days(90);
    let concern = NewAssessment {
        id: AssessmentId::random(),
        child,
        round: None,
        kind: AssessmentKind::Adhoc,
        assessor: m.pedagogue,
        group: m.room,
        unit: m.kindergarten,
        position: Position::Yellow,
        context: AssessmentContext::PlayWithPeers,
        note: "Trækker sig fra legen i store grupper; trives i små lege med én ven.",
        assessed_on: on,
        now: unix(on),
    };
    insert_new_assessment(tx, &concern).await?;
    let content = PlanContent {
        context: "Trækker sig fra legen i store grupper.".to_owned(),
        goals: "Leger med to eller tre børn ad gangen".to_owned(),
        actions: vec![PlanAction {
            what: "Små legegrupper med en fast voksen".to_owned(),
            who: "Pædagog på stuen".to_owned(),
            by: None,
        }],
        signs: "Går selv hen til en leg med flere børn.".to_owned(),
        evaluate_on: today + Duration::days(30),
        evaluation: String::new(),
    };
    let new = plans::NewPlan {
        id: PlanId::random(),
        child,
        unit: m.kindergarten,
        meeting: None,
        follows: None,
        content: &content,
        by: m.pedagogue,
        now: unix(on + Duration::days(7)),
    };
    plans::insert(tx, new).await
}

fn description() -> TransitionDescription {
    TransitionDescription {
        strengths: "Fortæller gerne historier og bygger flotte ting med klodser.".to_owned(),
        what_helps: "En fast voksen om morgenen og at vide, hvad der skal ske i dag.".to_owned(),
        watch_for: "Trækker sig i store grupper; har brug for en ven at starte med.".to_owned(),
    }
}

/// The demo's moves from the kindergarten's Red room (`placed[1]`) to the school's 0.A
/// (`placed[5]`), prepared by `paedagog2` (who works in the Red room) and the leader.
pub async fn seed_demo(
    tx: &mut Tx,
    municipality: MunicipalityId,
    placed: &[(GroupId, UnitId, Vec<ChildId>)],
    named: &[(&str, UserId)],
    password_hash: &str,
    today: Date,
) -> Result<(), sqlx::Error> {
    let id_of = |who: &str| named.iter().find(|(n, _)| *n == who).map(|(_, id)| *id);
    let (Some(pedagogue), Some(leader), Some(room), Some(school)) = (
        id_of("paedagog2"),
        id_of("leder"),
        placed.get(1),
        placed.get(5),
    ) else {
        return Ok(());
    };
    let m = Move {
        municipality,
        kindergarten: room.1,
        room: room.0,
        school: school.0,
        school_unit: school.1,
        children: room.2.clone(),
        pedagogue,
        leader,
        password_hash: password_hash.to_owned(),
    };
    seed(tx, &m, today).await
}

async fn seed(tx: &mut Tx, m: &Move, today: Date) -> Result<(), sqlx::Error> {
    // The last four of the room: the second pedagogue has assessed the first ten in today's
    // round, and the room's counts the browser tests read stay about those.
    let [.., without, with, revoked, planned] = m.children[..] else {
        return Ok(());
    };
    let last_day = today - Duration::days(21);
    for child in [without, with, revoked] {
        history(tx, m, child, today).await?;
        move_to_school(tx, m, child, last_day).await?;
    }
    history(tx, m, planned, today).await?;
    let school_start = Date::from_calendar_date(today.year() + 1, time::Month::August, 1)
        .unwrap_or(today + Duration::days(240));
    move_to_school(tx, m, planned, school_start - Duration::days(1)).await?;

    guardian(tx, m, "forælder5", "Emil Forælder", &[without], today).await?;
    let eva = guardian(
        tx,
        m,
        "forælder6",
        "Eva Forælder",
        &[with, revoked, planned],
        today,
    )
    .await?;

    let written = unix(last_day - Duration::days(14));
    for child in [without, with, revoked] {
        let (from, to) = (m.kindergarten, m.school_unit);
        transitions::save_description(tx, child, from, to, &description(), 0, m.pedagogue, written)
            .await?;
    }
    transitions::save_description(
        tx,
        planned,
        m.kindergarten,
        m.school_unit,
        &description(),
        0,
        m.pedagogue,
        unix(today),
    )
    .await?;

    let all = ConsentItems {
        assessments: true,
        plans: true,
        meetings: false,
        description: true,
    };
    let moved = app::domain::Move {
        from_unit: m.kindergarten,
        to_unit: m.school_unit,
        leaves_on: Some(last_day),
        moves_on: last_day + Duration::days(1),
    };
    let digital = ConsentForm {
        items: all,
        valid_until: last_day + Duration::days(365),
        evidence: ConsentEvidence::Digital,
    };
    for child in [with, revoked] {
        let new = consents::NewConsent {
            child,
            mv: &moved,
            guardian: eva,
            form: &digital,
            recorded_by: None,
            now: written,
        };
        consents::insert(tx, new).await?;
    }
    consents::revoke_move(tx, revoked, &moved, eva, unix(last_day + Duration::days(7))).await?;

    let ahead = app::domain::Move {
        leaves_on: Some(school_start - Duration::days(1)),
        moves_on: school_start,
        ..moved
    };
    let paper = ConsentForm {
        items: ConsentItems {
            description: true,
            ..ConsentItems::default()
        },
        valid_until: school_start + Duration::days(180),
        evidence: ConsentEvidence::Paper {
            signed_on: today - Duration::days(3),
            reference: "Sag 2026-4411, scannet samtykke".to_owned(),
        },
    };
    let new = consents::NewConsent {
        child: planned,
        mv: &ahead,
        guardian: eva,
        form: &paper,
        recorded_by: Some(m.leader),
        now: unix(today),
    };
    consents::insert(tx, new).await?;
    Ok(())
}
