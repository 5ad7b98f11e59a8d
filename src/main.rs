//! Mounts the app. Everything else is in the library so that tests can import it.

#[cfg(target_arch = "wasm32")]
fn main() {
    cchc::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is a browser app: build it with `./scripts/build` (see README.md).");
}
