#!/usr/bin/env python3
"""Rebuild first_names.txt and ambiguous_first_names.txt.

Sources (see ../README.md):
  * US Census Bureau 1990 given-name files (public domain, US government
    work) as shipped by the PyPI package `names` 0.3.0 (dist.male.first,
    dist.female.first).
  * Latin-script given-name lists of the PyPI package `Faker` (MIT licence);
    Cyrillic lists (ru_RU, uk_UA, bg_BG) are transliterated here.
  * name_data.py: hand-written Arabic, Persian/Turkic, Russian/Ukrainian,
    Chinese pinyin, Korean/Japanese/South-East Asian, South Asian, African
    and European given names in news-wire spellings.
  * /usr/share/dict/american-english (Debian package `wamerican`), used only
    to detect names that are also ordinary English words; not shipped.

Rules:
  * a name whose lower-case form is in name_data.NEVER is dropped;
  * a name that is also an English dictionary word is dropped unless it is
    in both the Census 1990 lists and Faker's SSA-derived English lists, or
    in the hand-written lists (real, frequent given names such as Will, May,
    Mark, Bill survive; "Numbers", "Legend", "Royal" do not);
  * every kept name that is an English word, a month or weekday, or the name
    of a country, demonym, US state, region or city of 500,000+ people is
    also listed in ambiguous_first_names.txt (a subset of first_names.txt),
    as are the names in name_data.AMBIGUOUS_EXTRA.

Usage:
  pip install names==0.3.0 Faker==40.63.0 anyascii==0.3.3
  apt-get install wamerican
  python3 config/knowledge/tools/build_names.py   (after build_places.py)
"""
from __future__ import annotations

import csv
import importlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
OUT_DIR = os.path.dirname(HERE)

import name_data as ND  # noqa: E402

DICT_PATH = "/usr/share/dict/american-english"

FAKER_LOCALES = """
en en_GB en_IE en_IN en_KE en_NG en_NZ en_PK en_US es_AR es_CA es_CL es_CO es_ES es_MX
fr_BE fr_CA fr_CH fr_DZ fr_FR de_AT de_CH de_DE it_IT pt_BR pt_PT nl_BE nl_NL pl_PL cs_CZ
sk_SK hr_HR sl_SI hu_HU ro_RO tr_TR az_AZ id_ID sw yo_NG ig_NG ha_NG zu_ZA tw_GH uz_UZ
fi_FI sv_SE no_NO da_DK lt_LT lv_LV et_EE
""".split()
CYRILLIC_LOCALES = ["ru_RU", "uk_UA", "bg_BG"]

CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "", "’": "",
}
CYR_UK = dict(CYR, **{"г": "h", "и": "y", "е": "e"})


def translit(name: str, table) -> str:
    out = []
    for i, ch in enumerate(name):
        lo = ch.lower()
        t = table.get(lo)
        if t is None:
            return ""
        out.append(t.capitalize() if ch != lo else t)
    s = "".join(out)
    return s[:1].upper() + s[1:]


def russian_variants(s: str):
    """News spellings: Sergey -> Sergei, Aleksey -> Alexei, Aleksandr -> Alexandr."""
    v = {s}
    if s.endswith("ey"):
        v.add(s[:-2] + "ei")
    if s.endswith("iy"):
        v.add(s[:-2] + "y")
    for x in list(v):
        if "ks" in x:
            v.add(x.replace("ks", "x"))
    return v


NAME_RE = re.compile(r"^[^\W\d_][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*$")


def is_latin(s: str) -> bool:
    import unicodedata
    return all("LATIN" in unicodedata.name(c, "") for c in s if c.isalpha())


def good_token(s: str) -> bool:
    return bool(NAME_RE.match(s)) and is_latin(s) and len(s) >= 2 and s[0].isupper() \
        and not (len(s) > 1 and s[1:].isupper())


def faker_names(locale: str):
    mod = importlib.import_module(f"faker.providers.person.{locale}")
    P = mod.Provider
    out = set()
    for attr in dir(P):
        if not attr.startswith("first_name") and attr not in ("first_romanized_names",):
            continue
        v = getattr(P, attr)
        if callable(v) or isinstance(v, (str, property)) or not hasattr(v, "__iter__"):
            continue
        for item in (v.keys() if isinstance(v, dict) else v):
            if isinstance(item, tuple):  # ja_JP pairs: (kanji, kana, romaji)
                item = item[-1]
            if isinstance(item, str):
                out.add(item.strip())
    return out


def census_names():
    import names
    base = os.path.dirname(names.__file__)
    out = set()
    for fn in ("dist.male.first", "dist.female.first"):
        with open(os.path.join(base, fn), encoding="ascii") as f:
            for line in f:
                tok = line.split()
                if tok:
                    out.add(tok[0].capitalize())
    return out


def main():
    from anyascii import anyascii

    if not os.path.exists(DICT_PATH):
        sys.exit(f"{DICT_PATH} missing: apt-get install wamerican")
    with open(DICT_PATH, encoding="utf-8", errors="replace") as f:
        dict_lower = {w.strip() for w in f if w.strip() and w.strip().islower() and "'" not in w}

    census = census_names()
    hand = set()
    for lst in (ND.ARABIC, ND.PERSIAN_TURKIC_CAUCASIAN, ND.RUSSIAN_UKRAINIAN, ND.CHINESE_PINYIN,
                ND.KOREAN_JAPANESE_SEA, ND.SOUTH_ASIAN, ND.AFRICAN, ND.EUROPEAN_AMERICAS_EXTRA):
        hand.update(lst)
    faker = set()
    for loc in FAKER_LOCALES:
        faker |= faker_names(loc)
    for loc in CYRILLIC_LOCALES:
        table = CYR_UK if loc == "uk_UA" else CYR
        for n in faker_names(loc):
            t = translit(n, table)
            if t:
                faker |= russian_variants(t)

    faker_en = set()
    for loc in ("en", "en_US", "en_GB", "en_IE", "en_NZ", "en_KE", "en_NG"):
        faker_en |= faker_names(loc)
    # A name that is also an English word must be vouched for twice (Census
    # 1990 and the SSA-derived Faker English lists) or be hand-listed: the
    # Census files alone contain transcription oddities such as "Numbers".
    trusted = (census & faker_en) | hand
    candidates = set()
    for n in census | hand | faker:
        if not good_token(n):
            continue
        candidates.add(n)
        a = anyascii(n)
        if a != n and good_token(a):
            candidates.add(a)

    # place-like and calendar words
    placeish = set()
    with open(os.path.join(OUT_DIR, "countries.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for k in ("name", "official_name", "capital"):
                placeish.add(r[k].casefold())
            for k in ("aliases", "demonyms"):
                placeish.update(x.casefold() for x in r[k].split("|") if x)
    with open(os.path.join(OUT_DIR, "admin1.csv"), encoding="utf-8") as f:
        # The US states build_places.py writes; build_admin1.py adds the world's divisions
        # later and leaves out those that are first names.
        placeish.update(r["name"].casefold() for r in csv.DictReader(f) if r["country"] == "US")
    with open(os.path.join(OUT_DIR, "regions.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            placeish.add(r["name"].casefold())
            placeish.update(x.casefold() for x in r["aliases"].split("|") if x)
    with open(os.path.join(OUT_DIR, "places.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if int(r["population"]) >= 500000:
                placeish.add(r["name"].casefold())
                placeish.add(r["ascii_name"].casefold())
    calendar = set("january february march april may june july august september october "
                   "november december monday tuesday wednesday thursday friday saturday sunday".split())

    kept, ambiguous, dropped = set(), set(), set()
    for n in candidates:
        lo = n.casefold()
        base_trusted = n in trusted or anyascii(n) in trusted
        if lo in ND.NEVER:
            dropped.add(n)
            continue
        is_word = lo in dict_lower
        if is_word and not base_trusted:
            dropped.add(n)
            continue
        kept.add(n)
        if is_word or lo in calendar or lo in placeish or n in ND.AMBIGUOUS_EXTRA:
            ambiguous.add(n)

    key = lambda s: (s.casefold(), s)  # noqa: E731
    with open(os.path.join(OUT_DIR, "first_names.txt"), "w", encoding="utf-8") as f:
        f.writelines(n + "\n" for n in sorted(kept, key=key))
    with open(os.path.join(OUT_DIR, "ambiguous_first_names.txt"), "w", encoding="utf-8") as f:
        f.writelines(n + "\n" for n in sorted(ambiguous, key=key))
    print(f"first_names.txt: {len(kept)} names ({len(ambiguous)} ambiguous, {len(dropped)} dropped)")


if __name__ == "__main__":
    main()
