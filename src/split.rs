//! Code that is not in the first download. In the release bundle (feature `split`, built by
//! `scripts/bundle.mjs`) the functions declared with [`split_fn!`] are wasm split points: their
//! code, and what only they use, goes to a module of its own that the app fetches the first time
//! one of them is called. Elsewhere (native tests, the browser tests, `cargo check`) they run in
//! place. Either way a caller awaits them and handles [`ChunkMissing`].

/// Why code fetched after the first load is not there: it did not arrive (offline before the
/// service worker cached it, a broken connection, or a new version replaced the old files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkMissing;

#[cfg(all(feature = "split", target_arch = "wasm32"))]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// Declares async functions whose code lives in the named module of the release bundle:
/// `split_fn! { module: fn name(arg: Type) -> Output => body; }` makes
/// `async fn name(arg: Type) -> Result<Output, ChunkMissing>`.
#[macro_export]
macro_rules! split_fn {
    ($($module:ident: fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty => $body:expr;)+) => {$(
        #[cfg(all(feature = "split", target_arch = "wasm32"))]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> Result<$out, $crate::split::ChunkMissing> {
            Ok($body)
        }
        #[cfg(not(all(feature = "split", target_arch = "wasm32")))]
        async fn $name($($arg: $ty),*) -> Result<$out, $crate::split::ChunkMissing> {
            Ok($body)
        }
    )+};
}
