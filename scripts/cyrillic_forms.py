"""Ukrainian and Russian place names in every case (issue 14), for build_data.py.

Gazetteers hold the nominative ("Курська область", "Черкаси", "Нью-Йорк"); news writes
"у Курській області", "з Черкас", "в Нью-Йорке". This module adds, to each gazetteer row, the
case forms of its Cyrillic names, generated with a morphological generator — pymorphy3 with
the OpenCorpora (Russian) and LanguageTool/VESUM (Ukrainian) dictionaries (PyPI
`pymorphy3`, `pymorphy3-dicts-ru`, `pymorphy3-dicts-uk`; MIT, dictionaries CC BY-SA) — so
that recognition stays a name lookup:

- every case but the vocative, in the name's own number (a plural name such as "Черкаси"
  keeps plural forms: "Черкас", "Черкасах"), every variant the dictionary lists
  ("Москвой"/"Москвою");
- multiword and hyphenated names agree word by word ("Курська область" -> "Курській
  області", "Курською областю"; "Каменец-Подольский" -> "Каменца-Подольского"); words that
  are not in the nominative ("на Дону", "ам Майн") stay as written;
- a word the dictionaries do not know (most villages) is inflected by pymorphy3's
  predictor from the word's ending; the recogniser's own ending rules stay the fallback.

It also applies the exonym policy for Cyrillic alternate names of places outside the
Cyrillic-writing countries: GeoNames lists any transliteration without a language tag (По
for Pô, Он for Eaunes, Так for Tak), so such a name is kept only for a large place (at least
LARGE_POPULATION people) and only when the word is not a function word or common word of
Russian or Ukrainian (told by the dictionaries' parts of speech and wordfreq's frequencies).
Countries and first-level regions keep their names (they come from CLDR-tagged sources).

And it adds the Ukrainian region names formed with -щина/-ччина ("Харківщина",
"Донеччина") for each oblast whose adjective forms one the Ukrainian dictionary knows.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

# Countries whose places' Cyrillic names are their own (or the region's usual) names.
CYRILLIC_COUNTRIES = frozenset(
    line.strip().upper()
    for line in (Path(__file__).resolve().parent.parent / "data" / "lexicon"
                 / "cyrillic_countries.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
# A foreign city at least this large keeps its Cyrillic alternate names.
LARGE_POPULATION = 100_000
# Cases generated (pymorphy3 grammemes; the vocative is left out: "Києве" is a vocative).
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "loc2", "gen2", "gen1", "loc1",
         "acc2")
# Parts of speech of function words.
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED", "ADVB", "COMP",
                          "NUMR"})
# Proper-noun grammemes: a word with one of these parses is a name, whatever its frequency.
PROPER = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"})
# A word at least this frequent (wordfreq's Zipf scale) with a common-noun reading is a
# common word.
ZIPF_COMMON = 3.5
# A word neither dictionary knows is a common word at this frequency.
ZIPF_VERY_COMMON = 4.5

_CYR = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґЎў]")
_UK_ONLY = re.compile(r"[ІіЇїЄєҐґ]")
_RU_ONLY = re.compile(r"[ЫыЭэЪъЁё]")


def is_cyrillic(s: str) -> bool:
    return bool(_CYR.search(s))


class Forms:
    """The two analysers and the frequency tables."""

    def __init__(self, zipf: dict[str, dict[str, float]]):
        import pymorphy3
        self.ru = pymorphy3.MorphAnalyzer(lang="ru")
        self.uk = pymorphy3.MorphAnalyzer(lang="uk")
        self.zipf = zipf
        self.cache: dict[tuple[str, str], list[str]] = {}

    def analysers(self, name: str):
        """The analysers for a name: by its letters, else those that know one of its words,
        else both."""
        if _UK_ONLY.search(name):
            return [self.uk]
        if _RU_ONLY.search(name):
            return [self.ru]
        words = [w for w in re.split(r"[ \-]", name.lower()) if w]
        known = {m: sum(m.word_is_known(w) for w in words) for m in (self.uk, self.ru)}
        best = max(known.values())
        return [m for m, n in known.items() if n == best]

    # -- not places -------------------------------------------------------------------------
    def is_common_word(self, word: str) -> bool:
        """A function word of Russian or Ukrainian ("по", "он", "але", "разом"), or a frequent
        word whose known readings are all common nouns and the like ("так", "усі")."""
        w = word.lower().replace("ё", "е")
        if " " in w or "-" in w:
            return False
        zipf = max(self.zipf["ru"].get(w, 0.0), self.zipf["uk"].get(w, 0.0))
        known = False
        for m in (self.ru, self.uk):
            if not m.word_is_known(w):
                continue
            known = True
            parses = m.parse(w)
            if any(p.tag.POS in FUNCTION_POS for p in parses):
                return True
            if any(PROPER & set(p.tag.grammemes) for p in parses):
                return False
        # A frequent word: common unless a dictionary reads it as a name.
        return zipf >= (ZIPF_COMMON if known else ZIPF_VERY_COMMON)

    def is_common_form(self, form: str, lemmas: frozenset[str] = frozenset()) -> bool:
        """A generated form that is also another word: a function word, or a frequent word
        of another lemma that is no name ("решту", the rest, beside Решт). Readings of the
        name's own lemmas (`lemmas`: "києва" of "київ") do not count."""
        if " " in form or "-" in form:
            return False
        zipf = max(self.zipf["ru"].get(form, 0.0), self.zipf["uk"].get(form, 0.0))
        for m in (self.ru, self.uk):
            if not m.word_is_known(form):
                continue
            for p in m.parse(form):
                lemma = p.normal_form.replace("ё", "е")
                if lemma in lemmas or "Infr" in p.tag.grammemes:
                    continue
                if p.tag.POS in FUNCTION_POS:
                    return True
                # The other word must be common itself ("решта"), not a rare one ("кий",
                # whose dative is "києві").
                lemma_zipf = max(self.zipf["ru"].get(lemma, 0.0),
                                 self.zipf["uk"].get(lemma, 0.0))
                if (zipf >= ZIPF_COMMON and lemma_zipf >= ZIPF_COMMON
                        and not (PROPER & set(p.tag.grammemes))):
                    return True
        return False

    # -- forms ------------------------------------------------------------------------------
    def word_forms(self, m, word: str, number: str | None) -> list[str] | None:
        """Case forms of one word in the nominative, or None when it is not one."""
        parses = [p for p in m.parse(word) if p.tag.case == "nomn"]
        if number:
            parses = [p for p in parses if p.tag.number in (number, None)] or parses
        if not parses:
            return None
        # Prefer a toponym, then a dictionary word, then the most likely.
        parses.sort(key=lambda p: ("Geox" not in p.tag.grammemes, -p.score))
        p = parses[0]
        num, gender = p.tag.number, p.tag.gender
        out = []
        for f in p.lexeme:
            t = f.tag
            if t.case not in CASES:
                continue
            if (t.number or "sing") != (num or "sing"):
                continue
            if t.POS in ("ADJF", "PRTF") and gender and t.gender and t.gender != gender:
                continue
            if t.POS not in (p.tag.POS,):
                continue
            out.append((t.case, f.word))
        return out or None

    def name_forms(self, name: str) -> set[str]:
        """Every generated case form of `name` (lower case), the name itself left out."""
        out: set[str] = set()
        for m in self.analysers(name):
            key = (m.lang, name)
            if key not in self.cache:
                self.cache[key] = self._name_forms(m, name)
            out.update(self.cache[key])
        out.discard(name.lower())
        # A form that is another common word ("решту" of Решт) is left out.
        lemmas = {name.lower().replace("ё", "е")}
        if " " not in name and "-" not in name:
            for m in self.analysers(name):
                lemmas |= {p.normal_form.replace("ё", "е") for p in m.parse(name.lower())
                           if p.tag.case == "nomn"}
        out = {f for f in out if not self.is_common_form(f, frozenset(lemmas))}
        return out

    def _name_forms(self, m, name: str) -> list[str]:
        # Words and the separators between them ("Ростов-на-Дону", "Кривий Ріг").
        pieces = re.split(r"([ \-‐–])", name.lower())
        words = pieces[0::2]
        if not words or len(words) > 4 or any(not w for w in words):
            return []
        # A hyphenated word the dictionary knows whole ("нью-йорк") is one word.
        if len(words) == 2 and pieces[1] == "-" and m.word_is_known(name.lower()):
            pieces, words = [name.lower()], [name.lower()]
        number = None
        per_word: list[dict[str, list[str]] | None] = []
        for w in words:
            forms = self.word_forms(m, w, number) if is_cyrillic(w) else None
            if forms is None:
                per_word.append(None)
                continue
            by_case: dict[str, list[str]] = {}
            for case, f in forms:
                by_case.setdefault(canonical_case(case), []).append(f)
            per_word.append(by_case)
        if all(x is None for x in per_word):
            return []
        cases = set()
        for x in per_word:
            if x is not None:
                cases.update(x)
        result = []
        for case in sorted(cases):
            options = []
            for w, x in zip(words, per_word):
                if x is None:
                    options.append([w])
                else:
                    options.append(x.get(case) or [w])
            # The first variant of each word, and each word's variants with the others' first.
            combos = [[o[0] for o in options]]
            for i, o in enumerate(options):
                for v in o[1:]:
                    c = [oo[0] for oo in options]
                    c[i] = v
                    combos.append(c)
            for c in combos:
                s = pieces[:]
                s[0::2] = c
                result.append("".join(s))
        return sorted(set(result))


def fold_word(word: str) -> str:
    """The recogniser's folding of one word (crate::text::fold_name): lower case, ё -> е,
    apostrophes dropped."""
    return re.sub(r"['`.\u2019\u2018\u02bc\u02b9\u00b4]", "", word.lower().replace("ё", "е"))


def canonical_case(case: str) -> str:
    return {"loc2": "loct", "loc1": "loct", "gen2": "gent", "gen1": "gent",
            "acc2": "accs"}.get(case, case)


def region_names_shchyna(forms: Forms, adjective: str) -> list[str]:
    """'Харківська' -> ['Харківщина'], 'Донецька' -> ['Донеччина'] when the Ukrainian
    dictionary knows the word."""
    a = adjective.lower()
    cands = []
    if a.endswith("цька"):
        cands.append(a[:-4] + "ччина")
    if a.endswith("ська"):
        cands.append(a[:-4] + "щина")
        cands.append(a[:-4] + "ьщина")
    if a.endswith("зька"):
        cands.append(a[:-4] + "жжя")
    out = []
    for c in cands:
        if forms.uk.word_is_known(c) and any(p.tag.POS == "NOUN" for p in forms.uk.parse(c)):
            out.append(c[:1].upper() + c[1:])
    return out


def apply(rows: list[dict], zipf: dict[str, dict[str, float]]) -> Counter:
    """Applies the exonym policy, adds the -щина region names and the case forms to the
    rows' `names` fields (in place); returns counts for the build log."""
    forms = Forms(zipf)
    stats: Counter = Counter()
    t = __import__("time").time()
    for r in rows:
        names = [n for n in r["names"].split("|") if n]
        foreign = r["country"] not in CYRILLIC_COUNTRIES
        if foreign and r["kind"] == "city":
            keep = []
            for n in names:
                if is_cyrillic(n):
                    if int(r["population"] or 0) < LARGE_POPULATION:
                        stats["foreign Cyrillic names dropped (small place)"] += 1
                        continue
                    if forms.is_common_word(n):
                        stats["foreign Cyrillic names dropped (common word)"] += 1
                        continue
                keep.append(n)
            names = keep
        if r["kind"] == "region" and r["country"] == "UA":
            for n in list(names):
                if n.endswith(" область") and n.split(" ")[0].endswith("ька"):
                    for extra in region_names_shchyna(forms, n.split(" ")[0]):
                        if extra not in names:
                            names.append(extra)
                            stats["-щина region names added"] += 1
        generated: set[str] = set()
        if not foreign or r["kind"] != "city" or int(r["population"] or 0) >= LARGE_POPULATION:
            for n in names:
                if is_cyrillic(n) and not n.isupper():
                    generated |= forms.name_forms(n)
        have = {n.lower() for n in names}
        new = sorted(f for f in generated if f not in have)
        stats["case forms added"] += len(new)
        r["names"] = "|".join(sorted(set(names) | set(new), key=lambda x: (x.casefold(), x)))
    stats["seconds"] = int(__import__("time").time() - t)
    return stats


if __name__ == "__main__":
    # A quick look: python3 scripts/cyrillic_forms.py Курська область
    f = Forms({"ru": {}, "uk": {}})
    name = " ".join(sys.argv[1:]) or "Курська область"
    print(sorted(f.name_forms(unicodedata.normalize("NFC", name))))


def given_names(zipf: dict[str, dict[str, float]]) -> list[str]:
    """Every form of the first names and patronymics the dictionaries know ("ольга",
    "олександра", "петрович", "іванівною") whose lemma is at least ZIPF_NAME frequent in
    Russian or Ukrainian, folded, sorted: a capitalised word after one is a surname ("Ольга Иванова",
    "Александр Пушкин"), not a place."""
    import pymorphy3
    forms = Forms(zipf)
    out: dict[str, set[str]] = {}
    for lang in ("ru", "uk"):
        m = pymorphy3.MorphAnalyzer(lang=lang)
        for word, tag, normal, _para, _idx in m.dictionary.iter_known_words():
            g = tag.grammemes
            if ("Name" in g or "Patr" in g) and "Surn" not in g and "Geox" not in g:
                # Every form of a frequent name: the lemma's frequency decides, as the
                # dative or locative of a common name ("Людмилі", "Євгенові") is rare.
                lemma = fold_word(normal.replace("ё", "е"))
                if max(zipf["ru"].get(lemma, 0.0), zipf["uk"].get(lemma, 0.0)) >= ZIPF_NAME:
                    w = fold_word(word)
                    out.setdefault(w, {w}).add(normal.replace("ё", "е"))
    # Not a word that is also a function word or a frequent common word of another lemma
    # ("або", "вера"); nor a rare form of a name that is a place's name ("Перу", the dative
    # of Пер, is Peru), while a frequent one stays ("Владимир").
    analyzers = [pymorphy3.MorphAnalyzer(lang=lang) for lang in ("ru", "uk")]

    def place_reading(w: str) -> bool:
        return any("Geox" in p.tag.grammemes for m in analyzers for p in m.parse(w))

    def frequent(w: str) -> bool:
        return max(zipf["ru"].get(w, 0.0), zipf["uk"].get(w, 0.0)) >= ZIPF_NAME

    # A reading whose lemma is itself a form of a name does not make a name common: the
    # genitive "Максима" is as frequent as the noun "максима" (a maxim) seems.
    name_forms = frozenset(out)
    return sorted(w for w, lemmas in out.items()
                  if not forms.is_common_form(w, frozenset(lemmas) | name_forms)
                  and (frequent(w) or not place_reading(w)))


# A first name or patronymic form at least this frequent goes into the list.
ZIPF_NAME = 2.5
