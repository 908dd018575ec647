use crate::error::AppError;
pub use crate::wire::auth::Me;
use leptos::prelude::*;

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
