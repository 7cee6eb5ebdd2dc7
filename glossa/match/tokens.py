"""Word tokens with exact offsets, and the kind of gap between neighbouring words.

Hyphenated words are split into their parts (the parts inflect on their own: Касым-Жомарта,
пресс-секретарём), and the gap between two tokens says whether a term may continue across it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+")
HYPHENS = frozenset("-‐‑")
QUOTES = frozenset("«»„“”\"'‘’‹›")
SPACES = frozenset(" \t\u00a0\u2009\u202f")

HYPHEN_GAP = "-"
SPACE_GAP = " "
BREAK_GAP = "|"


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def gap_kind(gap: str) -> str:
    """A hyphen joins parts of one word; spaces and quotes separate words of one name
    (ПАО «Газпром»); anything else (a comma, a full stop, a newline) ends a term."""
    if gap == " ":
        return SPACE_GAP
    if len(gap) == 1 and gap in HYPHENS:
        return HYPHEN_GAP
    if gap and all(ch in SPACES or ch in QUOTES for ch in gap) and any(ch in SPACES for ch in gap):
        return SPACE_GAP
    return BREAK_GAP


def gaps(text: str, tokens: list[Token]) -> list[str]:
    """gaps[i] is the gap kind between tokens[i] and tokens[i + 1]."""
    return [gap_kind(text[a.end:b.start]) for a, b in zip(tokens, tokens[1:])]


def normalise_word(word: str) -> str:
    return word.lower().replace("ё", "е")
