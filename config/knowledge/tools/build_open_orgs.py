#!/usr/bin/env python3
"""Rebuild clubs.csv and companies.csv: organisations from open data, in the columns of
organisations.csv (id, canonical, aliases, kind, country, cameo_code).

Sources (see ../README.md):
  * clubs.csv: football clubs of openfootball/clubs (https://github.com/openfootball/clubs,
    CC0 1.0, public domain dedication), every `*.clubs.txt` of a checkout or bare clone;
  * companies.csv: the constituents of 20 stock indices (S&P 500, NASDAQ 100, DAX, FTSE 100,
    CAC 40, Nikkei 225, ...) in the PyPI package pytickersymbols 1.17.10 (MIT licence).

A name only enters when the knowledge base cannot mistake it: a one-word name must not be an
ordinary English word (config/language/en_words.txt: "Arsenal", "Shell"), a first name, or a
place name of places.csv (alternate names too: "Frankfurt"), countries.csv, admin1.csv or
regions.csv ("Chelsea", "Barcelona": the match
rules of the entity stage make those clubs); no name may be a place's or be shorter than four
letters, and abbreviations with a period ("Bayern Mün.") and reserve sides ("Bayern II") are
left out. Companies also get
their name without legal suffixes ("Tesco PLC" -> "Tesco"). A name two sources share is kept
once, by the first (the curated organisations.csv, then clubs, then companies).

Usage (deterministic; the output is sorted):
  pip download --no-deps pytickersymbols==1.17.10     # a wheel
  python3 config/knowledge/tools/build_open_orgs.py CLUBS_DIR pytickersymbols-1.17.10-py3-none-any.whl
CLUBS_DIR may be a bare git clone (its HEAD is read) or a checkout."""
import csv
import io
import os
import re
import subprocess
import sys
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.dirname(HERE)
CONFIG = os.path.dirname(KB)
COLUMNS = ["id", "canonical", "aliases", "kind", "country", "cameo_code"]

# openfootball folders whose name is not a country's name in countries.csv.
FOLDERS = {
    "england": "GBR", "scotland": "GBR", "wales": "GBR", "northern-ireland": "GBR",
    "latvija": "LVA", "macedonia": "MKD", "congo-dr": "COD", "kosovo": "XKX",
    "trinidad-n-tobago": "TTO", "bosnia-n-herzegovina": "BIH", "united-states": "USA",
    "south-korea": "KOR", "czech-republic": "CZE", "turkey": "TUR", "ireland": "IRL",
    "russia": "RUS", "iran": "IRN", "moldova": "MDA",
}
INDEX_COUNTRY = {
    "AEX": "NLD", "BEL 20": "BEL", "CAC_40": "FRA", "CAC Mid 60": "FRA", "DAX": "DEU",
    "MDAX": "DEU", "SDAX": "DEU", "TecDAX": "DEU", "FTSE 100": "GBR", "IBEX 35": "ESP",
    "NIKKEI 225": "JPN", "OMX Helsinki 25": "FIN", "OMX Stockholm 30": "SWE",
    "Switzerland 20": "CHE", "DOW JONES": "USA", "NASDAQ 100": "USA", "S&P 100": "USA",
    "S&P 500": "USA", "S&P 600": "USA",
}
US_STATES_HINT = re.compile(r",\s*(Alabama|Alaska|Arizona|Arkansas|California|Colorado|"
                            r"Connecticut|Delaware|Florida|Georgia|Idaho|Illinois|Indiana|Iowa|"
                            r"Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|"
                            r"Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New \w+|"
                            r"North \w+|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|"
                            r"South \w+|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
                            r"West Virginia|Wisconsin|Wyoming|D\.C\.)\s*$")


def read(name):
    with open(os.path.join(KB, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


class Blocked:
    """What a name must not be: a place, a first name, an ordinary word, or taken."""

    def __init__(self):
        self.countries = read("countries.csv")
        places = set()
        for r in read("places.csv"):
            places |= {r["name"], r["ascii_name"], *r["alternate_names"].split("|")}
        for r in read("admin1.csv") + read("regions.csv"):
            places |= {r["name"], *r.get("aliases", "").split("|")}
        for c in self.countries:
            places |= {c["name"], c["official_name"], *c["aliases"].split("|")}
        self.places = {p.lower() for p in places if p}
        self.first = {n.lower() for n in lines(os.path.join(KB, "first_names.txt"))}
        self.words = set(lines(os.path.join(CONFIG, "language", "en_words.txt")))
        self.taken = set()
        for r in read("organisations.csv"):
            self.taken |= {n.lower() for n in [r["canonical"], *r["aliases"].split("|")] if n}

    def allows(self, name, periods):
        low = name.lower()
        letters = sum(ch.isalpha() for ch in name)
        reserve = re.search(r"\s(II|III|B|[UO]\d\d)$", name)
        if letters < 4 or reserve or (not periods and "." in name) or "$" in name:
            return False
        if low in self.places or low in self.taken:
            return False
        one_word = " " not in name
        return not (one_word and (low in self.words or low in self.first))

    def keep(self, names, periods=False):
        """The allowed names, each once, in order; all taken from now on. `periods`: names
        may hold a period ("Apple Inc."), else one marks an abbreviation."""
        kept = []
        for n in names:
            n = re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", "", n)).strip(" ,")
            if n and self.allows(n, periods) and n.lower() not in {k.lower() for k in kept}:
                kept.append(n)
        self.taken |= {n.lower() for n in kept}
        return kept

    def alpha3(self, country):
        country = (country or "").strip()
        for c in self.countries:
            if country in (c["name"], c["official_name"], c["alpha3"], c["alpha2"]):
                return c["alpha3"]
        if US_STATES_HINT.search(country) or country == "United States":
            return "USA"
        return ""


def slug(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def club_files(root):
    """(folder, text) of each clubs file: from a bare clone's HEAD or a checkout."""
    if os.path.isdir(os.path.join(root, "objects")):
        names = subprocess.run(["git", "-C", root, "ls-tree", "-r", "--name-only", "HEAD"],
                               check=True, capture_output=True, text=True).stdout.split()
        for path in sorted(names):
            if path.endswith(".clubs.txt") and "/" in path:
                text = subprocess.run(["git", "-C", root, "show", f"HEAD:{path}"], check=True,
                                      capture_output=True, text=True).stdout
                yield path.split("/")[-2], text
        return
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".clubs.txt"):
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    yield os.path.basename(dirpath), f.read()


def parse_clubs(text):
    """(canonical, [aliases]) of each first team: a name line, then its `|` alias lines.
    Reserve sides (`ii)`), addresses and comments are skipped."""
    clubs = []
    for raw in text.splitlines():
        line = re.sub(r"#.*", "", raw).rstrip()
        if not line.strip() or line.lstrip().startswith(("=", "ii)", "iii)", "iv)")):
            continue
        if line.lstrip().startswith("|"):
            if clubs:
                names = [re.sub(r"\[\w+\]", "", n).strip() for n in line.split("|")]
                clubs[-1][1].extend(n for n in names if n)
        elif not raw[0].isspace():
            name = re.sub(r"\[\w+\]", "", line.split(",")[0].split("@")[0]).strip()
            if name:
                clubs.append((name, []))
    return clubs


def build_clubs(root, blocked):
    rows = []
    for folder, text in club_files(root):
        cc = FOLDERS.get(folder) or blocked.alpha3(folder.replace("-n-", " and ").replace("-", " ").title())
        for canonical, aliases in parse_clubs(text):
            if re.search(r"\bII\b|\bB$|U\d\d", canonical):
                continue
            names = blocked.keep([canonical, *aliases])
            if names:
                rows.append({"id": f"club:{slug(names[0])}-{cc.lower()}", "canonical": names[0],
                             "aliases": "|".join(names[1:]), "kind": "club", "country": cc,
                             "cameo_code": ""})
    return rows


def legal_suffixes():
    text = open(os.path.join(CONFIG, "language", "en_entities.toml"), encoding="utf-8").read()
    block = text[text.index("legal_suffixes"):]
    block = block[:block.index("]")]
    return set(re.findall(r'"([^"]+)"', block))


def short_name(name, suffixes):
    """The name without a leading "The", trailing legal suffixes and their commas."""
    words = re.sub(r"^The\s+", "", name).replace(",", " ").split()
    bare = {s.rstrip(".") for s in suffixes} | {"and", "&"}
    while len(words) > 1 and words[-1].rstrip(".") in bare:
        words.pop()
    return " ".join(words)


def build_companies(wheel, blocked):
    with zipfile.ZipFile(wheel) as z:
        source = z.read("pytickersymbols/indices_data.py").decode("utf-8")
    scope = {}
    exec(compile(source, "indices_data.py", "exec"), scope)
    companies = {}
    for index, data in scope["INDICES"].items():
        for c in data["companies"]:
            # A national index says the home country; the package's own field is for some
            # (the Nikkei's) a wrong one.
            home = INDEX_COUNTRY.get(index) or blocked.alpha3(c.get("country"))
            companies.setdefault(c["name"], (c, home))
    suffixes = legal_suffixes()
    rows = []
    for _, (company, home) in sorted(companies.items()):
        name = company["name"].strip()
        names = blocked.keep([name, short_name(name, suffixes)], periods=True)
        if names:
            rows.append({"id": f"company:{slug(name)}", "canonical": names[0],
                         "aliases": "|".join(names[1:]), "kind": "company",
                         "country": home, "cameo_code": ""})
    return rows


def write(name, rows):
    seen, unique = set(), []
    for r in sorted(rows, key=lambda r: r["id"]):
        if r["id"] not in seen:
            seen.add(r["id"])
            unique.append(r)
    out = io.StringIO()
    w = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(unique)
    with open(os.path.join(KB, name), "w", encoding="utf-8") as f:
        f.write(out.getvalue())
    print(f"{name}: {len(unique)} rows")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    blocked = Blocked()
    write("clubs.csv", build_clubs(sys.argv[1], blocked))
    write("companies.csv", build_companies(sys.argv[2], blocked))


main()
