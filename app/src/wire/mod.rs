//! The types that cross the wire between the browser and the server: what server functions take
//! and answer. They sit below everything that uses them — the store fills them, the server
//! functions return them, the pages show them — so every import arrow runs down to here.

pub mod assessment;
pub mod auth;
pub mod care;
pub mod lookups;
pub mod org;
pub mod parent;
pub mod parent_care;
pub mod password;
pub mod people;
pub mod report;
pub mod spot_check;
pub mod transition;
