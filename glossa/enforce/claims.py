"""The spans of one output that decisions have claimed."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from glossa.records import Span


class Claims:
    """The spans of one text that decisions have claimed, kept sorted so that asking
    whether a span is free costs a bisection rather than a pass over every claim, and
    finding a pattern's first free occurrence skips, once only, the occurrences claimed
    before: claims only grow, so a taken occurrence stays taken. A long line with
    thousands of occurrences costs time in proportion to its length."""

    def __init__(self, text: str, spans=()) -> None:
        self.text = text
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._pending: dict[re.Pattern, tuple[Iterator[re.Match], Span | None]] = {}
        for span in sorted(spans):
            self.add(span)

    def free(self, span: Span) -> bool:
        """No claim overlaps the span (claims that only touch it leave it free)."""
        i = bisect_left(self._starts, span[1])   # the claims starting before the span ends
        return i == 0 or self._ends[i - 1] <= span[0]

    def add(self, span: Span) -> None:
        """Claim a span; one overlapping earlier claims is merged with them."""
        start, end = span
        i = bisect_left(self._starts, start)
        while i > 0 and self._ends[i - 1] > start:
            i -= 1
            start, end = self._starts[i], max(end, self._ends[i])
            del self._starts[i], self._ends[i]
        while i < len(self._starts) and self._starts[i] < end:
            end = max(end, self._ends[i])
            del self._starts[i], self._ends[i]
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def first_free(self, pattern: re.Pattern) -> Span | None:
        """The first occurrence of ``pattern`` in the text that no claim overlaps."""
        matches, last = self._pending.get(pattern) or (pattern.finditer(self.text), None)
        while last is None or not self.free(last):
            found = next(matches, None)
            if found is None:
                self._pending[pattern] = (matches, None)
                return None
            last = found.span()
        self._pending[pattern] = (matches, last)
        return last


def is_claimed(start: int, word: str, claimed: Claims | None) -> bool:
    """Whether ``word``, standing at ``start``, lies in a span another decision claimed."""
    return claimed is not None and bool(word) and not claimed.free((start, start + len(word)))
