//! `GET /records/{child}`: everything registered about a child as one PDF, for a custody holder
//! (issue 17 item 4). A plain route rather than a server function because a browser downloads
//! it through a link; the session cookie is SameSite=Strict and cross-site requests are refused
//! (`middleware::reject_cross_site`), so no other site can make a signed-in browser fetch it.

use app::backend::context::Caller;
use app::backend::sessions::SessionUser;
use app::backend::state::AppState;
use app::domain::ChildId;
use app::error::AppError;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};

pub async fn download(
    State(state): State<AppState>,
    Path(child): Path<String>,
    req: Request,
) -> Response {
    let Some(user) = req.extensions().get::<SessionUser>().cloned() else {
        return refused(AppError::Unauthenticated);
    };
    // A session that may only set up its second factor reads nothing else (as `Caller::current`).
    if user.enrolling {
        return refused(AppError::SecondFactorSetup);
    }
    let Ok(child) = child.parse::<ChildId>() else {
        return refused(AppError::NotFound);
    };
    let language = language_cookie(&req);
    let caller = Caller {
        user,
        state,
        since: tokio::time::Instant::now(),
    };
    match app::transition::record::download(&caller, child, language.as_deref()).await {
        Ok(pdf) => (
            [
                (header::CONTENT_TYPE, "application/pdf"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"tvaers.pdf\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            pdf,
        )
            .into_response(),
        Err(err) => refused(err),
    }
}

/// The reader's language: the cookie the language picker sets.
pub(crate) fn language_cookie(req: &Request) -> Option<String> {
    let cookies = req.headers().get(header::COOKIE)?.to_str().ok()?;
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == "i18n_pref_locale")
        .map(|(_, value)| value.to_owned())
}

pub(crate) fn refused(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
