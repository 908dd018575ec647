//! What the new place reads of an earlier place by consent: only the consented items, read
//! only, marked with where they come from — never who wrote them, never individual positions.

use super::{Received, ReceivedMeeting, ReceivedPlan, ReceivedPosition};
use crate::backend::db::Conn;
use crate::backend::store::assessments::{child_assessments, RegisteredBy};
use crate::backend::store::{meetings, plans, transitions};
use crate::domain::{AssessmentKind, ChildId, MeetingStatus};
use crate::error::AppError;
use crate::policy::consent::Opened;

pub async fn read(conn: &mut Conn, child: ChildId, opened: &Opened) -> Result<Received, AppError> {
    let from = [opened.from_unit];
    let items = opened.items;
    let positions = if items.assessments {
        child_assessments(conn, child, RegisteredBy::Units(&from))
            .await?
            .into_iter()
            .filter(|a| a.kind != AssessmentKind::Individual)
            .map(|a| ReceivedPosition {
                kind: a.kind,
                position: a.position,
                context: a.context,
                note: a.note,
                assessed_on: a.assessed_on,
            })
            .collect()
    } else {
        Vec::new()
    };
    let plans = if items.plans {
        plans::child_plans(conn, child, Some(&from))
            .await?
            .into_iter()
            .map(|p| ReceivedPlan {
                status: p.status,
                context: p.content.context,
                goals: p.content.goals,
                actions: p.content.actions,
                signs: p.content.signs,
                evaluate_on: p.content.evaluate_on,
                evaluation: p.content.evaluation,
            })
            .collect()
    } else {
        Vec::new()
    };
    let meetings = if items.meetings {
        meetings::child_meetings(conn, child, Some(&from))
            .await?
            .into_iter()
            .filter(|m| m.status == MeetingStatus::Held)
            .filter_map(|m| {
                Some(ReceivedMeeting {
                    held_on: m.held_on?,
                    minutes: m.minutes.minutes,
                    parents_perspective: m.minutes.parents_perspective,
                    decisions: m.minutes.decisions,
                    next_steps: m.minutes.next_steps,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let description = if items.description {
        transitions::description(conn, child, opened.from_unit, opened.to_unit)
            .await?
            .map(|d| d.description)
    } else {
        None
    };
    Ok(Received {
        from_name: transitions::unit_name(conn, opened.from_unit).await?,
        items,
        until: opened.until,
        positions,
        plans,
        meetings,
        description,
    })
}
