"""Helpers shared by scripts/eval_terms.py and scripts/eval_translate.py.

The evaluation data is read in place from ../shared/data (never copied); outputs go under
out/ (git-ignored). Line numbers in dumps are 1-based line numbers of the data files.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from sacrebleu.metrics import CHRF

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "out"


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def has_words(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words, case-insensitively."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def span_text(text: str, span) -> str | None:
    return text[span[0]:span[1]] if span else None


def decision_json(decision, mt: str, final: str) -> dict:
    """A decision as JSON, with the text at its spans, so a reader needs no offsets."""
    return {"term": decision.term.brief(), "action": decision.action, "method": decision.method,
            "form": form_json(getattr(decision, "form", None)),
            "mt_text": span_text(mt, decision.mt_span), "final_text": span_text(final, decision.final_span),
            "mt_span": list(decision.mt_span) if decision.mt_span else None,
            "final_span": list(decision.final_span) if decision.final_span else None}


def form_json(form):
    """A decision's form (a dataclass such as Form(name, text), a plain value, or None)."""
    return dataclasses.asdict(form) if dataclasses.is_dataclass(form) else form


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def chrf_pp(hypotheses: list[str], references: list[str]) -> float:
    """Corpus chrF++ (sacrebleu, word order 2)."""
    return CHRF(word_order=2).corpus_score(hypotheses, [references]).score


def flag_reasons(decisions) -> list[tuple[str, int, int]]:
    """What each guard cost: for each reason a flag gives (a flagged decision's ``why`` lists
    its reasons, "; " between them), (reason, flags giving it, flags giving it alone). A flag
    with one reason is a decision that guard alone turned from an edit into a flag."""
    every: dict[str, int] = {}
    alone: dict[str, int] = {}
    for d in decisions:
        if d.action != "flagged":
            continue
        reasons = [re.sub(r"\d+%", "N%", r) for r in (d.why or "no reason given").split("; ") if r]
        for reason in reasons:
            every[reason] = every.get(reason, 0) + 1
            if len(reasons) == 1:
                alone[reason] = alone.get(reason, 0) + 1
    return sorted(((r, n, alone.get(r, 0)) for r, n in every.items()), key=lambda x: (-x[1], x[0]))


def print_flag_reasons(decisions) -> None:
    rows = flag_reasons(decisions)
    if not rows:
        return
    print(f"\nflags by reason ({'all':>4} {'sole':>4}):")
    for reason, n, sole in rows:
        print(f"  {reason[:70]:<70} {n:>4} {sole:>4}")
