//! Server-only building blocks used by the server functions: state, storage, sessions, the
//! audit log and the request context that ties the access policy to every call.

pub mod audit;
pub mod clock;
pub mod connection;
pub mod context;
pub mod db;
pub mod group_commit;
pub mod mail;
pub mod once;
pub mod passwords;
pub mod record_pdf;
pub mod retention;
pub mod sessions;
pub mod state;
pub mod store;
pub mod write_queue;

/// The per-request nonce for inline scripts, put on the request by the security middleware.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);
