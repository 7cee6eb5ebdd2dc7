#!/usr/bin/env python
"""Term success rate and chrF++ before and after `glossa enforce`, on WMT22 ru→en.

For each of the five real MT systems: term success rate = occurrences of a glossary term
whose rendering is present in the output / occurrences (each rendering counted once), and
chrF++ (sacrebleu) against the human reference, before and after enforcement.

    python scripts/eval_terms.py [--glossary scripts/eval/wmt22-ru-en.yaml]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "wmt22-ru-en"


def success(segments) -> tuple[int, int]:
    occurrences = sum(len(s.decisions) for s in segments)
    kept = sum(1 for s in segments for d in s.decisions if d.action == "kept")
    return kept, occurrences


def main() -> None:
    from sacrebleu.metrics import CHRF

    from glossa.enforce import enforce_text
    from glossa.glossary.yaml_store import load_all
    from glossa.match.matcher import matcher_for

    parser = argparse.ArgumentParser()
    parser.add_argument("--glossary", default=str(ROOT / "scripts" / "eval" / "wmt22-ru-en.yaml"))
    args = parser.parse_args()
    matcher = matcher_for(load_all([args.glossary]))
    sources = (DATA / "source.ru").read_text(encoding="utf-8").splitlines()
    reference = (DATA / "reference.en").read_text(encoding="utf-8").splitlines()
    matches = [matcher.find(line) for line in sources]
    chrf = CHRF(word_order=2)
    print(f"{'system':<18} {'terms':>6} {'success before':>15} {'after':>7} {'chrF++ before':>14} {'after':>7}")
    for path in sorted(DATA.glob("system.*.en")):
        mt = path.read_text(encoding="utf-8").splitlines()
        before = [enforce_text(s, m, t) for s, m, t in zip(sources, matches, mt)]
        final = [seg.final for seg in before]
        after = [enforce_text(s, m, t) for s, m, t in zip(sources, matches, final)]
        kb, n = success(before)
        ka, _ = success(after)
        cb = chrf.corpus_score(mt, [reference]).score
        ca = chrf.corpus_score(final, [reference]).score
        name = path.name[len("system."):-len(".en")]
        print(f"{name:<18} {n:>6} {kb / n:>15.3f} {ka / n:>7.3f} {cb:>14.2f} {ca:>7.2f}")
    ref_segments = [enforce_text(s, m, t) for s, m, t in zip(sources, matches, reference)]
    kr, n = success(ref_segments)
    print(f"{'(reference)':<18} {n:>6} {kr / n:>15.3f}")


if __name__ == "__main__":
    main()
