//! The sections a visitor does not need on arrival, each in its own slice of the browser
//! bundle (built with `cargo leptos … --split`): the "Pagos" page ships with the main bundle,
//! and Clientes, Planes, Configuración, an order's detail and the sign-in pages download
//! their code the first time they are opened. The server renders them as any other page and
//! tells the browser which slices the page it sends needs, so hydration does not wait.

use super::auth_pages::{LoginPage, SetupPage};
use super::clients::{ClientsPage, EditClientPage, NewClientPage};
use super::orders::OrderDetailPage;
use super::plans::{EditPlanPage, PlansPage};
use super::settings::SettingsPage;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route whose view is split out of the main bundle. The pages start their own requests,
/// so the route has no data of its own to load beside the view.
macro_rules! lazy_page {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    OrderDetailRoute => OrderDetailPage,
    ClientsRoute => ClientsPage,
    NewClientRoute => NewClientPage,
    EditClientRoute => EditClientPage,
    PlansRoute => PlansPage,
    EditPlanRoute => EditPlanPage,
    SettingsRoute => SettingsPage,
    LoginRoute => LoginPage,
    SetupRoute => SetupPage,
}
