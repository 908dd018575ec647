//! Signing in and out. The server functions here are the only ones that work without a session
//! (but the unlock of another person's account, which a leader or administrator does).

mod login;
pub mod password;
pub mod second_factor;
mod sso;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod totp;
mod unlock;
mod whoami;

pub use login::*;
pub use sso::*;
pub use unlock::*;
pub use whoami::*;
