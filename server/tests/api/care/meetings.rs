//! Focus meetings: a concern's invitation reaches the parents (in the app and as a content-free
//! letter) and completes the follow-up; parents answer on their phones; staff write minutes on
//! the version they loaded; the parents' voice is kept apart from the record.

use super::*;
use crate::common::mail::{mail_settings, wait_for};
use crate::common::{AnswerExt, TestApp};
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::care::answers::AnswerMeeting;
use app::care::SaveMinutes;
use app::domain::{MeetingAnswer, MeetingMinutes, MeetingStatus, ProblemCode, Role};
use app::error::AppError;
use app::wire::parent_care::Participant;
use reqwest::StatusCode;

on_both_backends!(
    a_concern_invites_the_parents_and_completes_its_follow_up,
    parents_answer_on_their_phones_and_only_custody_holders_are_invited,
    minutes_are_saved_on_their_version_and_a_stale_save_changes_nothing,
    the_parents_voice_is_given_once_and_kept_apart_from_the_record,
    bad_invitations_are_refused_and_nothing_is_saved,
);

async fn a_concern_invites_the_parents_and_completes_its_follow_up(kind: DbKind) {
    let app = TestApp::spawn_with(kind, mail_settings()).await;
    let child = family_child(&app).await;
    let address = format!("frida.{}@test.example", uuid::Uuid::new_v4().simple());
    app.exec(
        &format!("UPDATE users SET email = '{address}', language = 'ar' WHERE username = $1"),
        "forælder",
    )
    .await;
    raise_concern(&app, child).await;

    let care = staff_care(&app, child).await;
    assert!(care.may_hold);
    let concern = care
        .concerns
        .iter()
        .find(|c| c.note == "Leger mest alene i garderoben")
        .expect("the concern waits for an invitation");
    let waiting = care.concerns.len();
    let leder = app.user_id("leder").await;
    assert!(
        care.staff.iter().any(|s| s.user == leder),
        "the leader may join"
    );
    let mut input = proposal(&app, child, &[3, 4]);
    input.follow_up = Some(concern.follow_up);
    input.staff = vec![leder];
    let meeting = app.propose_meeting(input).await.expect("invited");

    // The follow-up's "inform the parents" is done, today, and the concern waits no more.
    let done: i64 = app
        .count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE id = '{}' AND done_on = '{}'",
            concern.follow_up,
            app.clock_today()
        ))
        .await;
    assert_eq!(done, 1);
    let care = staff_care(&app, child).await;
    assert_eq!(
        care.concerns.len(),
        waiting - 1,
        "this concern waits no more"
    );
    let line = care
        .meetings
        .iter()
        .find(|m| m.id == meeting)
        .expect("listed");
    assert_eq!(
        (line.status, line.answered, line.invited_guardians),
        (MeetingStatus::Invited, 0, 1)
    );

    // The letter says that something waits, in her language, and nothing of it.
    let letter = wait_for(&address, 1).await;
    assert!(letter.body.contains("Tværs"), "{}", letter.body);
    let day = at(&app, 3, 10)[..10].to_owned();
    for secret in ["Leger", "garderoben", "Personalestuen", day.as_str()] {
        assert!(
            !letter.raw.contains(secret),
            "the letter gives {secret:?} away"
        );
    }

    // In the app: a meeting to answer, with the place, and who joins by role only.
    app.login_ok("forælder").await;
    let news = app.parent_news().await.expect("what is new");
    let waiting = |news: &app::wire::parent::ParentNews| {
        news.children
            .iter()
            .find(|c| c.id == child)
            .expect("her child")
            .meetings_to_answer
    };
    let before = waiting(&news);
    assert!(
        before >= 1,
        "the home page says a meeting waits for her answer"
    );
    let care = parent_care(&app, child).await;
    assert!(care.meetings.iter().any(|m| m.id == meeting && m.to_answer));
    app.answer_meeting(app::care::answers::AnswerMeeting {
        meeting,
        answer: MeetingAnswer::Declined,
        time: None,
        note: String::new(),
    })
    .await
    .expect("answered");
    let news = app.parent_news().await.expect("what is new");
    assert_eq!(waiting(&news), before - 1, "answered, it waits no more");
    let seen = parent_meeting(&app, meeting).await;
    assert!(seen.invited);
    assert_eq!(seen.place.as_deref(), Some("Personalestuen"));
    assert_eq!(seen.times.len(), 2);
    assert!(seen.minutes.is_none());
    for role in [Role::Pedagogue, Role::UnitLeader] {
        assert!(
            seen.participants.contains(&Participant::Staff(role)),
            "{role:?} joins"
        );
    }
    let text = serde_json::to_string(&seen).expect("serialises");
    let staff_name = app
        .scalar_text(
            "SELECT display_name FROM users WHERE username = $1",
            "paedagog",
        )
        .await;
    assert!(
        !text.contains(&staff_name),
        "a staff name reached a parent: {text}"
    );
}

async fn parents_answer_on_their_phones_and_only_custody_holders_are_invited(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let meeting = app
        .propose_meeting(proposal(&app, child, &[5, 6]))
        .await
        .expect("invited");
    let page = staff_meeting(&app, meeting).await;
    let first_time = page.times[0].id;

    // An acceptance names a time of this meeting.
    app.login_ok("forælder").await;
    let answer = |answer, time| AnswerMeeting {
        meeting,
        answer,
        time,
        note: "Helst om formiddagen".to_owned(),
    };
    let refused = app
        .answer_meeting(answer(MeetingAnswer::Accepted, None))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::Missing));
    app.answer_meeting(answer(MeetingAnswer::Accepted, Some(first_time)))
        .await
        .expect("accepted");
    let mine = parent_meeting(&app, meeting)
        .await
        .my_answer
        .expect("answered");
    assert_eq!(
        (mine.answer, mine.time),
        (MeetingAnswer::Accepted, Some(first_time))
    );

    // The parent without custody reads about it, is not invited, cannot answer.
    app.login_ok("forælder2").await;
    let seen = parent_meeting(&app, meeting).await;
    assert!(!seen.invited && seen.my_answer.is_none());
    assert_eq!(
        seen.place.as_deref(),
        Some("Personalestuen"),
        "no one is protected here"
    );
    let refused = app
        .answer_meeting(answer(MeetingAnswer::Declined, None))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::NotInvited));

    // Staff see the answer, and the other parent's silence.
    app.login_ok("paedagog").await;
    let page = staff_meeting(&app, meeting).await;
    let guardians: Vec<_> = page.invitees.iter().filter(|i| i.role.is_none()).collect();
    assert_eq!(guardians.len(), 1, "only the custody holder is invited");
    assert_eq!(guardians[0].answer, Some(MeetingAnswer::Accepted));
    assert_eq!(guardians[0].answer_note, "Helst om formiddagen");
    assert!(guardians[0].answer_time.is_some());

    // Staff cannot answer for the parents; a cancelled meeting takes no answers.
    let refused = app
        .answer_meeting(answer(MeetingAnswer::Declined, None))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    app.cancel_meeting(meeting).await.expect("cancelled");
    app.login_ok("forælder").await;
    let refused = app
        .answer_meeting(answer(MeetingAnswer::Declined, None))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::Closed));
}

fn minutes(text: &str) -> MeetingMinutes {
    MeetingMinutes {
        minutes: text.to_owned(),
        parents_perspective: "Hjemme leger hun gerne med sin fætter".to_owned(),
        decisions: "Vi laver en handleplan".to_owned(),
        next_steps: "Ny samtale om seks uger".to_owned(),
    }
}

async fn minutes_are_saved_on_their_version_and_a_stale_save_changes_nothing(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let meeting = app
        .propose_meeting(proposal(&app, child, &[1]))
        .await
        .expect("invited");
    let save = |version, text: &str, held_on: Option<String>| SaveMinutes {
        meeting,
        version,
        minutes: minutes(text),
        held_on,
    };
    let v2 = app
        .save_minutes(save(1, "Første udkast", None))
        .await
        .expect("saved on version 1");
    assert_eq!(v2, 2);
    // A second tablet that loaded version 1 gets a conflict; nothing of its text is kept.
    let refused = app
        .save_minutes(save(1, "Fra den anden tablet", None))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(matches!(refused.error, AppError::Conflict { .. }));
    assert_eq!(
        staff_meeting(&app, meeting).await.minutes.minutes,
        "Første udkast"
    );

    // Held in the future or before it was planned: refused. Held today: held.
    let tomorrow = (app.clock_today() + Duration::days(1)).to_string();
    let refused = app
        .save_minutes(save(2, "x", Some(tomorrow)))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::BadDate));
    let today = app.clock_today().to_string();
    app.save_minutes(save(2, "Vi talte om legen", Some(today)))
        .await
        .expect("held");
    let page = staff_meeting(&app, meeting).await;
    assert_eq!((page.status, page.version), (MeetingStatus::Held, 3));

    // The parents read the minutes, with their own perspective in a field of its own.
    app.login_ok("forælder2").await;
    let seen = parent_meeting(&app, meeting).await;
    let read = seen.minutes.expect("the minutes of a held meeting");
    assert_eq!(
        read.parents_perspective,
        "Hjemme leger hun gerne med sin fætter"
    );
    assert!(!seen.may_give_feedback, "not invited, so no parents' voice");

    // Another unit's staff do not find it.
    app.login_ok("laerer").await;
    let refused = app.save_minutes(save(3, "x", None)).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn the_parents_voice_is_given_once_and_kept_apart_from_the_record(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let meeting = app
        .propose_meeting(proposal(&app, child, &[1]))
        .await
        .expect("invited");
    app.login_ok("forælder").await;
    let early = app.meeting_feedback(meeting, 4, 4, "").await.unwrap_err();
    assert_eq!(
        early.code(),
        Some(ProblemCode::TooEarly),
        "not before it is held"
    );

    app.login_ok("paedagog").await;
    let held = SaveMinutes {
        meeting,
        version: 1,
        minutes: minutes("Vi talte om legen"),
        held_on: Some(app.clock_today().to_string()),
    };
    app.save_minutes(held).await.expect("held");

    app.login_ok("forælder").await;
    assert!(parent_meeting(&app, meeting).await.may_give_feedback);
    let bad = app.meeting_feedback(meeting, 0, 6, "").await.unwrap_err();
    assert_eq!(
        bad.codes(),
        vec![ProblemCode::OutOfRange, ProblemCode::OutOfRange]
    );
    app.meeting_feedback(meeting, 5, 3, "Vi blev hørt")
        .await
        .expect("given");
    let again = app.meeting_feedback(meeting, 1, 1, "").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!parent_meeting(&app, meeting).await.may_give_feedback);

    // One answer, under the unit and month only: nothing joins it to the child or parent.
    let columns = app
        .count("SELECT COUNT(*) FROM meeting_feedback WHERE unit_id IS NOT NULL")
        .await;
    assert_eq!(columns, 1);
    let month = &app.clock_today().to_string()[..7];
    let kept = app
        .count(&format!(
            "SELECT COUNT(*) FROM meeting_feedback WHERE listened = 5 AND knows_next = 3 \
             AND month = '{month}' AND comment = 'Vi blev hørt'"
        ))
        .await;
    assert_eq!(kept, 1);
}

async fn bad_invitations_are_refused_and_nothing_is_saved(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let meetings = || app.count("SELECT COUNT(*) FROM focus_meetings");
    let before = meetings().await;

    let mut past = proposal(&app, child, &[0]);
    past.times = vec![format!("{}T00:01", app.clock_today())];
    let refused = app.propose_meeting(past).await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::TooEarly));

    let mut empty = proposal(&app, child, &[2]);
    empty.concern = "  ".to_owned();
    empty.times = vec![];
    let refused = app.propose_meeting(empty).await.unwrap_err();
    assert_eq!(
        refused.codes(),
        vec![ProblemCode::Missing, ProblemCode::Missing]
    );

    // Staff of another unit do not join this unit's meeting.
    let mut other_staff = proposal(&app, child, &[2]);
    other_staff.staff = vec![app.user_id("laerer").await];
    let refused = app.propose_meeting(other_staff).await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::UnknownPerson));

    // The parent without custody: not invited under the demo municipality's rule.
    let finn = app.user_id("forælder2").await;
    let mut with_finn = proposal(&app, child, &[2]);
    with_finn.guardians = vec![finn];
    let refused = app.propose_meeting(with_finn).await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::NeedsCustody));
    assert_eq!(meetings().await, before, "nothing saved");

    // One invitation; another within the hour of its time overlaps.
    app.propose_meeting(proposal(&app, child, &[2]))
        .await
        .expect("invited");
    let mut close = proposal(&app, child, &[9]);
    close
        .times
        .push(format!("{}T10:30", app.clock_today() + Duration::days(2)));
    let refused = app.propose_meeting(close).await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::Overlapping));
    assert_eq!(meetings().await, before + 1);

    // Where the municipality allows it, the parent without custody can be invited.
    app.exec(
        "UPDATE municipalities SET meetings_invite_without_custody = 1 WHERE id <> $1",
        "none",
    )
    .await;
    let mut with_finn = proposal(&app, child, &[12]);
    with_finn.guardians = vec![finn];
    let meeting = app.propose_meeting(with_finn).await.expect("invited");
    app.login_ok("forælder2").await;
    assert!(parent_meeting(&app, meeting).await.invited);

    // Parents do not call meetings.
    let refused = app
        .propose_meeting(proposal(&app, child, &[20]))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}
