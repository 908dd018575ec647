//! `GET /reports/language.csv`: the grade-0 language report's table as a file Danish Excel
//! opens as it is (`app::reports::csv::danish_excel_csv`), headers in the reader's language. A
//! plain route rather than a server function because a browser downloads it through a link;
//! the same policy decides as for the page (`app::reports::language::read`).

use crate::record_route::{language_cookie, refused};
use app::backend::context::Caller;
use app::backend::sessions::SessionUser;
use app::backend::state::AppState;
use app::error::AppError;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::header;

pub async fn language_csv(State(state): State<AppState>, req: Request) -> Response {
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
    match app::reports::language::read::report(&caller, locale).await {
        Ok(report) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"sprogvurdering.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            app::reports::csv::danish_excel_csv(&report.table),
        )
            .into_response(),
        Err(err) => refused(err),
    }
}
