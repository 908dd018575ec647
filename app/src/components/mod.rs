//! Pieces of UI that several pages share.

mod back_link;
mod error_message;
mod header;
mod language;
mod service_worker;

pub use back_link::BackToHome;
pub use error_message::ErrorMessage;
pub use header::{leave_to, AppHeader};
pub use language::LanguagePicker;
pub use service_worker::ServiceWorker;
