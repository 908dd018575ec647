//! The reports as CSV files for Danish Excel (issue 19 item 4): `GET /reports/rounds.csv?scope=…&by=…`
//! and `GET /reports/language.csv`. Plain routes like `/records/{child}`, because a browser
//! downloads them through a link; each report is read through the same function as its page,
//! under the same policy and audit, in the reader's language (the language picker's cookie).

use crate::record_route::{language_cookie, refused};
use app::backend::context::Caller;
use app::backend::sessions::SessionUser;
use app::backend::state::AppState;
use app::error::AppError;
use app::reports::csv::danish_excel_csv;
use axum::extract::{Query, Request, State};
use axum::response::{IntoResponse, Response};
use http::header;
use std::collections::HashMap;

pub async fn rounds_csv(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    req: Request,
) -> Response {
    let Some(user) = req.extensions().get::<SessionUser>().cloned() else {
        return refused(AppError::Unauthenticated);
    };
    // A session that may only set up its second factor reads nothing else.
    if user.enrolling {
        return refused(AppError::SecondFactorSetup);
    }
    let locale = app::backend::mail::locale(language_cookie(&req).as_deref());
    let caller = Caller {
        user,
        state,
        since: tokio::time::Instant::now(),
    };
    let scope = query.get("scope").map(String::as_str);
    let by = query.get("by").map(String::as_str);
    match app::reports::rounds_read::report(&caller, scope, by).await {
        Ok(report) => {
            let table = app::reports::rounds_table::rounds_table(&report, locale);
            csv_file(danish_excel_csv(&table), "runder.csv")
        }
        Err(err) => refused(err),
    }
}

pub async fn language_csv(State(state): State<AppState>, req: Request) -> Response {
    let Some(user) = req.extensions().get::<SessionUser>().cloned() else {
        return refused(AppError::Unauthenticated);
    };
    if user.enrolling {
        return refused(AppError::SecondFactorSetup);
    }
    let locale = app::backend::mail::locale(language_cookie(&req).as_deref());
    let caller = Caller {
        user,
        state,
        since: tokio::time::Instant::now(),
    };
    match app::reports::language::read::report(&caller, locale).await {
        Ok(report) => csv_file(danish_excel_csv(&report.table), "sprogvurdering.csv"),
        Err(err) => refused(err),
    }
}

fn csv_file(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
