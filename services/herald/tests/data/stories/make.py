"""Builds the stories dev set from stories.py: dev.jsonl (the articles, Herald JSON) and
gold.tsv (article id, story key). Deterministic: `python3 services/herald/tests/data/stories/make.py`.

Each story is told by several outlets. An outlet's brief is one of the story's headlines, one
of its leads and two to four of its detail sentences in an order of its own, under a dateline
in the outlet's house style, published within a day of the event."""

import datetime
import json
import os
import random

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


def brief(rng, story, outlet, style, n):
    when = datetime.datetime.fromisoformat(story["date"].replace("Z", "+00:00"))
    when += datetime.timedelta(minutes=rng.randint(-60, 20 * 60))
    details = rng.sample(story["details"], rng.randint(2, len(story["details"])))
    city = story["dateline"].title() if rng.random() < 0.3 else story["dateline"]
    dateline = style.format(city=city, day=when.strftime("%b %d").replace(" 0", " "))
    paragraphs = [dateline + rng.choice(story["leads"])]
    while details:
        take = rng.randint(1, 2)
        paragraphs.append(" ".join(details[:take]))
        details = details[take:]
    slug = outlet.lower().replace(" ", "-")
    return {
        "id": f"dev-{story['key']}-{n}",
        "source": outlet,
        "url": f"https://{slug}.example/{when:%Y/%m/%d}/{story['key']}-{n}",
        "title": rng.choice(story["titles"]),
        "body": "\n\n".join(paragraphs),
        "published_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def main():
    rng = random.Random(19)
    articles, gold = [], []
    for story in stories.S:
        for n, (outlet, style) in enumerate(rng.sample(OUTLETS, PER_STORY)):
            articles.append(brief(rng, story, outlet, style, n))
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
    print(f"{len(articles)} articles in {len(stories.S)} stories")


if __name__ == "__main__":
    main()
