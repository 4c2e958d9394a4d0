//! The browser entry point: hydrate the server-rendered page. Nothing else lives here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The sections split out of the main bundle (see `app::ui::lazy_pages`) are fetched
    // before the page they render is hydrated.
    leptos::mount::hydrate_lazy(app::App);
}
