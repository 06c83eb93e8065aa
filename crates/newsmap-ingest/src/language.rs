//! The language a text is written in (issue 14), by whatlang's trigram profiles: Ukrainian
//! and Russian reports are read with their own rules, and Belarusian and Bulgarian ones are
//! not read with them by accident.

/// A language newsmap tells apart. Texts in other languages are [`Language::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    /// English.
    English,
    /// Ukrainian.
    Ukrainian,
    /// Russian.
    Russian,
    /// Belarusian.
    Belarusian,
    /// Bulgarian.
    Bulgarian,
    /// Any other language (its ISO 639-3 code), or a text too short to tell.
    Other(&'static str),
}

impl Language {
    /// The ISO 639-1 code (`en`, `uk`, `ru`, `be`, `bg`), or the ISO 639-3 code of another
    /// language (`deu`), or `und` when unknown.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Ukrainian => "uk",
            Language::Russian => "ru",
            Language::Belarusian => "be",
            Language::Bulgarian => "bg",
            Language::Other(code) => code,
        }
    }

    /// Whether the Russian and Ukrainian rules apply: case endings, first names and
    /// patronymics, the ending rules' guesses.
    pub fn is_russian_or_ukrainian(self) -> bool {
        matches!(self, Language::Ukrainian | Language::Russian)
    }

    fn of(lang: whatlang::Lang) -> Self {
        match lang {
            whatlang::Lang::Eng => Language::English,
            whatlang::Lang::Ukr => Language::Ukrainian,
            whatlang::Lang::Rus => Language::Russian,
            whatlang::Lang::Bel => Language::Belarusian,
            whatlang::Lang::Bul => Language::Bulgarian,
            other => Language::Other(other.code()),
        }
    }
}

/// The unknown language.
pub const UNDETERMINED: Language = Language::Other("und");

/// Fewer letters than this say too little: the text's language is unknown.
const MIN_LETTERS: usize = 12;

/// The languages of Cyrillic text told apart (a Cyrillic sentence is never French).
const CYRILLIC: [whatlang::Lang; 6] = [
    whatlang::Lang::Ukr,
    whatlang::Lang::Rus,
    whatlang::Lang::Bel,
    whatlang::Lang::Bul,
    whatlang::Lang::Srp,
    whatlang::Lang::Mkd,
];

/// The language of `text`, or [`UNDETERMINED`] when it is too short or mixed to tell. A
/// text mostly in Cyrillic is told among the Cyrillic-writing languages only.
pub fn detect_language(text: &str) -> Language {
    let (mut letters, mut cyrillic) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyrillic += 1;
        }
    }
    if letters < MIN_LETTERS {
        return UNDETERMINED;
    }
    if cyrillic * 2 < letters {
        return match whatlang::detect(text) {
            Some(info) => Language::of(info.lang()),
            None => UNDETERMINED,
        };
    }
    // Letters one language writes and another does not narrow the choice before the
    // profiles decide: ы and э are no Ukrainian, Belarusian or Bulgarian; ї, є and ґ are
    // Ukrainian; ў is Belarusian; щ and и are no Belarusian.
    let has = |set: &[char]| {
        text.chars()
            .any(|c| c.to_lowercase().any(|l| set.contains(&l)))
    };
    let mut allowed = CYRILLIC.to_vec();
    let mut keep = |langs: &[whatlang::Lang]| allowed.retain(|l| langs.contains(l));
    if has(&['ы', 'э']) {
        keep(&[whatlang::Lang::Rus, whatlang::Lang::Bel]);
    }
    if has(&['ї', 'є', 'ґ']) {
        keep(&[whatlang::Lang::Ukr]);
    }
    if has(&['ў']) {
        keep(&[whatlang::Lang::Bel]);
    }
    if has(&['щ', 'и']) {
        allowed.retain(|l| *l != whatlang::Lang::Bel);
    }
    match allowed.as_slice() {
        [] => UNDETERMINED,
        [one] => Language::of(*one),
        // Unsure between Russian and Bulgarian (a short sentence has no telling letter):
        // undetermined, so that a sentence takes its document's language.
        _ => match whatlang::Detector::with_allowlist(allowed).detect(text) {
            Some(info) if info.is_reliable() => Language::of(info.lang()),
            _ => UNDETERMINED,
        },
    }
}

/// The language of a whole document, told from its first few thousand characters (enough
/// for the profiles, and bounded for a long text).
pub fn detect_document_language(text: &str) -> Language {
    let mut cut = text.len().min(8_000);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    detect_language(&text[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_cyrillic_languages_apart() {
        let cases = [
            (
                "Російські війська обстріляли Покровськ, повідомила обласна військова адміністрація.",
                Language::Ukrainian,
            ),
            (
                "Российские войска обстреляли Покровск, сообщила областная администрация. По её \
                 данным, в результате обстрела пострадали три человека, повреждены дома.",
                Language::Russian,
            ),
            (
                "Расійскія войскі абстралялі горад, паведаміла абласная адміністрацыя ў панядзелак.",
                Language::Belarusian,
            ),
            (
                "Правителството в София обсъди днес бюджета за следващата година и новите данъци. \
                 Министърът на финансите каза, че дефицитът ще остане под три процента.",
                Language::Bulgarian,
            ),
            (
                "Russian forces shelled the town of Pokrovsk in the Donetsk region on Monday.",
                Language::English,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(detect_language(text), want, "{text}");
        }
        assert_eq!(detect_language("Київ"), UNDETERMINED);
        assert_eq!(Language::Ukrainian.code(), "uk");
    }
}
