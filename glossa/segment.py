"""Paragraphs → sentences with exact offsets: razdel for Russian, punctuation elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sentence ends for languages without a dedicated splitter; CJK full stops need no space.
GENERIC_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|(?<=[。！？])")


@dataclass(frozen=True)
class Sentence:
    paragraph: int   # 0-based index of the paragraph (input line)
    start: int       # character offsets within the paragraph
    end: int
    text: str


def split_sentences(paragraph: str, lang: str) -> list[tuple[int, int]]:
    if not paragraph.strip():
        return []
    if lang == "ru":
        from razdel import sentenize

        return [(s.start, s.stop) for s in sentenize(paragraph)]
    spans, start = [], 0
    for m in GENERIC_END.finditer(paragraph):
        if paragraph[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return [(a + len(paragraph[a:b]) - len(paragraph[a:b].lstrip()), b) for a, b in spans]


def segment(text: str, lang: str) -> list[Sentence]:
    """Every sentence of every paragraph (one paragraph per line), in order."""
    out = []
    for n, paragraph in enumerate(text.splitlines()):
        for start, end in split_sentences(paragraph, lang):
            out.append(Sentence(n, start, end, paragraph[start:end]))
    return out
