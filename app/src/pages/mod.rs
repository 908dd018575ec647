//! One file per page.

mod admin;
mod child;
mod dashboard;
mod home;
mod information;
mod joint;
mod login;
mod not_found;
mod planning;
mod round;
mod timeline;
mod unit;

pub use admin::AdminPage;
pub use child::ChildPageView;
pub use dashboard::{OverviewPage, UnitDashboardView};
pub use home::HomePage;
pub use information::InformationPage;
pub use joint::JointPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use planning::{IndicatorsPage, RoundsPage};
pub use round::RoundPage;
pub use unit::UnitPage;

use crate::components::ErrorMessage;
use crate::error::AppError;
use leptos::prelude::*;

/// Shows an error, sending someone whose session ended back to the login page.
pub(crate) fn error_view(error: AppError) -> AnyView {
    if error == AppError::Unauthenticated {
        #[cfg(feature = "ssr")]
        leptos_axum::redirect("/login");
        #[cfg(feature = "hydrate")]
        crate::components::leave_to("/login");
    }
    view! { <ErrorMessage error /> }.into_any()
}

pub(crate) fn format_date(date: time::Date) -> String {
    format!(
        "{:02}.{:02}.{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}
