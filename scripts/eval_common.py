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
