#!/usr/bin/env python
"""Translate mode on WMT22 zh→en: the real Argos zh→en 1.9 model, with and without a glossary.

One `glossa.pipeline.translate` run over the selected source lines gives both outputs: the
raw model translation of each sentence (seg.mt) and the glossary result (seg.final). Reported:

- term success, raw and final: per source occurrence, the rendering present as whole words in
  that line (first letter in either case, each rendering in the line counted once), and the
  same with any form the glossary counts as the term rendered (plural, demonym, listed forms);
- chrF++ and BLEU (sacrebleu, corpus) against reference.en, raw and final;
- decisions per action and per (action, method);
- a damage audit of the changed segments (final != raw), with automatic detectors:
  (a) a doubled word at an edit boundary ("Carl Carl Vinson");
  (b) a rendering added after the sentence end ("… left. Xi Jinping");
  (c) a replaced raw span of only function words, numbers or punctuation;
  (d) a forced segment that lost more than 30% of the raw translation's content words;
  (e) a kept/replaced/forced decision whose rendering does not stand as whole words at its
      final span (glossa's accepted forms of the term, such as plurals, count as the rendering);
  (f) a content word of a replaced or forced rendering repeated within 3 words outside its
      final span ("the University of Zhejiang University");
  (g) a replaced raw span holding a lower-case content word that is no word of the rendering
      ('Zhang Deing said' → 'Zhang Diming');
- the time the model took.

All changed segments go to DIR/changed.jsonl (1-based line, source, reference, raw, final,
decisions, detector hits); DIR/sample.md holds --sample of them, chosen with --seed, each with
an empty "verdict:" line for a human reader (detector hits are left out of it, so the reading
is blind).

    .venv/bin/python scripts/eval_translate.py [--glossary scripts/eval/wmt22-zh-en.yaml]
        [--lines A:B] [--sample 40] [--seed 1] [--dump out/eval-translate]

--lines takes a 0-based, end-exclusive range of source lines (0:60, 100:, :500). The zh→en
package is used from, and if needed installed into, ~/.cache/glossa-fixtures/argos-packages
(the package file comes from tests/fixtures_models.py).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sacrebleu.metrics import BLEU

# A package directory of its own, set before anything imports argostranslate (it reads the
# variable once, at import).
PACKAGES = Path.home() / ".cache" / "glossa-fixtures" / "argos-packages"
os.environ["ARGOS_PACKAGES_DIR"] = str(PACKAGES)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossa.enforce.target_forms import accepted_forms  # noqa: E402
from glossa.engine.packages import find  # noqa: E402
from glossa.engine.translator import Translator  # noqa: E402
from glossa.errors import GlossaError  # noqa: E402
from glossa.glossary.loading import load_all  # noqa: E402
from glossa.pipeline import translate  # noqa: E402
from scripts.eval_common import (  # noqa: E402
    DATA,
    OUT,
    ROOT,
    chrf_pp,
    decision_json,
    print_flag_reasons,
    read_lines,
    span_text,
    write_jsonl,
)

WMT = DATA / "wmt22-zh-en"
DEFAULT_GLOSSARY = ROOT / "scripts" / "eval" / "wmt22-zh-en.yaml"
CHANGING = ("replaced", "forced")
COUNTED = ("kept", "replaced", "forced")
WORD = re.compile(r"\w+")
TERMINAL = re.compile(r"[.!?]")
ENDS_SENTENCE = re.compile(r"[.!?][\"'”’»)\]]*\s*$")
NEW_SENTENCE = re.compile(r"[.!?][\"'”’»)\]]*\s+$")
DETECTORS = {"a": "doubled word at an edit boundary", "b": "rendering after the sentence end",
             "c": "replaced span of function words only", "d": "forced, >30% content words lost",
             "e": "rendering not whole words at its span",
             "f": "rendering word repeated nearby", "g": "replaced span swallowed other words"}
NEARBY = 3


def line_range(text: str) -> slice:
    start, colon, end = text.partition(":")
    try:
        if not colon:
            raise ValueError
        return slice(int(start) if start else None, int(end) if end else None)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a range A:B") from None


def stop_words() -> frozenset[str]:
    """spaCy's English stop words (function words and number words; no model needed)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def load_translator():
    """The zh→en translator, installing the real package into PACKAGES when it is not there."""
    try:
        package = find("zh", "en")
    except GlossaError:
        install_zh_en()
        package = find("zh", "en")
    return Translator(package)   # engine options from the environment (GLOSSA_DEVICE …)


def install_zh_en() -> None:
    from tests.fixtures_models import real_zh_en_package

    path, why = real_zh_en_package()
    if path is None:
        sys.exit(f"error: no zh→en package: {why}")
    result = subprocess.run([sys.executable, "-m", "glossa", "models", "install", str(path)],
                            cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "ARGOS_PACKAGES_DIR": str(PACKAGES)})
    if result.returncode:
        sys.exit(f"error: installing {path} failed: {result.stderr.strip()}")


def progress_printer():
    """A pipeline progress callback printing lines done on a terminal's stderr."""
    done = 0

    def report(batch: int, total: int) -> None:
        nonlocal done
        done += batch
        print(f"\r{done}/{total} lines", end="", file=sys.stderr, flush=True)

    return report if sys.stderr.isatty() else None


def translate_lines(lines: list[str], glossary, translator) -> list[list]:
    """The segments of each line, from one pipeline run over all of them."""
    by_line = [[] for _ in lines]
    for placed in translate("\n".join(lines), glossary, translator, progress=progress_printer()):
        by_line[placed.paragraph].append(placed.segment)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return by_line


def rendering_regex(rendering: str) -> re.Pattern:
    """Whole words; the first letter in either case, the rest as written."""
    first = re.escape(rendering[:1])
    head = f"(?i:{first})" if rendering[:1].isalpha() else first
    return re.compile(rf"(?<!\w){head}{re.escape(rendering[1:])}(?!\w)")


def term_success(decisions, text: str, forms: bool = False) -> int:
    """Occurrences whose rendering is in the text, each rendering found counted once; with
    ``forms``, any form the glossary counts as the term rendered (plural, demonym, listed)."""
    wanted = Counter(d.term for d in decisions)
    return sum(min(n, len(renderings(t, forms).findall(text))) for t, n in wanted.items())


def renderings(term, forms: bool) -> re.Pattern:
    if not forms:
        return rendering_regex(term.target)
    alternatives = sorted({f.text for f in accepted_forms(term, "en")}, key=len, reverse=True)
    return re.compile("|".join(rendering_regex(a).pattern for a in alternatives))


def bleu(hypotheses: list[str], references: list[str]) -> float:
    return BLEU().corpus_score(hypotheses, [references]).score


def doubled_word(seg, d) -> str | None:
    """(a) The word before the edit equals its first word, or the word after equals its last."""
    if d.action not in CHANGING or not d.final_span:
        return None
    start, end = d.final_span
    words = WORD.findall(seg.final[start:end])
    before = re.search(r"(\w+)\s+$", seg.final[:start])
    after = re.match(r"\s+(\w+)", seg.final[end:])
    if words and before and before.group(1).lower() == words[0].lower():
        return f"{before.group(1)} {seg.final[start:end]}"
    if words and after and after.group(1).lower() == words[-1].lower():
        return f"{seg.final[start:end]} {after.group(1)}"
    return None


def raw_offset(seg, d) -> int | None:
    """Where the decision's final span starts in the raw MT: its mt_span, or for a forced
    rendering the same offset when the final text up to it is the raw text unchanged."""
    if d.mt_span is not None:
        return d.mt_span[0]
    start = d.final_span[0]
    return start if seg.mt.startswith(seg.final[:start]) else None


def after_sentence_end(seg, d) -> str | None:
    """(b) The rendering follows the final's last sentence end although the raw ended with
    one, or opens a sentence where the raw had no sentence break."""
    if d.action not in CHANGING or not d.final_span:
        return None
    start = d.final_span[0]
    last_end = max((m.start() for m in TERMINAL.finditer(seg.final)), default=-1)
    if ENDS_SENTENCE.search(seg.mt) and 0 <= last_end < start:
        return "after the last sentence end"
    offset = raw_offset(seg, d)
    raw_break = offset is not None and NEW_SENTENCE.search(seg.mt[:offset])
    if NEW_SENTENCE.search(seg.final[:start]) and not raw_break:
        return "opens a new sentence"
    return None


def function_words_replaced(seg, d, stop: frozenset[str]) -> str | None:
    """(c) The raw text replaced is only stop words, numbers or punctuation."""
    old = span_text(seg.mt, d.mt_span) if d.action == "replaced" else None
    if old is None:
        return None
    return old if all(w in stop or w.isdigit() for w in WORD.findall(old.lower())) else None


def content_words(text: str, stop: frozenset[str]) -> Counter:
    return Counter(w for w in WORD.findall(text.lower()) if w not in stop and not w.isdigit())


def content_lost(seg, stop: frozenset[str]) -> str | None:
    """(d) A forced segment lost more than 30% of the raw translation's content words."""
    if not any(d.action == "forced" for d in seg.decisions):
        return None
    raw = content_words(seg.mt, stop)
    lost = raw - content_words(seg.final, stop)
    total, gone = sum(raw.values()), sum(lost.values())
    if not total or gone / total <= 0.3:
        return None
    return f"lost {gone}/{total}: {' '.join(sorted(lost.elements()))}"


def accepted_texts(term, target_lang: str) -> set[str]:
    """What counts as the term rendered: glossa's accepted forms (rendering, plural, demonym,
    listed forms) where the code has them, else the rendering."""
    try:
        from glossa.enforce.target_forms import accepted_forms
    except ImportError:
        return {term.target}
    return {form.text for form in accepted_forms(term, target_lang)}


def rendering_misplaced(seg, d, target_lang: str) -> str | None:
    """(e) A decision counted as rendered whose final span is not its rendering as whole words."""
    if d.action not in COUNTED:
        return None
    if not d.final_span:
        return "no final span"
    start, end = d.final_span
    text = seg.final[start:end]
    if re.match(r"\w", seg.final[start - 1:start]) or re.match(r"\w", seg.final[end:end + 1]):
        return f"{text!r} is part of a longer word"
    if not any(rendering_regex(t).fullmatch(text) for t in accepted_texts(d.term, target_lang)):
        return f"{text!r} is not {d.term.target!r}"
    return None


def is_content_word(word: str, stop: frozenset[str]) -> bool:
    """Not a stop word, a number or a single letter (the s of a possessive written with ’,
    which \\w+ splits off: Children’s)."""
    return len(word) > 1 and word.lower() not in stop and not word.isdigit()


def rendering_words(seg, d, target_lang: str) -> set[str]:
    """The words of the rendering, lower-cased, in every accepted form and as written at the
    final span, so a plural or a demonym counts as the rendering's own word."""
    texts = accepted_texts(d.term, target_lang) | {d.term.target}
    if d.final_span:
        texts.add(span_text(seg.final, d.final_span))
    return {w for t in texts for w in WORD.findall(t.lower())}


def repeated_nearby(seg, d, stop: frozenset[str], target_lang: str) -> str | None:
    """(f) A content word of the rendering is also among the NEARBY words either side of the
    final span: the edit left the raw's own translation of the term (or part of it) standing
    next to the rendering ("the University of Zhejiang University")."""
    if d.action not in CHANGING or not d.final_span:
        return None
    start, end = d.final_span
    own = {w for w in rendering_words(seg, d, target_lang) if is_content_word(w, stop)}
    before = WORD.findall(seg.final[:start])[-NEARBY:]
    after = WORD.findall(seg.final[end:])[:NEARBY]
    repeated = [w for w in before + after if w.lower() in own]
    if not repeated:
        return None
    return (f"{' '.join(repeated)} near {span_text(seg.final, d.final_span)!r}: "
            f"…{' '.join(before)} [{span_text(seg.final, d.final_span)}] {' '.join(after)}…")


def capitalised(token: str) -> bool:
    """The first word of a space-separated token starts with a capital ("Ho-dong", "(Xinhua")."""
    first = WORD.search(token)
    return first is not None and first.group()[:1].isupper()


def span_swallowed(seg, d, stop: frozenset[str], target_lang: str) -> str | None:
    """(g) The raw span a replacement overwrote holds a lower-case content word that is no
    word of the rendering: the span reached past the term into the sentence and deleted a
    word of it ('Zhang Deing said' → 'Zhang Diming'). Capitalised words are left out, since
    they are most often the raw's own spelling of the name being replaced, and so is every
    part of a hyphenated capitalised word (the dong of Yang Ho-dong)."""
    old = span_text(seg.mt, d.mt_span) if d.action == "replaced" else None
    if old is None:
        return None
    own = rendering_words(seg, d, target_lang)
    lower = [w for token in old.split() if not capitalised(token) for w in WORD.findall(token)]
    lost = [w for w in lower if w.islower() and is_content_word(w, stop) and w not in own]
    if not lost:
        return None
    return f"{' '.join(lost)} gone: {old!r} → {span_text(seg.final, d.final_span)!r}"


def detect(seg, stop: frozenset[str], target_lang: str) -> list[dict]:
    hits = []
    for d in seg.decisions:
        for key, found in (("a", doubled_word(seg, d)), ("b", after_sentence_end(seg, d)),
                           ("c", function_words_replaced(seg, d, stop)),
                           ("e", rendering_misplaced(seg, d, target_lang)),
                           ("f", repeated_nearby(seg, d, stop, target_lang)),
                           ("g", span_swallowed(seg, d, stop, target_lang))):
            if found:
                hits.append({"detector": key, "term": d.term.target, "detail": found})
    lost = content_lost(seg, stop)
    if lost:
        hits.append({"detector": "d", "term": None, "detail": lost})
    return hits


def changed_rows(by_line, sources, reference, first: int, stop, target_lang: str) -> list[dict]:
    rows = []
    for n, segments in enumerate(by_line):
        for seg in segments:
            if seg.final == seg.mt:
                continue
            rows.append({"line": first + n + 1, "source": seg.source, "source_line": sources[n],
                         "reference": reference[n], "raw": seg.mt, "final": seg.final,
                         "decisions": [decision_json(d, seg.mt, seg.final) for d in seg.decisions],
                         "hits": detect(seg, stop, target_lang)})
    return rows


def flag_rows(by_line, reference: list[str], first: int) -> list[dict]:
    """Every flagged decision with its sentence, reference, why and proposal, for reading
    whether the flag refused a right edit."""
    return [{"line": first + n + 1, "source": seg.source, "reference": reference[n], "raw": seg.mt,
             "final": seg.final, "term": d.term.brief(), "method": d.method, "why": d.why,
             "suspected": span_text(seg.final, d.final_span),
             "proposal": d.proposal.applied(seg.final) if d.proposal else None}
            for n, segments in enumerate(by_line) for seg in segments for d in seg.decisions
            if d.action == "flagged"]


def print_scores(by_line, reference: list[str]) -> None:
    raw = [" ".join(s.mt for s in segs) for segs in by_line]
    final = [" ".join(s.final for s in segs) for segs in by_line]
    per_line = [[d for s in segs for d in s.decisions if d.source_span] for segs in by_line]
    n = sum(map(len, per_line))
    print(f"\n{'':<6} {'term success':>20} {'with forms':>20} {'chrF++':>7} {'BLEU':>6}")
    for name, texts in (("raw", raw), ("final", final)):
        shares = []
        for forms in (False, True):
            ok = sum(term_success(ds, t, forms) for ds, t in zip(per_line, texts))
            shares.append(f"{ok / n:.3f} ({ok}/{n})" if n else "-")
        print(f"{name:<6} {shares[0]:>20} {shares[1]:>20} {chrf_pp(texts, reference):7.2f} "
              f"{bleu(texts, reference):6.2f}")


def print_actions(by_line) -> None:
    decisions = [d for segs in by_line for s in segs for d in s.decisions]
    actions = Counter(d.action for d in decisions)
    methods = Counter((d.action, d.method) for d in decisions)
    print("\nactions: " + ", ".join(f"{a} {c}" for a, c in actions.most_common()))
    print("by method: " + ", ".join(f"{a}/{m} {c}" for (a, m), c in methods.most_common()))
    print_flag_reasons(decisions)


def print_audit(rows: list[dict], segments: int) -> None:
    print(f"\ndamage audit: {len(rows)} of {segments} segments changed")
    for key, label in DETECTORS.items():
        hits = [h for r in rows for h in r["hits"] if h["detector"] == key]
        hit_rows = sum(1 for r in rows if any(h["detector"] == key for h in r["hits"]))
        print(f"  ({key}) {label:<40} {len(hits):>4} hits in {hit_rows:>4} segments")
    detected = sum(1 for r in rows if r["hits"])
    print(f"  changed segments with any detection: {detected}/{len(rows)}"
          + (f" ({detected / len(rows):.1%})" if rows else ""))


def decision_line(d: dict) -> str:
    term = d["term"]
    text = f"{term['source']} → {term['target']} ({term['kind']}): {d['action']}"
    text += f" by {d['method']}" if d["method"] else ""
    if d["action"] == "replaced":
        text += f", {d['mt_text']!r} → {d['final_text']!r}"
    elif d["final_text"]:
        text += f", at {d['final_text']!r}"
    return text


def sample_entry(k: int, r: dict) -> str:
    decisions = "\n".join(f"  - {decision_line(d)}" for d in r["decisions"])
    whole = f"- source line: {r['source_line']}\n" if r["source_line"] != r["source"] else ""
    return (f"## {k}. line {r['line']}\n\n- source: {r['source']}\n{whole}- reference: {r['reference']}\n"
            f"- raw: {r['raw']}\n- final: {r['final']}\n- decisions:\n{decisions}\n\nverdict:\n")


def write_sample(path: Path, rows: list[dict], n: int, seed: int) -> None:
    chosen = random.Random(seed).sample(rows, min(n, len(rows)))
    parts = [f"# {len(chosen)} changed segments of {len(rows)} (seed {seed})\n"]
    parts += [sample_entry(k, r) for k, r in enumerate(chosen, 1)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")


def select_lines(lines: slice) -> tuple[range, list[str], list[str]]:
    """The chosen line numbers (0-based), their sources and their references."""
    sources = read_lines(WMT / "source.zh")
    chosen = range(len(sources))[lines]
    if not chosen:
        sys.exit(f"error: no source lines in that range (there are {len(sources)})")
    return chosen, sources[lines], read_lines(WMT / "reference.en")[lines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=DEFAULT_GLOSSARY)
    parser.add_argument("--lines", type=line_range, default=slice(None),
                        help="0-based, end-exclusive range of source lines, A:B (default: all)")
    parser.add_argument("--sample", type=int, default=40, help="changed segments in sample.md")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dump", type=Path, default=OUT / "eval-translate",
                        help="directory for changed.jsonl and sample.md (default: out/eval-translate)")
    args = parser.parse_args()
    if not args.glossary.is_file():
        sys.exit(f"error: glossary {args.glossary} does not exist; give one with --glossary")
    glossary = load_all([str(args.glossary)])
    if (glossary.source_lang, glossary.target_lang) != ("zh", "en"):
        sys.exit(f"error: {args.glossary} is {glossary.source_lang}→{glossary.target_lang}, not zh→en")
    chosen, sources, reference = select_lines(args.lines)
    print(f"wmt22-zh-en lines {chosen.start}:{chosen.stop} ({len(chosen)} lines); "
          f"{args.glossary} ({len(glossary.terms)} terms)")

    start = time.perf_counter()
    translator = load_translator()
    loaded = time.perf_counter()
    by_line = translate_lines(sources, glossary, translator)
    done = time.perf_counter()
    segments = sum(map(len, by_line))
    print(f"model ready in {loaded - start:.1f} s; {segments} sentences translated in "
          f"{done - loaded:.1f} s ({segments / (done - loaded):.2f} sentences/s)")

    print_scores(by_line, reference)
    print_actions(by_line)
    rows = changed_rows(by_line, sources, reference, chosen.start, stop_words(), glossary.target_lang)
    print_audit(rows, segments)
    write_jsonl(args.dump / "changed.jsonl", rows)
    write_sample(args.dump / "sample.md", rows, args.sample, args.seed)
    write_jsonl(args.dump / "flags.jsonl", flag_rows(by_line, reference, chosen.start))
    print(f"\nchanged segments: {args.dump / 'changed.jsonl'}; sample for reading: {args.dump / 'sample.md'}; "
          f"flags: {args.dump / 'flags.jsonl'}")


if __name__ == "__main__":
    main()
