#!/usr/bin/env python
"""What `glossa.match.suggest` proposes on real news: the seed article and WMT22 lines.

Runs suggest with an empty glossary (so nothing is hidden by the shipped one) on
seeds/*.ru.txt and on a random sample of ../shared/data/wmt22-ru-en/source.ru (read in
place, never copied), and prints one tab-separated row per proposal:

    origin  count  kind  source  target  forms-in-text

A proposal is right when its source is a plausible entry in dictionary form, its kind is
right, and its target is what English news would write (or empty, left for a person to
fill). With --judged FILE (rows "verdict<TAB>origin<TAB>kind<TAB>source<TAB>target", verdict
ok or bad, as a reviewer marked them) the precision over the judged proposals is printed too,
and the proposals not yet judged are counted.

    .venv/bin/python scripts/eval_suggest.py [--sample N] [--seed S] [--judged FILE]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossa.glossary.model import Glossary  # noqa: E402
from glossa.match.suggest import suggest  # noqa: E402

WMT22 = ROOT.parent / "shared" / "data" / "wmt22-ru-en" / "source.ru"


def texts(sample: int, seed: int) -> list[tuple[str, str]]:
    """(origin, text) pairs: each seed article whole, then the sampled WMT22 lines as one text."""
    out = [(path.name, path.read_text(encoding="utf-8")) for path in sorted((ROOT / "seeds").glob("*.ru.txt"))]
    lines = WMT22.read_text(encoding="utf-8").splitlines()
    picked = sorted(random.Random(seed).sample(range(len(lines)), min(sample, len(lines))))
    out.append(("wmt22", "\n".join(lines[i] for i in picked)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200, help="WMT22 source lines to sample")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--judged", type=Path, help="reviewer verdicts, to compute precision")
    args = parser.parse_args()
    rows = []
    for origin, text in texts(args.sample, args.seed):
        for c in suggest(text, Glossary("ru", "en")):
            rows.append((origin, c.kind, c.source, c.target))
            print("\t".join([origin, str(c.count), c.kind, c.source, c.target, ", ".join(c.forms)]))
    if args.judged:
        verdicts = {}
        for line in args.judged.read_text(encoding="utf-8").splitlines():
            verdict, *key = line.split("\t")
            verdicts[tuple(key)] = verdict
        judged = [verdicts[r] for r in rows if r in verdicts]
        right = judged.count("ok")
        print(f"precision {right}/{len(judged)} = {right / max(len(judged), 1):.0%} "
              f"({len(rows) - len(judged)} of {len(rows)} proposals not judged)", file=sys.stderr)


if __name__ == "__main__":
    main()
