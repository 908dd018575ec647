//! Assessment rounds (*vurderingsrunder*): planning, individual and joint assessments,
//! follow-ups, the child's timeline and the leaders' views. Server functions are the API.

pub mod dashboard;
pub mod group;
pub mod news;
pub mod planning;
pub mod save;
pub mod timeline;

pub use crate::wire::assessment::*;
