#!/usr/bin/env python3
"""Writes config/events/cameo.tsv, Herald's CAMEO taxonomy, from the public code tables
(GDELT's CAMEO lookup: labels, Goldstein values, quad classes; the PLOVER project's
CAMEO -> PLOVER 2021 mapping: event type, mode, context), with appeals (02) as REQUEST.

Usage: build_cameo.py CAMEO_PLOVER.tsv > cameo.tsv
(e.g. ../shared/eval/events/cameo_plover.tsv, which carries both tables' columns)."""
import csv, sys

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
def row(cells):
    print("\t".join(cells))

row(["code", "root", "quad_class", "goldstein", "plover", "plover_mode", "plover_context", "label"])
# Appeals (02) ask the target to act, as demands (10) do: Herald codes both as REQUEST, where
# the mapping drops appeals. Statements (01) stay without a type.
APPEAL = "02"
# Codes whose type is their parent's, where the mapping differs: easing a curfew (0813) or a
# state of emergency (0814) is a concession, as easing other administrative sanctions (081).
FOLLOW_PARENT = {"0813", "0814"}
types = {}

for r in rows:
    plover = r["plover_event"].strip()
    if plover.startswith("("):  # "(dropped in PLOVER)"
        plover = "REQUEST" if r["code"].startswith(APPEAL) else ""
    if r["code"] in FOLLOW_PARENT:
        plover = types[r["code"][:3]]
    types[r["code"]] = plover
    label = r["label_gdelt"].strip()
    # Root rows carry no PLOVER type of their own in the mapping: they take their
    # "not specified below" child's (e.g. 04 -> 040 CONSULT), filled in by the loader.
    row([
        r["code"], r["root"], r["quadclass_gdelt"], r["goldstein_gdelt"], plover,
        r["plover_mode"].strip(), r["plover_context"].strip(), label,
    ])
