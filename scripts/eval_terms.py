#!/usr/bin/env python
"""Enforce mode on WMT22: what `glossa enforce` does to five real MT systems' output (ru→en
without a model; zh→en with or without the real zh→en package reading the MT).

For every glossary × system, one table row:

- occ: term occurrences the glossary matches in the Russian sources;
- success before → after: share of occurrences whose rendering is present, measured by
  running enforce_text on the raw MT and again on the enforced text and counting `kept`;
- edits: decisions `replaced` and `forced`; each edit OLD = mt[mt_span] → NEW =
  final[final_span] is right when NEW occurs in that line of the human reference and OLD
  does not, wrong when OLD occurs and NEW does not, unclear otherwise (whole words,
  case-insensitive); a forced rendering has no OLD: right when NEW is in the reference,
  else unclear; precision = right / (right + wrong), "-" when there are none;
- flagged: decisions `flagged` (suspected renderings left unchanged);
- chrF++ (sacrebleu, corpus) against the reference, before → after.

The reference row is the success of the reference itself. Every edit and every flagged
decision goes to DIR/<glossary-stem>.<system>.jsonl (1-based line, source, reference, mt,
final, term, old, new, verdict); for a flagged decision, new is the rendering that was not
applied and verdict says what replacing old with it would have been ("right if replaced").

    .venv/bin/python scripts/eval_terms.py [--pair ru-en|zh-en] [--model] [--glossary G.yaml ...]
                                           [--dump DIR] [--sample N] [--seed S]

Without --glossary: for ru-en scripts/eval/wmt22-ru-en.yaml, glossaries/ru-en.news.yaml and
scripts/eval/newsroom-ru-en.yaml; for zh-en scripts/eval/wmt22-zh-en.yaml; each skipped with
a notice when missing. --model reads the MT with the pair's package (zh-en: the real
package, installed as scripts/eval_translate.py installs it), as `glossa enforce` does. --sample N prints
N random edits per glossary (across its systems) with source, reference, MT and final text.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# first: it sets the package directory the zh→en package is installed in, before anything
# imports argostranslate
from scripts.eval_translate import load_translator as load_zh_en  # noqa: E402, I001
from glossa.enforce.decisions import enforce_text  # noqa: E402
from glossa.glossary.loading import load_all  # noqa: E402
from glossa.match.matcher import matcher_for  # noqa: E402
from glossa.pipeline import enforce_lines  # noqa: E402
from scripts.eval_common import (  # noqa: E402
    DATA,
    OUT,
    ROOT,
    chrf_pp,
    has_words,
    print_flag_reasons,
    read_lines,
    span_text,
    write_jsonl,
)

DEFAULT_GLOSSARIES = {"ru-en": (ROOT / "scripts" / "eval" / "wmt22-ru-en.yaml",
                                 ROOT / "glossaries" / "ru-en.news.yaml",
                                 ROOT / "scripts" / "eval" / "newsroom-ru-en.yaml"),
                      "zh-en": (ROOT / "scripts" / "eval" / "wmt22-zh-en.yaml",)}
EDITS = ("replaced", "forced")
COLUMNS = (f"{'system':<16} {'occ':>5}  {'success':<13}  {'edits':>5} {'prec':>5} {'right':>5} "
           f"{'wrong':>5} {'uncl':>5} {'flagged':>7}  chrF++   (before → after)")


def kept(segments) -> int:
    return sum(1 for s in segments for d in s.decisions if d.action in ("kept", "forced"))


def occurrences(segments) -> int:
    return sum(len(s.decisions) for s in segments)


def verdict(old: str | None, new: str | None, reference: str) -> str:
    if not old or not new:
        return "unclear"
    old_in, new_in = has_words(reference, old), has_words(reference, new)
    if new_in and not old_in:
        return "right"
    if old_in and not new_in:
        return "wrong"
    return "unclear"


def judged_change(d, segment, reference: str) -> tuple[str | None, str | None, str]:
    """(old, new, verdict) of an edit; for a flagged decision, of replacing it by the rendering."""
    old = span_text(segment.mt, d.mt_span)
    if d.action == "replaced":
        new = span_text(segment.final, d.final_span)
        return old, new, verdict(old, new, reference)
    if d.action == "forced":
        new = span_text(segment.final, d.final_span)
        return None, new, "right" if new and has_words(reference, new) else "unclear"
    return old, d.term.target, f"{verdict(old, d.term.target, reference)} if replaced"


def dump_rows(system: str, segments, reference: list[str]) -> list[dict]:
    """One row per edit (replaced) and per flagged decision."""
    rows = []
    for n, (segment, ref) in enumerate(zip(segments, reference)):
        for d in segment.decisions:
            if d.action not in (*EDITS, "flagged"):
                continue
            old, new, judged = judged_change(d, segment, ref)
            rows.append({"system": system, "line": n + 1, "action": d.action, "method": d.method,
                         "term": d.term.brief(), "old": old, "new": new, "verdict": judged, "why": d.why,
                         "proposal": d.proposal.applied(segment.final) if d.proposal else None,
                         "source": segment.source, "reference": ref, "mt": segment.mt,
                         "final": segment.final})
    return rows


def evaluate_system(system: str, mt: list[str], sources, glossary, matches, reference,
                    translator) -> tuple[dict, list[dict], list]:
    langs = (glossary.source_lang, glossary.target_lang)
    before = [p.segment for p in enforce_lines(sources, mt, glossary, translator=translator)]
    final = [seg.final for seg in before]
    after = [enforce_text(s, m, t, None, True, source_lang=langs[0], target_lang=langs[1])
             for s, m, t in zip(sources, matches, final)]
    raw = [enforce_text(s, m, t, None, True, source_lang=langs[0], target_lang=langs[1])
           for s, m, t in zip(sources, matches, mt)]
    rows = dump_rows(system, before, reference)
    edits = [r for r in rows if r["action"] in EDITS]
    stats = {"occ": occurrences(before), "before": kept(raw), "after": kept(after),
             "edits": len(edits), "flagged": len(rows) - len(edits),
             **{v: sum(1 for r in edits if r["verdict"] == v) for v in ("right", "wrong", "unclear")},
             "chrf_before": chrf_pp(mt, reference), "chrf_after": chrf_pp(final, reference)}
    return stats, rows, before


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def format_row(system: str, s: dict) -> str:
    judged = s["right"] + s["wrong"]
    success = f"{share(s['before'], s['occ'])} → {share(s['after'], s['occ'])}"
    return (f"{system:<16} {s['occ']:>5}  {success:<13}  {s['edits']:>5} {share(s['right'], judged):>5} "
            f"{s['right']:>5} {s['wrong']:>5} {s['unclear']:>5} {s['flagged']:>7}  "
            f"{s['chrf_before']:.2f} → {s['chrf_after']:.2f}")


def print_sample(rows: list[dict], n: int, seed: int) -> None:
    edits = [r for r in rows if r["action"] in EDITS]
    chosen = random.Random(seed).sample(edits, min(n, len(edits)))
    print(f"\n{len(chosen)} random edits of {len(edits)} (seed {seed}):")
    for r in chosen:
        term = r["term"]
        print(f"\n[{r['system']} line {r['line']}] {term['source']} → {term['target']} "
              f"({r['method']}): {r['old']!r} → {r['new']!r}, {r['verdict']}")
        for key in ("source", "reference", "mt", "final"):
            print(f"  {key + ':':<10} {r[key]}")


def evaluate_glossary(path: Path, pair: str, dump: Path, sample: int, seed: int, translator) -> None:
    glossary = load_all([str(path)])
    source_lang = pair.split("-")[0]
    if f"{glossary.source_lang}-{glossary.target_lang}" != pair:
        sys.exit(f"error: {path} is {glossary.source_lang}→{glossary.target_lang}, not {pair}")
    wmt = DATA / f"wmt22-{pair}"
    matcher = matcher_for(glossary.renderable())
    sources = read_lines(wmt / f"source.{source_lang}")
    reference = read_lines(wmt / "reference.en")
    matches = [matcher.find(line) for line in sources]
    print(f"\n{path.stem}: {len(glossary.terms)} terms ({path})" + (" with the model" if translator else ""))
    print(COLUMNS)
    all_rows, all_segments = [], []
    for system_file in sorted(wmt.glob("system.*.en")):
        system = system_file.name[len("system."):-len(".en")]
        stats, rows, segments = evaluate_system(system, read_lines(system_file), sources, glossary, matches,
                                                reference, translator)
        print(format_row(system, stats))
        write_jsonl(dump / f"{path.stem}.{system}.jsonl", rows)
        all_rows += rows
        all_segments += [s.decisions for s in segments]
    print_flag_reasons(d for r in all_segments for d in r)
    ref_segments = [enforce_text(s, m, t, None, True, source_lang=glossary.source_lang,
                                 target_lang=glossary.target_lang)
                    for s, m, t in zip(sources, matches, reference)]
    n = occurrences(ref_segments)
    print(f"{'(reference)':<16} {n:>5}  {share(kept(ref_segments), n)}")
    if sample:
        print_sample(all_rows, sample, seed)


def load_translator(pair: str):
    """The pair's translator: zh-en is the real package that scripts/eval_translate.py
    installs; no other pair has one here."""
    if pair != "zh-en":
        sys.exit(f"error: no model for {pair} here")
    return load_zh_en()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", choices=sorted(DEFAULT_GLOSSARIES), default="ru-en")
    parser.add_argument("--model", action="store_true", help="read the MT with the pair's package")
    parser.add_argument("--glossary", action="append", type=Path,
                        help="a glossary file (repeatable); default: the pair's eval glossaries")
    parser.add_argument("--dump", type=Path, default=OUT / "eval-enforce",
                        help="directory for the JSONL dumps (default: out/eval-enforce)")
    parser.add_argument("--sample", type=int, default=0, help="print N random edits per glossary")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    translator = load_translator(args.pair) if args.model else None
    for path in args.glossary or DEFAULT_GLOSSARIES[args.pair]:
        if not path.is_file():
            print(f"notice: {path} does not exist; skipped", file=sys.stderr)
            continue
        evaluate_glossary(path, args.pair, args.dump, args.sample, args.seed, translator)
    print(f"\nedits and flagged decisions: {args.dump}/<glossary>.<system>.jsonl")


if __name__ == "__main__":
    main()
