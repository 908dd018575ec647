use super::ErrorMessage;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;
use std::str::FromStr;

/// What a page shows of data it loads: a loading line while the resource is on its way, then
/// the `children` view of the loaded value, or the error.
///
/// ```ignore
/// let data = Resource::new(|| (), |_| get_home());
/// view! { <PageShell resource=data let:home><HomeSections home /></PageShell> }
/// ```
///
/// On a page, an error is shown and a session that ended sends the user back to the login page.
/// A `section` is part of a larger page: someone who may see the page but not the section
/// (not found, forbidden) sees nothing of it, and any other error is shown in place.
#[component]
pub fn PageShell<T, F, V>(
    /// The page's data, as a server function answers it.
    resource: Resource<Result<T, AppError>>,
    /// The view of the loaded value.
    children: F,
    /// A section inside a page rather than the page itself.
    #[prop(optional)]
    section: bool,
) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || {
                resource
                    .get()
                    .map(|result| match result {
                        Ok(value) => children(value).into_any(),
                        Err(AppError::NotFound | AppError::Forbidden) if section => ().into_any(),
                        Err(error) if section => view! { <ErrorMessage error /> }.into_any(),
                        Err(error) => error_view(error),
                    })
            }}
        </Suspense>
    }
}

/// Shows an error, sending someone whose session ended back to the login page.
fn error_view(error: AppError) -> AnyView {
    if error == AppError::Unauthenticated {
        #[cfg(feature = "ssr")]
        leptos_axum::redirect("/login");
        #[cfg(feature = "hydrate")]
        super::leave_to("/login");
    }
    view! { <ErrorMessage error /> }.into_any()
}

/// The `:id` of the page's route, `None` when it is missing or not an id of this kind.
pub fn use_route_id<Id>() -> impl Fn() -> Option<Id> + Copy + Send + Sync + 'static
where
    Id: FromStr,
{
    let params = use_params_map();
    move || params.read().get("id").and_then(|id| id.parse::<Id>().ok())
}

/// Loads what a page shows for the id in its route, again whenever the id changes; a missing or
/// malformed id is not found.
pub fn load_by_id<Id, T, Fut>(
    id: impl Fn() -> Option<Id> + Send + Sync + 'static,
    fetch: impl Fn(Id) -> Fut + Send + Sync + 'static,
) -> Resource<Result<T, AppError>>
where
    Id: Clone + PartialEq + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(id, move |id| {
        let loading = id.map(&fetch);
        async move {
            match loading {
                Some(loading) => loading.await,
                None => Err(AppError::NotFound),
            }
        }
    })
}
