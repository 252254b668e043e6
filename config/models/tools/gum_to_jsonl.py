#!/usr/bin/env python3
"""Named-entity spans from GUM (Georgetown University Multilayer Corpus) for Herald's tagger.

Reads the `dep/*.conllu` files of a GUM checkout (or of a bare clone, through `git show`) and
writes one JSON document a line, in the evaluation format Herald's scorers read:
{"id", "genre", "text", "entities": [{"start", "end", "label"}]} with character offsets.

Only documents whose texts are openly licensed without NC/SA terms are used:
news and interviews (Wikinews, CC BY 2.5), academic and court (CC BY 4.0). GUM's annotations
are CC BY 4.0. Documents of GUM's official dev and test splits form Herald's own dev set; the
rest is the training set.

GUM annotates every referring expression (named or not, nested) with an entity type. A mention
is a *name* when its syntactic head is a proper noun (PROPN); its name span is the run of
proper nouns around the head (bridged by "of", "of the", "and", "&", "de" inside organisation
and place names), without a leading title ("President", "Dr."). Types map to
person → PER, organization → ORG, place → LOC; named events, objects and abstract things
(World War II, the Olympics, English) → MISC. Nested names are dropped in favour of the
outermost. Capitalised nationality words ("Australian") outside names become MISC, as in the
CoNLL and GMB conventions.

Usage: gum_to_jsonl.py GUM_DIR_OR_GIT_DIR TRAIN_OUT DEV_OUT
"""
import json
import os
import re
import subprocess
import sys

GENRES = ("news", "interview", "academic", "court")
TYPES = {"person": "PER", "organization": "ORG", "place": "LOC",
         "event": "MISC", "object": "MISC", "abstract": "MISC"}
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def titles():
    out = set()
    for line in open(os.path.join(ROOT, "config/knowledge/titles.txt"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            out.update(line.split())
    out.update(["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof.", "Professor",
                "President", "Senator", "Sen.", "Rep.", "Gov.", "Governor", "Judge",
                "Justice", "Chief", "Officer", "Detective", "Captain", "Saint", "St."])
    return out


def demonyms():
    import csv
    out = set()
    with open(os.path.join(ROOT, "config/knowledge/countries.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.update(d for d in row["demonyms"].split("|") if d)
    out.update(["European", "Europeans", "African", "Africans", "Asian", "Asians", "Arab",
                "Arabs", "Latin", "Western", "Eastern", "Muslim", "Muslims", "Christian",
                "Christians", "Jewish", "Jews", "Catholic", "Catholics", "Islamic", "Hindu",
                "Sunni", "Shiite", "Kurdish", "Kurds", "Palestinian", "Palestinians",
                "American", "Americans", "English", "Scottish", "Welsh", "Hispanic"])
    return out


class Source:
    def __init__(self, path):
        self.path = path
        self.git = not os.path.isdir(os.path.join(path, "dep"))

    def names(self):
        if self.git:
            out = subprocess.run(["git", "--git-dir", self.path, "ls-tree", "--name-only",
                                  "HEAD", "dep/"], capture_output=True, text=True, check=True)
            return [l.split("/", 1)[1] for l in out.stdout.split()]
        return sorted(os.listdir(os.path.join(self.path, "dep")))

    def read(self, name):
        if self.git:
            return subprocess.run(["git", "--git-dir", self.path, "show", f"HEAD:dep/{name}"],
                                  capture_output=True, text=True, check=True).stdout
        return open(os.path.join(self.path, "dep", name), encoding="utf-8").read()

    def splits(self):
        text = (subprocess.run(["git", "--git-dir", self.path, "show", "HEAD:splits.md"],
                               capture_output=True, text=True, check=True).stdout
                if self.git else open(os.path.join(self.path, "splits.md")).read())
        held, part = set(), None
        for line in text.splitlines():
            if line.startswith("## "):
                part = line[3:].strip()
            m = re.match(r"\s*\*\s*(\S+)", line)
            if m and part in ("dev", "test"):
                held.add(m.group(1))
        return held


def parse(conllu):
    """Sentences of (id, form, upos, head, misc) with multiword-token lines dropped."""
    sents, cur, newpar = [], [], []
    par = False
    for line in conllu.splitlines():
        if line.startswith("# newpar"):
            par = True
        if not line.strip():
            if cur:
                sents.append(cur)
                newpar.append(par)
                par = False
                cur = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
        cur.append((int(cols[0]), cols[1], cols[3], int(cols[6]), misc))
    if cur:
        sents.append(cur)
        newpar.append(par)
    return sents, newpar


OPEN = re.compile(r"\((\d+)-([a-z]+)[^()]*?(?=\(|\)|$)(\)?)")


def mentions(sent):
    """(start, end, type) token index ranges, end exclusive, within one sentence."""
    stack = {}
    out = []
    for i, (_, _, _, _, misc) in enumerate(sent):
        ent = misc.get("Entity")
        if not ent:
            continue
        pos = 0
        while pos < len(ent):
            if ent[pos] == "(":
                m = re.match(r"\((\d+)-([a-z]+)", ent[pos:])
                end = pos + 1
                while end < len(ent) and ent[end] not in "()":
                    end += 1
                gid, etype = m.group(1), m.group(2)
                if end < len(ent) and ent[end] == ")":
                    out.append((i, i + 1, etype))
                    pos = end + 1
                else:
                    stack.setdefault(gid, []).append((i, etype))
                    pos = end
            else:
                m = re.match(r"(\d+)\)", ent[pos:])
                if not m:
                    pos += 1
                    continue
                gid = m.group(1)
                if stack.get(gid):
                    s, etype = stack[gid].pop()
                    out.append((s, i + 1, etype))
                pos += m.end()
    return out


NOT_MISC = {"Figure", "Table", "Listing", "Chapter", "Section", "Wave", "Factor", "Title",
            "Internet", "Web"}


def misc_ok(sent, ns):
    """Named things worth a MISC label: not URLs, e-mail addresses, citations or figures."""
    forms = [sent[k][1] for k in range(*ns)]
    text = " ".join(forms)
    return (forms[0][:1].isupper() and forms[0] not in NOT_MISC and "@" not in text
            and "/" not in text and not re.search(r"\b(19|20)\d\d$", text))


BRIDGE = {"of", "and", "&", "de", "for"}


def name_span(sent, s, e, etype, title_words, demonyms_=frozenset()):
    idx = {tok[0]: k for k, tok in enumerate(sent)}
    heads = [k for k in range(s, e) if not (s <= idx.get(sent[k][3], -1) < e)]
    if not heads:
        return None
    h = heads[0]
    if sent[h][2] != "PROPN":
        return None
    def propn(k):
        form, upos = sent[k][1], sent[k][2]
        if upos == "PROPN":
            return True
        if upos == "NUM":
            return k > s and sent[k - 1][2] == "PROPN"
        # "United Kingdom", "National Football League": capitalised adjectives and nouns
        # inside a name, but not a nationality before it ("Russian President Putin").
        return (upos in ("ADJ", "NOUN", "VERB", "X") and form[:1].isupper()
                and (etype != "person" or form not in demonyms_))
    a = h
    while a > s and propn(a - 1):
        a -= 1
    b = h + 1
    while b < e:
        if propn(b):
            b += 1
            continue
        w = sent[b][1]
        if etype != "person" and w in BRIDGE:
            c = b + 1
            if c < e and sent[c][1] == "the":
                c += 1
            if c < e and propn(c):
                b = c + 1
                continue
        break
    # bridge leftwards too: "Bank of England" with head "England" is rare; left as is.
    while etype == "person" and a < b - 1 and (sent[a][1] in title_words or sent[a][1].rstrip(".") + "." in title_words):
        a += 1
    if a < b and sent[a][1] in ("The", "the"):
        a += 1
    if a >= b:
        return None
    return a, b


def doc_of(name, conllu, title_words, demonym_words):
    sents, newpar = parse(conllu)
    text = ""
    entities = []
    for sent, par in zip(sents, newpar):
        if text:
            text += "\n" if par else " "
        offs = []
        for (_, form, _, _, misc) in sent:
            start = len(text)
            text += form
            offs.append((start, len(text)))
            if misc.get("SpaceAfter") != "No":
                text += " "
        text = text.rstrip(" ")
        spans = []
        for s, e, etype in mentions(sent):
            if etype not in TYPES:
                continue
            ns = name_span(sent, s, e, etype, title_words, demonym_words)
            if ns and etype in ("event", "object", "abstract") and not misc_ok(sent, ns):
                continue
            if ns:
                spans.append((ns[0], ns[1], TYPES[etype]))
        # Outermost first, then longest.
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        taken = [False] * len(sent)
        kept = []
        for a, b, lab in spans:
            if any(taken[a:b]):
                continue
            for k in range(a, b):
                taken[k] = True
            kept.append((a, b, lab))
        for k, tok in enumerate(sent):
            if not taken[k] and tok[1] in demonym_words and tok[2] in ("ADJ", "PROPN", "NOUN"):
                taken[k] = True
                kept.append((k, k + 1, "MISC"))
        for a, b, lab in sorted(kept):
            entities.append({"start": offs[a][0], "end": offs[b - 1][1], "label": lab})
    return {"id": name[:-len(".conllu")], "genre": name.split("_")[1], "text": text,
            "entities": entities}


def main():
    src = Source(sys.argv[1])
    held = src.splits()
    title_words, demonym_words = titles(), demonyms()
    train, dev = open(sys.argv[2], "w", encoding="utf-8"), open(sys.argv[3], "w",
                                                                   encoding="utf-8")
    counts = {}
    for name in src.names():
        parts = name.split("_")
        if not name.endswith(".conllu") or parts[0] != "GUM" or parts[1] not in GENRES:
            continue
        doc = doc_of(name, src.read(name), title_words, demonym_words)
        split = "dev" if doc["id"] in held else "train"
        (dev if split == "dev" else train).write(json.dumps(doc, ensure_ascii=False) + "\n")
        c = counts.setdefault(split, {"docs": 0, "words": 0})
        c["docs"] += 1
        c["words"] += len(doc["text"].split())
        for e in doc["entities"]:
            c[e["label"]] = c.get(e["label"], 0) + 1
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
