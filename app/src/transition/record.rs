//! Everything registered about a child, handed to the parents (issue 17 item 4; GDPR art. 15):
//! every assessment (a staff member's own once the round's joint position is set), note, plan,
//! meeting, transition description and consent, each with its date and the date it will be
//! deleted, headings in the parent's language. Made on the server as one PDF
//! (`backend::record_pdf`), never stored; each download is dated in the log (`handovers`).

use crate::backend::context::Caller;
use crate::backend::db::Conn;
use crate::backend::record_pdf::{RecordDocument, RecordEntry, RecordSection};
use crate::backend::store::assessments::{child_assessments, RegisteredBy};
use crate::backend::store::{child_page, meetings, plans, transitions};
use crate::care::read::local_date;
use crate::components::format_date;
use crate::domain::{deleted_on, AssessmentKind, ChildId, MeetingStatus, UnitId};
use crate::error::AppError;
use crate::i18n::*;
use time::Date;

/// The PDF for a custody holder: asked of the policy (`RequestRecord`, audited), made, and the
/// handover logged. `language` is the reader's choice (their cookie or account).
pub async fn download(
    caller: &Caller,
    child: ChildId,
    language: Option<&str>,
) -> Result<Vec<u8>, AppError> {
    use crate::backend::db::begin_write_on;
    use crate::care::gate;
    use crate::policy::scope::Reader;
    use crate::policy::Action;

    let mut conn = caller.state.db.conn().await?;
    let purpose = "everything registered";
    let reached = gate::child(caller, &mut conn, child, Action::ViewChild, purpose).await?;
    if matches!(reached.reader, Reader::Guardian { custody: false }) {
        return gate::needs_custody(caller, &mut conn, child, Action::RequestRecord, purpose).await;
    }
    gate::child(caller, &mut conn, child, Action::RequestRecord, purpose).await?;
    let locale = crate::backend::mail::locale(language);
    let document = build(caller, &mut conn, child, locale).await?;
    let bytes = crate::backend::record_pdf::render(&document);
    let mut tx = begin_write_on(&mut conn, caller.state.db.kind()).await?;
    let now = caller.state.clock.unix();
    transitions::insert_handover(&mut tx, child, "request", caller.user.user_id, None, now).await?;
    tx.commit().await?;
    Ok(bytes)
}

fn fact(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_owned(), value.into())
}

/// The document's content, in `locale`.
pub async fn build(
    caller: &Caller,
    conn: &mut Conn,
    child: ChildId,
    locale: Locale,
) -> Result<RecordDocument, AppError> {
    let today = caller.state.clock.today();
    let me = caller.user.user_id;
    let identity = child_page::child_identity(conn, child)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, hide_places) = child_page::child_guardians(conn, child, me, today).await?;
    let years = crate::care::read::years(caller, conn, child).await?;
    let deleted = |on: Date| format_date(deleted_on(on, years));
    let l = |s: &str| s.to_owned();
    let date_label = l(td_string!(locale, transition.record_date));
    let deleted_label = l(td_string!(locale, transition.record_deleted_on));
    let place_label = l(td_string!(locale, transition.record_place));
    let empty = l(td_string!(locale, transition.record_empty));
    let mut names: Vec<(UnitId, String)> = Vec::new();
    let mut place = async |conn: &mut Conn, unit: UnitId| -> Result<Option<String>, AppError> {
        if hide_places {
            return Ok(None);
        }
        if let Some((_, name)) = names.iter().find(|(u, _)| *u == unit) {
            return Ok(Some(name.clone()));
        }
        let name = transitions::unit_name(conn, unit).await?;
        names.push((unit, name.clone()));
        Ok(Some(name))
    };

    // Assessments: a staff member's own only once the round's joint position is set.
    let rows = child_assessments(conn, child, RegisteredBy::AnyUnit).await?;
    let mut assessments = Vec::new();
    for a in &rows {
        let joint_set = rows.iter().any(|j| {
            j.kind == AssessmentKind::Joint
                && j.round.is_some()
                && j.round == a.round
                && j.unit == a.unit
        });
        if a.kind == AssessmentKind::Individual && !joint_set {
            continue;
        }
        let kind = match a.kind {
            AssessmentKind::Individual => td_string!(locale, transition.record_individual),
            AssessmentKind::Joint => td_string!(locale, transition.record_joint),
            AssessmentKind::Adhoc => td_string!(locale, transition.record_adhoc),
        };
        let mut facts = vec![
            fact(
                td_string!(locale, transition.record_position),
                position_word(locale, a.position),
            ),
            fact(
                td_string!(locale, transition.record_context),
                context_word(locale, a.context),
            ),
            fact(&date_label, format_date(a.assessed_on)),
            fact(&deleted_label, deleted(local_date(a.created_at))),
        ];
        if let Some(name) = place(conn, a.unit).await? {
            facts.push(fact(&place_label, name));
        }
        assessments.push(RecordEntry {
            title: format!("{kind} · {}", format_date(a.assessed_on)),
            facts,
            text: vec![a.note.clone()]
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect(),
        });
    }

    let mut plan_entries = Vec::new();
    for p in plans::child_plans(conn, child, None).await? {
        let c = &p.content;
        let mut facts = vec![
            fact(
                td_string!(locale, transition.record_status),
                plan_status(locale, p.status),
            ),
            fact(&date_label, format_date(local_date(p.created_at))),
            fact(
                td_string!(locale, plan.evaluate_on),
                format_date(c.evaluate_on),
            ),
            fact(&deleted_label, deleted(local_date(p.created_at))),
        ];
        if let Some(name) = place(conn, p.unit).await? {
            facts.push(fact(&place_label, name));
        }
        let mut text = vec![
            format!("{}: {}", td_string!(locale, plan.context), c.context),
            format!("{}: {}", td_string!(locale, plan.goals), c.goals),
        ];
        for a in &c.actions {
            let by =
                a.by.map(|d| format!(", {}", format_date(d)))
                    .unwrap_or_default();
            text.push(format!("• {} ({}{by})", a.what, a.who));
        }
        text.push(format!("{}: {}", td_string!(locale, plan.signs), c.signs));
        if !c.evaluation.is_empty() {
            text.push(format!(
                "{}: {}",
                td_string!(locale, plan.evaluation),
                c.evaluation
            ));
        }
        plan_entries.push(RecordEntry {
            title: format!(
                "{} · {}",
                td_string!(locale, plan.title),
                c.goals.chars().take(60).collect::<String>()
            ),
            facts,
            text,
        });
    }

    let mut meeting_entries = Vec::new();
    for m in meetings::child_meetings(conn, child, None).await? {
        let status = match m.status {
            MeetingStatus::Held => td_string!(locale, transition.record_meeting_held),
            MeetingStatus::Invited => td_string!(locale, transition.record_meeting_open),
            MeetingStatus::Cancelled => td_string!(locale, transition.record_meeting_cancelled),
        };
        let made = local_date(m.created_at);
        let mut facts = vec![
            fact(td_string!(locale, transition.record_status), status),
            fact(&date_label, format_date(m.held_on.unwrap_or(made))),
            fact(&deleted_label, deleted(made)),
        ];
        if let Some(name) = place(conn, m.unit).await? {
            facts.push(fact(&place_label, name));
        }
        let mut text = vec![format!(
            "{}: {}",
            td_string!(locale, transition.record_concern),
            m.concern
        )];
        let minutes = [
            (
                td_string!(locale, transition.record_minutes),
                &m.minutes.minutes,
            ),
            (
                td_string!(locale, transition.record_parents_view),
                &m.minutes.parents_perspective,
            ),
            (
                td_string!(locale, transition.record_decisions),
                &m.minutes.decisions,
            ),
            (
                td_string!(locale, transition.record_next_steps),
                &m.minutes.next_steps,
            ),
        ];
        for (label, value) in minutes.into_iter().filter(|(_, v)| !v.is_empty()) {
            text.push(format!("{label}: {value}"));
        }
        meeting_entries.push(RecordEntry {
            title: format!(
                "{} · {}",
                td_string!(locale, meeting.title),
                format_date(m.held_on.unwrap_or(made))
            ),
            facts,
            text,
        });
    }

    let spans = transitions::placement_spans(conn, child).await?;
    let mut descriptions = Vec::new();
    for mv in crate::domain::moves(&spans) {
        let Some(d) = transitions::description(conn, child, mv.from_unit, mv.to_unit).await? else {
            continue;
        };
        let made = local_date(d.created_at);
        let mut facts = vec![
            fact(&date_label, format_date(local_date(d.updated_at))),
            fact(&deleted_label, deleted(made)),
        ];
        if let (Some(from), Some(to)) = (
            place(conn, mv.from_unit).await?,
            place(conn, mv.to_unit).await?,
        ) {
            facts.push(fact(&place_label, format!("{from} → {to}")));
        }
        descriptions.push(RecordEntry {
            title: format!(
                "{} · {}",
                td_string!(locale, transition.description),
                format_date(mv.moves_on)
            ),
            facts,
            text: vec![
                format!(
                    "{}: {}",
                    td_string!(locale, transition.strengths),
                    d.description.strengths
                ),
                format!(
                    "{}: {}",
                    td_string!(locale, transition.what_helps),
                    d.description.what_helps
                ),
                format!(
                    "{}: {}",
                    td_string!(locale, transition.watch_for),
                    d.description.watch_for
                ),
            ],
        });
    }

    let mut consent_entries = Vec::new();
    for c in crate::backend::store::consents::child_consents(conn, child).await? {
        let made = local_date(c.created_at);
        let mut facts = vec![
            fact(
                td_string!(locale, transition.items),
                items_text(locale, c.items),
            ),
            fact(
                td_string!(locale, transition.valid_until),
                format_date(c.valid_until),
            ),
            fact(
                td_string!(locale, transition.record_given),
                format_date(made),
            ),
            fact(&deleted_label, deleted(made)),
        ];
        if let crate::domain::ConsentEvidence::Paper {
            signed_on,
            reference,
        } = &c.evidence
        {
            facts.push(fact(
                td_string!(locale, transition.signed_on),
                format_date(*signed_on),
            ));
            facts.push(fact(
                td_string!(locale, transition.reference),
                reference.clone(),
            ));
        }
        if let Some(revoked) = c.revoked_at {
            facts.push(fact(
                td_string!(locale, transition.revoked_on),
                format_date(local_date(revoked)),
            ));
        }
        if let (Some(from), Some(to)) = (
            place(conn, c.from_unit).await?,
            place(conn, c.to_unit).await?,
        ) {
            facts.push(fact(&place_label, format!("{from} → {to}")));
        }
        consent_entries.push(RecordEntry {
            title: format!("{} · {}", c.guardian_name, format_date(made)),
            facts,
            text: Vec::new(),
        });
    }

    let handovers = transitions::handovers(conn, child)
        .await?
        .into_iter()
        .map(|(_, at)| RecordEntry {
            title: format_date(local_date(at)),
            facts: Vec::new(),
            text: Vec::new(),
        })
        .collect();

    let lookups = super::lookups::read::lines(caller, conn, child, hide_places).await?;
    let lookups = super::lookups::read::record_section(locale, lookups, empty.clone());

    let language = crate::reports::language::record::section(
        conn,
        child,
        locale,
        hide_places,
        years,
        empty.clone(),
    )
    .await?;

    let section = |heading: &str, entries: Vec<RecordEntry>| RecordSection {
        heading: heading.to_owned(),
        empty: empty.clone(),
        entries,
    };
    let name = format!("{} {}", identity.first_name, identity.last_name);
    Ok(RecordDocument {
        lang: locale.as_str().to_owned(),
        right_to_left: locale == Locale::ar,
        title: format!("{} {name}", td_string!(locale, transition.record_title)),
        intro: vec![
            td_string!(locale, transition.record_intro).to_owned(),
            format!(
                "{}: {}",
                td_string!(locale, transition.record_born),
                format_date(identity.birth_date)
            ),
        ],
        sections: vec![
            section(
                td_string!(locale, transition.record_assessments),
                assessments,
            ),
            language,
            section(td_string!(locale, transition.record_plans), plan_entries),
            section(
                td_string!(locale, transition.record_meetings),
                meeting_entries,
            ),
            section(
                td_string!(locale, transition.record_descriptions),
                descriptions,
            ),
            section(
                td_string!(locale, transition.record_consents),
                consent_entries,
            ),
            section(td_string!(locale, transition.record_handovers), handovers),
            lookups,
        ],
        footer: format!(
            "{} {} · Tværs",
            td_string!(locale, transition.record_printed),
            format_date(today)
        ),
    })
}

fn position_word(locale: Locale, p: crate::domain::Position) -> String {
    use crate::domain::Position;
    match p {
        Position::Green => td_string!(locale, position.green),
        Position::Yellow => td_string!(locale, position.yellow),
        Position::Red => td_string!(locale, position.red),
    }
    .to_owned()
}

fn context_word(locale: Locale, c: crate::domain::AssessmentContext) -> String {
    use crate::domain::AssessmentContext as C;
    match c {
        C::Overall => td_string!(locale, context.overall),
        C::PlayWithPeers => td_string!(locale, context.play_with_peers),
        C::AdultContact => td_string!(locale, context.adult_contact),
        C::DailyRoutines => td_string!(locale, context.daily_routines),
        C::Learning => td_string!(locale, context.learning),
        C::HomeAndFamily => td_string!(locale, context.home_and_family),
    }
    .to_owned()
}

fn plan_status(locale: Locale, s: crate::domain::PlanStatus) -> String {
    use crate::domain::PlanStatus;
    match s {
        PlanStatus::Active => td_string!(locale, plan.status_active),
        PlanStatus::Evaluated => td_string!(locale, plan.status_evaluated),
        PlanStatus::Closed => td_string!(locale, plan.status_closed),
    }
    .to_owned()
}

fn items_text(locale: Locale, items: crate::domain::ConsentItems) -> String {
    let mut words = Vec::new();
    if items.assessments {
        words.push(td_string!(locale, transition.item_assessments));
    }
    if items.plans {
        words.push(td_string!(locale, transition.item_plans));
    }
    if items.meetings {
        words.push(td_string!(locale, transition.item_meetings));
    }
    if items.description {
        words.push(td_string!(locale, transition.item_description));
    }
    words.join(", ")
}
