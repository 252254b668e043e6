#!/usr/bin/env python3
"""Turn devset/places_dev.txt (news items written for Herald, place mentions marked
[[text|key]]) into devset/places_dev.jsonl, in the format of the shared geoparsing gold
files: {"id", "text", "toponyms": [{"start", "end", "text", "lat", "lon", "geonameid",
"kind"}], "unresolved_mentions": [...]}. Offsets are character offsets into "text".

Keys (see the head of places_dev.txt): =XX a country, =XX.CODE a first-level division,
XX or XX/ADMIN1 the most populous place of that name (towns and second-level divisions of
places.csv), "@Name" to look up another name, "!" a place mention left without a point
(rivers, seas, areas the gold does not place); predictions on those are not scored.

Gold points: a town or county is its GeoNames point (places.csv, from GeoNames); a country
or division is the knowledge base's own point for it (a division's: the middle of its
towns' bounding box, as the geocoder computes it), so the set scores the choice of
referent, not a convention for where a large area's point lies.

Usage: python3 config/knowledge/tools/build_devset.py
Score: ../shared/eval/geo/score_geo.py config/knowledge/devset/places_dev.jsonl OUTPUT.jsonl
"""
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.dirname(HERE)
MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")


def read(name):
    with open(os.path.join(KB, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    countries = {r["alpha2"]: r for r in read("countries.csv")}
    admin1 = {(r["country"], r["code"]): r for r in read("admin1.csv")}
    by_name = {}
    places = read("places.csv")
    # A division's point as the geocoder computes it: the middle of its towns' bounding box.
    boxes = {}
    for r in places:
        if r["feature"] == "admin2":
            continue
        k = (r["country"], r["admin1"])
        lat, lon = float(r["lat"]), float(r["lon"])
        b = boxes.get(k, (lat, lat, lon, lon))
        boxes[k] = (min(b[0], lat), max(b[1], lat), min(b[2], lon), max(b[3], lon))
    for r in places:
        for n in {r["name"], r["ascii_name"]}:
            by_name.setdefault(n, []).append(r)
    errors = []

    def resolve(text, key):
        if key == "!":
            return None
        name = text
        if "@" in key:
            key, name = key.split("@", 1)
        if key.startswith("="):
            parts = key[1:].split(".", 1)
            if len(parts) == 1:
                c = countries[parts[0]]
                return dict(lat=float(c["lat"]), lon=float(c["lon"]), geonameid=c["geonameid"], kind="country")
            a = admin1.get((parts[0], parts[1]))
            if a is None:
                raise KeyError(key)
            b = boxes.get((parts[0], a["name"] if parts[0] == "US" else a["code"]))
            lat, lon = ((b[0] + b[1]) / 2, (b[2] + b[3]) / 2) if b else (float(a["lat"]), float(a["lon"]))
            return dict(lat=round(lat, 5), lon=round(lon, 5), geonameid=a["geonameid"], kind="admin1")
        cc, _, adm = key.partition("/")
        cands = [r for r in by_name.get(name, []) + by_name.get(name.title(), [])
                 if r["country"] == cc and (not adm or r["admin1"] == adm)]
        if not cands:
            raise KeyError(f"{name} {key}")
        r = max(cands, key=lambda r: int(r["population"]))
        return dict(lat=float(r["lat"]), lon=float(r["lon"]), geonameid=r["geonameid"],
                    kind=r["feature"], name=r["name"])

    src = open(os.path.join(KB, "devset", "places_dev.txt"), encoding="utf-8").read()
    paras = [p.strip() for p in src.split("\n\n")]
    out = []
    for p in paras:
        if not p or p.startswith("#"):
            continue
        text, tops, unres, pos = "", [], [], 0
        for m in MARK.finditer(p):
            text += p[pos:m.start()]
            start = len(text)
            surface = m.group(1)
            text += surface
            try:
                g = resolve(surface, m.group(2))
            except KeyError as e:
                errors.append(f"item {len(out)}: {surface} [{m.group(2)}]: not found ({e})")
                g = None
            t = {"start": start, "end": len(text), "text": surface}
            if g is None:
                unres.append(t)
            else:
                t.update(g)
                tops.append(t)
            pos = m.end()
        text += p[pos:]
        out.append({"id": f"herald-places-{len(out):03d}", "text": text, "toponyms": tops,
                    "unresolved_mentions": unres})
    for e in errors:
        print("error:", e, file=sys.stderr)
    path = os.path.join(KB, "devset", "places_dev.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    n = sum(len(r["toponyms"]) for r in out)
    print(f"wrote {os.path.relpath(path, KB)}: {len(out)} items, {n} toponyms with points, "
          f"{sum(len(r['unresolved_mentions']) for r in out)} without")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
