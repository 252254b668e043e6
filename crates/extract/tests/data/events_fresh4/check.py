#!/usr/bin/env python3
"""Format self-check for events_fresh4/sentences.tsv (run from anywhere: python3 check.py).
No target may be '-'.
The checks themselves are ../events_check.py's."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import events_check  # noqa: E402

EXPECTED = {
    "ASSAULT": 21, "AGREE": 16, "REQUEST": 15, "ACCUSE": 14,
    "CONSULT": 14, "REJECT": 12, "THREATEN": 12, "PROTEST": 12,
    "COERCE": 11, "SANCTION": 10, "SUPPORT": 9, "AID": 9,
    "MOBILIZE": 8, "RETREAT": 8, "CONCEDE": 7, "COOPERATE": 7,
}
LONG_SHARE = (0.50, 0.70)  # wire-length leads: well over half of 185 rows

if __name__ == "__main__":
    sys.exit(events_check.main(HERE / "sentences.tsv", EXPECTED, LONG_SHARE, target_may_be_empty=False))
