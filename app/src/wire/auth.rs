//! Wire types for signing in.

use serde::{Deserialize, Serialize};

/// The signed-in person, as the page header shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub display_name: String,
    pub username: String,
}
