#!/usr/bin/env python3
"""Format self-check for events_fresh2/sentences.tsv (run from anywhere: python3 check.py).
The checks themselves are ../events_check.py's."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import events_check  # noqa: E402

EXPECTED = {
    "AGREE": 18, "REQUEST": 16, "ASSAULT": 16, "REJECT": 14,
    "THREATEN": 12, "PROTEST": 12, "ACCUSE": 12, "CONSULT": 10,
    "COERCE": 9, "SUPPORT": 8, "SANCTION": 8, "AID": 6,
    "RETREAT": 6, "CONCEDE": 6, "MOBILIZE": 5, "COOPERATE": 4,
}
LONG_SHARE = (0.28, 0.40)  # "about a third" of 162 rows

if __name__ == "__main__":
    sys.exit(events_check.main(HERE / "sentences.tsv", EXPECTED, LONG_SHARE, target_may_be_empty=True))
