//! Inflected Ukrainian and Russian place names: "у Курській області", "под Покровском",
//! "в Києві", "біля Курахового". Gazetteers hold the nominative; these rules guess it back
//! from the common case endings, and every guess is checked against the gazetteer, so a
//! wrong guess costs nothing.

/// Case endings of nouns and adjectives, longest first, with the nominative endings to try
/// in their place.
const ENDINGS: &[(&str, &[&str])] = &[
    // adjectives: feminine (Курській, Курської, Курською; Курской, Курскую), neuter and
    // masculine (Курахового, Кураховому, Кураховим; Донецкого)
    ("ського", &["ське", "ський", "ськ"]),
    ("ському", &["ське", "ський", "ськ"]),
    ("ській", &["ська", "ская"]),
    ("ської", &["ська", "ская"]),
    ("ською", &["ська"]),
    ("ской", &["ская", "ск"]),
    ("ского", &["ское", "ский", "ск"]),
    ("ском", &["ск", "ское", "ский"]),
    ("скую", &["ская"]),
    ("ого", &["е", "ий", "ое", "ый", "о", ""]),
    ("ому", &["е", "ий", "ое", "ый", "о", ""]),
    ("ими", &["е", "и"]),
    ("ій", &["а", "я", "ий"]),
    ("ої", &["а"]),
    ("ою", &["а", "я"]),
    ("ой", &["а", "ая", "ый", "о", ""]),
    ("ей", &["я", "ь", ""]),
    ("им", &["е", "ий", "ый", "о", ""]),
    // nouns: instrumental, dative, locative, genitive (Покровском, Харкові, Києва, Бахмуту)
    ("ові", &[""]),
    ("еві", &[""]),
    ("ом", &["", "о"]),
    ("ем", &["", "ь"]),
    ("ою", &["а"]),
    ("ею", &["я", "ь"]),
    ("ах", &["и", "ы", ""]),
    ("ях", &["і", "и"]),
    ("і", &["", "а", "ь", "я", "е"]),
    ("е", &["", "а", "о"]),
    ("а", &["", "о", "е"]),
    ("у", &["", "а", "о", "е"]),
    ("ю", &["ь", "я"]),
    ("и", &["а", "ь", "ы", "і", ""]),
    ("я", &["ь", "е", ""]),
];

/// The region words of Ukrainian and Russian, in every case: "області", "области".
pub static CYRILLIC_REGION_WORDS: &str =
    include_str!("../../../../data/lexicon/region_words_cyrillic.txt");

/// Whether a word is written in Cyrillic.
pub fn is_cyrillic_word(word: &str) -> bool {
    word.chars().next().is_some_and(crate::text::is_cyrillic)
}

/// Vowel alternations in the last syllable of Ukrainian nominatives: Харків → Харкова,
/// Київ → Києва, Львів → Львова.
pub(crate) fn with_alternations(stem: &str, out: &mut Vec<String>) {
    out.push(stem.to_string());
    for (oblique, nominative) in [
        ("ов", "ів"),
        ("єв", "їв"),
        ("ев", "ів"),
        ("ор", "ір"),
        ("од", "ід"),
    ] {
        if let Some(base) = stem.strip_suffix(oblique) {
            out.push(format!("{base}{nominative}"));
        }
    }
}

/// Nominative guesses for one folded, lower-case Cyrillic word (the word itself first).
pub fn word_nominatives(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    for (ending, replacements) in ENDINGS {
        let Some(stem) = word.strip_suffix(ending) else {
            continue;
        };
        if stem.chars().count() < 3 {
            continue;
        }
        for r in *replacements {
            let mut stems = Vec::new();
            with_alternations(stem, &mut stems);
            for s in stems {
                let guess = format!("{s}{r}");
                if !out.contains(&guess) {
                    out.push(guess);
                }
            }
        }
    }
    out
}

/// Nominative guesses for a folded phrase of one or two Cyrillic words ("курській" →
/// "курська"; "великій новосілці" → "велика новосілка"), best first, at most `limit`.
pub fn phrase_nominatives(phrase: &str, limit: usize) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut out = Vec::new();
    match words.as_slice() {
        [one] => out = word_nominatives(one),
        [first, second] => {
            let a = word_nominatives(first);
            let b = word_nominatives(second);
            'outer: for x in &a {
                for y in &b {
                    out.push(format!("{x} {y}"));
                    if out.len() >= limit {
                        break 'outer;
                    }
                }
            }
        }
        _ => out.push(phrase.to_string()),
    }
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_nominatives() {
        assert!(word_nominatives("покровском").contains(&"покровск".to_string()));
        assert!(word_nominatives("курській").contains(&"курська".to_string()));
        assert!(word_nominatives("курской").contains(&"курская".to_string()));
        assert!(word_nominatives("києві").contains(&"київ".to_string()));
        assert!(word_nominatives("харкові").contains(&"харків".to_string()));
        assert!(word_nominatives("курахового").contains(&"курахове".to_string()));
        assert!(
            phrase_nominatives("донецькій областi", 64).contains(&"донецька областi".to_string())
        );
    }
}
