//! Where map tiles come from: online providers (OpenStreetMap by default, OpenTopoMap,
//! Humanitarian OSM) with a bounded disk cache and a User-Agent naming the app, or the
//! user's own offline tiles (a `{z}/{x}/{y}.png` folder, an MBTiles or a PMTiles file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use eframe::egui;
use serde::{Deserialize, Serialize};
use walkers::sources::{Attribution, OpenStreetMap, OpenTopoMap, TileSource};
use walkers::{HttpOptions, HttpTiles, Style, Tile, TileId, TilePiece, Tiles};

/// Largest size of the online tile cache on disk; older tiles are removed at start.
pub const CACHE_MAX_BYTES: u64 = 500 * 1024 * 1024;

/// The tile source the user chose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum TileProvider {
    /// OpenStreetMap's standard tiles.
    #[default]
    OpenStreetMap,
    /// OpenTopoMap (topographic).
    OpenTopoMap,
    /// Humanitarian OpenStreetMap Team style.
    Humanitarian,
    /// A folder of `{z}/{x}/{y}.png` (or `.jpg`) tiles.
    Folder(PathBuf),
    /// A PMTiles file of raster tiles.
    PmTiles(PathBuf),
    /// An MBTiles file (SQLite) of raster tiles.
    MbTiles(PathBuf),
}

impl TileProvider {
    /// A name for menus.
    pub fn label(&self) -> String {
        match self {
            TileProvider::OpenStreetMap => "OpenStreetMap".into(),
            TileProvider::OpenTopoMap => "OpenTopoMap".into(),
            TileProvider::Humanitarian => "Humanitarian OSM".into(),
            TileProvider::Folder(p) => format!("Tile folder {}", p.display()),
            TileProvider::PmTiles(p) => format!("PMTiles {}", p.display()),
            TileProvider::MbTiles(p) => format!("MBTiles {}", p.display()),
        }
    }

    /// Whether the tiles come from the network.
    pub fn is_online(&self) -> bool {
        matches!(
            self,
            TileProvider::OpenStreetMap | TileProvider::OpenTopoMap | TileProvider::Humanitarian
        )
    }

    /// The provider for a local path: a `.pmtiles` or `.mbtiles` file, else a folder.
    pub fn local(path: &Path) -> Self {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "pmtiles" => TileProvider::PmTiles(path.to_path_buf()),
            "mbtiles" => TileProvider::MbTiles(path.to_path_buf()),
            _ => TileProvider::Folder(path.to_path_buf()),
        }
    }
}

struct Osm;
impl TileSource for Osm {
    fn tile_url(&self, tile_id: TileId) -> String {
        OpenStreetMap.tile_url(tile_id)
    }
    fn attribution(&self) -> Attribution {
        OpenStreetMap.attribution()
    }
}

struct Hot;
impl TileSource for Hot {
    fn tile_url(&self, t: TileId) -> String {
        format!(
            "https://a.tile.openstreetmap.fr/hot/{}/{}/{}.png",
            t.zoom, t.x, t.y
        )
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            text: "© OpenStreetMap contributors, tiles: Humanitarian OpenStreetMap Team, hosted by OpenStreetMap France",
            url: "https://www.openstreetmap.org/copyright",
            logo_light: None,
            logo_dark: None,
        }
    }
}

fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|d| d.join("newsmap").join("tiles"))
}

/// Removes the oldest files of `dir` until it holds at most `max_bytes`.
pub fn prune_cache(dir: &Path, max_bytes: u64) -> std::io::Result<u64> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                stack.push(e.path());
            } else {
                let modified = m.modified().unwrap_or(std::time::UNIX_EPOCH);
                files.push((modified, m.len(), e.path()));
            }
        }
    }
    let mut total: u64 = files.iter().map(|f| f.1).sum();
    files.sort();
    let mut removed = 0;
    for (_, len, path) in files {
        if total <= max_bytes {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
            removed += len;
        }
    }
    Ok(removed)
}

fn http_options() -> HttpOptions {
    let cache = cache_dir();
    if let Some(dir) = cache.clone() {
        // Keep the cache bounded, off the UI thread.
        let _ = std::thread::Builder::new()
            .name("newsmap-tile-cache".into())
            .spawn(move || prune_cache(&dir, CACHE_MAX_BYTES));
    }
    HttpOptions {
        cache,
        user_agent: Some(walkers::HeaderValue::from_static(concat!(
            "newsmap/",
            env!("CARGO_PKG_VERSION"),
            " (desktop news geoparser)"
        ))),
        ..Default::default()
    }
}

/// The tiles of a provider.
pub fn make_tiles(provider: &TileProvider, ctx: egui::Context) -> Box<dyn Tiles> {
    match provider {
        TileProvider::OpenStreetMap => Box::new(HttpTiles::with_options(Osm, http_options(), ctx)),
        TileProvider::OpenTopoMap => Box::new(HttpTiles::with_options(
            OpenTopoMap(walkers::sources::OpenTopoServer::A),
            http_options(),
            ctx,
        )),
        TileProvider::Humanitarian => Box::new(HttpTiles::with_options(Hot, http_options(), ctx)),
        TileProvider::Folder(_) | TileProvider::MbTiles(_) => {
            match make_local(provider, ctx.clone()) {
                Some(t) => Box::new(t),
                None => Box::new(FolderTiles::new(TileStore::Missing, ctx)),
            }
        }
        TileProvider::PmTiles(path) => Box::new(walkers::PmTiles::new(path, ctx)),
    }
}

/// The local tiles of a folder or MBTiles provider (None for others).
pub fn make_local(provider: &TileProvider, ctx: egui::Context) -> Option<FolderTiles> {
    match provider {
        TileProvider::Folder(dir) => Some(FolderTiles::new(TileStore::Folder(dir.clone()), ctx)),
        TileProvider::MbTiles(path) => {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
            let store = rusqlite::Connection::open_with_flags(path, flags)
                .map(TileStore::MbTiles)
                .unwrap_or(TileStore::Missing);
            Some(FolderTiles::new(store, ctx))
        }
        _ => None,
    }
}

/// Where local tiles are kept.
pub enum TileStore {
    /// A folder laid out `{z}/{x}/{y}.png` (or `.jpg`).
    Folder(PathBuf),
    /// An MBTiles file (rows in TMS order: y counted from the south).
    MbTiles(rusqlite::Connection),
    /// A file that could not be opened: no tiles.
    Missing,
}

/// Tiles from a folder or an MBTiles file, decoded as they are first shown, a few per frame.
pub struct FolderTiles {
    store: TileStore,
    ctx: egui::Context,
    cache: HashMap<TileId, Option<Tile>>,
    frame: u64,
    decoded_in_frame: usize,
}

/// New tiles decoded per frame at most (the rest on the next frames).
const DECODES_PER_FRAME: usize = 6;

impl FolderTiles {
    /// Tiles from `store`.
    pub fn new(store: TileStore, ctx: egui::Context) -> Self {
        FolderTiles {
            store,
            ctx,
            cache: HashMap::new(),
            frame: 0,
            decoded_in_frame: 0,
        }
    }

    fn bytes(&self, id: TileId) -> Option<Vec<u8>> {
        match &self.store {
            TileStore::Folder(dir) => ["png", "jpg", "jpeg"].iter().find_map(|ext| {
                let path = dir
                    .join(id.zoom.to_string())
                    .join(id.x.to_string())
                    .join(format!("{}.{ext}", id.y));
                std::fs::read(path).ok()
            }),
            TileStore::MbTiles(db) => {
                let row = (1u32 << id.zoom).checked_sub(1 + id.y)?;
                db.query_row(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                    (id.zoom, id.x, row),
                    |r| r.get::<_, Vec<u8>>(0),
                )
                .ok()
            }
            TileStore::Missing => None,
        }
    }

    fn load(&self, id: TileId) -> Option<Tile> {
        let bytes = self.bytes(id)?;
        Tile::new(&bytes, &Style, id.zoom, 256, &self.ctx).ok()
    }
}

impl Tiles for FolderTiles {
    fn at(&mut self, id: TileId) -> Option<TilePiece> {
        let whole = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
        if let Some(t) = self.cache.get(&id) {
            return t.clone().map(|t| TilePiece::new(t, whole));
        }
        let frame = self.ctx.cumulative_pass_nr();
        if frame != self.frame {
            self.frame = frame;
            self.decoded_in_frame = 0;
        }
        if self.decoded_in_frame >= DECODES_PER_FRAME {
            self.ctx.request_repaint();
            return None;
        }
        self.decoded_in_frame += 1;
        let tile = self.load(id);
        self.cache.insert(id, tile.clone());
        tile.map(|t| TilePiece::new(t, whole))
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "Local tiles",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2x2 PNG.
    const PNG: [u8; 73] = [
        137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 2, 8, 2,
        0, 0, 0, 253, 212, 154, 115, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 248, 127, 162, 2,
        136, 24, 32, 20, 0, 65, 14, 8, 253, 165, 133, 202, 58, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66,
        96, 130,
    ];

    #[test]
    fn folder_tiles_are_read_by_z_x_y() {
        let dir = std::env::temp_dir().join(format!("newsmap-tiles-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("3/4")).unwrap();
        std::fs::write(dir.join("3/4/2.png"), PNG).unwrap();
        let ctx = egui::Context::default();
        let mut tiles = FolderTiles::new(TileStore::Folder(dir.clone()), ctx.clone());
        assert!(
            tiles
                .at(TileId {
                    x: 4,
                    y: 2,
                    zoom: 3
                })
                .is_some()
        );
        assert!(
            tiles
                .at(TileId {
                    x: 5,
                    y: 2,
                    zoom: 3
                })
                .is_none(),
            "missing tile"
        );
        assert_eq!(
            TileProvider::local(Path::new("/maps/ukraine.pmtiles")),
            TileProvider::PmTiles(PathBuf::from("/maps/ukraine.pmtiles"))
        );
        // The same tile in an MBTiles file (TMS rows: y = 2 at zoom 3 is row 5).
        let db_path = dir.join("t.mbtiles");
        let db = rusqlite::Connection::open(&db_path).unwrap();
        db.execute_batch(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);",
        )
        .unwrap();
        db.execute("INSERT INTO tiles VALUES (3, 4, 5, ?1)", [PNG.to_vec()])
            .unwrap();
        drop(db);
        let mut tiles = match make_local(&TileProvider::local(&db_path), ctx) {
            Some(t) => t,
            None => panic!("not a local provider"),
        };
        assert!(
            tiles
                .at(TileId {
                    x: 4,
                    y: 2,
                    zoom: 3
                })
                .is_some()
        );
        assert!(
            tiles
                .at(TileId {
                    x: 4,
                    y: 5,
                    zoom: 3
                })
                .is_none()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn prune_removes_oldest_first() {
        let dir = std::env::temp_dir().join(format!("newsmap-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let sub = dir.join("a");
        std::fs::create_dir_all(&sub).unwrap();
        for (i, name) in ["old", "mid", "new"].iter().enumerate() {
            let p = sub.join(name);
            std::fs::write(&p, vec![0u8; 1000]).unwrap();
            let t =
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 * (i as u64 + 1));
            let f = std::fs::File::options().write(true).open(&p).unwrap();
            f.set_modified(t).unwrap();
        }
        let removed = prune_cache(&dir, 2000).unwrap_or(0);
        assert_eq!(removed, 1000);
        assert!(!sub.join("old").exists());
        assert!(sub.join("new").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
