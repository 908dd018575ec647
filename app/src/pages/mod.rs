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

pub(crate) fn format_date(date: time::Date) -> String {
    format!(
        "{:02}.{:02}.{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}
