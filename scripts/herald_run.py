"""Runs `herald run` on texts, as the team's scoring scripts (events-eval, ner-eval) do."""
import json
import os
import subprocess
import tempfile


def run(binary, docs):
    """Runs BINARY on `docs` ({"id", "text", "date"} each) as articles, single files in and
    out: the enriched article of each id."""
    with tempfile.TemporaryDirectory() as d:
        inp, out = os.path.join(d, "in.jsonl"), os.path.join(d, "out.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for r in docs:
                f.write(json.dumps({"id": r["id"], "url": "https://example.org/" + r["id"],
                                    "source": "eval", "title": "", "body": r["text"],
                                    "published_at": r["date"] + "T12:00:00Z"},
                                   ensure_ascii=False) + "\n")
        subprocess.run([binary, "run", inp, "--output", out], check=True,
                       stderr=subprocess.DEVNULL)
        return {r["id"]: r for r in map(json.loads, open(out, encoding="utf-8"))}
