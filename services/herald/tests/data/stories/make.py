"""Builds the stories dev set from stories.py: dev.jsonl (the articles, Herald JSON) and
gold.tsv (article id, story key). Deterministic: `python3 services/herald/tests/data/stories/make.py`.

Each story is told by several outlets. An outlet's brief is one of the story's headlines, one
of its leads and one to five of its detail sentences in an order of its own, each rewritten in
the outlet's wording (paraphrase.py), under a dateline in the outlet's house style, published
within a day of the event. Of several rewrites of a brief, the one sharing the fewest phrases
with the story's earlier briefs is kept."""

import datetime
import json
import os
import random
import re

import paraphrase
import stories

OUTLETS = [
    ("Herald Wire", "{city} (Herald Wire) — "),
    ("Daily Planet", "{city} — "),
    ("Evening Post", ""),
    ("Continental Times", "{city}, {day} (Continental Times) - "),
    ("Lakeside Herald", "{city} — "),
    ("Baltic Observer", "{city} ({day}) — "),
    ("Levant Daily", ""),
    ("Pacific Ledger", "{city}: "),
    ("Northern Courier", "{city} — "),
    ("Meridian News", "{city}, {day} (Meridian) - "),
    ("Harbour Gazette", ""),
    ("Capital Bulletin", "{city} — "),
]
PER_STORY = 7


CANDIDATES = 40
PHRASE = 5  # words: a shared phrase is a run of this many words, at least three not names


def phrases(text):
    """The phrases of a text: runs of PHRASE words with at least three that are not names
    (a name: a capitalised word not opening a sentence, or a number)."""
    words = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        for i, w in enumerate(re.findall(r"[A-Za-z0-9'-]+", sentence)):
            words.append((w.lower(), i > 0 and (w[0].isupper() or w[0].isdigit())))
    out = set()
    for i in range(len(words) - PHRASE + 1):
        run = words[i:i + PHRASE]
        if sum(not name for _, name in run) >= 3:
            out.add(" ".join(w for w, _ in run))
    return out


def rewrite(rng, story, n, used):
    """One candidate wording: a headline, a lead and some details, each paraphrased; the
    details the story's earlier briefs used least are the likeliest."""
    change = rng.uniform(0.5, 0.95)
    lead = paraphrase.sentence(rng, story["leads"][(n + rng.randint(0, 2)) % 3], change)
    if rng.random() < 0.25 and ", " in lead[40:]:
        # A short lead: the first clause only.
        lead = lead[:lead.index(", ", 40)] + "."
    order = sorted(story["details"], key=lambda d: (used.get(d, 0), rng.random()))
    details = order[:rng.randint(1, 3)]
    rng.shuffle(details)
    originals = details
    details = [paraphrase.sentence(rng, d, change) for d in details]
    headline = paraphrase.title(rng, rng.choice(story["titles"]), change)
    return headline, lead, details, originals


def brief(rng, story, outlet, style, n, seen, used):
    when = datetime.datetime.fromisoformat(story["date"].replace("Z", "+00:00"))
    when += datetime.timedelta(minutes=rng.randint(-60, 20 * 60))
    candidates = [rewrite(rng, story, n, used) for _ in range(CANDIDATES)]
    headline, lead, details, originals = min(candidates, key=lambda c: (
        len(phrases(" ".join([c[0] + ".", c[1]] + c[2])) & seen), -len(c[2])))
    for d in originals:
        used[d] = used.get(d, 0) + 1
    city = story["dateline"].title() if rng.random() < 0.3 else story["dateline"]
    dateline = style.format(city=city, day=when.strftime("%b %d").replace(" 0", " "))
    paragraphs = [dateline + lead]
    while details:
        take = rng.randint(1, 2)
        paragraphs.append(" ".join(details[:take]))
        details = details[take:]
    slug = outlet.lower().replace(" ", "-")
    return {
        "id": f"dev-{story['key']}-{n}",
        "source": outlet,
        "url": f"https://{slug}.example/{when:%Y/%m/%d}/{story['key']}-{n}",
        "title": headline,
        "body": "\n\n".join(paragraphs),
        "published_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def shared(articles, gold):
    """Per pair of briefs of one story: how many phrases they share (a check on the set)."""
    by_story = {}
    for article, (_, key) in zip(articles, gold):
        by_story.setdefault(key, []).append(phrases(article["title"] + ". " + article["body"]))
    counts = []
    for bags in by_story.values():
        counts += [len(a & b) for i, a in enumerate(bags) for b in bags[i + 1:]]
    return counts


def main():
    rng = random.Random(19)
    articles, gold = [], []
    for story in stories.S:
        seen, used = set(), {}
        for n, (outlet, style) in enumerate(rng.sample(OUTLETS, PER_STORY)):
            articles.append(brief(rng, story, outlet, style, n, seen, used))
            seen |= phrases(articles[-1]["title"] + ". " + articles[-1]["body"])
            gold.append((articles[-1]["id"], story["key"]))
    # A wire: the briefs in order of publication (ties as made).
    order = sorted(range(len(articles)), key=lambda i: articles[i]["published_at"])
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "dev.jsonl"), "w") as out:
        for i in order:
            out.write(json.dumps(articles[i], ensure_ascii=False) + "\n")
    with open(os.path.join(here, "gold.tsv"), "w") as out:
        out.write("article_id\tstory\n")
        for article_id, key in gold:
            out.write(f"{article_id}\t{key}\n")
    counts = shared(articles, gold)
    print(f"{len(articles)} articles in {len(stories.S)} stories; pairs of briefs of one story "
          f"sharing no {PHRASE}-word phrase: {sum(c == 0 for c in counts)} of {len(counts)}, "
          f"mean shared {sum(counts) / len(counts):.2f}, most {max(counts)}")


if __name__ == "__main__":
    main()
