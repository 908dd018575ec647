//! One file per page; a page with parts of its own is a folder. No page imports another: what
//! pages share lives in `components/`.

mod admin;
mod care;
mod child;
mod home;
mod information;
mod joint;
mod language;
mod login;
mod login_sso;
mod not_found;
mod overview;
mod password;
mod planning;
mod round;
mod rounds_report;
mod second_factor;
mod spot_check;
pub(crate) mod transition;
mod unit;

pub use admin::{AdminPage, PeopleAdminPage};
pub use care::{MeetingPageView, NewPlanPage, PlanPageView};
pub use child::ChildPageView;
pub use home::HomePage;
pub use information::InformationPage;
pub use joint::JointPage;
pub use language::LanguageReportPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use password::{ForgotPasswordPage, PasswordPage};
pub use planning::{IndicatorsPage, RoundsPage};
pub use round::RoundPage;
pub use rounds_report::RoundsReportPage;
pub use second_factor::SecondFactorPage;
pub use spot_check::SpotCheckPageView;
pub use transition::LookupsPage;
pub use unit::UnitPage;
