//! What the round tests share: ids by name, the open round of a group, and the save inputs.

use crate::common::TestApp;
use app::assessment::{AdhocInput, Draft, GroupRound, IndividualInput, JointInput};
use app::domain::{
    AssessmentContext, AssessmentKind, ChildId, GroupId, IdempotencyKey, Position, RoundId,
};

pub fn key() -> IdempotencyKey {
    IdempotencyKey::random()
}

pub async fn group_id(app: &TestApp, name: &str) -> GroupId {
    app.scalar_text("SELECT id FROM child_groups WHERE name = $1", name)
        .await
        .parse()
        .expect("a group id")
}

/// The assessor's grid of a group, which must load.
pub async fn grid(app: &TestApp, group: GroupId) -> GroupRound {
    app.group_round(group).await.expect("the grid loads")
}

/// The children of a group, in the order the grid shows them.
pub async fn children(app: &TestApp, group: GroupId) -> Vec<ChildId> {
    grid(app, group)
        .await
        .children
        .iter()
        .map(|c| c.id)
        .collect()
}

pub async fn open_round(app: &TestApp, group: GroupId) -> RoundId {
    grid(app, group)
        .await
        .round
        .expect("the demo has an open round")
        .id
}

/// What every save carries: the child in the room's group, the position with its context, the
/// note, under a fresh key.
pub fn draft(
    room: &Room,
    child: ChildId,
    position: Position,
    context: AssessmentContext,
    note: &str,
) -> Draft {
    Draft {
        key: key(),
        group: room.group,
        child,
        position,
        context,
        note: note.to_owned(),
    }
}

/// An individual position about the child overall, with no indicators.
pub fn individual(
    key: IdempotencyKey,
    room: &Room,
    child: ChildId,
    position: Position,
    note: &str,
    base: Option<i64>,
) -> IndividualInput {
    IndividualInput {
        draft: Draft {
            key,
            ..draft(room, child, position, AssessmentContext::Overall, note)
        },
        round: room.round,
        indicators: vec![],
        base_version: base,
    }
}

/// The team's joint position about the child's play with peers.
pub fn joint(
    key: IdempotencyKey,
    room: &Room,
    child: ChildId,
    position: Position,
    note: &str,
    base: Option<i64>,
) -> JointInput {
    JointInput {
        draft: Draft {
            key,
            ..draft(
                room,
                child,
                position,
                AssessmentContext::PlayWithPeers,
                note,
            )
        },
        round: room.round,
        base_version: base,
    }
}

/// An ad hoc position, outside any round, under a fresh key.
pub fn adhoc(
    room: &Room,
    child: ChildId,
    position: Position,
    context: AssessmentContext,
    note: &str,
) -> AdhocInput {
    AdhocInput {
        draft: draft(room, child, position, context, note),
    }
}

/// Assessments of a child of one kind in the given round (the demo has older ones too).
pub async fn rows(app: &TestApp, round: RoundId, child: ChildId, kind: AssessmentKind) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM assessments WHERE round_id = '{round}' AND child_id = '{child}' \
         AND kind = '{}'",
        kind.code()
    ))
    .await
}

/// A group with its open round and its children in grid order.
pub struct Room {
    pub group: GroupId,
    pub round: RoundId,
    pub children: Vec<ChildId>,
}

impl Room {
    pub async fn of(app: &TestApp, group: GroupId) -> Room {
        Room {
            round: open_round(app, group).await,
            children: children(app, group).await,
            group,
        }
    }
}

pub async fn green_room(app: &TestApp) -> Room {
    Room::of(app, group_id(app, "Grønne stue").await).await
}
