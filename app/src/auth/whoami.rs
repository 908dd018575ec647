use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the page header shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub display_name: String,
    pub username: String,
}

#[server(name = WhoAmI, prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    use crate::backend::sessions::SessionUser;
    let user = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<SessionUser>().cloned());
    Ok(user.map(|u| Me {
        display_name: u.display_name,
        username: u.username,
    }))
}
