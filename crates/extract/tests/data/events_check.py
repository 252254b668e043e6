#!/usr/bin/env python3
"""Format self-check of a hand-coded event set (sentences.tsv beside a set's check.py), shared
by the sets' check.py scripts, which give their expected counts.

Checks columns, dates, CAMEO -> PLOVER agreement with config/events/cameo.tsv,
actor codes, duplicate texts, the per-type counts and the share of long sentences.
It says nothing about whether a coding is right; it only catches format slips.
"""
import collections
import datetime
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["date", "cameo", "plover", "source", "target", "text"]

LONG_WORDS = 30
DATE_MIN, DATE_MAX = datetime.date(2000, 1, 1), datetime.date(2025, 12, 31)
ORG_PREFIXES = {"IGO", "NGO"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")


def find_cameo_table():
    for parent in HERE.parents:
        cand = parent / "config" / "events" / "cameo.tsv"
        if cand.is_file():
            return cand
    sys.exit("cannot find config/events/cameo.tsv above " + str(HERE))


def load_cameo(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        ci, pi = head.index("code"), head.index("plover")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > pi:
                table[cols[ci]] = cols[pi]
    return table


def iso_alpha3():
    try:
        import pycountry  # optional
    except ImportError:
        return None
    return {c.alpha_3 for c in pycountry.countries}


def check_actor(field, allow_none, iso, errs, where):
    if field == "-":
        if not allow_none:
            errs.append(f"{where}: '-' not allowed here")
        return
    parts = field.split(",")
    if len(parts) != len(set(parts)):
        errs.append(f"{where}: repeated code in {field!r}")
    for p in parts:
        if not CODE_RE.match(p):
            errs.append(f"{where}: malformed code {p!r}")
            continue
        head = p[:3]
        if head in ORG_PREFIXES:
            continue
        if iso is not None and head not in iso:
            errs.append(f"{where}: {head!r} is not an ISO 3166 alpha-3 code")


def main(data, expected, long_share, target_may_be_empty):
    """Checks `data` (a sentences.tsv) for the per-type counts `expected`, a share of long
    sentences within `long_share`, and targets that may be '-' or not; 0 when it passes."""
    total = sum(expected.values())
    errs = []
    cameo = load_cameo(find_cameo_table())
    iso = iso_alpha3()
    lines = data.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        errs.append("file does not end with a newline")
    if not lines or lines[0].split("\t") != HEADER:
        errs.append(f"header must be {HEADER}")
    rows = lines[1:]
    counts = collections.Counter()
    seen = {}
    n_long = 0
    for i, line in enumerate(rows, start=2):
        where = f"line {i}"
        cols = line.split("\t")
        if len(cols) != 6:
            errs.append(f"{where}: {len(cols)} fields, want 6")
            continue
        if any(c != c.strip() or not c for c in cols):
            errs.append(f"{where}: empty field or stray whitespace")
        date, code, plover, src, tgt, text = cols
        try:
            d = datetime.date.fromisoformat(date)
            if not (DATE_MIN <= d <= DATE_MAX):
                errs.append(f"{where}: date {date} outside 2000-2025")
        except ValueError:
            errs.append(f"{where}: bad date {date!r}")
            d = None
        if code[:2] in ("01", "02"):
            errs.append(f"{where}: 01x/02x code {code} not allowed")
        if code not in cameo:
            errs.append(f"{where}: CAMEO code {code} not in cameo.tsv")
        elif cameo[code] != plover:
            errs.append(f"{where}: cameo {code} maps to {cameo[code] or '(none)'}, row says {plover}")
        if plover not in expected:
            errs.append(f"{where}: unknown PLOVER type {plover}")
        counts[plover] += 1
        check_actor(src, False, iso, errs, where + " source")
        check_actor(tgt, target_may_be_empty, iso, errs, where + " target")
        if '"' in text:
            errs.append(f"{where}: double quote in text (use single quotes)")
        if not text.endswith("."):
            errs.append(f"{where}: text does not end with a full stop")
        key = re.sub(r"\W+", " ", text.lower()).strip()
        if key in seen:
            errs.append(f"{where}: duplicate text of line {seen[key]}")
        seen[key] = i
        if len(text.split()) >= LONG_WORDS:
            n_long += 1
        # A weekday named in the text should fit the row's date (a second,
        # future weekday may also be named, e.g. "from Monday").
        named = [w for w in WEEKDAYS if re.search(r"\b" + w + r"\b", text)]
        if d is not None and named and WEEKDAYS[d.weekday()] not in named:
            errs.append(f"{where}: text names {named} but {date} is a {WEEKDAYS[d.weekday()]}")
    if len(rows) != total:
        errs.append(f"{len(rows)} rows, want {total}")
    for t, n in expected.items():
        if counts[t] != n:
            errs.append(f"{t}: {counts[t]} rows, want {n}")
    share = n_long / len(rows) if rows else 0
    if not (long_share[0] <= share <= long_share[1]):
        low, high = long_share
        errs.append(f"{n_long} rows of {LONG_WORDS}+ words ({share:.0%}), want {low:.0%}-{high:.0%}")

    print(f"{len(rows)} rows; {n_long} with {LONG_WORDS}+ words ({share:.0%})"
          + ("" if iso else "; pycountry missing, ISO codes checked for form only"))
    print("  ".join(f"{t} {counts[t]}" for t in expected))
    if errs:
        print(f"FAIL: {len(errs)} problem(s)")
        for e in errs:
            print("  " + e)
        return 1
    print("OK")
    return 0
