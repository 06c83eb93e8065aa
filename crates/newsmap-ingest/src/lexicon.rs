//! Word lists kept as data: files under `data/lexicon/`, one entry a line (lines starting
//! with `#` are comments), compiled in with `include_str!`.

/// The entries of a word list file.
pub fn lexicon(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
