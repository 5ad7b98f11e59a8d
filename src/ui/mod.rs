//! The browser shell (placeholder).
use leptos::prelude::*;

pub fn start() {
    console_error_panic_hook::set_once();
    mount_to_body(|| view! { <main><h1>"Kế hoạch CCHC"</h1></main> });
}
