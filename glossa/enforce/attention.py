"""What the model's attention says about an output span: which output pieces the term's
source pieces align to, whether the alignment holds both ways, and which neighbouring
words the model wrote for the term or for another source word."""

from __future__ import annotations

import re

from glossa.enforce.claims import Claims
from glossa.enforce.names import is_name_particle, names_the_rendering
from glossa.enforce.words import POSSESSIVE_MARK, WORDS, is_title, opens_sentence, word_span
from glossa.glossary.model import Term
from glossa.records import Span


def term_pieces(translation, source_span: Span) -> set[int]:
    start, end = source_span
    return {i for i, (a, b) in enumerate(translation.source_offsets) if a < end and start < b}


def aligned_source(translation, k: int) -> int | None:
    """The source piece output piece k attends to most."""
    row = translation.attention[k]
    return max(range(len(row)), key=row.__getitem__) if row else None


def output_pieces(translation, span: Span) -> list[int]:
    """The output pieces that overlap a character span of the output."""
    return [k for k, (a, b) in enumerate(translation.target_offsets) if a < span[1] and span[0] < b]


def agrees_back(translation, source_span: Span, span: Span) -> bool:
    """Most of the term's source pieces attend most to output pieces inside the span."""
    inside = sorted(term_pieces(translation, source_span))
    rows = translation.attention
    hits = 0
    for i in inside:
        best = max(range(len(rows)), key=lambda k: rows[k][i])
        a, b = translation.target_offsets[best]
        hits += span[0] <= a and b <= span[1] or (a < span[1] and span[0] < b)
    return bool(inside) and hits * 2 >= len(inside)


def renders_elsewhere(translation, source_span: Span, word: Span) -> bool:
    """Whether every output piece of ``word`` attends most to a source piece outside the
    term's that holds a letter or digit: the model wrote the word for another source word
    (Nanning for the 南宁 after 新华社). A piece attending to the term, to the end of the
    sentence or to a punctuation mark leaves the question open, and the answer is no."""
    inside = term_pieces(translation, source_span)
    pieces = output_pieces(translation, word)
    for k in pieces:
        i = aligned_source(translation, k)
        if i is None or i in inside or i >= len(translation.source_pieces) or \
                not any(ch.isalnum() for ch in translation.source_pieces[i]):
            return False
    return bool(pieces)


def widen_over_aligned(text: str, span: Span, translation, source_span: Span, claimed: Claims,
                       lang: str) -> Span:
    """The span widened over the capitalised words (or name particles: van, de), no titles,
    just beside it, joined by a space or a hyphen, whose pieces the model aligned to the
    term's source: the rest of the name the model wrote for the term (修立鹏 → Shu Lipen,
    where the spelling found only Lipen; Prime Minister van Mingzheng)."""
    inside = term_pieces(translation, source_span)

    def aligned_in(start: int, end: int) -> bool:
        pieces = output_pieces(translation, (start, end))
        return bool(pieces) and all(aligned_source(translation, k) in inside for k in pieces)

    def name_word(word: str) -> bool:   # a title the model wrote for the term stays (Professor)
        return (word[:1].isupper() or is_name_particle(word)) and not is_title(word, lang)

    while True:
        before = re.search(r"([^\W_]+)[ \u00a0‐-]$", text[:span[0]])
        if before and name_word(before.group(1)) and claimed.free((before.start(1), span[0])) and \
                aligned_in(before.start(1), before.end(1)):
            span = (before.start(1), span[1])
            continue
        after = re.match(r"[ \u00a0‐-]([^\W_]+)", text[span[1]:])
        if after and name_word(after.group(1)) and after.group(1)[:1].isupper() and \
                claimed.free((span[1], span[1] + after.end(1))) and \
                aligned_in(span[1] + after.start(1), span[1] + after.end(1)):
            span = (span[0], span[1] + after.end(1))
            continue
        return span


def join_runs_beside(text: str, span: Span, runs: list[Span], claimed: Claims) -> Span:
    """The span joined with every other run of output aligned to the term that stands just
    beside it with nothing but spaces, a hyphen or a possessive between: the model wrote
    the rendering in two runs (党中央 as "Party's centre", 中国儿童中心 as "China Children's
    Centre" with "'s" attending elsewhere), and replacing one run alone would leave the
    other beside the rendering."""
    joined = True
    while joined:
        joined = False
        for start, end in runs:
            if not WORDS.search(text, start, end) or not next_to(text, span, start, end):
                continue
            between = text[span[1]:start] if start >= span[1] else text[end:span[0]]
            union = word_span(text, min(start, span[0]), max(end, span[1]))
            if union and union != span and claimed.free(union) and \
                    re.fullmatch(r"(?:['’]s)?[\s\u00a0-]*", between):
                span, joined = union, True
    return span


def next_to(text: str, span: Span, start: int, end: int) -> bool:
    """Whether text[start:end] lies outside the span with no word between them but a
    possessive (党中央 rendered "Party's centre": the span took "Party", "centre" is the rest;
    "According to Zippin" keeps "to" between a stray alignment and the name)."""
    if start < span[1] and span[0] < end:
        return False
    between = text[span[1]:start] if start >= span[1] else text[end:span[0]]
    return not WORDS.search(POSSESSIVE_MARK.sub("", between))


def name_within(text: str, span: Span, translation, inside: set[int], term: Term, lang: str) -> Span:
    """For a name, the part of an attention span that can be its rendering: across a
    punctuation mark or a sentence's end, the part the term's source attends to most ("In
    his speech, Sun Yae-fung": the name is after the comma); and a name the model wrote
    short, less the lower-case word its attention slipped onto ("Xi stated" for 习近平: the
    name is Xi)."""
    marks = [m.span() for m in re.finditer(r"[,;:()\[\]\"“”«»!?]|\.(?=\s+(\S))", text[span[0]:span[1]])
             if m.group() != "." or opens_sentence(text, span[0] + m.start(1), lang)]
    bounds = [span[0], *(span[0] + edge for mark in marks for edge in mark), span[1]]
    parts = [part for a, b in zip(bounds[::2], bounds[1::2]) if (part := word_span(text, a, b)) is not None]
    if len(parts) > 1:
        def weight(part: Span) -> float:
            return sum(translation.attention[k][i] for k, (a, b) in enumerate(translation.target_offsets)
                       if part[0] <= a < part[1] for i in inside)
        span = max(parts, key=weight)
    words = list(WORDS.finditer(text, span[0], span[1]))
    while len(words) > 1 and words[-1].group()[:1].islower():
        words.pop()
    while len(words) > 1 and words[0].group()[:1].islower():
        words.pop(0)
    short = (words[0].start(), words[-1].end())
    return short if short != span and names_the_rendering(text[short[0]:short[1]], term) else span
