//! The demo's focus meetings and action plans (issue 16), in several states, so each role has
//! something to see: the first family has an invitation to answer; the second family had a
//! meeting, has a plan in its second version that one parent read and commented on; further
//! children of the room have an overdue plan, an evaluated plan followed by a new one, and a
//! cancelled invitation.

use app::backend::db::Tx;
use app::backend::store::{meetings, plans};
use app::domain::{
    ChildId, MeetingId, MeetingMinutes, MeetingProposal, PlanAction, PlanContent, PlanId,
    PlanStatus, UnitId, UserId,
};
use time::{Date, Duration, PrimitiveDateTime, Time};

/// Who the demo's meetings and plans belong to.
pub struct Cast {
    pub unit: UnitId,
    /// A pedagogue of the unit, who invites and writes.
    pub staff: UserId,
    /// The room's children, the two families first.
    pub children: Vec<ChildId>,
    /// (child, guardian, has custody) of the two families.
    pub guardians: Vec<(ChildId, UserId, bool)>,
}

fn unix(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp()
}

fn at(day: Date, hour: u8) -> PrimitiveDateTime {
    PrimitiveDateTime::new(day, Time::from_hms(hour, 0, 0).unwrap_or(Time::MIDNIGHT))
}

fn plan(goals: &str, evaluate_on: Date, evaluation: &str) -> PlanContent {
    PlanContent {
        context: "Trækker sig ofte fra legen og er svær at trøste ved aflevering.".to_owned(),
        goals: goals.to_owned(),
        actions: vec![
            PlanAction {
                what: "Fast voksen tager imod ved aflevering".to_owned(),
                who: "Pædagog på stuen".to_owned(),
                by: None,
            },
            PlanAction {
                what: "Fortæller om dagen med billeder hjemme".to_owned(),
                who: "Forældre".to_owned(),
                by: Some(evaluate_on - Duration::days(14)),
            },
        ],
        signs: "Siger farvel uden gråd; leger med en anden inden for en halv time.".to_owned(),
        evaluate_on,
        evaluation: evaluation.to_owned(),
    }
}

async fn meeting(
    tx: &mut Tx,
    cast: &Cast,
    child: ChildId,
    times: Vec<PrimitiveDateTime>,
    created: Date,
) -> Result<MeetingId, sqlx::Error> {
    let id = MeetingId::random();
    let proposal = MeetingProposal {
        concern:
            "Leg og fællesskab: trækker sig ofte fra legen og er svær at trøste ved aflevering."
                .to_owned(),
        place: "Personalestuen, Skovbørnehaven Egern".to_owned(),
        times,
    };
    let guardians: Vec<UserId> = cast
        .guardians
        .iter()
        .filter(|(c, _, custody)| *c == child && *custody)
        .map(|(_, g, _)| *g)
        .collect();
    let new = meetings::NewMeeting {
        id,
        child,
        unit: cast.unit,
        follow_up: None,
        proposal: &proposal,
        created_by: cast.staff,
        staff: &[],
        guardians: &guardians,
        now: unix(created),
    };
    meetings::insert(tx, new).await?;
    Ok(id)
}

async fn held(tx: &mut Tx, id: MeetingId, on: Date) -> Result<(), sqlx::Error> {
    let minutes = MeetingMinutes {
        minutes: "Vi talte om morgenerne og om legen på stuen.".to_owned(),
        parents_perspective:
            "Hjemme er hun glad og leger gerne med sin fætter; morgenerne er svære.".to_owned(),
        decisions: "Vi laver en handleplan sammen.".to_owned(),
        next_steps: "Evaluering om seks uger.".to_owned(),
    };
    meetings::save_minutes(tx, id, 1, &minutes, Some(on), unix(on)).await?;
    Ok(())
}

async fn new_plan(
    tx: &mut Tx,
    cast: &Cast,
    child: ChildId,
    meeting: Option<MeetingId>,
    follows: Option<PlanId>,
    content: &PlanContent,
    made: Date,
) -> Result<PlanId, sqlx::Error> {
    let id = PlanId::random();
    let new = plans::NewPlan {
        id,
        child,
        unit: cast.unit,
        meeting,
        follows,
        content,
        by: cast.staff,
        now: unix(made),
    };
    plans::insert(tx, new).await?;
    Ok(id)
}

pub async fn seed(tx: &mut Tx, cast: &Cast, today: Date) -> Result<(), sqlx::Error> {
    let [first, second, third, fourth, ..] = cast.children[..] else {
        return Ok(());
    };
    // The first family: an invitation waiting for an answer.
    let times = vec![
        at(today + Duration::days(2), 8),
        at(today + Duration::days(3), 15),
    ];
    meeting(tx, cast, first, times, today - Duration::days(1)).await?;

    // The second family: held three weeks ago; the plan is in its second version.
    let was = today - Duration::days(21);
    let met = meeting(tx, cast, second, vec![at(was, 14)], was - Duration::days(7)).await?;
    held(tx, met, was).await?;
    let evaluate_on = today + Duration::days(21);
    let first_version = plan("Glade afleveringer om morgenen", evaluate_on, "");
    let p = new_plan(tx, cast, second, Some(met), None, &first_version, was).await?;
    let second_version = plan("Glade og rolige afleveringer om morgenen", evaluate_on, "");
    let edited = unix(was + Duration::days(2));
    plans::new_version(
        tx,
        p,
        1,
        PlanStatus::Active,
        &second_version,
        cast.staff,
        edited,
    )
    .await?;
    for (child, guardian, custody) in &cast.guardians {
        if *child == second && *custody {
            plans::mark_read(tx, p, *guardian, 2, was + Duration::days(3)).await?;
            let view = "Vi øver farvel-ritualet hjemme hver morgen.";
            plans::set_own_view(tx, p, *guardian, view, edited).await?;
            break;
        }
    }

    // An overdue plan: its evaluation date has passed.
    let long_ago = today - Duration::days(70);
    let met = meeting(
        tx,
        cast,
        third,
        vec![at(long_ago, 9)],
        long_ago - Duration::days(5),
    )
    .await?;
    held(tx, met, long_ago).await?;
    let overdue = plan("Deltager i samling", today - Duration::days(5), "");
    new_plan(tx, cast, third, Some(met), None, &overdue, long_ago).await?;

    // An evaluated plan, followed by a new one; and an invitation that was cancelled.
    let year_ago = today - Duration::days(200);
    let done = plan("Siger noget i samling", year_ago + Duration::days(60), "");
    let old = new_plan(tx, cast, fourth, None, None, &done, year_ago).await?;
    let evaluation = "Han siger nu noget i samling de fleste dage.";
    let evaluated = plan(
        "Siger noget i samling",
        year_ago + Duration::days(60),
        evaluation,
    );
    let at_evaluation = unix(year_ago + Duration::days(60));
    plans::new_version(
        tx,
        old,
        1,
        PlanStatus::Evaluated,
        &evaluated,
        cast.staff,
        at_evaluation,
    )
    .await?;
    let next = plan("Leger med flere børn", today + Duration::days(40), "");
    new_plan(
        tx,
        cast,
        fourth,
        None,
        Some(old),
        &next,
        year_ago + Duration::days(60),
    )
    .await?;
    let cancelled = meeting(
        tx,
        cast,
        fourth,
        vec![at(today + Duration::days(9), 10)],
        today,
    )
    .await?;
    meetings::cancel(tx, cancelled, unix(today)).await?;
    Ok(())
}
