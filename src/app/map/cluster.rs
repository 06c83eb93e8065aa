//! Clustering pins that would overlap on screen: pure code on screen positions, a dense
//! grid over the view's cells with squared distances, checked against brute force.

use crate::FnvHasher;

/// Pins closer than this on screen merge into a cluster.
pub const CLUSTER_PX: f32 = 34.0;
/// From this zoom on, pins never cluster.
pub const NO_CLUSTER_ZOOM: f64 = 11.0;

/// The cluster seeds in each grid cell (in the order they were made): a dense grid over
/// the cells the positions span (the view's few hundred), or a hash map when they span
/// more than a screen would.
enum SeedGrid {
    Dense {
        origin: (i32, i32),
        cols: i32,
        rows: i32,
        cells: Vec<Vec<u32>>,
    },
    Sparse(
        std::collections::HashMap<(i32, i32), Vec<u32>, std::hash::BuildHasherDefault<FnvHasher>>,
    ),
}

impl SeedGrid {
    /// A grid for these cells.
    fn new(cells: impl Iterator<Item = (i32, i32)>) -> Self {
        let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        let mut n = 0usize;
        for (x, y) in cells {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            n += 1;
        }
        let cols = i64::from(x1) - i64::from(x0) + 1;
        let rows = i64::from(y1) - i64::from(y0) + 1;
        if n > 0 && cols * rows <= 65_536 {
            // Both at most 65,536, so they fit in i32 and usize.
            SeedGrid::Dense {
                origin: (x0, y0),
                cols: cols as i32,
                rows: rows as i32,
                cells: vec![Vec::new(); (cols * rows) as usize],
            }
        } else {
            SeedGrid::Sparse(Default::default())
        }
    }

    fn slot(origin: (i32, i32), cols: i32, rows: i32, (x, y): (i32, i32)) -> Option<usize> {
        let (cx, cy) = (x.checked_sub(origin.0)?, y.checked_sub(origin.1)?);
        ((0..cols).contains(&cx) && (0..rows).contains(&cy)).then(|| (cy * cols + cx) as usize)
    }

    /// The seeds in a cell.
    fn get(&self, c: (i32, i32)) -> &[u32] {
        match self {
            SeedGrid::Dense {
                origin,
                cols,
                rows,
                cells,
            } => Self::slot(*origin, *cols, *rows, c).map_or(&[][..], |k| cells[k].as_slice()),
            SeedGrid::Sparse(map) => map.get(&c).map_or(&[][..], Vec::as_slice),
        }
    }

    /// Adds a seed to a cell.
    fn push(&mut self, c: (i32, i32), seed: u32) {
        match self {
            SeedGrid::Dense {
                origin,
                cols,
                rows,
                cells,
            } => {
                if let Some(k) = Self::slot(*origin, *cols, *rows, c) {
                    cells[k].push(seed);
                }
            }
            SeedGrid::Sparse(map) => map.entry(c).or_default().push(seed),
        }
    }
}

/// Places that stay single pins, and clusters of places that would overlap, by screen
/// position: indices into `places` (given most mentioned first). Each place joins the
/// nearest cluster seed within [`CLUSTER_PX`], else seeds a new one, so the most mentioned
/// place of a cluster is its seed. The selected place is never clustered.
pub fn cluster(
    positions: &[(usize, [f32; 2])],
    zoom: f64,
    selected_index: Option<usize>,
) -> (Vec<usize>, Vec<Vec<usize>>) {
    if zoom >= NO_CLUSTER_ZOOM {
        return (positions.iter().map(|(i, _)| *i).collect(), Vec::new());
    }
    let cell = |[x, y]: [f32; 2]| {
        (
            (x / CLUSTER_PX).floor() as i32,
            (y / CLUSTER_PX).floor() as i32,
        )
    };
    let mut seeds = SeedGrid::new(positions.iter().map(|&(_, p)| cell(p)));
    // Seed position, seed, and the members once a second place joins (no allocation for
    // the places that stay single).
    let mut groups: Vec<([f32; 2], usize, Vec<usize>)> = Vec::new();
    let mut singles = Vec::new();
    // Squared distances: the same order as distances, without a square root per pair.
    let reach = CLUSTER_PX * CLUSTER_PX;
    for &(i, pos) in positions {
        if Some(i) == selected_index {
            singles.push(i);
            continue;
        }
        let (cx, cy) = cell(pos);
        let mut best: Option<(f32, usize)> = None;
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &g in seeds.get((cx + dx, cy + dy)) {
                    let g = g as usize;
                    let d = distance_sq(groups[g].0, pos);
                    if d <= reach && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, g));
                    }
                }
            }
        }
        match best {
            Some((_, g)) => {
                let (_, seed, members) = &mut groups[g];
                if members.is_empty() {
                    members.push(*seed);
                }
                members.push(i);
            }
            None => {
                seeds.push((cx, cy), groups.len() as u32);
                groups.push((pos, i, Vec::new()));
            }
        }
    }
    let mut clusters = Vec::new();
    for (_, seed, members) in groups {
        if members.is_empty() {
            singles.push(seed);
        } else {
            clusters.push(members);
        }
    }
    singles.sort_unstable();
    (singles, clusters)
}

/// The squared distance between two screen positions.
fn distance_sq(a: [f32; 2], b: [f32; 2]) -> f32 {
    let (dx, dy) = (a[0] - b[0], a[1] - b[1]);
    dx * dx + dy * dy
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clustering by brute force: each place joins the nearest seed within
    /// [`CLUSTER_PX`], else seeds a cluster.
    fn brute_force(positions: &[(usize, [f32; 2])]) -> (Vec<usize>, Vec<Vec<usize>>) {
        let mut groups: Vec<([f32; 2], Vec<usize>)> = Vec::new();
        for &(i, pos) in positions {
            let best = groups
                .iter()
                .enumerate()
                .map(|(g, (seed, _))| (distance_sq(*seed, pos).sqrt(), g))
                .filter(|(d, _)| *d <= CLUSTER_PX)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((_, g)) => groups[g].1.push(i),
                None => groups.push((pos, vec![i])),
            }
        }
        let mut singles = Vec::new();
        let mut clusters = Vec::new();
        for (_, members) in groups {
            if members.len() == 1 {
                singles.push(members[0]);
            } else {
                clusters.push(members);
            }
        }
        singles.sort_unstable();
        (singles, clusters)
    }

    /// Pseudo-random positions in a `w` by `h` box.
    fn scatter(n: usize, w: f32, h: f32) -> Vec<(usize, [f32; 2])> {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 40) as f32 / (1u64 << 24) as f32
        };
        (0..n).map(|i| (i, [next() * w, next() * h])).collect()
    }

    #[test]
    fn clustering_on_the_grid_matches_brute_force() {
        // A screen's worth of pins (the dense grid), and pins spread far wider (the hash map).
        for positions in [
            scatter(3000, 1280.0, 800.0),
            scatter(6000, 12_000.0, 9_000.0),
        ] {
            let got = cluster(&positions, 4.0, None);
            assert!(!got.1.is_empty());
            assert_eq!(got, brute_force(&positions));
        }
        let positions = scatter(500, 1280.0, 800.0);
        let (singles, clusters) = cluster(&positions, 4.0, Some(7));
        assert!(
            singles.contains(&7),
            "the selected place is never clustered"
        );
        assert!(!clusters.is_empty());
        let (singles, clusters) = cluster(&positions, NO_CLUSTER_ZOOM, None);
        assert_eq!((singles.len(), clusters.len()), (500, 0));
    }
}
