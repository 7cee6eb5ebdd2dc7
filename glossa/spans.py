"""Finders that answer one question about an MT output: where in it is this term rendered?

Tried in order (variant, transliteration, attention), each a small unit in the way
pymorphy3 chains its analyser units: a new method is a new finder, not a new branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from glossa.glossary.model import Term

Span = tuple[int, int]
POSSESSIVE = re.compile(r"['’]s?$")
WORDS = re.compile(r"[^\W_]+(?:[-‐'’][^\W_]+)*")
TRANSLIT_THRESHOLD = 82.0


@dataclass(frozen=True)
class Query:
    """What a finder knows: the term, its surface in the source, the MT text, the spans already
    claimed by other decisions, and the model's alignment when there is one."""

    term: Term
    source: str
    source_span: Span
    text: str
    claimed: tuple[Span, ...]
    translation: object | None = None   # engine.translator.Translation with attention


def free(span: Span, claimed) -> bool:
    return all(span[1] <= a or b <= span[0] for a, b in claimed)


def rendering_pattern(rendering: str) -> re.Pattern:
    """The rendering as whole words, first letter in either case (sentence-initial
    capitals, a title before a name); a trailing possessive stays outside the span, and a
    hyphen may join it to another word (Pfizer-BioNTech, the China-Laos line)."""
    first, rest = rendering[:1], re.escape(rendering[1:])
    head = f"[{re.escape(first.lower())}{re.escape(first.upper())}]" if first.isalpha() else re.escape(first)
    return re.compile(rf"(?<!\w){head}{rest}(?!\w)")


def find_free(pattern: re.Pattern, text: str, claimed) -> Span | None:
    for m in pattern.finditer(text):
        if free(m.span(), claimed):
            return m.span()
    return None


class VariantFinder:
    method = "variant"

    def find(self, q: Query) -> Span | None:
        for variant in sorted(q.term.variants, key=len, reverse=True):
            span = find_free(rendering_pattern(variant), q.text, q.claimed)
            if span:
                return span
        return None


@lru_cache(maxsize=4096)
def transliterations(word: str) -> tuple[str, ...]:
    import iuliia

    schemes = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303, iuliia.SCIENTIFIC, iuliia.MOSMETRO)
    return tuple(sorted({_fold(s.translate(word)) for s in schemes}))


def _fold(text: str) -> str:
    return re.sub(r"[-‐\s]+", " ", text.lower()).strip()


class TransliterationFinder:
    """An output word run that reads like a transliteration of the source form
    (Kasym-Zhomart Tokaev, Tokaev's, Nursultan) or like the rendering itself."""

    method = "transliteration"

    def find(self, q: Query) -> Span | None:
        from rapidfuzz import fuzz

        surface = q.source[q.source_span[0]:q.source_span[1]]
        target_words = _fold(q.term.target).split()
        wanted = set(transliterations(surface)) | set(transliterations(q.term.source.strip("«»")))
        wanted.add(" ".join(target_words))
        if q.term.is_proper:  # a name's last words alone: Trump for Donald Trump
            wanted |= {" ".join(target_words[i:]) for i in range(1, len(target_words))
                       if len(" ".join(target_words[i:])) >= 4}
        size = len(q.term.target.replace("-", " ").split())
        words = [m.span() for m in WORDS.finditer(q.text)]
        best, best_score = None, TRANSLIT_THRESHOLD
        for n in {max(1, size - 1), size, size + 1}:
            for i in range(len(words) - n + 1):
                span = without_possessive(q.text, (words[i][0], words[i + n - 1][1]))
                chunk = q.text[span[0]:span[1]]
                if not chunk or not free(span, q.claimed):
                    continue
                if q.term.is_proper and not chunk[:1].isupper():
                    continue
                score = max(fuzz.ratio(_fold(chunk), w) for w in wanted)
                if score > best_score:
                    best, best_score = span, score
        return best


class AttentionFinder:
    """The run of output pieces the model aligned to the term's source pieces; where
    several runs are aligned, the one holding most attention on the term wins."""

    method = "attention"

    def find(self, q: Query) -> Span | None:
        t = q.translation
        if t is None or t.attention is None:
            return None
        inside = term_pieces(t, q.source_span)
        if not inside:
            return None
        runs: list[list[int]] = []
        for k, piece in enumerate(t.target_pieces):
            if aligned_source(t, k) in inside and piece.replace("▁", "").strip():
                if runs and runs[-1][-1] == k - 1:
                    runs[-1].append(k)
                else:
                    runs.append([k])
        for run in sorted(runs, key=lambda r: -sum(t.attention[k][i] for k in r for i in inside)):
            span = word_span(q.text, t.target_offsets[run[0]][0], t.target_offsets[run[-1]][1])
            if span is None or not free(span, q.claimed) or any(ch in ",;:!?()\"" for ch in q.text[span[0]:span[1]]):
                continue
            if span[1] - span[0] > 2 * len(q.term.target) + 10:
                continue  # attention spread over a long stretch is no rendering of one term
            span = without_possessive(q.text, span)
            if span[0] < span[1]:
                return span
        return None


def without_possessive(text: str, span: Span) -> Span:
    """The span less a trailing 's or ’, which stays in the text when the span is replaced."""
    possessive = POSSESSIVE.search(text[span[0]:span[1]])
    return (span[0], span[1] - len(possessive.group())) if possessive else span


def term_pieces(translation, source_span: Span) -> set[int]:
    start, end = source_span
    return {i for i, (a, b) in enumerate(translation.source_offsets) if a < end and start < b}


def aligned_source(translation, k: int) -> int | None:
    """The source piece output piece k attends to most."""
    row = translation.attention[k]
    return max(range(len(row)), key=row.__getitem__) if row else None


def word_span(text: str, start: int, end: int) -> Span | None:
    """Widen [start, end) to whole words, trimming punctuation at both ends."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "-"):
        end += 1
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if start < end else None


FINDERS = (VariantFinder(), TransliterationFinder(), AttentionFinder())
