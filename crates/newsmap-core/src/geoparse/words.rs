//! Word lists the recogniser uses. All entries are folded (see [`crate::text::fold_name`]).

/// Capitalised words that are names of some small place somewhere but, in English news,
/// almost always something else: function words, calendar words, titles, common nouns.
pub static COMMON_WORDS: &str = include_str!("../../../../data/lexicon/common_words.txt");

/// Words that, right before a name, make it a person's name.
pub static TITLES: &str = include_str!("../../../../data/lexicon/titles.txt");

/// Capitalised words that may stand right before a place name without making it a person:
/// "Eastern Ukraine", "Greater London", "Northern Kharkiv".
pub static PLACE_MODIFIERS: &str = include_str!("../../../../data/lexicon/place_modifiers.txt");

/// Generic words that follow a name to make it a first-level region: "the Kursk region",
/// "Donetsk Oblast".
pub static REGION_WORDS: &str = include_str!("../../../../data/lexicon/region_words.txt");

/// Plurals of [`REGION_WORDS`]: "the Donetsk and Luhansk regions".
pub static REGION_WORDS_PLURAL: &str =
    include_str!("../../../../data/lexicon/region_words_plural.txt");

/// Generic words that follow a name to make it a populated place: "Kursk city".
pub static CITY_WORDS: &str = include_str!("../../../../data/lexicon/city_words.txt");

/// Lower-case words that may join the words of one name: "Isle of Man", "Rostov-on-Don".
pub static CONNECTORS: &str = include_str!("../../../../data/lexicon/connectors.txt");

use super::inflect::CYRILLIC_REGION_WORDS;

/// A word list for fast membership tests.
#[derive(Debug)]
pub struct WordSet(
    std::collections::HashSet<&'static str, std::hash::BuildHasherDefault<crate::text::FnvHasher>>,
);

impl WordSet {
    fn new(lists: &[&'static str]) -> Self {
        WordSet(
            lists
                .iter()
                .flat_map(|l| crate::ingest::lexicon(l))
                .collect(),
        )
    }

    /// Whether the folded word is in the list.
    pub fn contains(&self, folded: &str) -> bool {
        self.0.contains(folded)
    }
}

macro_rules! word_set {
    ($name:ident, $($list:ident),+) => {
        /// The word set of the list(s) of the same name.
        pub fn $name() -> &'static WordSet {
            static SET: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
            SET.get_or_init(|| WordSet::new(&[$($list),+]))
        }
    };
}

word_set!(common_words, COMMON_WORDS);
word_set!(titles, TITLES);
word_set!(place_modifiers, PLACE_MODIFIERS);
word_set!(region_words, REGION_WORDS, CYRILLIC_REGION_WORDS);
word_set!(region_words_plural, REGION_WORDS_PLURAL);
word_set!(city_words, CITY_WORDS);
word_set!(connectors, CONNECTORS);

/// Words that, after a place name, make the whole a news outlet: "The Moscow Times",
/// "Washington Post", "Kyiv Independent". (After other common words the place stays a
/// place: "the Texas Department of Health", "Dublin City Council".)
pub static MEDIA_WORDS: &str = include_str!("../../../../data/lexicon/media_words.txt");

/// Lower-case words after a name that make it a disease or a virus: "Marburg virus",
/// "Reston ebolavirus", "Zika fever".
pub static DISEASE_WORDS: &str = include_str!("../../../../data/lexicon/disease_words.txt");

/// Several-word names that are not places in news: institutions named after a building.
pub static NOT_PLACES: &str = include_str!("../../../../data/lexicon/not_places.txt");

word_set!(media_words, MEDIA_WORDS);
word_set!(disease_words, DISEASE_WORDS);
word_set!(not_places, NOT_PLACES);
word_set!(us_postal_codes, US_POSTAL_CODES);

/// Abbreviations of states and provinces after a town ("Monroeville, Ala.", "Harrisburg,
/// Pa.", "Kelowna, B.C.", "Springfield, IL"), folded, with the GeoNames first-level code.
/// The AP-style forms end in a period in the text; the two-letter postal codes are
/// upper case.
pub static STATE_ABBREVIATIONS: &str =
    include_str!("../../../../data/lexicon/state_abbreviations.tsv");

/// Two-letter US postal codes, upper case in the text after a comma ("Alexandria, VA"),
/// folded in the list.
pub static US_POSTAL_CODES: &str = include_str!("../../../../data/lexicon/us_postal_codes.txt");

/// Whether a word is a US postal code as the text writes it: two capitals ("VA").
pub fn is_postal_code(word: &str) -> bool {
    word.len() == 2
        && word.bytes().all(|b| b.is_ascii_uppercase())
        && us_postal_codes().contains(&word.to_ascii_lowercase())
}

/// The first-level code an abbreviation stands for.
pub fn state_abbreviation(folded: &str) -> Option<&'static str> {
    crate::ingest::lexicon(STATE_ABBREVIATIONS)
        .filter_map(|l| l.split_once('\t'))
        .find(|(a, _)| *a == folded)
        .map(|(_, code)| code)
}

/// The demonyms of `data/demonyms.tsv` (country code, adjective), built by the data script.
static DEMONYMS_TSV: &str = include_str!("../../../../data/demonyms.tsv");

/// The country (ISO 3166-1 alpha-2) whose demonym is the folded word(s) `folded`, in the
/// singular or the plural ("ukrainian", "ukrainians").
pub fn demonym_country(folded: &str) -> Option<&'static str> {
    demonym_exact(folded).or_else(|| folded.strip_suffix('s').and_then(demonym_exact))
}

fn demonym_exact(folded: &str) -> Option<&'static str> {
    static MAP: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut v: Vec<(String, &'static str)> = DEMONYMS_TSV
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once('\t'))
            .map(|(iso, name)| (crate::text::fold_name(name), iso))
            .collect();
        v.sort();
        v.dedup_by(|a, b| a.0 == b.0);
        v
    });
    map.binary_search_by(|(k, _)| k.as_str().cmp(folded))
        .ok()
        .map(|i| map[i].1)
}
