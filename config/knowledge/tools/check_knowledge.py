#!/usr/bin/env python3
"""Sanity checks for config/knowledge/*.  Exit status 1 on any error.

    python3 config/knowledge/tools/check_knowledge.py

Checks headers, required fields, unique ids, cross-references (country
codes), date and coordinate formats, sort order and a few known facts
(Minsk is in Belarus; Paris, France outranks Paris, Texas).  Aliases that
several entries share are reported as warnings (they are legitimate
ambiguities the recogniser must resolve, e.g. "Congo" or "ICC").
"""
from __future__ import annotations

import csv
import os
import re
import sys
from collections import Counter, defaultdict

KB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
errors: list[str] = []
warnings: list[str] = []


def err(msg):
    errors.append(msg)


def read(name, header):
    path = os.path.join(KB, name)
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        got = next(r)
        if got != header:
            err(f"{name}: header {got} != {header}")
        rows = []
        for i, row in enumerate(r, 2):
            if len(row) != len(header):
                err(f"{name}:{i}: {len(row)} fields")
                continue
            if any(v != v.strip() for v in row):
                err(f"{name}:{i}: leading/trailing whitespace")
            rows.append(dict(zip(header, row)))
    return rows


def lines(name):
    with open(os.path.join(KB, name), encoding="utf-8") as f:
        out = [l.rstrip("\n") for l in f]
    if any(not l.strip() or l != l.strip() for l in out):
        err(f"{name}: blank line or stray whitespace")
    return out


def check_sorted(name, keys):
    if keys != sorted(keys):
        err(f"{name}: rows not sorted")


def coord(name, i, lat, lon, allow_empty=False):
    if lat == "" and lon == "" and allow_empty:
        return
    try:
        la, lo = float(lat), float(lon)
    except ValueError:
        err(f"{name}:{i}: bad coordinates {lat!r},{lon!r}")
        return
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        err(f"{name}:{i}: coordinates out of range")


def split(v):
    return [x for x in v.split("|") if x] if v else []


def main():
    # ---------------------------------------------------------- countries
    cols = ["alpha2", "alpha3", "numeric", "name", "official_name", "aliases", "demonyms", "kind",
            "continent", "capital", "capital_geonameid", "capital_lat", "capital_lon", "lat", "lon",
            "population", "geonameid", "centroid_source"]
    countries = read("countries.csv", cols)
    a2 = Counter(r["alpha2"] for r in countries)
    a3 = Counter(r["alpha3"] for r in countries)
    for r in countries:
        if not re.fullmatch(r"[A-Z]{2}", r["alpha2"]) or a2[r["alpha2"]] > 1:
            err(f"countries: bad/duplicate alpha2 {r['alpha2']}")
        if not re.fullmatch(r"[A-Z]{3}", r["alpha3"]) or a3[r["alpha3"]] > 1:
            err(f"countries: bad/duplicate alpha3 {r['alpha3']!r} for {r['alpha2']}")
        if not r["name"] or not r["official_name"]:
            err(f"countries: {r['alpha2']} lacks a name")
        if r["kind"] not in {"un_member", "un_observer", "partially_recognised", "territory"}:
            err(f"countries: {r['alpha2']} kind {r['kind']}")
        coord("countries", r["alpha2"], r["lat"], r["lon"], allow_empty=True)
        coord("countries", r["alpha2"], r["capital_lat"], r["capital_lon"], allow_empty=True)
    check_sorted("countries.csv", [r["alpha2"] for r in countries])
    if sum(r["kind"] == "un_member" for r in countries) != 193:
        err("countries: expected 193 UN members")
    alpha3 = set(a3)
    alpha2 = set(a2)
    by2 = {r["alpha2"]: r for r in countries}
    for cc, must in {"US": ["U.S.", "USA", "America"], "GB": ["UK", "Britain"], "MM": ["Burma"],
                     "CD": ["DRC", "DR Congo"], "CI": ["Côte d'Ivoire"], "XK": [], "VA": ["Holy See"]}.items():
        if cc not in by2:
            err(f"countries: {cc} missing")
            continue
        al = split(by2[cc]["aliases"])
        for m in must:
            if m not in al:
                err(f"countries: {cc} lacks alias {m}")
    if by2.get("XK", {}).get("alpha3") != "XKX":
        err("countries: Kosovo must be XK/XKX")
    for cc, d in {"US": "Americans", "RU": "Russian", "PH": "Filipino", "GB": "Briton", "NL": "Dutch",
                  "AE": "Emirati", "AF": "Afghan", "SY": "Syrians"}.items():
        if d not in split(by2[cc]["demonyms"]):
            err(f"countries: {cc} lacks demonym {d}")

    # ---------------------------------------------------------- regions
    regions = read("regions.csv", ["name", "aliases", "kind", "countries", "lat", "lon"])
    for i, r in enumerate(regions, 2):
        if r["kind"] not in {"continent", "region", "subnational", "water"}:
            err(f"regions:{i}: kind {r['kind']}")
        for c in split(r["countries"]):
            if c not in alpha3:
                err(f"regions:{i}: unknown country {c}")
        coord("regions", i, r["lat"], r["lon"], allow_empty=True)
    check_sorted("regions.csv", [(r["name"].casefold(), r["name"]) for r in regions])
    names = {r["name"] for r in regions}
    for must in ["Middle East", "West Bank", "Gaza Strip", "Crimea", "Kashmir", "Darfur", "Kurdistan",
                 "Sahel", "Balkans", "Caucasus", "Gulf", "Latin America", "Europe", "Africa"]:
        if must not in names:
            err(f"regions: {must} missing")

    # ---------------------------------------------------------- admin1
    admin1 = read("admin1.csv", ["country", "code", "name", "aliases", "fips", "geonameid", "capital",
                                 "capital_geonameid", "lat", "lon", "coord_source", "named_alone"])
    for i, r in enumerate(admin1, 2):
        if r["country"] not in alpha2:
            err(f"admin1:{i}: unknown country")
        if r["named_alone"] not in ("", "no"):
            err(f"admin1:{i}: named_alone is empty or no")
        coord("admin1", i, r["lat"], r["lon"])
    if len(admin1) < 51:
        err("admin1: expected 50 states + DC")

    # ---------------------------------------------------------- places
    size = os.path.getsize(os.path.join(KB, "places.csv"))
    if size > 15_000_000:
        err(f"places.csv is {size} bytes (> ~15 MB)")
    places = read("places.csv", ["geonameid", "name", "ascii_name", "alternate_names", "country", "admin1",
                                 "lat", "lon", "population", "feature"])
    ids = Counter(r["geonameid"] for r in places)
    for i, r in enumerate(places, 2):
        if ids[r["geonameid"]] > 1 or not r["geonameid"].isdigit():
            err(f"places:{i}: bad/duplicate geonameid")
        if r["country"] not in alpha2:
            err(f"places:{i}: unknown country {r['country']}")
        if not r["ascii_name"].isascii():
            err(f"places:{i}: ascii_name not ASCII")
        if r["feature"] not in {"city", "capital", "admin2"}:
            err(f"places:{i}: feature {r['feature']}")
        if len(split(r["alternate_names"])) > 10:
            err(f"places:{i}: too many alternate names")
        coord("places", i, r["lat"], r["lon"])
    from anyascii import anyascii  # same key as build_places.py
    check_sorted("places.csv", [(r["country"], anyascii(r["name"]).casefold(), int(r["geonameid"]))
                                for r in places])
    minsk = [r for r in places if r["name"] == "Minsk"]
    if not any(r["country"] == "BY" and r["feature"] == "capital" for r in minsk):
        err("places: Minsk, BY (capital) missing")
    paris = {r["country"]: int(r["population"]) for r in places
             if r["name"] == "Paris" and r["country"] in ("FR", "US")
             and int(r["population"]) == max(int(x["population"]) for x in places
                                             if x["name"] == "Paris" and x["country"] == r["country"])}
    if not paris.get("FR", 0) > paris.get("US", 0):
        err("places: Paris FR should outrank Paris US")
    if not any(r["name"] == "Laurel County" and r["country"] == "US" and r["admin1"] == "Kentucky"
               and r["feature"] == "admin2" for r in places):
        err("places: Laurel County, Kentucky (admin2) missing")
    if not any(r["name"] == "Glen Carbon" and r["country"] == "US" for r in places):
        err("places: towns of 1,000+ people missing (Glen Carbon, Illinois)")
    caps = sum(r["feature"] == "capital" for r in places)
    if caps < 240:
        err(f"places: only {caps} capitals")

    # ---------------------------------------------------------- organisations
    orgs = read("organisations.csv", ["id", "canonical", "aliases", "kind", "country", "cameo_code"])
    oid = Counter(r["id"] for r in orgs)
    for i, r in enumerate(orgs, 2):
        if not re.fullmatch(r"org:[a-z0-9-]+", r["id"]) or oid[r["id"]] > 1:
            err(f"organisations:{i}: bad/duplicate id {r['id']}")
        if r["kind"] not in {"igo", "armed", "ngo", "gov", "party", "military", "company", "media"}:
            err(f"organisations:{i}: kind {r['kind']}")
        if r["country"] and r["country"] not in alpha3:
            err(f"organisations:{i}: country {r['country']}")
        if not re.fullmatch(r"[A-Z]{3,15}", r["cameo_code"]):
            err(f"organisations:{i}: cameo_code {r['cameo_code']!r}")
    check_sorted("organisations.csv", [r["id"] for r in orgs])
    if len(orgs) < 250:
        err(f"organisations: only {len(orgs)} rows")

    # ---------------------------------------------------------- clubs, companies (open data)
    names = {n.lower() for r in orgs for n in [r["canonical"], *r["aliases"].split("|")] if n}
    for file, prefix, kind, least in [("clubs.csv", "club", "club", 3000),
                                      ("companies.csv", "company", "company", 1500)]:
        rows = read(file, ["id", "canonical", "aliases", "kind", "country", "cameo_code"])
        ids = Counter(r["id"] for r in rows)
        for i, r in enumerate(rows, 2):
            if not re.fullmatch(prefix + r":[a-z0-9-]+", r["id"]) or ids[r["id"]] > 1:
                err(f"{file}:{i}: bad/duplicate id {r['id']}")
            if r["kind"] != kind or r["cameo_code"]:
                err(f"{file}:{i}: kind {r['kind']!r}, cameo_code {r['cameo_code']!r}")
            if r["country"] and r["country"] not in alpha3:
                err(f"{file}:{i}: country {r['country']}")
            for n in [r["canonical"], *r["aliases"].split("|")]:
                if n and n.lower() in names:
                    err(f"{file}:{i}: {n!r} is named twice")
                names.add(n.lower())
        check_sorted(file, [r["id"] for r in rows])
        if len(rows) < least:
            err(f"{file}: only {len(rows)} rows")

    # ---------------------------------------------------------- people
    people = read("people.csv", ["id", "canonical", "aliases", "country", "role", "sector", "start", "end"])
    ident = {}
    date_re = re.compile(r"\d{4}(-\d{2}-\d{2})?")
    sectors = {"GOV", "MIL", "SPY", "COP", "JUD", "LEG", "OPP", "IGO", "REB", "REL", "ELI", "MED", "CVL",
               "ENV", "EDU"}
    for i, r in enumerate(people, 2):
        if not re.fullmatch(r"per:[a-z0-9-]+", r["id"]):
            err(f"people:{i}: bad id {r['id']}")
        key = (r["canonical"], r["aliases"], r["country"])
        if ident.setdefault(r["id"], key) != key:
            err(f"people:{i}: {r['id']} differs between rows")
        if r["country"] not in alpha3:
            err(f"people:{i}: country {r['country']}")
        if r["sector"] not in sectors:
            err(f"people:{i}: sector {r['sector']}")
        if not date_re.fullmatch(r["start"]) or (r["end"] and not date_re.fullmatch(r["end"])):
            err(f"people:{i}: bad date")
        elif r["end"] and r["end"] < r["start"]:
            err(f"people:{i}: end before start")
    check_sorted("people.csv", [(r["id"], r["start"], r["role"]) for r in people])
    if len(people) < 300:
        err(f"people: only {len(people)} rows")

    # ---------------------------------------------------------- word lists
    first = lines("first_names.txt")
    amb = lines("ambiguous_first_names.txt")
    if len(first) < 3000 or len(set(first)) != len(first):
        err("first_names.txt: < 3000 names or duplicates")
    if not set(amb) <= set(first):
        err("ambiguous_first_names.txt must be a subset of first_names.txt")
    for n in ("Will", "May", "Mark", "Bill"):
        if n not in amb:
            err(f"ambiguous_first_names.txt lacks {n}")
    titles = lines("titles.txt")
    heads = lines("org_heads.txt")
    if len(titles) < 150 or len(set(titles)) != len(titles):
        err("titles.txt: < 150 entries or duplicates")
    if len(heads) < 80 or len(set(heads)) != len(heads):
        err("org_heads.txt: < 80 entries or duplicates")
    for name, lst in (("first_names.txt", first), ("ambiguous_first_names.txt", amb),
                      ("titles.txt", titles), ("org_heads.txt", heads)):
        check_sorted(name, [(x.casefold(), x) for x in lst])

    # ---------------------------------------------------------- shared aliases (warnings)
    owners = defaultdict(set)
    for r in orgs:
        for a in [r["canonical"]] + split(r["aliases"]):
            owners[a].add(r["id"])
    for r in people:
        for a in [r["canonical"]] + split(r["aliases"]):
            owners[a].add(r["id"])
    for a, o in sorted(owners.items()):
        if len(o) > 1:
            warnings.append(f"alias {a!r} shared by {', '.join(sorted(o))}")

    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"countries={len(countries)} regions={len(regions)} admin1={len(admin1)} places={len(places)} "
          f"organisations={len(orgs)} people={len(people)} ({len(ident)} persons) first_names={len(first)} "
          f"ambiguous={len(amb)} titles={len(titles)} org_heads={len(heads)}")
    print(f"{0 if errors else 1} passed, {1 if errors else 0} failed")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
