//! The page shell, the router and the frame every page shares.

use crate::components::{language_cookie, AppHeader, IdleLock, ServiceWorker};
use crate::i18n::*;
use crate::pages::PeopleAdminPage;
use crate::pages::{
    AdminPage, ChildPageView, HomePage, IndicatorsPage, InformationPage, JointPage, LoginPage,
    NotFoundPage, OverviewPage, RoundPage, RoundsPage, RoundsReportPage, UnitPage,
};
use crate::pages::{ForgotPasswordPage, PasswordPage, SecondFactorPage};
use crate::pages::{
    LanguageReportPage, LookupsPage, MeetingPageView, NewPlanPage, PlanPageView, SpotCheckPageView,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::SsrMode;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_csp_nonce();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#1f5f55" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="tvaers" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The security middleware puts a fresh nonce on each request; the hydration scripts carry it
/// so the Content-Security-Policy can forbid every other inline script (SECURITY S6).
#[cfg(feature = "ssr")]
fn provide_csp_nonce() {
    use crate::backend::CspNonce;
    let nonce =
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::offline::provide_outbox();
    view! {
        <I18nContextProvider cookie_options=language_cookie()>
            <AppTitle />
            <ServiceWorker />
            <IdleLock />
            <Router>
                <AppHeader />
                <main id="main" class="page">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/login") view=LoginPage />
                        <Route path=path!("/password/:token") view=PasswordPage />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                        <Route path=path!("/second-factor") view=SecondFactorPage />
                        <Route path=path!("/information") view=InformationPage />
                        <Route path=path!("/children/:id") view=ChildPageView ssr=SsrMode::Async />
                        <Route path=path!("/children/:id/lookups") view=LookupsPage ssr=SsrMode::Async />
                        <Route path=path!("/units/:id") view=UnitPage ssr=SsrMode::Async />
                        <Route path=path!("/meetings/:id") view=MeetingPageView ssr=SsrMode::Async />
                        <Route path=path!("/plans/new") view=NewPlanPage />
                        <Route path=path!("/plans/:id") view=PlanPageView ssr=SsrMode::Async />
                        <Route path=path!("/admin") view=AdminPage />
                        <Route path=path!("/admin/people") view=PeopleAdminPage />
                        <Route path=path!("/admin/rounds") view=RoundsPage />
                        <Route path=path!("/admin/indicators") view=IndicatorsPage />
                        <Route path=path!("/groups/:id/round") view=RoundPage ssr=SsrMode::Async />
                        <Route path=path!("/groups/:id/joint") view=JointPage ssr=SsrMode::Async />
                        <Route path=path!("/overview") view=OverviewPage />
                        <Route path=path!("/reports/rounds") view=RoundsReportPage />
                        <Route path=path!("/reports/language") view=LanguageReportPage />
                        <Route path=path!("/spot-check") view=SpotCheckPageView />
                    </Routes>
                </main>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    // On the server the title is read once, now: the head is written after the body, and a
    // closure read then could find the language's signal already disposed with the page it
    // belonged to — a panic that cut the response off (the test `page_streams`). In the
    // browser it follows the language picker.
    #[cfg(feature = "ssr")]
    let text = leptos::text_prop::TextProp::from(t_string!(i18n, app.title).to_string());
    #[cfg(not(feature = "ssr"))]
    let text = leptos::text_prop::TextProp::from(move || t_string!(i18n, app.title).to_string());
    view! { <Title text /> }
}
