//! Signing in and out. The server functions here are the only ones that work without a session.

mod login;
mod whoami;

pub use login::*;
pub use whoami::*;
