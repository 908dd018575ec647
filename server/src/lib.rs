//! The Tværs server: configuration, database start-up, the HTTP router with its security
//! middleware, and command-line tasks. The app itself (pages and server functions) lives in
//! the `app` crate.

pub mod backup;
pub mod config;
pub mod database;
pub mod demo;
pub mod health;
pub mod listen;
pub mod mail_config;
pub mod metrics;
pub mod middleware;
pub mod migrate;
pub mod observe;
pub mod record_route;
pub mod report_route;
pub mod restore;
pub mod retention;
pub mod router;
pub mod setup;
pub mod spot_check;
pub mod sso;

pub use listen::{serve_on, Limits};
pub use router::{build_router, build_router_full, build_router_sso, build_router_with, serve};
