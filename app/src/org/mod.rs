//! The organisation and the people in it: what the home pages and the child page show.

pub mod access;
pub mod child_page;
pub mod home;
pub mod people;

pub mod import;

pub use crate::wire::org::*;
