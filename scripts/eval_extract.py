"""Print the clean stage's quality tables on the public eval sets and our gold lines.

Run: ``.venv/bin/python scripts/eval_extract.py [sets...] [--limit N] [--systems ...]``
(same options as ``python -m newsprism.clean.evaluate``; ``--help`` lists them).
Sets: trafilatura (snippet metric), readability (metadata), cleaneval (token F1),
gold-lines (own labelled lines), or all (default).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsprism.clean.evaluate import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
