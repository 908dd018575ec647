use crate::error::AppError;
pub use crate::wire::auth::Me;
use leptos::prelude::*;

#[server(name = WhoAmI, prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    use crate::backend::context::state;
    use crate::backend::sessions::SessionUser;
    let user = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<SessionUser>().cloned());
    let Some(user) = user else {
        return Ok(None);
    };
    let today = state()?.clock.today();
    Ok(Some(Me {
        guardian_only: user.subject.only_a_guardian(today),
        display_name: user.display_name,
        username: user.username,
    }))
}
