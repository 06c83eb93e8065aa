//! The newsmap desktop app (feature `gui`), a thin layer over [`newsmap_core`]: it sends files
//! to the core's engine thread and draws what comes back. The command line is `src/main.rs`.

pub use newsmap_core::*;

#[cfg(feature = "gui")]
pub mod app;
