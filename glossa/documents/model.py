"""What every bilingual document format gives glossa: its language pair, its translation units
(source and target as marked text), and a way to write a unit's new target and to mark a unit
for review, leaving everything else in the file as it was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from glossa.documents.inline import Marked


@dataclass
class Unit:
    id: str
    source: Marked
    target: Marked | None                 # None: the unit has no target yet
    skipped: str | None = None            # why glossa leaves the unit alone (a plural PO entry)


class Document(Protocol):
    path: str
    source_lang: str | None               # as the file states them
    target_lang: str | None
    units: list[Unit]

    def set_target(self, index: int, marked: Marked, machine: bool) -> None:
        """Write unit ``index``'s target (``machine``: a translation glossa made, which the
        format may mark as such)."""

    def mark_for_review(self, index: int, notes: list[str]) -> None:
        """Mark unit ``index`` as needing a reviewer, with a note per open occurrence."""

    def dumps(self) -> bytes:
        """The document as written back: the file's own bytes when nothing changed."""
