//! Pages and components. Everything a user reads is in Spanish, with the spec's labels.

mod auth_pages;
mod chart;
mod client_picker;
mod clients;
mod form;
mod layout;
mod lang;
mod lazy_pages;
mod modal;
mod orders;
mod pager;
mod pages;
mod plans;
mod settings;
mod toast;

use layout::PanelLayout;
use lazy_pages::{
    ClientsRoute, EditClientRoute, EditPlanRoute, LoginRoute, NewClientRoute, OrderDetailRoute, PlansRoute, SettingsRoute,
    SetupRoute,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy};
use orders::OrdersPage;
use pages::NotFound;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = lang::page_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="data:," />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = lang::provide_lang();
    // Marks the page as interactive; end-to-end tests wait for it before clicking.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/pagos.css" />
        <Title formatter=move |page: String| if page.is_empty() { "Pagos".to_string() } else { format!("{} · Pagos", lang.tr(&page)) } />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} />
                <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()} />
                <ParentRoute path=path!("") view=PanelLayout>
                    <Route path=path!("") view=OrdersPage />
                    <Route path=path!("ordenes/:id") view={Lazy::<OrderDetailRoute>::new()} />
                    <Route path=path!("clientes") view={Lazy::<ClientsRoute>::new()} />
                    <Route path=path!("clientes/nuevo") view={Lazy::<NewClientRoute>::new()} />
                    <Route path=path!("clientes/planes") view={Lazy::<PlansRoute>::new()} />
                    <Route path=path!("clientes/planes/:id") view={Lazy::<EditPlanRoute>::new()} />
                    <Route path=path!("clientes/:id") view={Lazy::<EditClientRoute>::new()} />
                    <Route path=path!("configuracion") view={Lazy::<SettingsRoute>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
