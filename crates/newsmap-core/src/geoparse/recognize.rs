//! Recognition: which stretches of a text are place names.
//!
//! Capitalised word sequences are looked up in the gazetteer, longest first. A match is
//! dropped when the words around it show it is part of a person's or an organisation's name
//! ("Vladimir Putin", "The Moscow Times", "President Lincoln") or when it is a common word
//! that merely begins a sentence. A generic word after the name ("the Kursk region",
//! "Donetsk Oblast") or before it ("the city of Pokrovsk") sets the kind of place meant.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use crate::gazetteer::{Gazetteer, NameHit, PlaceId, PlaceKind};
use crate::ingest::{Language, UNDETERMINED, detect_document_language, detect_language};
use crate::text::{FnvHasher, Token, TokenKind, fold_name_into, sentences, tokenize};

use super::inflect::{is_cyrillic_word, phrase_nominatives};

use super::words::{
    city_words, common_word_names, common_words, company_forms, connectors, cyrillic_countries,
    cyrillic_stop_words, direction_words, disease_words, given_names_cyrillic, is_postal_code,
    kinship_words, media_words, name_word_singular, not_places, place_modifiers, region_words,
    region_words_plural, state_abbreviation, stop_words_of, street_words, street_words_latin,
    street_words_plural, titles,
};

/// Longest name tried, in words.
const MAX_NAME_WORDS: usize = 6;

/// A recognised place name, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Byte offset of the first character (of the name, or of the generic word before it).
    pub start: usize,
    /// Byte offset past the last character (including a generic word after the name).
    pub end: usize,
    /// The folded name looked up (without generic words or a possessive).
    pub key: String,
    /// The places of that name.
    pub hits: Vec<NameHit>,
    /// The kind of place the wording asks for.
    pub kind_hint: Option<PlaceKind>,
    /// The sentence, as a byte range.
    pub sentence: (usize, usize),
    /// The rule that would have left the name out, for a name proposed only for the learned
    /// ranker to weigh (none: the rules take it for a place).
    pub doubt: Option<Doubt>,
    /// The name of a street ("Kingsley Road"): no place of its own, it is shown at the town
    /// the text names around it.
    pub street: bool,
}

/// Why the recognition rules doubt that a name is a place here. Such names are proposed to
/// the learned ranker, which weighs the doubt with everything else it knows (issue 15): the
/// rules alone dropped "Paris" in "the Paris Community Hospital" as surely as in "Paris
/// Hilton".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Doubt {
    /// A capitalised word follows that is not a place: "Paris Hilton", "Dublin City Manager".
    NameFollows,
    /// A capitalised word before it makes it part of a longer name: "John Paris", "the
    /// Georgia Dome's".
    NameBefore,
    /// The name is a common word ("Driver", "Bush").
    CommonWord,
    /// The text uses it as someone's surname ("Jones said" after "John Jones").
    Surname,
    /// A common-word name that only opens its sentence, named nowhere else in the text.
    Opening,
    /// A capitalised facility word follows: "Robinson College", "Pioneer Cinema".
    Facility,
}

impl Span {
    /// A span naming one known place (an abbreviation, a demonym).
    fn of_place(
        place: crate::gazetteer::PlaceId,
        (start, end): (usize, usize),
        key: String,
        kind_hint: PlaceKind,
        sentence: (usize, usize),
    ) -> Self {
        Span {
            start,
            end,
            key,
            hits: vec![NameHit {
                place,
                primary: true,
            }],
            kind_hint: Some(kind_hint),
            sentence,
            doubt: None,
            street: false,
        }
    }
}

struct Ctx<'a> {
    gaz: &'a Gazetteer,
    text: &'a str,
    tokens: Vec<Token>,
    /// For each token: the index of its sentence.
    sentence_of: Vec<usize>,
    /// For each token: whether it is the first word of its sentence.
    sentence_initial: Vec<bool>,
    sentences: Vec<(usize, usize)>,
    /// For each sentence: whether it is written in capitals (a headline).
    shouting: Vec<bool>,
    /// Folded words seen as the surname in a person's name ("John Jones", "Mr. Jones"):
    /// alone later in the text they are the person, not a place.
    surnames: HashSet<String, BuildHasherDefault<FnvHasher>>,
    /// The stems of the Cyrillic ones ([`surname_stem`]): their other case forms.
    surname_stems: HashSet<String, BuildHasherDefault<FnvHasher>>,
    /// For each sentence with Cyrillic words: its language (the document's when the
    /// sentence is too short to tell); [`UNDETERMINED`] for the others.
    langs: Vec<Language>,
}

impl<'a> Ctx<'a> {
    fn new(gaz: &'a Gazetteer, text: &'a str) -> Self {
        let tokens = tokenize(text);
        let sentences = sentences(text);
        let mut sentence_of = Vec::with_capacity(tokens.len());
        let mut sentence_initial = Vec::with_capacity(tokens.len());
        let mut s = 0usize;
        let mut seen_word_in = usize::MAX;
        for t in &tokens {
            while s + 1 < sentences.len() && t.start >= sentences[s].1 {
                s += 1;
            }
            sentence_of.push(s);
            let initial = t.kind == TokenKind::Word && seen_word_in != s;
            if t.kind == TokenKind::Word {
                seen_word_in = s;
            }
            sentence_initial.push(initial);
        }
        let mut shouting = vec![false; sentences.len()];
        let mut counts = vec![(0usize, 0usize); sentences.len()];
        for (t, &s) in tokens.iter().zip(&sentence_of) {
            let w = t.text(text);
            if t.kind == TokenKind::Word && w.chars().count() >= 2 {
                counts[s].0 += 1;
                if w.chars().all(|c| !c.is_lowercase()) {
                    counts[s].1 += 1;
                }
            }
        }
        for (flag, (words, caps)) in shouting.iter_mut().zip(counts) {
            *flag = words >= 3 && caps * 10 >= words * 6;
        }
        let langs = sentence_languages(text, &sentences);
        let mut ctx = Ctx {
            gaz,
            text,
            tokens,
            sentence_of,
            sentence_initial,
            sentences,
            shouting,
            surnames: HashSet::default(),
            surname_stems: HashSet::default(),
            langs,
        };
        ctx.surnames = find_surnames(&ctx);
        // Other case forms of a Cyrillic surname: "Попова" and "Поповою", "Остапенка" and
        // "Остапенко".
        ctx.surname_stems = ctx
            .surnames
            .iter()
            .filter_map(|w| surname_stem(w).map(str::to_string))
            .collect();
        ctx
    }

    /// Whether token `i` opens a quotation (a quotation opens like a sentence: «Он был...»,
    /// «Огни большого города»).
    fn after_quote(&self, i: usize) -> bool {
        i > 0
            && self.tokens[i - 1].kind == TokenKind::Punct
            && matches!(self.word(i - 1), "«" | "„" | "“" | "\"")
    }

    /// The language of the sentence of token `i` (for Cyrillic sentences).
    fn lang(&self, i: usize) -> Language {
        self.langs[self.sentence_of[i]]
    }

    /// Whether the case rules of Russian and Ukrainian (the ending rules' guesses, the
    /// surnames' forms) apply at token `i`: its sentence is in one of them or in
    /// Belarusian, which declines alike ("у Мінску"), or too short to tell; not in
    /// Bulgarian, which has no cases.
    fn case_rules(&self, i: usize) -> bool {
        let lang = self.lang(i);
        lang.is_russian_or_ukrainian() || lang == Language::Belarusian || lang == UNDETERMINED
    }

    /// Whether token `i` stands in a sentence written in capitals.
    fn shouting(&self, i: usize) -> bool {
        self.shouting[self.sentence_of[i]]
    }

    fn word(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    fn is_word(&self, i: usize) -> bool {
        i < self.tokens.len() && self.tokens[i].kind == TokenKind::Word
    }

    fn folded(&self, i: usize, buf: &mut String) {
        fold_name_into(self.word(i), buf);
    }

    /// Whether tokens `a` < `b` are separated by spaces and at most one period, on one
    /// line ("вул. Шевченка").
    fn adjacent_or_period(&self, a: usize, b: usize) -> bool {
        let gap = &self.text[self.tokens[a].end..self.tokens[b].start];
        !gap.contains('\n')
            && gap.matches('.').count() <= 1
            && gap.chars().all(|c| c.is_whitespace() || c == '.')
    }

    /// Whether tokens `a` < `b` are separated by spaces only, on one line.
    fn adjacent(&self, a: usize, b: usize) -> bool {
        let gap = &self.text[self.tokens[a].end..self.tokens[b].start];
        !gap.contains('\n') && gap.chars().all(char::is_whitespace)
    }

    /// The index of the word that may continue a name after word `j`, skipping one joining
    /// hyphen or abbreviation period.
    fn next_name_word(&self, j: usize) -> Option<usize> {
        let mut k = j + 1;
        if k < self.tokens.len() && self.tokens[k].kind == TokenKind::Punct {
            let p = self.word(k);
            let joins = !self.tokens[k].space_before && matches!(p, "-" | "." | "\u{2010}");
            if !joins {
                return None;
            }
            k += 1;
        }
        if !self.is_word(k) {
            return None;
        }
        let gap = &self.text[self.tokens[j].end..self.tokens[k].start];
        if gap.contains('\n') || self.sentence_of[k] != self.sentence_of[j] {
            return None;
        }
        Some(k)
    }

    fn is_capitalized(&self, i: usize) -> bool {
        self.tokens[i].is_capitalized(self.text)
    }

    fn is_all_caps(&self, i: usize) -> bool {
        let w = self.word(i);
        w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase())
    }
}

/// The hits of `key` that are no Russian genitive of a masculine or neuter name: in
/// Bulgarian (no cases) and Belarusian, "Петрова" and "Иванова" are surnames, not the
/// genitives of Петрово and Иванов.
fn without_case_forms(gaz: &Gazetteer, key: &str, hits: Vec<NameHit>) -> Vec<NameHit> {
    let Some(stem) = key.strip_suffix('а') else {
        return hits;
    };
    // The genitive of a masculine name in a consonant (Иванов) or of a neuter one (Петрово).
    let named = |n: &str, h: &NameHit| {
        gaz.lookup_folded(n)
            .iter()
            .any(|e| e.hit().place == h.place)
    };
    let neuter = format!("{stem}о");
    hits.into_iter()
        .filter(|h| !named(stem, h) && !named(&neuter, h))
        .collect()
}

/// Fewer letters than this make a sentence too short to tell its language: it takes the
/// document's.
const SENTENCE_LANGUAGE_LETTERS: usize = 40;

/// The language of each sentence that holds Cyrillic letters (issue 14): told from the
/// sentence when it is long enough, else the document's (a mixed feed changes language from
/// item to item); [`UNDETERMINED`] for sentences without Cyrillic, where no rule asks.
fn sentence_languages(text: &str, sentences: &[(usize, usize)]) -> Vec<Language> {
    let mut langs = vec![UNDETERMINED; sentences.len()];
    if !text.chars().any(crate::text::is_cyrillic) {
        return langs;
    }
    let mut document: Option<Language> = None;
    for (lang, &(a, b)) in langs.iter_mut().zip(sentences) {
        let s = &text[a..b];
        let letters = s.chars().filter(|c| c.is_alphabetic()).count();
        if !s.chars().any(crate::text::is_cyrillic) {
            continue;
        }
        let own = if letters >= SENTENCE_LANGUAGE_LETTERS {
            detect_language(s)
        } else {
            UNDETERMINED
        };
        *lang = if own != UNDETERMINED {
            own
        } else {
            *document.get_or_insert_with(|| detect_document_language(text))
        };
    }
    langs
}

/// Finds place names in `text`, in text order, without overlaps.
///
/// With `doubts`, also the names its rules would leave out, each marked with its [`Doubt`],
/// for the learned ranker to weigh. Spans come in text order.
pub fn recognize_with_doubts(
    gaz: &Gazetteer,
    text: &str,
    options: super::Options,
    doubts: bool,
) -> Vec<Span> {
    let ctx = Ctx::new(gaz, text);
    let mut spans: Vec<Span> = Vec::new();
    let mut plural_region_at: Vec<usize> = Vec::new();
    // Spans named with a plural name word ("Barrow counties").
    let mut plural_name_at: Vec<usize> = Vec::new();
    // Common-word names opening a sentence: kept only when the text names the place so
    // elsewhere (one sense per document).
    let mut deferred: Vec<Span> = Vec::new();
    let mut key = String::new();
    let mut buf = String::new();
    let n = ctx.tokens.len();
    let mut i = 0usize;
    while i < n {
        if !ctx.is_word(i) || !ctx.is_capitalized(i) {
            i += 1;
            continue;
        }
        if text
            .get(ctx.tokens[i].end..)
            .is_some_and(|t| t.starts_with('$'))
        {
            // A currency: "US$460", "A$20", "HK$1".
            i += 1;
            continue;
        }
        if let Some((span, next)) = direction_at(&ctx, i, &mut key, &mut buf) {
            spans.push(span);
            i = next;
            continue;
        }
        if let Some((span, next)) = place_abbreviation_at(&ctx, i, &mut key) {
            spans.push(span);
            i = next;
            continue;
        }
        if let Some((span, next)) = abbreviation_at(&ctx, i) {
            spans.push(span);
            i = next;
            continue;
        }
        if options.demonyms
            && let Some((span, next)) = demonym_at(&ctx, i, &mut key)
        {
            spans.push(span);
            i = next;
            continue;
        }
        // Longest name starting at word i.
        let mut best: Option<(usize, usize, String, Vec<NameHit>)> = None;
        // Whether the best name so far is one word found only by the ending rules.
        let mut guessed = false;
        let mut j = i;
        let mut words = 1;
        loop {
            let start = ctx.tokens[i].start;
            let end = ctx.tokens[j].end;
            let last_ok = ctx.is_capitalized(j) || ctx.is_all_caps(j);
            if last_ok {
                let mut found_here = false;
                if words <= 2
                    && is_cyrillic_word(ctx.word(j))
                    && let Some(hits) = cyrillic_region_phrase(&ctx, start, j, &mut key, &mut buf)
                {
                    // "Запорізької області" is the oblast's name in the genitive, even where
                    // "Запорізької" alone is a village's form.
                    best = Some((j, end, key.clone(), hits));
                    guessed = false;
                    found_here = true;
                }
                let ends = if found_here {
                    [None, None]
                } else {
                    name_ends(&ctx, start, j, end, &mut key)
                };
                for end in ends.into_iter().flatten() {
                    fold_name_into(&text[start..end], &mut key);
                    let hits = gaz.lookup_folded(&key);
                    if !hits.is_empty() {
                        best = Some((j, end, key.clone(), hits.iter().map(|e| e.hit()).collect()));
                        guessed = false;
                        found_here = true;
                        break;
                    }
                }
                if !found_here && words <= 2 && is_cyrillic_word(ctx.word(i)) && ctx.case_rules(i) {
                    fold_name_into(&text[start..end], &mut key);
                    if let Some((guess, hits)) = inflected(&ctx, j, &key, &mut buf) {
                        guessed = j == i;
                        best = Some((j, end, guess, hits));
                    }
                }
            }
            if words >= MAX_NAME_WORDS {
                break;
            }
            let Some(k) = ctx.next_name_word(j) else {
                break;
            };
            ctx.folded(k, &mut buf);
            if !(ctx.is_capitalized(k) || connectors().contains(&buf)) {
                break;
            }
            j = k;
            words += 1;
        }
        let Some((j, name_end, mut name_key, mut hits)) = best else {
            if let Some(span) = oblast_in_list(&ctx, i, &mut key, &mut buf) {
                // "Львівська, Хмельницька та Тернопільська (області)".
                spans.push(span);
            }
            i += 1;
            continue;
        };
        if matches!(ctx.lang(i), Language::Bulgarian | Language::Belarusian)
            && is_cyrillic_word(ctx.word(i))
        {
            // Bulgarian has no cases, and Belarusian its own: a Russian or Ukrainian case
            // form is no name there ("Петрова" is a minister, not Petrove's genitive).
            hits = without_case_forms(ctx.gaz, &name_key, hits);
            if hits.is_empty() {
                i = j + 1;
                continue;
            }
        }
        let single = j == i;
        if !is_cyrillic_word(ctx.word(i))
            && matches!(
                ctx.lang(i),
                Language::Russian
                    | Language::Ukrainian
                    | Language::Belarusian
                    | Language::Bulgarian
            )
        {
            // A Latin name in a Russian or Ukrainian sentence: news in Cyrillic writes
            // places in Cyrillic, and quotes brands, works and people in Latin ("Toyota
            // Prado", "Art in Art", "Forbes"); only a country, a region or a large city
            // stays a place.
            hits.retain(|h| is_large(ctx.gaz.place(h.place)));
            if hits.is_empty() {
                i = j + 1;
                continue;
            }
        }
        if edition_in_title(&ctx, i, j) {
            // «Наші гроші. Львів»: a title's regional edition, not the city.
            i = j + 1;
            continue;
        }
        if single && east_asian_name_at(&ctx, i, &mut buf) {
            // "Ким Чен Ын", "Ван Цзюнь": a one-syllable surname first.
            i = j + 1;
            continue;
        }
        if single && guessed && ctx.sentence_initial[i] {
            // Two weak signs do not make a place: a capital that only opens the sentence and
            // a nominative guessed by the ending rules ("Нині" is no Niny).
            i += 1;
            continue;
        }
        if not_a_place_here(&ctx, i, j, &mut buf) {
            i = j + 1;
            continue;
        }
        if name_end == ctx.tokens[j].end
            && let Some(k) = ctx.next_name_word(j).filter(|&k| ctx.adjacent(j, k))
            && ctx.is_capitalized(k)
            && !is_cyrillic_word(ctx.word(k))
            && {
                ctx.folded(k, &mut buf);
                street_words_latin().contains(&buf)
            }
        {
            // "Kingsley Road", "Wichita Drive": a street's name, not the town's; shown at
            // the town the text names around it. ("The Bakhmut road", in lower case, is the
            // road to Bakhmut: the town stays.)
            spans.push(Span {
                start: ctx.tokens[i].start,
                end: ctx.tokens[k].end,
                key: format!("{name_key} {buf}"),
                hits: Vec::new(),
                kind_hint: None,
                sentence: ctx.sentences[ctx.sentence_of[i]],
                doubt: None,
                street: true,
            });
            i = k + 1;
            continue;
        }
        if single
            && ctx.is_all_caps(i)
            && ctx.word(i).chars().count() <= 5
            && !ctx.shouting(i)
            && !line_start(&ctx, i)
            && hits.iter().all(|h| {
                matches!(
                    ctx.gaz.place(h.place).kind,
                    PlaceKind::City | PlaceKind::District
                )
            })
        {
            // An acronym that spells a town's name: "CHU" (a French hospital) is not Chũ,
            // Vietnam. Countries and regions written so ("UK") come through their names
            // and the abbreviation tables; a dateline's town opens its line.
            i = j + 1;
            continue;
        }
        if not_places().contains(&name_key) || is_contraction(ctx.word(j)) {
            i = j + 1;
            continue;
        }
        // The model learnt its doubts from English news; the Cyrillic rules stay the rules.
        let doubts = doubts && !is_cyrillic_word(ctx.word(i));
        let doubtful = |doubt: Doubt, key: &str, hits: &[NameHit]| Span {
            start: ctx.tokens[i].start,
            end: name_end,
            key: key.to_string(),
            hits: hits.to_vec(),
            kind_hint: None,
            sentence: ctx.sentences[ctx.sentence_of[i]],
            doubt: Some(doubt),
            street: false,
        };
        if single && !ctx.shouting(i) && {
            ctx.folded(i, &mut buf);
            ctx.surnames.contains(&name_key)
                || ctx.surnames.contains(&buf)
                || ctx.case_rules(i)
                    && surname_stem(&buf).is_some_and(|stem| ctx.surname_stems.contains(stem))
        } {
            // "Jones said", after "John Jones" earlier; "Иванова" after "Ольга Иванова"
            // (before the common words: "Bush agreed", after "George Bush", is a person).
            if doubts {
                spans.push(doubtful(Doubt::Surname, &name_key, &hits));
            }
            i += 1;
            continue;
        }
        if single && is_common_word(&ctx, i, &name_key) {
            if doubts {
                spans.push(doubtful(Doubt::CommonWord, &name_key, &hits));
            }
            i = j + 1;
            continue;
        }
        if single && is_cyrillic_word(ctx.word(i)) && given_name_with_surname(&ctx, i, &mut buf) {
            // "Наталія Петренко": a first name, not the village of Nataliia.
            i = j + 1;
            continue;
        }
        // A generic word after the name sets its kind.
        let mut kind_hint = None;
        let mut end = name_end;
        let mut next_index = j + 1;
        if name_end == ctx.tokens[j].end
            && let Some(k) = ctx.next_name_word(j).filter(|&k| ctx.adjacent(j, k))
        {
            ctx.folded(k, &mut buf);
            let with_singular = name_word_singular(&buf).and_then(|singular| {
                let key = format!("{name_key} {singular}");
                let hits = gaz.lookup_folded(&key);
                (!hits.is_empty()).then(|| (key, hits.iter().map(|e| e.hit()).collect()))
            });
            if let Some((key, named)) = with_singular {
                // "Jackson and Barrow counties": Barrow County (and Jackson County, below).
                plural_name_at.push(spans.len());
                name_key = key;
                hits = named;
                end = ctx.tokens[k].end;
                next_index = k + 1;
            } else if region_words().contains(&buf) || region_words_plural().contains(&buf) {
                kind_hint = Some(PlaceKind::Region);
                end = ctx.tokens[k].end;
                next_index = k + 1;
                if region_words_plural().contains(&buf) {
                    plural_region_at.push(spans.len());
                }
            } else if city_words().contains(&buf) && !ctx.is_capitalized(k) {
                kind_hint = Some(PlaceKind::City);
                end = ctx.tokens[k].end;
                next_index = k + 1;
            } else if !ctx.is_capitalized(k) && disease_words().contains(&buf) {
                // "Marburg virus", "Reston ebolavirus".
                i = k + 1;
                continue;
            } else if ctx.is_capitalized(k)
                && !is_cyrillic_word(ctx.word(k))
                && super::rank::facility_words().contains(&buf)
            {
                // "Robinson College", "Pioneer Cinema": a building or an institution named
                // after someone or something, no town on its own; the model weighs it.
                if doubts {
                    spans.push(doubtful(Doubt::Facility, &name_key, &hits));
                }
                i = k + 1;
                continue;
            } else if ctx.is_capitalized(k)
                && !ctx.shouting(k)
                && !is_place_word(&ctx, k, &mut buf)
                && (media_words().contains(&buf) || !common_words().contains(&buf))
                && (media_words().contains(&buf) || !is_cyrillic_word(ctx.word(j)))
            {
                // (Russian and Ukrainian put a place in the genitive before any name: a
                // Cyrillic name keeps its place, but for a news outlet: "Президент России
                // Владимир Путин", "Император Японии Акихито", "законодавства України ПАТ".)
                // "Vladimir Putin", "Moscow Times", "Paris Hilton"; but "the Texas
                // Department of Health" and "Dublin City Council" keep their place. After
                // a capital that only opens the sentence, the next word is looked at on
                // its own ("Four Donetsk militiamen"). A news outlet is never the place
                // ("The Moscow Times"); other names go to the ranker as doubted ("the
                // Dublin City Manager" is Dublin's), but for a disease ("West Nile virus",
                // "Hong Kong Flu").
                let run_end = skip_capitalized_run(&ctx, k);
                let proposed = doubts
                    && !media_words().contains(&buf)
                    && !disease_words().contains(&buf)
                    && !(run_end..n.min(run_end + 2))
                        .find(|&t| ctx.is_word(t))
                        .is_some_and(|t| {
                            ctx.folded(t, &mut buf);
                            disease_words().contains(&buf)
                        });
                if proposed {
                    spans.push(doubtful(Doubt::NameFollows, &name_key, &hits));
                }
                i = if ctx.sentence_initial[i] {
                    j + 1
                } else {
                    run_end
                };
                continue;
            }
        }
        if kind_hint.is_none() && !ctx.shouting(i) && part_of_name_before(&ctx, i, &mut buf) {
            if doubts {
                spans.push(doubtful(Doubt::NameBefore, &name_key, &hits));
            }
            i = skip_capitalized_run(&ctx, j + 1);
            continue;
        }
        let start = ctx.tokens[i].start;
        if kind_hint.is_none() {
            kind_hint = generic_word_before(&ctx, i, &mut buf);
        }
        if single
            && kind_hint.is_none()
            && is_cyrillic_word(ctx.word(i))
            && {
                ctx.folded(i, &mut buf);
                given_names_cyrillic().contains(&buf)
            }
            && !after_in(&ctx, i, &mut buf)
        {
            // "Роман", "Сергії", "Володимиром": a first name, unless the text says it is a
            // place ("місто Володимир", "Володимир Волинської області", "в Милане").
            i = j + 1;
            continue;
        }
        let s = ctx.sentences[ctx.sentence_of[i]];
        let opening = kind_hint.is_none()
            && single
            && common_word_opening(&ctx, i, j, end, &name_key, &hits, &mut buf);
        let span = Span {
            start,
            end,
            key: name_key,
            hits,
            kind_hint,
            sentence: s,
            doubt: None,
            street: false,
        };
        if opening {
            deferred.push(span);
        } else {
            spans.push(span);
        }
        i = next_index;
    }
    // "the Donetsk and Luhansk regions": the first name is a region too.
    for &at in &plural_region_at {
        if at == 0 {
            continue;
        }
        let (prev, cur) = (&spans[at - 1], &spans[at]);
        let between = text[prev.end..cur.start].trim();
        if matches!(between, "and" | "," | "or" | ", and" | "&")
            && prev.kind_hint.is_none()
            && prev.doubt.is_none()
        {
            spans[at - 1].kind_hint = Some(PlaceKind::Region);
        }
    }
    // "Jackson and Barrow counties": the first name is Jackson County.
    for &at in &plural_name_at {
        let Some(prev) = at.checked_sub(1) else {
            continue;
        };
        let (p, c) = (&spans[prev], &spans[at]);
        let between = text[p.end..c.start].trim();
        let Some((_, word)) = c.key.rsplit_once(' ') else {
            continue;
        };
        if matches!(between, "and" | "," | "or" | ", and" | "&")
            && p.kind_hint.is_none()
            && p.doubt.is_none()
        {
            let key = format!("{} {word}", p.key);
            let hits: Vec<NameHit> = gaz.lookup_folded(&key).iter().map(|e| e.hit()).collect();
            if !hits.is_empty() {
                spans[prev].key = key;
                spans[prev].hits = hits;
            }
        }
    }
    if !deferred.is_empty() {
        let named: HashSet<&str> = spans
            .iter()
            .filter(|s| s.doubt.is_none())
            .map(|s| s.key.as_str())
            .collect();
        let (kept, left): (Vec<Span>, Vec<Span>) = deferred
            .into_iter()
            .partition(|d| named.contains(d.key.as_str()));
        let left = left.into_iter().filter(|_| doubts).map(|d| Span {
            doubt: Some(Doubt::Opening),
            ..d
        });
        let before = spans.len();
        spans.extend(kept);
        spans.extend(left);
        if spans.len() > before {
            spans.sort_by_key(|s| s.start);
        }
    }
    spans
}

/// Where a name ending with word `j` (at byte `end`) may end, in the order to try: without
/// a possessive first ("Canada's" is Canada, not Cañadas; "Cuba's" is not Cubas), unless a
/// place is named with the apostrophe itself ("St. John's", "St. Peter's").
fn name_ends(
    ctx: &Ctx<'_>,
    start: usize,
    j: usize,
    end: usize,
    key: &mut String,
) -> [Option<usize>; 2] {
    let w = ctx.word(j);
    let Some(suffix) = ["'s", "\u{2019}s", "'", "\u{2019}"]
        .iter()
        .find(|suffix| w.len() > suffix.len() + 1 && w.ends_with(*suffix))
    else {
        return [Some(end), None];
    };
    let stripped = end - suffix.len();
    fold_name_into(&ctx.text[start..end], key);
    let named_so = ctx.gaz.lookup_folded(key).iter().any(|e| {
        let name = &ctx.gaz.place(e.hit().place).name;
        name.ends_with("'s") || name.ends_with("\u{2019}s") || name.ends_with('\'')
    });
    if named_so {
        [Some(end), Some(stripped)]
    } else {
        [Some(stripped), Some(end)]
    }
}

/// Whether the line holding `start..end` (between line breaks or ";" separators) is the
/// name alone, but for punctuation and a unit word ("village", "town"): a headline, a tag,
/// a dateline ("Kontarnoye", "Pisky.").
pub(super) fn line_is_name_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let line_start = before.rfind(['\n', ';']).map_or(0, |i| i + 1);
    let line_end = after.find(['\n', ';']).unwrap_or(after.len());
    let quiet = |s: &str| {
        s.split_whitespace().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.is_empty() || city_words().contains(&w.to_lowercase())
        })
    };
    quiet(&before[line_start..]) && quiet(&after[..line_end])
}

/// Below this population a populated place is small: a village whose name is a common
/// word does not outweigh the word.
const SMALL_PLACE_POPULATION: u64 = 10_000;

/// Whether a name found at word `i` (ending at word `j`, byte `end`) is a common word that
/// only opens its sentence: every place of that name is a small village and the name is a
/// common word (by wordfreq's frequencies: "Перемога", "Мир", "Marines", "Bus"), it stands
/// first in its sentence or in a headline in capitals, and nothing makes it a place — not
/// the line being the name alone, not an oblast or a region after it ("Peremoha, Kharkiv
/// region"). Inside a sentence its capital makes it a name.
fn common_word_opening(
    ctx: &Ctx<'_>,
    i: usize,
    j: usize,
    end: usize,
    key: &str,
    hits: &[NameHit],
    buf: &mut String,
) -> bool {
    let opens = ctx.sentence_initial[i] || ctx.after_quote(i) || ctx.shouting(i);
    if !opens || !common_word_names().contains(key) {
        return false;
    }
    let small = hits.iter().all(|h| {
        let p = ctx.gaz.place(h.place);
        p.kind == PlaceKind::City && p.population < SMALL_PLACE_POPULATION
    });
    small
        && !line_is_name_alone(ctx.text, ctx.tokens[i].start, end)
        && !container_follows(ctx, j, buf)
}

/// Whether a region or country follows word `j` after a comma or a parenthesis, within a
/// few words: "Peremoha, Kharkiv region", "Перемога (Харківська область)", "Mir, Belarus".
fn container_follows(ctx: &Ctx<'_>, j: usize, buf: &mut String) -> bool {
    let k = j + 1;
    if k >= ctx.tokens.len() || ctx.tokens[k].kind != TokenKind::Punct {
        return false;
    }
    if !matches!(ctx.word(k), "," | "(") {
        return false;
    }
    for w in (k + 1..ctx.tokens.len()).take(5) {
        if !ctx.is_word(w) || ctx.sentence_of[w] != ctx.sentence_of[j] {
            break;
        }
        ctx.folded(w, buf);
        if region_words().contains(buf) || region_words_plural().contains(buf) {
            return true;
        }
        if ctx.is_capitalized(w)
            && ctx.gaz.lookup_folded(buf).iter().any(|e| {
                matches!(
                    ctx.gaz.place(e.hit().place).kind,
                    PlaceKind::Country | PlaceKind::Region
                )
            })
        {
            return true;
        }
    }
    false
}

/// Whether the preposition "в" ("во", or "у" before a locative) stands right before word
/// `i`: "в Вене", "в Милане", "у Миколаєві" are places where "Вене", "Милане" and
/// "Миколаєві" are also forms of first names.
fn after_in(ctx: &Ctx<'_>, i: usize, buf: &mut String) -> bool {
    let Some(p) = i.checked_sub(1) else {
        return false;
    };
    if !ctx.is_word(p) || !ctx.adjacent(p, i) {
        return false;
    }
    ctx.folded(p, buf);
    // Ukrainian "у" before a locative ("у Миколаєві"), not a genitive ("у Миколи").
    match buf.as_str() {
        "в" | "во" => true,
        "у" => ctx.word(i).ends_with('і'),
        _ => false,
    }
}

/// Whether the words from `i` to `j` stand where no place name stands: in a list of streets
/// ("ремонт вулиць: Різдвяна, Фрунзе, Леніна"), a Roman numeral ("VI скликання"), or the
/// first half of a compound with a word of the other script ("IP-адреси").
fn not_a_place_here(ctx: &Ctx<'_>, i: usize, j: usize, buf: &mut String) -> bool {
    let w = ctx.word(i);
    if i == j && is_roman_numeral(w) {
        return true;
    }
    if let Some(h) = ctx.tokens.get(j + 1)
        && h.kind == TokenKind::Punct
        && !h.space_before
        && matches!(ctx.word(j + 1), "-" | "\u{2010}")
        && ctx.is_word(j + 2)
        && !ctx.tokens[j + 2].space_before
        && !ctx.is_capitalized(j + 2)
        && is_cyrillic_word(ctx.word(j + 2)) != is_cyrillic_word(ctx.word(j))
    {
        return true;
    }
    // A street word after the name: "на Поштовій площі", "Соборна вулиця".
    if let Some(k) = ctx.next_name_word(j).filter(|&k| ctx.adjacent(j, k))
        && !ctx.is_capitalized(k)
        && is_cyrillic_word(ctx.word(k))
    {
        ctx.folded(k, buf);
        if street_words().contains(buf) {
            return true;
        }
    }
    let sentence = ctx.sentence_of[i];
    // A list of streets: back over names, initials, numbers, commas, "and" and a lower-case
    // word or two inside a name ("50 років Жовтня", "б-р Шевченка") to a street word
    // ("вулиць:", "вул.").
    let mut p = i;
    let mut steps = 0;
    let mut lower_run = 0;
    while p > 0 && ctx.sentence_of[p - 1] == sentence && steps < 60 {
        p -= 1;
        steps += 1;
        let t = &ctx.tokens[p];
        if t.kind == TokenKind::Punct {
            if matches!(ctx.word(p), "," | "." | ":" | "-") {
                continue;
            }
            return false;
        }
        if t.kind != TokenKind::Word {
            continue;
        }
        ctx.folded(p, buf);
        if street_words_plural().contains(buf)
            || street_words().contains(buf) && matches!(ctx.word(p + 1), ":" | ".")
        {
            // "ремонт вулиць: Різдвяна, Фрунзе", "вул. Горького, Якубовського, Соборна"; but
            // "вул. Шевченка, 5, Київ" ends with its city.
            return steps <= 2 || !is_large_place(ctx, i, j, buf);
        }
        if ctx.is_capitalized(p) || is_conjunction(buf) {
            lower_run = 0;
            continue;
        }
        lower_run += 1;
        // A function word or a settlement's abbreviation ends the list: "вул. Тургенєва у
        // Бучі", "вул. Леніна в м. Васильків".
        if lower_run > 2
            || !is_cyrillic_word(ctx.word(p))
            || cyrillic_stop_words().contains(buf)
            || city_words().contains(buf)
            || matches!(buf.as_str(), "м" | "с" | "смт" | "г" | "пос" | "сел")
        {
            return false;
        }
    }
    false
}

/// Whether a word is a Roman numeral from II to XXXIX ("VI скликання", "XX century"), not
/// an abbreviation such as "IL" or "LV".
fn is_roman_numeral(w: &str) -> bool {
    let rest = w.trim_start_matches('X');
    if w.len() - rest.len() > 3 || w.len() < 2 {
        return false;
    }
    matches!(
        rest,
        "" | "I" | "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII" | "IX"
    )
}

/// The regions a Cyrillic adjective at word `i` names with "область" left out: the
/// nominative guess of the word with "область" after it is a first-level region
/// ("Одеська" → "Одеська область").
fn oblast_adjective(ctx: &Ctx<'_>, i: usize, key: &mut String) -> Option<Vec<NameHit>> {
    if !ctx.is_word(i) || !ctx.is_capitalized(i) || !is_cyrillic_word(ctx.word(i)) {
        return None;
    }
    ctx.folded(i, key);
    if !["ська", "цька", "зька", "ская", "цкая", "зкая"]
        .iter()
        .any(|e| key.ends_with(e))
    {
        return None;
    }
    for noun in ["область", "обл"] {
        let hits: Vec<NameHit> = ctx
            .gaz
            .lookup_folded(&format!("{key} {noun}"))
            .iter()
            .map(|e| e.hit())
            .filter(|h| ctx.gaz.place(h.place).kind == PlaceKind::Region)
            .collect();
        if !hits.is_empty() {
            return Some(hits);
        }
    }
    None
}

/// An oblast named by its adjective alone in a list of such adjectives, the region word
/// said once or not at all: "Львівська, Хмельницька, Тернопільська", "Волинська та
/// Закарпатська". Both neighbours are looked at: an adjective joined by a comma or "і",
/// "та", "й", "и" to another that names an oblast.
fn oblast_in_list(ctx: &Ctx<'_>, i: usize, key: &mut String, buf: &mut String) -> Option<Span> {
    let hits = oblast_adjective(ctx, i, key)?;
    // Words a and a + 2 with only a comma or a conjunction between them, in one sentence.
    let joined = |a: usize, buf: &mut String| -> bool {
        let (mid, b) = (a + 1, a + 2);
        b < ctx.tokens.len()
            && ctx.sentence_of[a] == ctx.sentence_of[b]
            && match ctx.tokens[mid].kind {
                TokenKind::Punct => ctx.word(mid) == ",",
                TokenKind::Word => {
                    ctx.folded(mid, buf);
                    is_conjunction(buf)
                }
                TokenKind::Number => false,
            }
    };
    let mut other = String::new();
    let before = i >= 2 && joined(i - 2, buf) && oblast_adjective(ctx, i - 2, &mut other).is_some();
    let after = joined(i, buf) && oblast_adjective(ctx, i + 2, &mut other).is_some();
    if !(before || after) {
        return None;
    }
    ctx.folded(i, key);
    let t = &ctx.tokens[i];
    Some(Span {
        start: t.start,
        end: t.end,
        key: key.clone(),
        hits,
        kind_hint: Some(PlaceKind::Region),
        sentence: ctx.sentences[ctx.sentence_of[i]],
        doubt: None,
        street: false,
    })
}

/// The places named `key` in the Cyrillic-writing countries, of `kind` when given.
fn cyrillic_country_hits(ctx: &Ctx<'_>, key: &str, kind: Option<PlaceKind>) -> Vec<NameHit> {
    ctx.gaz
        .lookup_folded(key)
        .iter()
        .map(|e| e.hit())
        .filter(|h| {
            let p = ctx.gaz.place(h.place);
            kind.is_none_or(|k| p.kind == k)
                && cyrillic_countries().contains(&p.country.to_ascii_lowercase())
        })
        .collect()
}

/// A front's direction named after a town: "на Покровському напрямку", "на Курахівському
/// напрямку", "на Покровском направлении" name Pokrovsk and Kurakhove, whose adjectives
/// these are (not a village Pokrovske). Returns the span of the adjective (a town) and the
/// index after the direction word.
fn direction_at(
    ctx: &Ctx<'_>,
    i: usize,
    key: &mut String,
    buf: &mut String,
) -> Option<(Span, usize)> {
    if !is_cyrillic_word(ctx.word(i)) {
        return None;
    }
    let is_direction = |t: usize, buf: &mut String| {
        ctx.is_word(t) && {
            ctx.folded(t, buf);
            direction_words().contains(buf)
        }
    };
    let next = if is_direction(i + 1, buf) && ctx.adjacent(i, i + 1) {
        i + 2
    } else if i + 3 < ctx.tokens.len()
        && (ctx.word(i + 1) == "," || {
            ctx.folded(i + 1, buf);
            is_conjunction(buf)
        })
        && ctx.is_capitalized(i + 2)
        && is_direction(i + 3, buf)
    {
        // "на Покровському та Курахівському напрямках": the next adjective is read next.
        i + 1
    } else {
        return None;
    };
    ctx.folded(i, key);
    // The adjective's stem up to its suffix: "покровському" → "покровськ" and "покров".
    let (stem, base) = ["ськ", "цьк", "зьк", "ск", "цк", "зк"]
        .iter()
        .find_map(|suffix| {
            let at = key.rfind(suffix)?;
            let tail = &key[at + suffix.len()..];
            (tail.chars().count() <= 3).then(|| (&key[..at + suffix.len()], &key[..at]))
        })?;
    let mut guesses = vec![stem.to_string()];
    let mut bases = Vec::new();
    super::inflect::with_alternations(base, &mut bases);
    // "Курахівський" is Курахове's: і in the adjective's closed syllable, о in the name.
    if let Some(b) = base.strip_suffix("ів") {
        bases.push(format!("{b}ов"));
    }
    for b in &bases {
        for ending in ["", "е", "о", "а"] {
            guesses.push(format!("{b}{ending}"));
        }
    }
    for guess in guesses {
        let hits = cyrillic_country_hits(ctx, &guess, Some(PlaceKind::City));
        if !hits.is_empty() {
            let t = &ctx.tokens[i];
            let span = Span {
                start: t.start,
                end: t.end,
                key: guess,
                hits,
                kind_hint: Some(PlaceKind::City),
                sentence: ctx.sentences[ctx.sentence_of[i]],
                doubt: None,
                street: false,
            };
            return Some((span, next));
        }
    }
    None
}

/// Whether the name from word `i` to `j` closes a quoted title after a period inside the
/// quotes: «Наші гроші. Львів», «Новини. Харків» — the regional edition of a paper or a
/// programme, written so, not the city.
fn edition_in_title(ctx: &Ctx<'_>, i: usize, j: usize) -> bool {
    let punct = |t: usize, p: &str| {
        ctx.tokens
            .get(t)
            .is_some_and(|tok| tok.kind == TokenKind::Punct)
            && ctx.word(t) == p
    };
    if i < 2 || !punct(i - 1, ".") || !punct(j + 1, "»") {
        return false;
    }
    // The opening guillemet a few words before, with no closing one between.
    (i.saturating_sub(12)..i - 1)
        .rev()
        .take_while(|&t| !punct(t, "»"))
        .any(|t| punct(t, "«"))
}

/// Whether word `i`, a Cyrillic word of at most three letters that names a place, opens a
/// Chinese or Korean name as Russian and Ukrainian write them, surname first: another
/// capitalised Cyrillic word follows that names no place and no region word follows
/// ("Ким Чен Ын", "Ван Цзюнь", "Ли Куан Ю"; not "Бар Вінницької області").
fn east_asian_name_at(ctx: &Ctx<'_>, i: usize, buf: &mut String) -> bool {
    let w = ctx.word(i);
    if !is_cyrillic_word(w) || w.chars().count() > 3 || ctx.is_all_caps(i) {
        return false;
    }
    let Some(k) = ctx.next_name_word(i).filter(|&k| ctx.adjacent(i, k)) else {
        return false;
    };
    if !ctx.is_capitalized(k) || ctx.is_all_caps(k) || !is_cyrillic_word(ctx.word(k)) {
        return false;
    }
    ctx.folded(k, buf);
    if !ctx.gaz.lookup_folded(buf).is_empty() {
        return false;
    }
    let region_after = ctx.next_name_word(k).is_some_and(|m| {
        ctx.folded(m, buf);
        region_words().contains(buf)
    });
    !region_after
}

/// Whether the name from word `i` to `j` is a country, a region or a city of 100,000.
fn is_large_place(ctx: &Ctx<'_>, i: usize, j: usize, buf: &mut String) -> bool {
    fold_name_into(&ctx.text[ctx.tokens[i].start..ctx.tokens[j].end], buf);
    ctx.gaz
        .lookup_folded(buf)
        .iter()
        .any(|e| is_large(ctx.gaz.place(e.hit().place)))
}

/// A country, a region or a city of 100,000.
fn is_large(p: &crate::gazetteer::Place) -> bool {
    p.kind != PlaceKind::City || p.population >= 100_000
}

/// Whether token `i` is the first of its line (a dateline: "КИЕВ, 5 мая").
fn line_start(ctx: &Ctx<'_>, i: usize) -> bool {
    let before = &ctx.text[..ctx.tokens[i].start];
    before
        .rsplit('\n')
        .next()
        .is_some_and(|line| line.chars().all(|c| !c.is_alphanumeric()))
}

/// Whether a folded word is "and" in Ukrainian or Russian ("і", "й", "та", "и"), which
/// joins the items of a list.
fn is_conjunction(folded: &str) -> bool {
    matches!(folded, "і" | "й" | "та" | "и")
}

/// Whether a word is a possessive ("Ukraine's", "Russia’s").
fn is_possessive(word: &str) -> bool {
    ["'s", "\u{2019}s"].iter().any(|s| word.ends_with(s))
}

/// Whether word `i`, found alone as a name, is a common word rather than a place.
fn is_common_word(ctx: &Ctx<'_>, i: usize, key: &str) -> bool {
    let all_caps = ctx.is_all_caps(i);
    if all_caps
        && !ctx.shouting(i)
        && is_cyrillic_word(ctx.word(i))
        && ctx.word(i).chars().count() <= 4
        && !line_start(ctx, i)
    {
        // Cyrillic places in capitals are abbreviations, which come from the closed table
        // (place_abbreviation_at); others are organisations' and laws' ("УК РФ", "КІС").
        return true;
    }
    if all_caps && !ctx.shouting(i) {
        // "US", "UK" are places; "IT", "OR", "HIV", "UN" are not.
        return matches!(
            key,
            "it" | "is"
                | "or"
                | "on"
                | "in"
                | "no"
                | "ok"
                | "tv"
                | "ap"
                | "hiv"
                | "aids"
                | "sars"
                | "un"
                | "eu"
                | "nato"
                | "who"
                | "fao"
                | "sos"
                | "ceo"
                | "fbi"
                | "cia"
        );
    }
    if common_words().contains(key) || company_forms().contains(key) {
        return true;
    }
    let after_quote = ctx.after_quote(i);
    if (ctx.sentence_initial[i] || after_quote || ctx.shouting(i))
        && stop_words_of(ctx.lang(i)).contains(key)
    {
        // "По", "Он", "Але" opening a sentence: function words, not Pô or Eaunes.
        return true;
    }
    if ctx.sentence_initial[i] || after_quote {
        // A capital at the start of a sentence (or of a quotation: «Огни большого города»)
        // says nothing: trust it only when the word
        // never appears in lower case in the text.
        let lower = ctx.word(i).to_lowercase();
        if occurs_in_lower_case(ctx.text, &lower) {
            return true;
        }
    }
    false
}

/// Whether word `k` may follow a place name without making it part of another name: only
/// a generic geographic word ("Kyiv Oblast"). Two place names side by side without a comma
/// are rare; "Paris Hilton" and "Washington Post" are common.
fn is_place_word(ctx: &Ctx<'_>, k: usize, buf: &mut String) -> bool {
    ctx.folded(k, buf);
    region_words().contains(buf) || region_words_plural().contains(buf)
}

/// Whether the words before word `i` make it part of a person's name ("President Lincoln",
/// "John Denver").
fn part_of_name_before(ctx: &Ctx<'_>, i: usize, buf: &mut String) -> bool {
    if i == 0 {
        return false;
    }
    let mut p = i - 1;
    // "Gen. Smith": skip the abbreviation's period.
    if ctx.tokens[p].kind == TokenKind::Punct && ctx.word(p) == "." && p > 0 {
        p -= 1;
    }
    if ctx.tokens[p].kind == TokenKind::Punct
        && matches!(ctx.word(p), "«" | "\"" | "„" | "“")
        && p > 0
        && ctx.is_word(p - 1)
    {
        // "ТОВ «Київ-Сервіс»", "АТ «Укрзалізниця»".
        ctx.folded(p - 1, buf);
        return company_forms().contains(buf);
    }
    if ctx.is_word(p) && ctx.adjacent_or_period(p, i) {
        ctx.folded(p, buf);
        if street_words().contains(buf) || company_forms().contains(buf) {
            // "вул. Шевченка", "вулиця Київська", "ТОВ Полтава".
            return true;
        }
    }
    if !ctx.is_word(p) || ctx.sentence_of[p] != ctx.sentence_of[i] {
        return false;
    }
    let gap = &ctx.text[ctx.tokens[p].end..ctx.tokens[i].start];
    if gap.contains('\n') || gap.contains(',') {
        return false;
    }
    ctx.folded(p, buf);
    if titles().contains(buf) || kinship_words().contains(buf) && ctx.adjacent(p, i) {
        // "President Lincoln"; "братів Буряків", "родина Близнюків".
        return true;
    }
    if ctx.is_capitalized(p) && ctx.adjacent(p, i) && given_names_cyrillic().contains(buf) {
        // "Ольга Иванова", "Александр Пушкин" (also opening a sentence).
        return true;
    }
    if is_cyrillic_word(ctx.word(i)) {
        // Other capitalised words before a Cyrillic name are no first names: "Президент
        // России", "Император Японии".
        return false;
    }
    if !ctx.is_capitalized(p) || ctx.sentence_initial[p] || !ctx.adjacent(p, i) {
        return false;
    }
    // A possessive is not a first name: "Ukraine's Donetsk", "Russia's Kursk region".
    if is_possessive(ctx.word(p)) {
        return false;
    }
    if place_modifiers().contains(buf) || common_words().contains(buf) {
        return false;
    }
    // A capitalised word that is not a place itself: a first name.
    ctx.gaz.lookup_folded(buf).is_empty() || ctx.is_all_caps(p)
}

/// Whether word `i` is a first name or patronymic with a capitalised word right after it
/// that is no generic place word ("Наталія Петренко", "Олена Іванівна").
fn given_name_with_surname(ctx: &Ctx<'_>, i: usize, buf: &mut String) -> bool {
    ctx.folded(i, buf);
    if !given_names_cyrillic().contains(buf) {
        return false;
    }
    let Some(k) = ctx.next_name_word(i).filter(|&k| ctx.adjacent(i, k)) else {
        return false;
    };
    ctx.is_capitalized(k) && !is_place_word(ctx, k, buf)
}

/// "the city of Pokrovsk", "the region of Kursk".
fn generic_word_before(ctx: &Ctx<'_>, i: usize, buf: &mut String) -> Option<PlaceKind> {
    if i < 2 || !ctx.is_word(i - 1) || !ctx.is_word(i - 2) {
        return None;
    }
    ctx.folded(i - 1, buf);
    if buf != "of" {
        return None;
    }
    ctx.folded(i - 2, buf);
    if city_words().contains(buf) {
        Some(PlaceKind::City)
    } else if region_words().contains(buf) {
        Some(PlaceKind::Region)
    } else {
        None
    }
}

/// The index after the capitalised words that follow word `k` (inclusive).
fn skip_capitalized_run(ctx: &Ctx<'_>, k: usize) -> usize {
    let mut k = k;
    while k < ctx.tokens.len() && ctx.is_word(k) && ctx.is_capitalized(k) {
        match ctx.next_name_word(k) {
            Some(next) if ctx.is_capitalized(next) => k = next,
            _ => return k + 1,
        }
    }
    k
}

/// A span for a name whose place in the text is already known (gold spans, user marks):
/// looked up as it stands, without a possessive, or without a generic word ("Kursk
/// region" → "Kursk", as a region).
pub fn span_at(gaz: &Gazetteer, text: &str, start: usize, end: usize) -> Span {
    let sentence = sentences(text)
        .into_iter()
        .find(|&(a, b)| a <= start && start < b)
        .unwrap_or((start, end));
    let surface = &text[start..end];
    let mut key = String::new();
    let mut buf = String::new();
    let mut kind_hint = None;
    let mut candidates: Vec<&str> = vec![surface];
    for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(s) = surface.strip_suffix(suffix) {
            candidates.push(s);
        }
    }
    for prefix in ["the ", "The "] {
        if let Some(s) = surface.strip_prefix(prefix) {
            candidates.push(s);
        }
    }
    // A state or province abbreviation ("W.Va.", "Ill.", "VA") before any town of that
    // spelling ("Kan", "Pa").
    let squeezed: String = surface
        .chars()
        .filter(|c| !matches!(c, '.' | ' '))
        .collect();
    let is_abbreviation = surface.ends_with('.')
        || (surface.len() == 2 && is_postal_code(surface))
        || matches!(surface, "NSW" | "QLD");
    // "L.A." is Los Angeles, not Louisiana's "La.".
    let initials = surface.matches('.').count() >= 2;
    if is_abbreviation
        && !(initials && squeezed.eq_ignore_ascii_case("la"))
        && let Some(region) =
            state_abbreviation(&squeezed.to_lowercase()).and_then(|code| gaz.region(code))
    {
        key = squeezed.to_lowercase();
        return Span::of_place(region, (start, end), key, PlaceKind::Region, sentence);
    }
    for c in candidates {
        fold_name_into(c, &mut key);
        let hits = gaz.lookup_folded(&key);
        if !hits.is_empty() {
            return Span {
                start,
                end,
                key,
                hits: hits.iter().map(|e| e.hit()).collect(),
                kind_hint,
                sentence,
                doubt: None,
                street: false,
            };
        }
    }
    // A demonym marked as a place ("Ukrainian") stands for its country.
    fold_name_into(surface, &mut key);
    let iso = super::words::demonym_country(&key);
    if let Some(country) = iso.and_then(|iso| gaz.country(iso)) {
        return Span::of_place(country, (start, end), key, PlaceKind::Country, sentence);
    }
    // "Kursk region", "Donetsk Oblast", "Kursk city".
    if let Some((stem, last)) = key.rsplit_once(' ') {
        buf.push_str(last);
        if region_words().contains(&buf) || region_words_plural().contains(&buf) {
            kind_hint = Some(PlaceKind::Region);
        } else if city_words().contains(&buf) {
            kind_hint = Some(PlaceKind::City);
        }
        if kind_hint.is_some() {
            let stem = stem.to_string();
            let hits = gaz.lookup_folded(&stem);
            return Span {
                start,
                end,
                key: stem,
                hits: hits.iter().map(|e| e.hit()).collect(),
                kind_hint,
                sentence,
                doubt: None,
                street: false,
            };
        }
    }
    Span {
        start,
        end,
        key,
        hits: Vec::new(),
        kind_hint: None,
        sentence,
        doubt: None,
        street: false,
    }
}

/// Whether a word is a contraction ("I've", "we'll", "don't"), never a place.
fn is_contraction(word: &str) -> bool {
    let Some((_, tail)) = word.rsplit_once(['\'', '\u{2019}']) else {
        return false;
    };
    matches!(
        tail,
        "ve" | "ll" | "re" | "d" | "m" | "t" | "VE" | "LL" | "RE" | "D" | "M" | "T"
    )
}

/// Surnames of the people the text names: the last word of two or three capitalised words
/// that are not a place and hold no common word ("John Jones", "Barack Obama"), and the
/// word after a title ("Mr. Trapani", "President Obama").
fn find_surnames(ctx: &Ctx<'_>) -> HashSet<String, BuildHasherDefault<FnvHasher>> {
    let mut out: HashSet<String, BuildHasherDefault<FnvHasher>> = HashSet::default();
    let mut buf = String::new();
    let mut other = String::new();
    let n = ctx.tokens.len();
    let mut i = 0;
    while i < n {
        if !ctx.is_word(i) || !ctx.is_capitalized(i) || ctx.shouting(i) {
            i += 1;
            continue;
        }
        // The run of capitalised words from i, adjacent by spaces.
        let mut run = vec![i];
        let mut k = i;
        // A possessive ends the run: "Ukraine's Donetsk" is no first name and surname.
        while k + 1 < n
            && !is_possessive(ctx.word(k))
            && ctx.is_word(k + 1)
            && ctx.is_capitalized(k + 1)
            && ctx.adjacent(k, k + 1)
        {
            k += 1;
            run.push(k);
        }
        ctx.folded(i, &mut buf);
        if titles().contains(&buf) && run.len() >= 2 {
            ctx.folded(run[run.len() - 1], &mut buf);
            out.insert(buf.clone());
        } else if (2..=3).contains(&run.len()) {
            let words: Vec<String> = run
                .iter()
                .map(|&t| {
                    ctx.folded(t, &mut buf);
                    buf.clone()
                })
                .collect();
            let whole = words.join(" ");
            // A surname may be a common word ("George Bush", "Tina Turner"); the words before
            // it may not ("The Driver", "Red Cross").
            let last_at = words.len() - 1;
            let plain = words.iter().enumerate().all(|(at, w)| {
                (at == last_at || !common_words().contains(w))
                    && !cyrillic_stop_words().contains(w)
                    && !place_modifiers().contains(w)
                    && !region_words().contains(w)
                    && !connectors().contains(w)
            });
            // Two well-known places side by side ("Kyiv Kharkiv" in a list) are no person; a
            // town of 150,000 is no reason ("George Bush": George, South Africa).
            let well_known = |w: &str| {
                ctx.gaz.lookup_folded(w).iter().any(|e| {
                    let p = ctx.gaz.place(e.hit().place);
                    p.kind != PlaceKind::City || p.population >= 1_000_000
                })
            };
            // Russian and Ukrainian capitalise only names: a Cyrillic run is a person's name
            // only after a first name ("Императору Японии" is none, and "з Алчевська
            // Луганської області" names two places, no Mr Луганської).
            let cyrillic_without_first_name =
                is_cyrillic_word(ctx.word(i)) && !given_names_cyrillic().contains(&words[0]);
            if plain
                && !cyrillic_without_first_name
                && ctx.gaz.lookup_folded(&whole).is_empty()
                && let (Some(first), Some(last)) = (words.first(), words.last())
                && !(well_known(first) && well_known(last))
            {
                out.insert(last.clone());
            }
        }
        // "Поповою С. Т.", "Гущин Сергій Миколайович": a Cyrillic surname before initials,
        // or before a first name and a patronymic (the order of forms and registers).
        for &t in &run {
            if is_cyrillic_word(ctx.word(t))
                && (initials_after(ctx, t) || given_and_patronymic_after(ctx, t, &mut other))
            {
                ctx.folded(t, &mut other);
                out.insert(other.clone());
            }
        }
        // Also "Mr. Jones": a title, a period, a name.
        if titles().contains(&buf)
            && k + 2 < n
            && ctx.word(k + 1) == "."
            && ctx.is_word(k + 2)
            && ctx.is_capitalized(k + 2)
        {
            ctx.folded(k + 2, &mut buf);
            out.insert(buf.clone());
        }
        i = k + 1;
    }
    out
}

/// The stem of a folded Cyrillic word that looks like a surname's form (-ов, -ев, -ін,
/// -енко, -ук with a case ending): "поповою" → "попов", "остапенка" → "остапенк". `None`
/// for other words, so that a place ("луганськ") never shares a stem with a surname.
fn surname_stem(folded: &str) -> Option<&str> {
    if !folded.chars().next().is_some_and(crate::text::is_cyrillic) {
        return None;
    }
    const ENDINGS: [&str; 21] = [
        "ого", "ому", "ою", "ої", "ій", "им", "ым", "ом", "ой", "ем", "их", "ых", "а", "у", "і",
        "е", "о", "ю", "я", "и", "ы",
    ];
    let stem = ENDINGS
        .iter()
        .find_map(|e| folded.strip_suffix(e))
        .unwrap_or(folded);
    let surname_like = ["ов", "ев", "єв", "ін", "ин", "енк", "ук", "юк"]
        .iter()
        .any(|s| stem.ends_with(s));
    (surname_like && stem.chars().count() >= 4).then_some(stem)
}

/// Whether initials follow word `k`: "С. Т.", "В.".
fn initials_after(ctx: &Ctx<'_>, k: usize) -> bool {
    let initial = |t: usize| {
        ctx.is_word(t)
            && ctx.is_capitalized(t)
            && ctx.word(t).chars().count() == 1
            && ctx
                .tokens
                .get(t + 1)
                .is_some_and(|p| p.kind == TokenKind::Punct)
            && ctx.word(t + 1) == "."
    };
    initial(k + 1) && ctx.adjacent(k, k + 1)
}

/// Whether a first name and a patronymic follow word `k`: "Гущин Сергій Миколайович"
/// (not "Перу Алан Гарсия": a patronymic has its suffix).
fn given_and_patronymic_after(ctx: &Ctx<'_>, k: usize, buf: &mut String) -> bool {
    for t in [k + 1, k + 2] {
        if !ctx.is_word(t) || !ctx.is_capitalized(t) || !ctx.adjacent(t - 1, t) {
            return false;
        }
        ctx.folded(t, buf);
        if !given_names_cyrillic().contains(buf) {
            return false;
        }
    }
    ["ович", "евич", "івн", "ївн", "овн", "евн", "ичн"]
        .iter()
        .any(|suffix| buf.contains(suffix))
}

/// A state or province abbreviation after a comma or hyphen: "Monroeville, Ala.",
/// "Kelowna, B.C.", "D-Pa.", "Alexandria, VA". Returns the span and the next token.
fn abbreviation_at(ctx: &Ctx<'_>, i: usize) -> Option<(Span, usize)> {
    let prev = i.checked_sub(1)?;
    if ctx.tokens[prev].kind != TokenKind::Punct || !matches!(ctx.word(prev), "," | "-" | "(") {
        return None;
    }
    let n = ctx.tokens.len();
    let word = ctx.word(i);
    let (key, end, next) = if ctx.is_all_caps(i)
        && (i + 1 >= n || ctx.word(i + 1) != ".")
        && (is_postal_code(word) || matches!(word, "NSW" | "QLD"))
    {
        (word.to_lowercase(), ctx.tokens[i].end, i + 1)
    } else {
        // Short words joined by periods, ending in one: "Ala.", "S.C.", "W.Va.".
        let mut key = String::new();
        let mut k = i;
        loop {
            if !ctx.is_word(k) || ctx.word(k).chars().count() > 5 {
                return None;
            }
            key.push_str(&ctx.word(k).to_lowercase());
            let dot = k + 1;
            if dot >= n || ctx.word(dot) != "." || ctx.tokens[dot].space_before {
                return None;
            }
            let after = dot + 1;
            if after < n
                && ctx.is_word(after)
                && !ctx.tokens[after].space_before
                && ctx.word(after).chars().count() <= 2
            {
                k = after;
                continue;
            }
            break (key, ctx.tokens[dot].end, dot + 1);
        }
    };
    let code = state_abbreviation(&key)?;
    let region = ctx.gaz.region(code)?;
    let sentence = ctx.sentences[ctx.sentence_of[i]];
    let span = Span::of_place(
        region,
        (ctx.tokens[i].start, end),
        key,
        PlaceKind::Region,
        sentence,
    );
    Some((span, next))
}

/// A standard abbreviation of a country or region written in capitals at word `i`
/// ("США", "РФ", "ДНР", "АР Крим", "UAE"; see `data/lexicon/place_abbreviations.tsv`).
/// Returns the span and the next token.
fn place_abbreviation_at(ctx: &Ctx<'_>, i: usize, key: &mut String) -> Option<(Span, usize)> {
    if !ctx.is_all_caps(i) || ctx.word(i).chars().count() > 5 {
        return None;
    }
    let start = ctx.tokens[i].start;
    // Two words first ("АР Крим"), then one.
    let two = ctx
        .next_name_word(i)
        .filter(|&k| ctx.adjacent(i, k) && ctx.is_capitalized(k));
    for j in two.into_iter().chain(std::iter::once(i)) {
        let end = ctx.tokens[j].end;
        fold_name_into(&ctx.text[start..end], key);
        let Some((codes, _)) = super::words::place_abbreviation(key) else {
            continue;
        };
        // One place, or several the resolver chooses from by what the text is about ("WA":
        // Western Australia or Washington state).
        let places: Vec<(PlaceId, PlaceKind)> = codes
            .split('|')
            .filter_map(|code| {
                if code.contains('.') {
                    Some((ctx.gaz.region(code)?, PlaceKind::Region))
                } else {
                    Some((ctx.gaz.country(code)?, PlaceKind::Country))
                }
            })
            .collect();
        let (&(place, kind), rest) = places.split_first()?;
        let sentence = ctx.sentences[ctx.sentence_of[i]];
        let mut span = Span::of_place(place, (start, end), key.clone(), kind, sentence);
        for &(other, other_kind) in rest {
            span.hits.push(NameHit {
                place: other,
                primary: true,
            });
            if other_kind != kind {
                span.kind_hint = None;
            }
        }
        return Some((span, j + 1));
    }
    None
}

/// A demonym or country adjective starting at word `i` ("Ukrainian", "North Korean",
/// "Russians"), as a mention of its country. Returns the span and the next token.
fn demonym_at(ctx: &Ctx<'_>, i: usize, key: &mut String) -> Option<(Span, usize)> {
    let mut best = None;
    let mut j = i;
    for _ in 0..3 {
        let end = ctx.tokens[j].end;
        fold_name_into(&ctx.text[ctx.tokens[i].start..end], key);
        let iso = super::words::demonym_country(key);
        if let Some(country) = iso.and_then(|iso| ctx.gaz.country(iso)) {
            best = Some((j, end, key.clone(), country));
        }
        match ctx.next_name_word(j) {
            Some(k) if ctx.is_capitalized(k) && ctx.adjacent(j, k) => j = k,
            _ => break,
        }
    }
    let (j, end, key, country) = best?;
    let sentence = ctx.sentences[ctx.sentence_of[i]];
    let span = Span::of_place(
        country,
        (ctx.tokens[i].start, end),
        key,
        PlaceKind::Country,
        sentence,
    );
    Some((span, j + 1))
}

/// Whether `lower` occurs in `text` as a whole word written in lower case.
pub(super) fn occurs_in_lower_case(text: &str, lower: &str) -> bool {
    text.match_indices(lower).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + lower.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The places a Cyrillic name from `start` to word `j` names with the region word after it,
/// as written ("Запорізької області", "Курской области"), when one of them is a region.
/// `key` is left holding the phrase.
fn cyrillic_region_phrase(
    ctx: &Ctx<'_>,
    start: usize,
    j: usize,
    key: &mut String,
    buf: &mut String,
) -> Option<Vec<NameHit>> {
    let k = ctx.next_name_word(j).filter(|&k| ctx.adjacent(j, k))?;
    ctx.folded(k, buf);
    if !region_words().contains(buf) || !is_cyrillic_word(ctx.word(k)) {
        return None;
    }
    fold_name_into(&ctx.text[start..ctx.tokens[k].end], key);
    let hits: Vec<NameHit> = ctx.gaz.lookup_folded(key).iter().map(|e| e.hit()).collect();
    hits.iter()
        .any(|h| ctx.gaz.place(h.place).kind == PlaceKind::Region)
        .then_some(hits)
}

/// An inflected Ukrainian or Russian name ending at word `j` ("Курській" before
/// "області", "Покровском", "Києві"): the nominative guess the gazetteer knows, with its
/// places.
fn inflected(
    ctx: &Ctx<'_>,
    j: usize,
    key: &str,
    buf: &mut String,
) -> Option<(String, Vec<NameHit>)> {
    // "у Курській області": the adjective names the region with the region word.
    let region_next = ctx
        .next_name_word(j)
        .filter(|&k| ctx.adjacent(j, k))
        .is_some_and(|k| {
            ctx.folded(k, buf);
            region_words().contains(buf) && is_cyrillic_word(ctx.word(k))
        });
    if region_next && let Some(k) = ctx.next_name_word(j) {
        // The adjective and the region word as written, or with the nominative region word:
        // "Запорізької області", "Запорізька область" name the oblast, not a village
        // "Запорізьке".
        ctx.folded(k, buf);
        for form in [format!("{key} {buf}"), format!("{key} область")] {
            let hits = ctx.gaz.lookup_folded(&form);
            if !hits.is_empty() {
                return Some((form, hits.iter().map(|e| e.hit()).collect()));
            }
        }
    }
    for guess in phrase_nominatives(key, 48).into_iter().skip(1) {
        if region_next {
            for form in [format!("{guess} область"), format!("{guess} обл")] {
                let hits = ctx.gaz.lookup_folded(&form);
                if !hits.is_empty() {
                    return Some((form, hits.iter().map(|e| e.hit()).collect()));
                }
            }
        }
        // The ending rules are for the villages the generated forms miss: only places of
        // the Cyrillic-writing countries ("Нині" is no Nin, "Тоді" no Toda).
        let hits = cyrillic_country_hits(ctx, &guess, None);
        if !hits.is_empty() {
            return Some((guess, hits));
        }
    }
    None
}
