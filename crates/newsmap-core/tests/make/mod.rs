//! What the core's tests make: the files of `newsmap-ingest`'s tests (PDFs, zip archives,
//! the PDF corpus), the bundled gazetteer and the names a collection pins.
#![allow(dead_code)]

#[path = "../../../newsmap-ingest/tests/make/mod.rs"]
mod files;
#[allow(unused_imports, reason = "each test binary uses some of them")]
pub use files::*;

/// The bundled gazetteer, loaded once per test binary.
pub fn gaz() -> &'static newsmap_core::Gazetteer {
    static G: std::sync::OnceLock<newsmap_core::Gazetteer> = std::sync::OnceLock::new();
    G.get_or_init(|| newsmap_core::Gazetteer::bundled().unwrap())
}

/// The names of the places a collection puts on the map, sorted.
pub fn pinned(coll: &newsmap_core::Collection) -> Vec<String> {
    let g = gaz();
    let mut v: Vec<String> = coll
        .places(g)
        .iter()
        .map(|p| g.place(p.place).name.clone())
        .collect();
    v.sort();
    v
}
