//! Every user-facing string, Vietnamese first, with its English translation. (placeholder)
pub use crate::core::format::Lang;
