//! Text primitives shared by the gazetteer and the geoparser: name folding, tokens and
//! sentences. Everything works on `&str` with byte offsets; [`CharIndex`] converts them to the
//! Unicode character offsets that the outside world sees.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds a name to the key under which it is looked up: lower case, diacritics removed
/// (except in Cyrillic, where й and ї are letters of their own), apostrophes and periods
/// dropped, hyphens and other punctuation turned into single spaces.
///
/// `fold_name("Kam'yanets-Podil's'kyi") == "kamyanets podilskyi"`,
/// `fold_name("St. Petersburg") == "st petersburg"`, `fold_name("Київ") == "київ"`.
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_name_into(name, &mut out);
    out
}

/// [`fold_name`] into a buffer the caller reuses (it is cleared first).
pub fn fold_name_into(name: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    let push = |c: char, out: &mut String, pending_space: &mut bool| {
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        out.push(c);
    };
    for c in name.chars() {
        if c.is_ascii() {
            match c {
                'A'..='Z' => push(c.to_ascii_lowercase(), out, &mut pending_space),
                'a'..='z' | '0'..='9' => push(c, out, &mut pending_space),
                '\'' | '.' | '`' => {}
                _ => pending_space = true,
            }
            continue;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02B9}' | '\u{00B4}' => {}
            'ё' | 'Ё' => push('е', out, &mut pending_space),
            _ if is_cyrillic(c) => {
                for l in c.to_lowercase() {
                    push(l, out, &mut pending_space);
                }
            }
            _ if c.is_alphanumeric() => {
                for d in c.nfd() {
                    if is_combining_mark(d) {
                        continue;
                    }
                    for l in d.to_lowercase() {
                        push(l, out, &mut pending_space);
                    }
                }
            }
            _ if is_combining_mark(c) => {}
            _ => pending_space = true,
        }
    }
}

/// The romanisation-neutral key of a folded Latin name: the key under which the spellings
/// of one Ukrainian or Russian name meet (issue 13). One rule set, applied to the
/// gazetteer's names and the text's alike: "y" and "i" are one letter ("Kyiv", "Kiiv";
/// "Staromayorske", "Staromaiorske"), "ie" is "e" ("Kremyanoye", "Kremianoe"), doubled
/// letters and "zhzh" are single ("Zaporizhzhia", "Zaporizhia"), and a word ending "-skoe"
/// is "-ske" ("Staromaiorskoye" meets "Staromaiorske"). Apostrophes are gone already
/// (folding drops them: "Mar'inka" is "marinka").
///
/// The key starts with "~", so it never equals a name as written: a text's word reaches a
/// place through it only where the gazetteer indexed that place's names so (Ukrainian,
/// Russian and Belarusian places), and only when no name is spelt as the text writes it.
/// Names with letters outside a–z have none.
pub fn neutral_key(folded: &str) -> Option<String> {
    let mut buf = [0u8; NEUTRAL_MAX];
    let n = neutral_bytes(folded, &mut buf)?;
    Some(buf[..n].iter().map(|&b| char::from(b)).collect())
}

/// The hash of [`neutral_key`] (as [`key_hash`] gives it), without allocating: lookups try
/// it for every name that is not found as written.
pub fn neutral_key_hash(folded: &str) -> Option<u64> {
    use std::hash::Hasher;
    let mut buf = [0u8; NEUTRAL_MAX];
    let n = neutral_bytes(folded, &mut buf)?;
    let mut h = FnvHasher::default();
    h.write(&buf[..n]);
    Some(h.finish())
}

/// Longest name with a neutral key, in bytes (longer ones have none).
const NEUTRAL_MAX: usize = 120;

/// Writes the neutral key of `folded` into `buf`; returns its length.
fn neutral_bytes(folded: &str, buf: &mut [u8; NEUTRAL_MAX]) -> Option<usize> {
    let bytes = folded.as_bytes();
    if bytes.is_empty()
        || bytes.len() >= NEUTRAL_MAX
        || !bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b == b' ' || b.is_ascii_digit())
    {
        return None;
    }
    buf[0] = b'~';
    let mut n = 1;
    for (i, word) in bytes.split(|&b| b == b' ').enumerate() {
        if i > 0 {
            buf[n] = b' ';
            n += 1;
        }
        let start = n;
        let mut k = 0;
        while k < word.len() {
            let c = if word[k] == b'y' { b'i' } else { word[k] };
            let next = word.get(k + 1).map(|&b| if b == b'y' { b'i' } else { b });
            // "ie" -> "e".
            if c == b'i' && next == Some(b'e') {
                k += 1;
                continue;
            }
            // "zhzh" -> "zh".
            if word[k..].starts_with(b"zhzh") {
                k += 2;
                continue;
            }
            // Doubled letters are single.
            if n > start && buf[n - 1] == c {
                k += 1;
                continue;
            }
            buf[n] = c;
            n += 1;
            k += 1;
        }
        if buf[start..n].ends_with(b"skoe") {
            n -= 1;
            buf[n - 2] = b'k';
            buf[n - 1] = b'e';
        }
    }
    Some(n)
}

/// Whether `c` is a Cyrillic letter.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

pub use newsmap_ingest::{FnvHasher, key_hash, thousands};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits, apostrophes inside the word).
    Word,
    /// A run of digits.
    Number,
    /// One punctuation character.
    Punct,
}

/// A token with its byte span in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
    /// Whether whitespace precedes the token.
    pub space_before: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Whether a word starts with an upper-case letter.
    pub fn is_capitalized(&self, text: &str) -> bool {
        self.kind == TokenKind::Word
            && text[self.start..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Splits text into words, numbers and punctuation. An apostrophe between two letters stays
/// inside the word ("Kam'yanske", "Moscow's").
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut iter = text.char_indices().peekable();
    let mut space_before = true;
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            space_before = true;
            continue;
        }
        if c.is_alphabetic() || c.is_ascii_digit() {
            let numeric = c.is_ascii_digit();
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphanumeric() || is_combining_mark(d) {
                    end = j + d.len_utf8();
                    iter.next();
                } else if is_apostrophe(d) {
                    // Keep it only when a letter follows.
                    let mut look = iter.clone();
                    look.next();
                    match look.peek() {
                        Some(&(_, e)) if e.is_alphabetic() => {
                            end = j + d.len_utf8();
                            iter.next();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            let kind = if numeric && text[i..end].chars().all(|c| c.is_ascii_digit()) {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            tokens.push(Token {
                start: i,
                end,
                kind,
                space_before,
            });
        } else {
            tokens.push(Token {
                start: i,
                end: i + c.len_utf8(),
                kind: TokenKind::Punct,
                space_before,
            });
        }
        space_before = false;
    }
    tokens
}

/// Words after which a period does not end a sentence.
static ABBREVIATIONS: &str = include_str!("../../../data/lexicon/abbreviations.txt");

/// [`ABBREVIATIONS`] as a set, loaded once.
fn abbreviations() -> &'static std::collections::BTreeSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::BTreeSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| crate::ingest::lexicon(ABBREVIATIONS).collect())
}

/// Byte ranges of the sentences of a text. A sentence ends at `.`, `!` or `?` followed by
/// space and a capital letter, a digit or a quote (not after a common abbreviation or an
/// initial), and at every line break.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let bytes = text.as_bytes();
    let push = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        let seg = &text[s..e];
        let trimmed_start = s + (seg.len() - seg.trim_start().len());
        let trimmed_end = e - (seg.len() - seg.trim_end().len());
        if trimmed_end > trimmed_start {
            out.push((trimmed_start, trimmed_end));
        }
    };
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            push(start, i, &mut out);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?') {
            // Include closing quotes and brackets.
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')') {
                end += 1;
            }
            let rest = &text[end..];
            let after_space = rest.trim_start_matches([' ', '\t']);
            let has_space = after_space.len() < rest.len();
            let next = after_space.chars().next();
            let opens = next.is_some_and(|c| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201C}' | '\'')
            });
            if has_space && opens && !(b == b'.' && ends_with_abbreviation(&text[start..i])) {
                push(start, end, &mut out);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push(start, text.len(), &mut out);
    out
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    let lower = word.to_lowercase();
    abbreviations().contains(lower.as_str())
}

/// Converts byte offsets of one text to character offsets, for offsets asked in increasing
/// order (it remembers where it stopped).
#[derive(Debug)]
pub struct CharIndex<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    /// An index over `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `byte` (which must lie on a char boundary).
    pub fn chars_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let byte = byte.min(self.text.len());
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_latin_cyrillic_and_punctuation() {
        assert_eq!(fold_name("Kam'yanets-Podil's'kyi"), "kamyanets podilskyi");
        assert_eq!(fold_name("St. Petersburg"), "st petersburg");
        assert_eq!(fold_name("Київ"), "київ");
        assert_eq!(fold_name("Ёлкино"), "елкино");
        assert_eq!(fold_name("Zürich"), "zurich");
        assert_eq!(fold_name("  Velyka   Novosilka "), "velyka novosilka");
        assert_eq!(fold_name("U.S."), "us");
    }

    #[test]
    fn tokenizes_possessives_and_cyrillic() {
        let text = "Moscow's forces, у Курській області.";
        let words: Vec<&str> = tokenize(text)
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(words, ["Moscow's", "forces", "у", "Курській", "області"]);
    }

    #[test]
    fn splits_sentences_but_not_after_abbreviations() {
        let text = "He lives in Alexandria, Va. near the river. Then he left! Mr. Smith stayed.";
        let s: Vec<&str> = sentences(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            s,
            [
                "He lives in Alexandria, Va. near the river.",
                "Then he left!",
                "Mr. Smith stayed."
            ]
        );
    }

    #[test]
    fn counts_characters() {
        let text = "Київ і Kyiv";
        let mut idx = CharIndex::new(text);
        let kyiv = text.find("Kyiv").unwrap_or(0);
        assert_eq!(idx.chars_at(kyiv), 7);
    }
}
