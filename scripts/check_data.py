#!/usr/bin/env python3
"""Sanity checks for the files scripts/build_data.py writes to data/.

    python3 scripts/check_data.py

Prints what it finds and a closing 'N passed, N failed' line; exits 1 on any failure.
Uses only the standard library.
"""
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
KINDS = ("continent", "water", "country", "region", "district", "city")
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok    {what}")
    else:
        failed += 1
        print(f"  FAIL  {what}")


def main():
    with gzip.open(DATA / "gazetteer.tsv.gz", "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, l.rstrip("\n").split("\t"))) for l in f]
    check(header == ["id", "kind", "name", "lat", "lon", "country", "admin1", "admin2",
                     "radius_km", "population", "names"], f"header {header}")
    kinds = Counter(r["kind"] for r in rows)
    print("rows per kind:", dict(kinds))
    check(len({r["id"] for r in rows}) == len(rows), "ids unique")
    check(all(r["kind"] in KINDS for r in rows), f"kinds valid ({', '.join(KINDS)})")
    check(kinds["city"] > 200000 and kinds["country"] > 240 and kinds["region"] > 3000
          and kinds["district"] > 10000 and kinds["continent"] >= 20 and kinds["water"] >= 50,
          "row counts plausible")

    def find(kind, name, country=None, admin1=None):
        return [r for r in rows if r["kind"] == kind and r["name"] == name
                and (country is None or r["country"] == country)
                and (admin1 is None or r["admin1"] == admin1)]

    def expect(kind, name, country, lat, lon, admin1=None, names=(), tol=0.1):
        hits = find(kind, name, country, admin1)
        if not hits:
            check(False, f"{kind} {name!r} {country} {admin1 or ''} exists")
            return None
        r = max(hits, key=lambda r: int(r["population"]))
        lower = {n.casefold() for n in r["names"].split("|")}
        near = abs(float(r["lat"]) - lat) <= tol and abs(float(r["lon"]) - lon) <= tol
        missing = [n for n in names if n.casefold() not in lower]
        check(near and not missing,
              f"{kind} {name!r} id={r['id']} {r['lat']},{r['lon']} {r['country']} {r['admin1']} "
              f"pop={r['population']}" + (f" MISSING names {missing}" if missing else "")
              + ("" if near else f" NOT near {lat},{lon}"))
        return r

    expect("city", "Kurakhove", "UA", 47.985, 37.281, "UA.05", ["Kurakhovo", "Курахове"], tol=0.01)
    expect("city", "Pokrovsk", "UA", 48.28, 37.18, "UA.05", ["Krasnoarmiisk", "Покровськ"], tol=0.02)
    expect("city", "Avdiivka", "UA", 48.14, 37.75, "UA.05", ["Avdiyivka", "Авдіївка"])
    expect("city", "Kupiansk", "UA", 49.71, 37.61, "UA.07", ["Kupyansk"])
    expect("city", "Huliaipole", "UA", 47.66, 36.26, "UA.26", ["Hulyaypole"])
    expect("city", "Chasiv Yar", "UA", 48.59, 37.84, "UA.05")
    expect("city", "Velyka Novosilka", "UA", 47.84, 36.83, "UA.05")
    expect("city", "Kostiantynivka", "UA", 48.53, 37.71, "UA.05", ["Kostyantynivka"])
    expect("city", "Ukrainsk", "UA", 48.10, 37.37, "UA.05", ["Ukrayinsk"])
    expect("city", "Sievierodonetsk", "UA", 48.95, 38.49, "UA.14", ["Severodonetsk", "Siverskodonetsk"])
    expect("city", "Kyiv", "UA", 50.45, 30.52, "UA.12", ["Kiev", "Київ", "Киев"])
    expect("city", "Kursk", "RU", 51.73, 36.19, None, ["Курск"])
    expect("region", "Kursk Oblast", "RU", 51.7, 36.2, "RU.41",
           ["Kursk", "Kursk Oblast", "Курская область"], tol=0.3)
    expect("region", "Donetsk Oblast", "UA", 48.1, 37.8, "UA.05",
           ["Donetsk", "Donetsk Oblast", "Донецька область"], tol=0.3)
    expect("region", "Crimea", "UA", 45.3, 34.3, "UA.11", ["Crimea", "Крым"], tol=0.5)
    expect("region", "Sevastopol", "UA", 44.55, 33.6, "UA.20", ["Sevastopol"], tol=0.3)
    expect("region", "California", "US", 37.25, -119.75, "US.CA", ["California"], tol=0.5)
    expect("country", "North Korea", "KP", 40.0, 127.2, None, ["DPRK", "North Korea"], tol=1.0)
    expect("country", "South Korea", "KR", 36.4, 128.0, None, ["Republic of Korea"], tol=1.0)
    # Countries sit at their conventional centre points (countryinfo `latlng`), not at Natural
    # Earth's label points (Russia's is 58.2, 44.7, west of the Urals).
    expect("country", "Russia", "RU", 60.0, 100.0, None, ["Russian Federation", "Россия"], tol=1.0)
    expect("country", "Ukraine", "UA", 49.0, 32.0, None, ["Україна"], tol=1.5)
    expect("country", "United States", "US", 39.5, -98.0, None, ["USA", "U.S.", "America"], tol=2.0)

    # Districts (second-level subdivisions): seats, English names, never the bare stem.
    r = expect("district", "Laurel County", "US", 37.1, -84.1, "US.KY", ["Laurel County"], tol=0.15)
    check(r is not None and "laurel" not in {n.casefold() for n in r["names"].split("|")},
          "district Laurel County is not named 'Laurel'")
    expect("district", "Butler County", "US", 39.4, -84.6, "US.OH", ["Butler County"], tol=0.15)
    expect("district", "Rapides Parish", "US", 31.2, -92.5, "US.LA", ["Rapides Parish"], tol=0.15)
    r = expect("district", "Pokrovsk Raion", "UA", 48.28, 37.18, "UA.05",
               ["Pokrovsk District", "Pokrovskyi Raion", "Покровський район"], tol=0.1)
    check(r is not None and "pokrovsk" not in {n.casefold() for n in r["names"].split("|")},
          "district Pokrovsk Raion is not named 'Pokrovsk'")
    expect("district", "Bakhmut Raion", "UA", 48.6, 38.0, "UA.05", ["Бахмутський район"], tol=0.1)
    districts = [r for r in rows if r["kind"] == "district"]
    stems = []
    for r in districts:
        m = re.fullmatch(r"(.+) (County|Parish|Raion|District|Province|Municipality)", r["name"])
        if m and m.group(1).casefold() in {n.casefold() for n in r["names"].split("|")}:
            stems.append(r["name"])
    check(not stems, f"no district is also named by its bare stem {stems[:5]}")
    region_codes = {r["admin1"] for r in rows if r["kind"] == "region" and r["admin1"]}
    orphans = Counter(r["country"] for r in districts if r["admin1"] not in region_codes)
    check(sum(orphans.values()) <= 0.03 * len(districts),
          f"districts whose admin1 is no region's: {sum(orphans.values())} of {len(districts)} "
          f"{dict(orphans.most_common(8))}")
    print("districts per country (top 12):",
          dict(Counter(r["country"] for r in districts).most_common(12)))

    # Issue 13: every settlement of Ukraine's register, and Russia's border oblasts.
    expect("city", "Robotyne", "UA", 47.45, 35.83, "UA.26", ["Роботине"], tol=0.05)
    expect("city", "Krynky", "UA", 46.73, 33.09, "UA.08", ["Кринки"], tol=0.1)
    expect("city", "Staromaiorske", "UA", 47.79, 36.75, "UA.05", ["Старомайорське"], tol=0.1)
    expect("city", "Klishchiivka", "UA", 48.54, 37.96, "UA.05", ["Кліщіївка"], tol=0.1)
    expect("city", "Sudzha", "RU", 51.19, 35.27, "RU.41", ["Суджа"], tol=0.1)
    expect("city", "Plekhovo", "RU", 51.10, 35.33, "RU.41", ["Плехово"], tol=0.1)
    ua_new = [r for r in rows if r["country"] == "UA" and r["id"].startswith("UA")]
    approx = [r for r in ua_new if r["radius_km"]]
    check(len(ua_new) > 20000, f"{len(ua_new)} Ukrainian settlements from the register")
    check(all(0 < float(r["radius_km"]) <= 250 for r in approx),
          f"{len(approx)} approximate settlements, radius within (0, 250] km")
    crimea = [r for r in ua_new if r["admin1"] == "UA.11"]
    check(len(crimea) > 500, f"{len(crimea)} settlements of Crimea (UA-43) in Ukraine")
    ru_border = [r for r in rows if r["id"].startswith("RU-post:")]
    check(len(ru_border) > 1000 and {r["admin1"] for r in ru_border} == {"RU.41", "RU.09", "RU.10"},
          f"{len(ru_border)} places of Russia's border oblasts")

    # Continents, world regions and water bodies (scripts/physical_places.tsv).
    expect("continent", "Africa", "", 7.0, 21.0, None, ["Африка"], tol=1.0)
    expect("continent", "Middle East", "", 29.0, 42.0, None, ["Ближний Восток"], tol=1.0)
    expect("water", "Black Sea", "", 43.4, 34.3, None, ["Чорне море", "Черное море"], tol=0.5)
    expect("water", "Sea of Azov", "", 46.1, 36.6, None, ["Азовське море"], tol=0.5)
    expect("water", "Kerch Strait", "", 45.3, 36.55, None, [], tol=0.2)
    r = expect("water", "Dnipro River", "", 49.0, 32.5, None, ["Dnieper"], tol=1.5)
    check(r is not None and "dnipro" not in {n.casefold() for n in r["names"].split("|")},
          "the Dnipro River is not named 'Dnipro' (the city)")
    phys = [r for r in rows if r["kind"] in ("continent", "water")]
    check(all(r["id"].startswith("phys:") and not r["country"] and not r["admin1"]
              and r["population"] == "0" for r in phys),
          f"{len(phys)} continent/water rows: phys: ids, no country, admin1 or population")

    pok = [r for r in rows if r["kind"] == "city" and "pokrovsk" in {n.casefold() for n in r["names"].split("|")}]
    pok.sort(key=lambda r: -int(r["population"]))
    print('cities whose names include "Pokrovsk":')
    for r in pok:
        print(f"    {r['id']}\t{r['name']}\t{r['country']}\t{r['admin1']}\tpop {r['population']}")

    # Ukrainian and Russian display names (scripts/local_names.py).
    with gzip.open(DATA / "local_names.tsv.gz", "rt", encoding="utf-8") as f:
        lhead = f.readline().rstrip("\n").split("\t")
        local = [l.rstrip("\n").split("\t") for l in f]
    check(lhead == ["id", "uk", "ru"], f"local_names header {lhead}")
    ids = {r["id"] for r in rows}
    check(all(len(l) == 3 and l[0] in ids and (l[1] or l[2]) for l in local),
          f"local_names: {len(local)} rows, each a gazetteer id with a name")

    def id_key(i):
        return (0, int(i), "") if i.isdigit() else (1, 0, i)
    check([l[0] for l in local] == sorted((l[0] for l in local), key=id_key),
          "local_names sorted by id, unique")
    check(not any(re.search("[іїєґІЇЄҐ]", l[2]) or re.search("[ыэъёЫЭЪЁ]", l[1]) for l in local),
          "local_names: no Ukrainian letters in Russian names, nor Russian ones in Ukrainian")
    lnames = {l[0]: (l[1], l[2]) for l in local}

    def expect_local(kind, name, country, uk, ru):
        hits = find(kind, name, country)
        got = [lnames.get(r["id"]) for r in hits]
        check((uk, ru) in got, f"local names of {kind} {name!r} {country}: {got} (want {uk}/{ru})")
    expect_local("city", "Kyiv", "UA", "Київ", "Киев")
    expect_local("city", "Kharkiv", "UA", "Харків", "Харьков")
    expect_local("city", "Pokrovsk", "UA", "Покровськ", "Покровск")
    expect_local("region", "Donetsk Oblast", "UA", "Донецька область", "Донецкая область")
    expect_local("region", "Kursk Oblast", "RU", "Курська область", "Курская область")
    expect_local("district", "Pokrovsk Raion", "UA", "Покровський район", "Покровский район")
    expect_local("country", "China", "CN", "Китай", "Китай")
    expect_local("country", "Russia", "RU", "Росія", "Россия")
    expect_local("city", "Moscow", "RU", "", "Москва")
    expect_local("city", "Sudzha", "RU", "", "Суджа")

    with gzip.open(DATA / "admin1.geojson.gz", "rt", encoding="utf-8") as f:
        fc = json.load(f)
    by_iso = {ft["properties"]["iso"]: ft["properties"] for ft in fc["features"]}
    print(f"admin1.geojson: {len(fc['features'])} features")
    for iso, a1 in (("UA-43", "UA.11"), ("UA-40", "UA.20"), ("UA-14", "UA.05"), ("RU-KRS", "RU.41")):
        p = by_iso.get(iso)
        want_cc = iso[:2]
        check(p is not None and p["country"] == want_cc and p["admin1"] == a1, f"admin1 polygon {iso}: {p}")

    with gzip.open(DATA / "basemap.json.gz", "rt") as f:
        bm = json.load(f)
    check(bm.get("version") == 2, "basemap version 2")
    layers = bm["layers"]
    for k in ("coastline", "coastline_low", "country_border", "region_border", "river"):
        check(len(layers.get(k, [])) > 0, f"basemap has {k} lines")
    for k in ("land", "land_detail", "lakes"):
        check(len(bm.get("polygons", {}).get(k, [])) > 0, f"basemap has {k} polygons")
    print("basemap:", {k: (len(v), sum(len(l) for l in v) // 2) for k, v in layers.items()},
          "(polylines, points)")
    check(all(len(l) >= 4 and len(l) % 2 == 0 for v in layers.values() for l in v),
          "every polyline has >= 2 points")

    def pts_in(layer, x0, y0, x1, y1):
        return sum(1 for l in layers[layer] for i in range(0, len(l), 2)
                   if x0 <= l[i] <= x1 and y0 <= l[i + 1] <= y1)

    # The isthmus between Crimea and Kherson oblast (Perekop, Chonhar, Arabat spit).
    check(pts_in("country_border", 33.5, 45.6, 35.2, 46.3) == 0,
          "no country border between Crimea and mainland Ukraine")
    check(pts_in("region_border", 33.5, 45.6, 35.2, 46.3) > 5,
          "region border between Crimea and Kherson oblast")
    check(pts_in("region_border", 33.4, 44.3, 33.95, 44.9) > 3, "region border around Sevastopol")
    check(pts_in("country_border", 36.4, 44.8, 36.8, 45.7) > 3, "UA-RU border in the Kerch strait")
    check(pts_in("country_border", 38.0, 47.0, 40.5, 50.5) > 10, "UA-RU land border east of Donbas")

    print(f"  gazetteer.tsv.gz (intermediate, not bundled): "
          f"{(DATA / 'gazetteer.tsv.gz').stat().st_size / 1e6:.2f} MB")
    total = 0
    print(f"  local_names.tsv.gz: {(DATA / 'local_names.tsv.gz').stat().st_size / 1e6:.2f} MB")
    for name in ("gazetteer.bin.zst", "demonyms.tsv", "basemap.json.gz", "admin1.geojson.gz"):
        n = (DATA / name).stat().st_size
        total += n
        print(f"  {name}: {n / 1e6:.2f} MB")
    check((DATA / "basemap.json.gz").stat().st_size <= 8e6, "basemap <= 8 MB")
    check((DATA / "admin1.geojson.gz").stat().st_size <= 6e6, "admin1 <= 6 MB")
    check((DATA / "local_names.tsv.gz").stat().st_size <= 3e6, "local_names <= 3 MB")
    # Issue 14's case forms (about 500,000 names) took the gazetteer from 13.4 to 16 MB.
    check(total <= 24e6, f"data total {total / 1e6:.2f} MB <= 24 MB")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
