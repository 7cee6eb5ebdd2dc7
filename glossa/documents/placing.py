"""Where a segment's inline tags go in a new text: through the glossary's edits of a target
(``through_edits``), or from the source into the model's translation (``projected``).

A tag that cannot be placed with confidence is not guessed: the caller leaves the segment as
it was and reports it, since a tag in the wrong place breaks the document for the next tool.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from glossa.documents.inline import Marked

WORD = re.compile(r"\w[\w'’-]*")


def through_edits(marked: Marked, after: str) -> Marked | None:
    """The tags of ``marked`` in ``after``, an edit of its text, compared word by word: a tag
    in or beside words the edit kept moves with them, one at either end of an edited stretch
    stays at that end; one inside an edited word (Pes<g/>kow → Peskov) has no place (None)."""
    ours, theirs = _tokens(marked.text), _tokens(after)
    blocks = SequenceMatcher(None, [t for t, _ in ours], [t for t, _ in theirs], autojunk=False).get_opcodes()
    offsets = []
    for tag in marked.tags:
        moved = _moved(tag.offset, ours, theirs, blocks, len(after))
        if moved is None:
            return None
        offsets.append(moved)
    return marked.with_text(after, offsets)


TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)


def _tokens(text: str) -> list[tuple[str, int]]:
    """Words, runs of space and single other characters, with their offsets."""
    return [(m.group(), m.start()) for m in TOKEN.finditer(text)]


def _moved(offset: int, ours, theirs, blocks, length: int) -> int | None:
    starts = [start for _, start in ours]
    for op, i1, i2, j1, j2 in blocks:
        first = starts[i1] if i1 < len(ours) else sum(len(t) for t, _ in ours)
        last = starts[i2] if i2 < len(ours) else sum(len(t) for t, _ in ours)
        target_first = theirs[j1][1] if j1 < len(theirs) else length
        target_last = theirs[j2][1] if j2 < len(theirs) else length
        if op == "equal" and first <= offset <= last:
            return target_first + offset - first
        if op != "equal" and offset in (first, last):
            return target_first if offset == first else target_last
        if first < offset < last:
            return None
    return 0


def projected(marked: Marked, parts: list[tuple[int, int, int, int, object]], target: str) -> Marked | None:
    """The tags of a source segment placed in its translation ``target``. ``parts`` are the
    sentences as translated: (source start, source end, target start, target end, the
    model's alignment of that sentence: a Translation of its final text, or None). A tag at a
    sentence's edge goes to the edge of its translation. A pair inside one sentence goes
    around the words whose pieces the model aligned to the text it holds (most of them, and
    few others); a lone tag inside a sentence to the word boundary that best parts the pieces
    aligned to text before it from those aligned to text after it. None when a tag cannot be
    placed or the pairs no longer nest."""
    offsets: list[int | None] = [None] * len(marked.tags)
    for i, tag in enumerate(marked.tags):
        if tag.kind == "open" and tag.partner is not None:
            pair = _project_pair(tag.offset, marked.tags[tag.partner].offset, parts)
            if pair is not None:
                offsets[i], offsets[tag.partner] = pair
    for i, tag in enumerate(marked.tags):
        if offsets[i] is None:
            offsets[i] = _project(tag.offset, tag.kind, parts, target)
            if offsets[i] is None:
                return None
    return marked.with_text(target, [o for o in offsets if o is not None])


def _project_pair(start: int, end: int, parts) -> tuple[int, int] | None:
    """Where a pair of tags around source text [start, end) goes, when both stand in one
    sentence and hold less than all of it: around the stretch of whole words that holds the
    most pieces aligned to that text, less the pieces aligned elsewhere it holds and the
    pieces aligned to it it leaves out (the shorter stretch of equal ones)."""
    for s0, s1, t0, _, alignment in parts:
        if not (s0 <= start and end <= s1) or (start, end) == (s0, s1) or alignment is None:
            continue
        sides = _sides(alignment, lambda source, a=start - s0, b=end - s0: a <= source < b)
        words = list(WORD.finditer(alignment.text))
        best, best_score = None, 0
        for first in words:
            for last in words:
                if last.end() <= first.start():
                    continue
                inside = [held for middle, held in sides if first.start() <= middle < last.end()]
                score = 2 * sum(inside) - len(inside) - (sum(held for _, held in sides) - sum(inside))
                span = (first.start(), last.end())
                if score > best_score or score == best_score and best and span[1] - span[0] < best[1] - best[0]:
                    best, best_score = span, score
        return None if best is None else (t0 + best[0], t0 + best[1])
    return None


def _sides(alignment, test) -> list[tuple[float, bool]]:
    """Each target piece's middle and whether the source piece it attends to most passes
    ``test`` (given the source piece's start in the sentence)."""
    sides = []
    for k, (a, b) in enumerate(alignment.target_offsets):
        row = alignment.attention[k]
        if b <= a or not row:
            continue
        source = max(range(len(row)), key=row.__getitem__)
        sides.append(((a + b) / 2, test(alignment.source_offsets[source][0])))
    return sides


def _project(offset: int, kind: str, parts, target: str) -> int | None:
    if not parts:
        return 0 if offset == 0 else len(target)
    if offset <= parts[0][0]:
        return 0
    for n, (s0, s1, t0, t1, alignment) in enumerate(parts):
        if offset == s0:
            return t0
        if offset >= s1 and (n + 1 == len(parts) or offset < parts[n + 1][0]):
            return len(target) if n + 1 == len(parts) else t1
        if s0 < offset < s1:
            if alignment is None:
                return None
            inside = _boundary(offset - s0, kind, alignment)
            return None if inside is None else t0 + inside
    return None


def _boundary(offset: int, kind: str, alignment) -> int | None:
    """The word boundary of the sentence's translation that best parts the pieces aligned
    before ``offset`` (in the sentence's source) from those aligned after it: the start of a
    word for an opening tag, the end of one for a closing tag, either for a standalone one."""
    text = alignment.text
    words = list(WORD.finditer(text))
    if not words:
        return None
    starts, ends = [m.start() for m in words], [m.end() for m in words]
    candidates = {"open": starts, "close": ends}.get(kind, sorted({*starts, *ends, len(text)}))
    sides = _sides(alignment, lambda source: source < offset)
    if not sides:
        return None
    return max(candidates, key=lambda c: (sum((middle < c) == before for middle, before in sides), -c))
