//! The checks every save makes at the edge: who asks, where, when and what. The policy is
//! asked once, about the unit of the group the save names when the child is enrolled there.

use crate::backend::context::{fail, Audited, Caller};
use crate::backend::db::Conn;
use crate::backend::store::groups::{self, GroupPlace};
use crate::backend::store::org::ChildPlacements;
use crate::domain::{check_note, AssessmentContext, AssessmentSettings, Note, Position, RoundId};
use crate::error::{AppError, Problem, ProblemCode};
use crate::policy::Action;
use crate::wire::assessment::{Draft, RoundInfo};

/// A save whose every input has been checked.
pub struct Checked {
    pub group: GroupPlace,
    pub position: Position,
    pub context: AssessmentContext,
    pub note: Note,
    pub settings: AssessmentSettings,
}

/// What the checks are asked about.
pub struct SaveCheck<'a> {
    pub action: Action,
    pub purpose: &'static str,
    /// Where the child is placed today (read with the key's stored answer).
    pub placed: ChildPlacements,
    pub round: Option<RoundId>,
    pub draft: &'a Draft,
}

fn problem(field: &str, code: ProblemCode) -> Problem {
    Problem {
        line: 0,
        field: field.into(),
        code,
    }
}

/// Reads where the save lands (group, unit, the child's enrolment, settings, the round's
/// window) on the caller's connection, then asks the policy once: about the named group's unit
/// when the child is enrolled in that group today, otherwise about wherever the child is
/// placed. Another unit's child is "not found" (SECURITY A4); a child of the caller's unit
/// outside the named group, a closed round or a bad value is a clear problem list. Nothing is
/// written. The audit row of the decision is committed before any refusal answers; on success
/// the caller awaits [`Audited`] before it writes or answers.
pub async fn check(
    caller: &Caller,
    conn: &mut Conn,
    request: SaveCheck<'_>,
) -> Result<(Checked, Audited), AppError> {
    let draft = request.draft;
    let today = caller.state.clock.today();
    let found = groups::write_place(conn, draft.group, draft.child, request.round, today).await?;
    let enrolled_here = found.as_ref().filter(|f| f.enrolled);
    let placed = match enrolled_here {
        Some(place) => ChildPlacements {
            exists: request.placed.exists,
            placements: vec![place.group.placement()],
        },
        None => request.placed,
    };
    let (_, audited) = caller
        .authorize_child_at(request.action, draft.child, placed, request.purpose)
        .await?;
    let Some(found) = found.filter(|f| f.enrolled) else {
        audited.committed().await?;
        return fail(AppError::invalid(0, "group", ProblemCode::NotInGroup));
    };
    match check_values(found, request.round.is_some(), draft) {
        Ok(checked) => Ok((checked, audited)),
        Err(err) => {
            audited.committed().await?;
            fail(err)
        }
    }
}

/// The round and the note, each with its own problem when it is wrong (the position and its
/// context arrive as the domain's types).
fn check_values(
    found: groups::WritePlace,
    round_named: bool,
    draft: &Draft,
) -> Result<Checked, AppError> {
    let mut problems = Vec::new();
    let round: Option<RoundInfo> = match round_named {
        true => match found.round {
            Some(info) if info.open => Some(info),
            _ => {
                problems.push(problem("round", ProblemCode::RoundClosed));
                None
            }
        },
        false => None,
    };
    let settings = found.settings;
    let note = check_note(&settings, draft.position, &draft.note)
        .map_err(|p| problems.push(p))
        .ok();
    match (note, problems.is_empty()) {
        (Some(note), true) if round.is_some() == round_named => Ok(Checked {
            group: found.group,
            position: draft.position,
            context: draft.context,
            note,
            settings,
        }),
        _ => Err(AppError::Invalid { problems }),
    }
}
