#!/usr/bin/env python3
"""Convert the hand-annotated ``source.txt`` into ``ner_own.jsonl``.

Format of ``source.txt``::

    === n001
    date: 2025-02-11
    Article text with inline annotations such as [PER Angela Merkel],
    [ORG Siemens AG], [LOC Lagos] and [MISC German].

Every article starts with a ``=== <id>`` header, followed by a
``date: YYYY-MM-DD`` line that is metadata (not part of the text).  The
remaining non-empty lines up to the next header are the article text;
lines are joined with a newline and surrounding blank lines are dropped.

Output: one JSON object per line,
``{"id", "text", "date", "entities": [{"start", "end", "label"}]}`` with
``start``/``end`` as code-point offsets (Python ``str`` indices, end
exclusive) into the text with the brackets removed.

The script checks every span and exits with a non-zero status and a clear
message on any problem; it never writes a partial output file.

Usage: ``python3 convert.py [source.txt [ner_own.jsonl]]``
"""

import datetime
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = ("PER", "ORG", "LOC", "MISC")
HEADER_RE = re.compile(r"^=== (n\d{3})\s*$")
DATE_RE = re.compile(r"^date: (\d{4}-\d{2}-\d{2})\s*$")
# An annotation: "[" LABEL " " surface "]"; the surface may not contain brackets.
SPAN_RE = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\[\]\n]+?)\]")
# Names in which a leading "The" really is part of the name.
THE_ALLOWED = {"the hague"}
EXPECTED_ARTICLES = 70


class ConvertError(Exception):
    pass


def fail(msg):
    raise ConvertError(msg)


def parse_articles(raw):
    """Split source text into (id, date, annotated_text, header_line_no)."""
    articles = []
    cur = None
    for lineno, line in enumerate(raw.split("\n"), start=1):
        m = HEADER_RE.match(line)
        if m:
            if cur is not None:
                articles.append(cur)
            cur = {"id": m.group(1), "date": None, "lines": [], "lineno": lineno}
            continue
        if line.startswith("==="):
            fail(f"line {lineno}: malformed header {line!r}")
        if cur is None:
            if line.strip():
                fail(f"line {lineno}: text before the first '=== <id>' header")
            continue
        if cur["date"] is None:
            if not line.strip():
                fail(f"line {lineno}: expected 'date: YYYY-MM-DD' right after header of {cur['id']}")
            d = DATE_RE.match(line)
            if not d:
                fail(f"line {lineno}: expected 'date: YYYY-MM-DD' after header of {cur['id']}, got {line!r}")
            try:
                datetime.date.fromisoformat(d.group(1))
            except ValueError:
                fail(f"line {lineno}: invalid date {d.group(1)!r} in {cur['id']}")
            cur["date"] = d.group(1)
            continue
        cur["lines"].append((lineno, line))
    if cur is not None:
        articles.append(cur)
    return articles


def strip_annotations(art):
    """Return (plain_text, entities) for one article, verifying every span."""
    aid = art["id"]
    lines = list(art["lines"])
    while lines and not lines[0][1].strip():
        lines.pop(0)
    while lines and not lines[-1][1].strip():
        lines.pop()
    if not lines:
        fail(f"{aid}: empty article")
    annotated = "\n".join(l.rstrip() for _, l in lines)
    first_line = lines[0][0]

    out = []
    entities = []
    pos = 0
    plain_len = 0
    for m in SPAN_RE.finditer(annotated):
        before = annotated[pos:m.start()]
        out.append(before)
        plain_len += len(before)
        label, surface = m.group(1), m.group(2)
        start = plain_len
        out.append(surface)
        plain_len += len(surface)
        entities.append({"start": start, "end": plain_len, "label": label, "_surface": surface,
                         "_line": first_line + annotated.count("\n", 0, m.start())})
        pos = m.end()
    out.append(annotated[pos:])
    text = "".join(out)

    # No leftover brackets (catches typos such as "[PER Foo" or "[PERS Foo]").
    for ch in "[]":
        i = text.find(ch)
        if i != -1:
            ctx = text[max(0, i - 30):i + 30]
            fail(f"{aid}: leftover '{ch}' in text near {ctx!r} (malformed annotation?)")

    prev_end = -1
    for e in entities:
        s, t, surface = e["start"], e["end"], e["_surface"]
        where = f"{aid} (source line {e['_line']}) span {surface!r}"
        if e["label"] not in LABELS:
            fail(f"{where}: bad label {e['label']}")
        if text[s:t] != surface:
            fail(f"{where}: offsets give {text[s:t]!r}")
        if surface != surface.strip() or "  " in surface:
            fail(f"{where}: surface has stray whitespace")
        if s < prev_end:
            fail(f"{where}: overlapping spans")
        prev_end = t
        # Spans must sit on token boundaries.
        if s > 0 and text[s - 1].isalnum():
            fail(f"{where}: starts inside a word ({text[s-1:t]!r})")
        if t < len(text) and text[t].isalnum():
            fail(f"{where}: ends inside a word ({text[s:t+1]!r})")
        # Guidelines: no leading "the", possessive 's outside the span.
        if surface.lower().startswith("the ") and surface.lower() not in THE_ALLOWED:
            fail(f"{where}: leading 'the' must stay outside the span")
        if surface.endswith("'s") or surface.endswith("\u2019s"):
            fail(f"{where}: possessive 's must stay outside the span")
        if surface[-1] in ",;:" or surface[0] in ",;:.\"'(":
            fail(f"{where}: punctuation at span edge")
    for e in entities:
        del e["_surface"], e["_line"]
    return text, entities


def main(argv):
    src = argv[1] if len(argv) > 1 else os.path.join(HERE, "source.txt")
    dst = argv[2] if len(argv) > 2 else os.path.join(HERE, "ner_own.jsonl")
    with open(src, encoding="utf-8") as f:
        raw = f.read()
    articles = parse_articles(raw)

    ids = [a["id"] for a in articles]
    if len(ids) != len(set(ids)):
        dup = [i for i, c in Counter(ids).items() if c > 1]
        fail(f"duplicate article ids: {dup}")
    expected = [f"n{i:03d}" for i in range(1, len(ids) + 1)]
    if ids != expected:
        bad = next(i for i, (a, b) in enumerate(zip(ids, expected)) if a != b) if len(ids) else 0
        fail(f"article ids must run n001, n002, ... in order; problem at position {bad + 1}")
    if src.endswith("source.txt") and len(ids) != EXPECTED_ARTICLES:
        fail(f"expected {EXPECTED_ARTICLES} articles, found {len(ids)}")

    records = []
    labels = Counter()
    words = 0
    for a in articles:
        if a["date"] is None:
            fail(f"{a['id']}: missing date line")
        text, ents = strip_annotations(a)
        labels.update(e["label"] for e in ents)
        words += len(text.split())
        records.append({"id": a["id"], "text": text, "date": a["date"], "entities": ents})

    tmp = dst + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, dst)

    # Re-read and re-verify what was written (round trip).
    with open(dst, encoding="utf-8") as f:
        back = [json.loads(l) for l in f]
    if len(back) != len(records):
        fail("round trip: record count differs")
    for r, b in zip(records, back):
        if r != b:
            fail(f"round trip: record {r['id']} differs after reading back")

    total = sum(labels.values())
    print(f"OK: {len(records)} articles, {words} words, {total} entities "
          + ", ".join(f"{l}={labels[l]}" for l in LABELS)
          + f" -> {os.path.relpath(dst)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except ConvertError as exc:
        print(f"convert.py: ERROR: {exc}", file=sys.stderr)
        sys.exit(1)
