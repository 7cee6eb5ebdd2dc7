"""Paragraphs → sentences with exact offsets: the language's own splitter where its profile
has one (razdel for Russian), punctuation elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossa.profiles import profile

# Closing quotes and brackets that belong to the sentence they follow, in any script.
CLOSERS = "\"'’”»›)]}）］｝〕〉》」』】〗〙〛＂＇"
# Sentence ends for languages without a dedicated splitter; CJK full stops need no space.
# The split is at the group: after the end mark and any closers, over the spaces.
_CLOSE = f"[{re.escape(CLOSERS)}]*"
GENERIC_END = re.compile(rf"[.!?…]+{_CLOSE}(\s+)(?=\S)|[。！？][。！？!?]*{_CLOSE}(\s*)")


@dataclass(frozen=True)
class Sentence:
    paragraph: int   # 0-based index of the paragraph (input line)
    start: int       # character offsets within the paragraph
    end: int
    text: str


def split_sentences(paragraph: str, lang: str) -> list[tuple[int, int]]:
    if not paragraph.strip():
        return []
    splitter = profile(lang).split_sentences
    if splitter is not None:
        return splitter(paragraph)
    spans, start = [], 0
    for m in GENERIC_END.finditer(paragraph):
        gap = 1 if m.group(1) is not None else 2
        if paragraph[start:m.start(gap)].strip():
            spans.append((start, m.start(gap)))
        start = m.end(gap)
    if paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return [(a + len(paragraph[a:b]) - len(paragraph[a:b].lstrip()), b) for a, b in spans]


def paragraph_sentences(n: int, paragraph: str, lang: str) -> list[Sentence]:
    """The sentences of paragraph ``n``."""
    return [Sentence(n, start, end, paragraph[start:end]) for start, end in split_sentences(paragraph, lang)]


# Where a sentence too long for the model is best cut: after clause punctuation, else at a space.
CLAUSE_END = re.compile(r"[,;:，；：、]\s*")
SPACE = re.compile(r"\s+")


def split_long(sentence: Sentence, piece_spans: list[tuple[int, int]], limit: int) -> list[Sentence]:
    """A sentence of more than ``limit`` model pieces cut into parts of at most ``limit``:
    past a few hundred pieces a model drops clauses and then loops, so the parts are
    translated one by one. Each cut is at the last clause punctuation the part can hold,
    else at its last space, else between pieces. ``piece_spans`` are the pieces'
    character spans in the sentence's text."""
    parts, start, first = [], 0, 0        # the part begins at character ``start``, piece ``first``
    while len(piece_spans) - first > limit:
        reach = piece_spans[first + limit - 1][1]      # the furthest the part may go
        window = sentence.text[start:reach]
        cut = max((start + m.end() for m in CLAUSE_END.finditer(window) if start + m.end() < reach), default=None) \
            or max((start + m.end() for m in SPACE.finditer(window) if m.start() > 0), default=None) \
            or reach
        parts.append((start, cut))
        start = cut + len(sentence.text[cut:]) - len(sentence.text[cut:].lstrip())
        first = next((k for k, (a, _) in enumerate(piece_spans) if a >= start), len(piece_spans))
    parts.append((start, len(sentence.text)))
    return [Sentence(sentence.paragraph, sentence.start + a, sentence.start + a + len(sentence.text[a:b].rstrip()),
                     sentence.text[a:b].rstrip()) for a, b in parts if sentence.text[a:b].strip()]
