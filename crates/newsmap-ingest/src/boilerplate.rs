//! Boilerplate inside an article's text: donation appeals, newsletter and subscription
//! prompts, share and "read more" lines, copyright footers. Found by what it says (appeal
//! and footer language, in English, Russian and Ukrainian), not by one publisher's phrases;
//! text repeated across many documents of one source is found by the collection.
//!
//! The text is kept whole (offsets stay valid, the reader shows the parts greyed); place
//! names inside boilerplate do not become pins.

/// Phrases that by themselves mark a short paragraph as boilerplate and start a block.
static STRONG_LIST: &str = include_str!("../../../data/lexicon/appeal_cues.txt");

/// Words of an appeal's voice: a paragraph holding one continues a block begun by a
/// strong cue ("We are facing unprecedented challenges...", "Your support...").
static WEAK_LIST: &str = include_str!("../../../data/lexicon/appeal_words.txt");

/// Words that address the reader: an appeal asks someone.
static SECOND_PERSON_LIST: &str = include_str!("../../../data/lexicon/second_person.txt");

/// The entries of a list, loaded once.
macro_rules! list {
    ($name:ident, $text:ident) => {
        fn $name() -> &'static [&'static str] {
            static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
            LIST.get_or_init(|| crate::lexicon($text).collect())
        }
    };
}
list!(strong_phrases, STRONG_LIST);
list!(weak_words, WEAK_LIST);
list!(second_person, SECOND_PERSON_LIST);

/// A paragraph up to this long with a cue that addresses the reader, or begins with the
/// cue ("Subscribe to...", "Read more"), is an appeal or a footer; a longer one needs two
/// cues and two words to the reader.
const SHORT_CHARS: usize = 300;
/// A line this short holding a cue is page furniture ("Share this", "© 2024 Reuters").
const LINE_CHARS: usize = 80;
/// Boilerplate marks are dropped when they would leave fewer words of article than this
/// (and less than a quarter of the text): a document keeps its places, however it is worded.
const MIN_ARTICLE_WORDS: usize = 30;

/// The units of a text: its non-empty lines, as byte ranges (trimmed).
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            out.push((start + lead, start + lead + trimmed.len()));
        }
        start = end;
    }
    out
}

fn strong_cues(lower: &str) -> usize {
    strong_phrases()
        .iter()
        .filter(|c| lower.contains(*c))
        .count()
}

fn count_words(lower: &str, list: &[&str]) -> usize {
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| list.contains(w))
        .count()
}

/// Whether a paragraph (lower-cased) is an appeal or page furniture by itself: it asks the
/// reader for something (money, a subscription, a click) or is a short line of furniture,
/// not merely a paragraph holding such a word.
fn is_appeal(lower: &str) -> bool {
    let strong = strong_cues(lower);
    if strong == 0 {
        return false;
    }
    let chars = lower.chars().count();
    let to_reader = count_words(lower, second_person());
    let begins_with_cue = strong_phrases().iter().any(|c| lower.starts_with(c));
    if chars <= LINE_CHARS {
        return true;
    }
    if chars <= SHORT_CHARS {
        return to_reader > 0 || begins_with_cue;
    }
    strong >= 2 && to_reader >= 2
}

/// The byte ranges of boilerplate paragraphs, in text order.
pub fn find(text: &str) -> Vec<(usize, usize)> {
    let paras = paragraphs(text);
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut in_block = false;
    for &(a, b) in &paras {
        let lower = text[a..b].to_lowercase();
        // A short paragraph in an appeal's voice goes on with a block an appeal began
        // ("We face pressure...", "Your support keeps...").
        let continues = in_block
            && lower.chars().count() <= SHORT_CHARS
            && (count_words(&lower, weak_words()) + count_words(&lower, second_person()) > 0
                || strong_cues(&lower) > 0);
        if is_appeal(&lower) || continues {
            in_block = true;
            match out.last_mut() {
                // Adjacent paragraphs make one range.
                Some(last) if text[last.1..a].trim().is_empty() => last.1 = b,
                _ => out.push((a, b)),
            }
        } else {
            in_block = false;
        }
    }
    if swallows_article(text, &out) {
        return Vec::new();
    }
    out
}

/// Whether boilerplate `ranges` would leave too little of `text` to be an article (fewer
/// than [`MIN_ARTICLE_WORDS`] words and less than a quarter of its words): then the marks are wrong,
/// or the document is all appeal, and either way it keeps its places.
pub fn swallows_article(text: &str, ranges: &[(usize, usize)]) -> bool {
    if ranges.is_empty() {
        return false;
    }
    let words = |s: &str| s.split_whitespace().count();
    let total = words(text);
    let inside: usize = ranges.iter().map(|&(a, b)| words(&text[a..b])).sum();
    let left = total.saturating_sub(inside);
    left < MIN_ARTICLE_WORDS && left * 4 < total
}

/// Whether the byte range `(start, end)` lies inside one of `ranges`.
pub fn covers(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    ranges.iter().any(|&(a, b)| a <= start && end <= b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appeal_block_after_article() {
        let text = "Russian forces pushed toward Pokrovsk, officials in Kyiv said.\n\
                    The fighting continued near Kurakhove.\n\
                    A Message from Our Newsroom:\n\
                    Dear readers,\n\
                    We face pressure from the authorities in Russia, and our work is at risk.\n\
                    Your support keeps independent journalism alive.\n\
                    Remind me later.\n";
        let found = find(text);
        assert_eq!(found.len(), 1);
        let (a, b) = found[0];
        assert!(text[a..b].starts_with("A Message from"));
        assert!(text[a..b].ends_with("Remind me later."));
        let russia = text.find("Russia,").unwrap_or(0);
        assert!(covers(&found, russia, russia + 6));
        let kyiv = text.find("Kyiv").unwrap_or(0);
        assert!(!covers(&found, kyiv, kyiv + 4));
    }

    #[test]
    fn news_that_mentions_a_newsletter_in_passing_stays() {
        let long = "The governor said on Monday that the regional newsletter, which had reported \
                    on the shelling of Kharkiv for months, would close after the city's printing \
                    house was destroyed in a strike that also damaged two schools and a hospital, \
                    and that staff would move to Lviv, where they hoped to resume work next year \
                    once funding was found and the equipment could be replaced.";
        assert!(find(long).is_empty());
    }

    #[test]
    fn russian_and_ukrainian_appeals() {
        let text = "Армия отступила от Покровска.\nПодпишитесь на наш канал.\n\
                    Підтримайте нашу редакцію.\n";
        let found = find(text);
        assert_eq!(found.len(), 1);
        assert!(text[found[0].0..found[0].1].starts_with("Подпишитесь"));
    }
}
