//! Pieces of UI that several pages share.

mod back_link;
mod care_words;
mod error_message;
mod header;
mod idle_lock;
mod language;
mod outbox_status;
mod page_shell;
pub mod password_words;
mod position;
mod position_choice;
mod report_table;
mod roster;
mod service_worker;
mod words;

pub use back_link::BackToHome;
pub use care_words::*;
pub use error_message::ErrorMessage;
pub use header::{leave_to, AppHeader};
pub use idle_lock::IdleLock;
pub use language::{language_cookie, LanguagePicker};
pub use outbox_status::OutboxStatus;
pub use page_shell::{load_by_id, use_route_id, PageShell};
pub use position::PositionBadge;
pub use position_choice::{checked_choice, ChoiceProblem, NoteField, PositionChoice};
pub use report_table::ReportTableView;
pub use roster::{ChildList, Roster};
pub use service_worker::ServiceWorker;
pub use words::*;
