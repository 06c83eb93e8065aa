//! Place names in the reader's language (issue 14): the map, the places list and exports
//! show English, Ukrainian or Russian names. The names come from language-tagged sources
//! only (`data/local_names.tsv.gz`, built by `scripts/local_names.py`: Unicode CLDR for
//! countries, Natural Earth for regions, Ukraine's register for its settlements and raions,
//! the GeoNames postal dump for Russia's places); a place without one keeps its English
//! name. Excerpts always keep the text as written.

use std::collections::HashMap;
use std::io::Read;

use serde::{Deserialize, Serialize};

/// The bundled names: gzip'd TSV `id<TAB>uk<TAB>ru`, one row per place that has one.
pub static BUNDLED_LOCAL_NAMES: &[u8] = include_bytes!("../../../data/local_names.tsv.gz");

/// The language place names are shown in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum NameLanguage {
    /// English (the gazetteer's display names).
    #[default]
    En,
    /// Ukrainian.
    Uk,
    /// Russian.
    Ru,
}

impl NameLanguage {
    /// Every choice, in menu order.
    pub const ALL: [NameLanguage; 3] = [NameLanguage::En, NameLanguage::Uk, NameLanguage::Ru];

    /// The code used on the command line and in files: `en`, `uk`, `ru`.
    pub fn code(self) -> &'static str {
        match self {
            NameLanguage::En => "en",
            NameLanguage::Uk => "uk",
            NameLanguage::Ru => "ru",
        }
    }

    /// The language's own name, for menus: "English", "Українська", "Русский".
    pub fn label(self) -> &'static str {
        match self {
            NameLanguage::En => "English",
            NameLanguage::Uk => "Українська",
            NameLanguage::Ru => "Русский",
        }
    }

    /// The language of a code ([`NameLanguage::code`]); `None` for another.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// Ukrainian and Russian names by place id.
type Table = HashMap<Box<str>, [Option<Box<str>>; 2]>;

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut text = String::new();
        let read = flate2::read::GzDecoder::new(BUNDLED_LOCAL_NAMES).read_to_string(&mut text);
        if read.is_err() {
            // The file is compiled in and checked by a test: never on a user's machine.
            return Table::default();
        }
        let field = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(Box::from);
        text.lines()
            .skip(1)
            .filter_map(|row| {
                let mut cols = row.split('\t');
                let id = cols.next()?;
                let names = [field(cols.next()), field(cols.next())];
                Some((Box::from(id), names))
            })
            .collect()
    })
}

/// The name of the place with this id in `lang`, when a language-tagged source gives one
/// (never for English: the gazetteer's display name is the English one).
pub fn local_name(id: &str, lang: NameLanguage) -> Option<&'static str> {
    let slot = match lang {
        NameLanguage::En => return None,
        NameLanguage::Uk => 0,
        NameLanguage::Ru => 1,
    };
    table().get(id)?[slot].as_deref()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]
    use super::*;

    #[test]
    fn the_bundled_names_read_and_parse() {
        assert_eq!(local_name("703448", NameLanguage::Uk), Some("Київ"));
        assert_eq!(local_name("703448", NameLanguage::Ru), Some("Киев"));
        assert_eq!(local_name("703448", NameLanguage::En), None);
        assert!(table().len() > 30_000, "{}", table().len());
        assert_eq!(NameLanguage::parse("UK"), Some(NameLanguage::Uk));
        assert_eq!(NameLanguage::parse("de"), None);
    }
}
