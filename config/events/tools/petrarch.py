#!/usr/bin/env python3
"""Converts PETRARCH2's dictionaries (MIT, openeventdata/petrarch2) into the events stage's
own data files under config/events/petrarch/.

Usage (from the project root):
    python3 config/events/tools/petrarch.py ../shared/petrarch2 config/events/petrarch

Reproducible: the same input gives byte-identical output (sorted, no timestamps). Writes:
  LICENSE        the MIT notice of the source dictionaries (it ships with the data)
  verbs.toml     CAMEO.2.0.txt's verb blocks as Herald pattern groups ([[p]], the format of
                 config/events/patterns.toml): each coded verb alone, and each verb with the
                 post-verb phrase of a pattern as its required object, synonym sets expanded
  actors.tsv     Phoenix country, international and non-state actors: phrase, code, and
                 dated roles (CODE:YYYY-MM-DD:YYYY-MM-DD, either end open)
  agents.tsv     Phoenix agents: phrase (singular and plural forms spelled out), sector
  discards.tsv   Phoenix discards: scope (sentence / story), exact-word flag, phrase

What the matcher cannot express is left out, and said so here: patterns with words before
the verb (a subject constraint), pre-compounded verbs ("WIRE_+TAP"), null-coded ("---")
patterns, PETRARCH's verb transformations (~ lines), and phrases of more than six words.
Of the discard list only sport and entertainment are kept: bare years and relative time
phrases ("1945", "YEARS AGO"), history, disasters, epidemics, elections and courts drop
political news (see NOT_SPORT)."""
import os
import re
import sys

MAX_WORDS = 6


def clean(line):
    return line.split("#", 1)[0].rstrip()


def words(phrase):
    """PETRARCH phrase (underscores or blanks between words) → lowercase words."""
    return " ".join(w for w in re.split(r"[_\s]+", phrase.lower()) if w)


def plural(word):
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def plural_phrase(p):
    ws = p.split(" ")
    return " ".join(ws[:-1] + [plural(ws[-1])])


# ------------------------------------------------------------------ verbs
def read_synsets(lines):
    sets, name = {}, None
    for raw in lines:
        line = clean(raw)
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            name = line.split()[0]
            sets[name] = []
        elif line.startswith("+") and name:
            p = line[1:].strip()
            no_plural = name.endswith("_") or p.endswith("_")
            p = words(p.rstrip("_"))
            if p:
                sets[name].append(p)
                if not no_plural:
                    sets[name].append(plural_phrase(p))
        elif line.strip():
            name = None
    return sets


def expand(elements, sets):
    """A list of pattern elements (words, {phrases}, &SETS) → every word sequence."""
    out = [[]]
    for el in elements:
        if el.startswith("&"):
            options = sets.get(el)
            if options is None:
                return []
        else:
            options = [words(el.strip("{}"))]
        out = [o + [x] for o in out for x in options if x]
    return [" ".join(o) for o in out]


def post_elements(post):
    """Post-verb part of a pattern → the element list in text order ("(FOR {FINANCIAL AID})"
    → FOR, {FINANCIAL AID}); source/target markers and the rest after a second phrase are
    dropped (the matcher wants one contiguous object)."""
    post = re.sub(r"[$+%^]", " ", post)
    tokens = re.findall(r"\{[^}]*\}|\(|\)|[^\s(){}]+", post)
    els, depth, groups = [], 0, 0
    for t in tokens:
        if t == "(":
            if els:
                break  # a second phrase: stop at the first
            depth += 1
        elif t == ")":
            depth -= 1
            groups += 1
        else:
            els.append(t)
    return els


# Light and very common verbs: alone they mean no event, and as trigger words they would send
# most sentences through the coder's actor work ("go", "take", "set", "open").
LIGHT = set("""be have do go get take set put make come give keep open call run turn bring hold
look see show let leave move start begin end find know think tell say use work try ask need
feel become seem mean play pass stand sit lay lie carry cut fall raise rise clear rule kick
embark search communicate issue point place post mark reach draw face meet""".split())


def convert_verbs(path):
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    sets = read_synsets(lines)
    start = next(i for i, l in enumerate(lines) if l.startswith("####### VERB PATTERNS"))
    blocks, block = [], None
    for raw in lines[start + 1:]:
        line = clean(raw)
        if not line.strip() or line.startswith("~"):
            continue
        m = re.match(r"^---\s+(.*?)\s+\[([^\]]*)\]\s+---", line)
        if m:
            block = {"code": m.group(2).strip(), "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            m = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]", line)
            if m:
                block["patterns"].append((m.group(1), m.group(2)))
            continue
        m = re.match(r"^(\S+)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", line.strip())
        if not m:
            continue
        head, forms, code = m.group(1), m.group(2), m.group(3)
        if "+" in head[1:]:
            continue  # pre-compounded ("WIRE_+TAP")
        head = head.lstrip("+")
        lemma = words(head)
        irregular = [words(f.lstrip("+")) for f in (forms or "{}").strip("{}").split()]
        block["verbs"].append((lemma, irregular, code.strip("[]").strip() if code else None))

    def first_code(code):
        parts = [c.strip() for c in code.split(":")]
        return next((c for c in parts if c), "---")

    groups = {}  # (code, verbs tuple) → set of objects
    irregular = {}
    for b in blocks:
        verbs = []
        for lemma, forms, code in b["verbs"]:
            head = lemma.split(" ")[0]
            rest = lemma.split(" ")[1:]
            if head in LIGHT:
                continue
            if forms:
                irregular.setdefault(head, set()).update(f.split(" ")[0] for f in forms if f)
            verbs.append(lemma)
            c = first_code(code) if code else first_code(b["code"])
            if c != "---" and c.isdigit():
                groups.setdefault((c, (lemma,)), set()).add("")
            del rest
        if not verbs:
            continue
        for pat, code in b["patterns"]:
            c = first_code(code)
            if c == "---" or not c.isdigit() or "*" not in pat:
                continue
            pre, post = pat.split("*", 1)
            if pre.strip():
                continue  # a subject constraint: not expressible
            objs = [o for o in expand(post_elements(post), sets) if o and len(o.split()) <= MAX_WORDS]
            if not objs:
                continue
            groups.setdefault((c, tuple(verbs)), set()).update(objs)
    out = ["# CAMEO verb patterns converted from PETRARCH2's CAMEO.2.0.txt by",
           "# config/events/tools/petrarch.py (MIT licence: see LICENSE beside this file).",
           "# Do not edit: change the converter or add to config/events/patterns.toml, which wins",
           "# where both match.", ""]
    q = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out.append("[irregular]")
    for head in sorted(irregular):
        forms = sorted(f for f in irregular[head] if f and f != head)
        if forms:
            out.append(f"{q(head)} = [{', '.join(q(f) for f in forms)}]")
    out.append("")
    for (code, verbs), objs in sorted(groups.items()):
        out.append("[[p]]")
        out.append(f"code = {q(code)}")
        out.append(f"verbs = [{', '.join(q(v) for v in verbs)}]")
        objs = sorted(o for o in objs if o)
        if objs:
            out.append(f"objects = [{', '.join(q(o) for o in objs)}]")
        out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------ actors
def date(s):
    s = s.strip()
    if len(s) == 6:
        yy = int(s[:2])
        s = ("20" if yy < 30 else "19") + s
    if len(s) != 8 or not s.isdigit():
        return None
    return f"{s[:4]}-{s[4:6]}-{s[6:]}"


def restriction(text):
    """"USAGOV 090120-" / "USAGOV >090120" / "USAELI <090120" / "USAGOV" → (code, start, end)."""
    parts = text.split()
    if not parts:
        return None
    code = parts[0]
    if len(parts) == 1:
        return code, "", ""
    r = parts[1]
    if r.startswith(">"):
        return code, date(r[1:]) or "", ""
    if r.startswith("<"):
        return code, "", date(r[1:]) or ""
    if "-" in r:
        a, b = r.split("-", 1)
        return code, date(a) or "", date(b) or ""
    return code, "", ""


TITLES = re.compile(
    r"^(the |former |(us |u\.s\. |american |united states )?(president|vice president|"
    r"president-elect|prime minister|premier|chancellor|foreign minister|senator|governor|"
    r"king|queen|prince|general|gen\.|mr|mr\.|mrs|mrs\.|ms|ms\.|dr|dr\.|sheikh|emir) )+")


def read_roles(line):
    """The [CODE ...] restrictions on a line → (default code or None, dated terms)."""
    default, terms = None, []
    for r in re.findall(r"\[([^\]]*)\]", line):
        t = restriction(r)
        if t and (t[1] or t[2]):
            terms.append(t)
        elif t:
            default = t[0]
    return default, terms


def convert_actors(paths):
    entries = {}  # phrase → (default code, [terms])
    for path in paths:
        names, default, terms = [], None, []

        def flush():
            if names and (default or terms):
                for n in names:
                    # The coder reads determiners and titles before a name itself (a title
                    # then says the role).
                    n = TITLES.sub("", n)
                    if n and len(n.split()) <= MAX_WORDS and n not in entries:
                        entries[n] = (default or "", list(terms))

        for raw in open(path, encoding="utf-8", errors="replace"):
            line = clean(raw.rstrip("\n"))
            if not line.strip():
                continue
            restriction_line = raw[:1] in "\t " and line.strip().startswith("[")
            if not restriction_line and line.startswith("+"):
                names.append(words(re.sub(r"\[.*", "", line[1:]).strip().rstrip("_")))
            elif not restriction_line:
                flush()
                names, default, terms = [], None, []
                names.append(words(re.sub(r"\[.*", "", line).strip().rstrip("_")))
            d, t = read_roles(line)
            default = d or default
            terms += t
        flush()
    out = ["# Actors converted from PETRARCH2's Phoenix actor dictionaries (MIT licence: see",
           "# LICENSE beside this file) by config/events/tools/petrarch.py. Do not edit.",
           "# phrase<TAB>default code<TAB>dated roles CODE:START:END separated by '|'"]
    for phrase in sorted(entries):
        code, terms = entries[phrase]
        if not re.search(r"[a-z]", phrase):
            continue
        roles = "|".join(f"{c}:{s}:{e}" for c, s, e in terms)
        out.append(f"{phrase}\t{code}\t{roles}")
    return "\n".join(out) + "\n"


def convert_agents(path):
    subst = {}
    rows = {}
    for raw in open(path, encoding="utf-8", errors="replace"):
        line = clean(raw.rstrip("\n")).strip()
        if not line:
            continue
        m = re.match(r"^(!\w+!)\s*=\s*(.*)$", line)
        if m:
            subst[m.group(1)] = [words(x) for x in m.group(2).split(",") if x.strip()]
            continue
        m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[([^\]}]*)[\]}]", line)
        if not m:
            continue
        phrase, plurals, code = m.group(1), m.group(2), m.group(3).strip()
        sector = code.replace("~", "")[:3]
        if not re.fullmatch(r"[A-Z]{3}", sector):
            continue
        forms = []
        marker = re.search(r"!\w+!", phrase)
        if marker:
            for x in subst.get(marker.group(0), []):
                forms.append(words(phrase.replace(marker.group(0), " " + x + " ")))
        else:
            base = words(phrase)
            forms.append(base)
            if plurals is None:
                forms.append(plural_phrase(base))
            else:
                forms.extend(words(p) for p in plurals.strip("{}").split())
        for f in forms:
            if f and len(f.split()) <= MAX_WORDS and "!" not in f:
                rows.setdefault(f, sector)
    out = ["# Agents (sector words) converted from PETRARCH2's Phoenix.agents.txt (MIT licence:",
           "# see LICENSE beside this file) by config/events/tools/petrarch.py. Do not edit.",
           "# phrase<TAB>sector"]
    out += [f"{p}\t{s}" for p, s in sorted(rows.items())]
    return "\n".join(out) + "\n"


# Discards that are not about sport or entertainment but drop political news: history
# ("largest since World War Two"), disasters and epidemics (aid after a typhoon is an event),
# elections and courts, and stems that catch verbs ("champion" → "championed").
NOT_SPORT = re.compile(
    r"\b(war|wars|world war \w+|empire|pearl harbor|world trade center|typhoon|tsunami|storm|"
    r"depression|landslide|mudslide|flood|blizzard|capsized|accident|plunged|ravine|ebola|"
    r"polio|h5n1|flu|influenza|fever|cholera|epidemic|chickungunga|rabid|presidential|poll|"
    r"pollution|public offering|millennium|medical|nobel|rushdie|oliver north|court|joke|"
    r"deranged|tour operator|brand|shop|monitoring|expenditures|dust|archaeology|"
    r"here is a list)\b")
NOT_SPORT_EXACT = {"champion", "champions", "abdul karim qasim", "anita hill", "israel miller"}


def convert_discards(path):
    rows = set()
    for raw in open(path, encoding="utf-8", errors="replace"):
        line = clean(raw.rstrip("\n")).strip()
        if not line:
            continue
        story = line.startswith("+")
        phrase = line.lstrip("+").strip()
        exact = phrase.endswith("_")
        phrase = words(phrase.rstrip("_"))
        if not phrase or re.fullmatch(r"[\d\s]+", phrase):
            continue
        if re.search(r"\b(ago|later|19\d\d|20\d\d)\b", phrase):
            continue
        if NOT_SPORT.search(phrase) or phrase in NOT_SPORT_EXACT:
            continue
        rows.add(("story" if story else "sentence", "exact" if exact else "stem", phrase))
    out = ["# Discards converted from PETRARCH2's Phoenix.discards.txt (MIT licence: see LICENSE",
           "# beside this file) by config/events/tools/petrarch.py. Do not edit. A sentence holding",
           "# the phrase (at a word start; 'stem': the last word may go on) is not coded; 'story':",
           "# no sentence of the article is.",
           "# scope<TAB>match<TAB>phrase"]
    out += ["\t".join(r) for r in sorted(rows)]
    return "\n".join(out) + "\n"


def main():
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    files = {
        "LICENSE": open(os.path.join(src, "LICENSE"), encoding="utf-8").read(),
        "verbs.toml": convert_verbs(os.path.join(src, "CAMEO.2.0.txt")),
        "actors.tsv": convert_actors([os.path.join(src, f) for f in (
            "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
            "Phoenix.MilNonState.actors.txt")]),
        "agents.tsv": convert_agents(os.path.join(src, "Phoenix.agents.txt")),
        "discards.tsv": convert_discards(os.path.join(src, "Phoenix.discards.txt")),
    }
    for name, text in files.items():
        with open(os.path.join(dst, name), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{name}: {text.count(chr(10))} lines")


main()
