//! The floor under the targets: what every request for child data must do before it may
//! answer, whatever it then reads or renders — the session looked up with the policy's facts
//! and its idle deadline moved (SECURITY S4, A6), the policy asked (A2) and the audit row
//! committed (L1). The page floor then answers the page's bytes from memory; the save floor
//! runs the baseline's single insert. A Tværs figure can be compared with its floor to see
//! what the rules cost and what the page or the save adds on top.

use app::backend::context::{internal, Caller, Target};
use app::backend::db::Db;
use app::backend::sessions::SessionUser;
use app::backend::state::AppState;
use app::backend::store;
use app::domain::{AssessmentId, ChildId, GroupId, UserId};
use app::error::AppError;
use app::policy::Action;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use http::StatusCode;

/// `GET /floor/page/{group}` and `POST /floor/save/{group}/{child}`, behind the same session
/// middleware as Tværs.
pub fn router(state: AppState, page: Bytes) -> Router {
    Router::new()
        .route(
            "/floor/page/{group}",
            get(move |state, user, group| checked_page(state, user, group, page.clone())),
        )
        .route("/floor/save/{group}/{child}", post(checked_insert))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            tvaers::middleware::session,
        ))
        .with_state(state)
}

async fn checked_page(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Path(group): Path<GroupId>,
    page: Bytes,
) -> Response {
    let result = async {
        let caller = caller(state, user)?;
        let mut conn = caller.state.db.conn().await?;
        let place = store::groups::group_place(&mut conn, group)
            .await?
            .ok_or(AppError::NotFound)?;
        let (_, audited) = caller
            .authorize_on(
                &mut conn,
                Action::ListUnitChildren,
                Target::UnitAt(place.placement()),
                "bench: floor",
            )
            .await?;
        drop(conn);
        audited.committed().await
    }
    .await;
    match result {
        Ok(()) => (
            [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response(),
        Err(err) => status(err),
    }
}

async fn checked_insert(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Path((group, child)): Path<(GroupId, ChildId)>,
) -> Response {
    let result = async {
        let caller = caller(state, user)?;
        let mut conn = caller.state.db.conn().await?;
        let today = caller.state.clock.today();
        let placed = store::org::child_placements(&mut conn, child, today).await?;
        drop(conn);
        // The policy first, so that a refusal is logged like any other (SECURITY A7).
        let (allowed, audited) = caller
            .authorize_child_at(Action::AssessChild, child, placed, "bench: floor")
            .await?;
        audited.committed().await?;
        let unit = allowed
            .placements
            .first()
            .map(|p| p.unit)
            .ok_or(AppError::NotFound)?;
        insert_one(
            &caller.state.db,
            group,
            child,
            caller.user.user_id,
            &unit.to_string(),
        )
        .await
        .map_err(internal)
    }
    .await;
    match result {
        Ok(()) => StatusCode::OK.into_response(),
        Err(err) => status(err),
    }
}

/// The save baseline's statement: one assessment inserted in a write transaction.
pub async fn insert_one(
    db: &Db,
    group: GroupId,
    child: ChildId,
    assessor: UserId,
    unit: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO assessments (id, child_id, round_id, kind, assessor_id, group_id, unit_id, \
           position, context, note, assessed_on, created_at, updated_at, version) \
         VALUES ($1, $2, NULL, 'adhoc', $3, $4, $5, 'green', 'overall', '', '2026-01-01', 0, 0, 1)",
    )
    .bind(AssessmentId::random().to_string())
    .bind(child.to_string())
    .bind(assessor.to_string())
    .bind(group.to_string())
    .bind(unit)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

pub(crate) fn caller(
    state: AppState,
    user: Option<Extension<SessionUser>>,
) -> Result<Caller, AppError> {
    let Extension(user) = user.ok_or(AppError::Unauthenticated)?;
    Ok(Caller {
        user,
        state,
        since: tokio::time::Instant::now(),
    })
}

pub(crate) fn status(err: AppError) -> Response {
    StatusCode::from_u16(err.status())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}
