"""A segment of a bilingual document as plain text and the inline markup around it.

The model and the glossary work on plain text; the markup of a segment (XLIFF ``<g>``,
``<x/>``, ``<ph>``, ``<pc>``, ``<bpt>/<ept>``, TMX ``<hi>``, …) is kept as tags at character
offsets of that text and put back around the new text when the segment is written. A paired
element whose content is text (``<g>``, ``<pc>``, ``<mrk>``, ``<hi>``) becomes an opening and
a closing tag around its text; any other element (a placeholder, or native code such as
``<bpt>``'s) is one standalone tag carried whole.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from glossa.xml_input import local_name

PAIRED = frozenset({"g", "pc", "mrk", "hi"})   # inline elements whose content is translatable text


@dataclass(frozen=True)
class Tag:
    offset: int                  # where it stands in the plain text
    kind: str                    # open | close | standalone
    element: etree._Element      # open: the element without content; standalone: the element whole
    partner: int | None = None   # open ↔ close: the index of the other tag of the pair


@dataclass(frozen=True)
class Marked:
    """Plain text and its inline tags, in document order."""

    text: str
    tags: tuple[Tag, ...] = ()

    def at(self, offsets: list[int]) -> Marked:
        """The same tags at other offsets (of another text: see ``with_text``)."""
        return Marked(self.text, tuple(Tag(o, t.kind, t.element, t.partner) for o, t in zip(offsets, self.tags)))

    def with_text(self, text: str, offsets: list[int]) -> Marked | None:
        """The tags at ``offsets`` of ``text``; None when they no longer nest (a pair whose
        close would stand before its open, or pairs that cross)."""
        placed = Marked(text, self.at(offsets).tags)
        return placed if placed.nests() else None

    def nests(self) -> bool:
        order = sorted(range(len(self.tags)), key=lambda i: (self.tags[i].offset, i))
        stack: list[int] = []
        for i in order:
            tag = self.tags[i]
            if tag.kind == "open":
                stack.append(i)
            elif tag.kind == "close":
                if not stack or stack[-1] != tag.partner:
                    return False
                stack.pop()
        return not stack and all(0 <= t.offset <= len(self.text) for t in self.tags)


def read_marked(element: etree._Element) -> Marked:
    """The plain text and the tags of a segment element (its children, not itself)."""
    parts: list[str] = []
    tags: list[Tag] = []

    def length() -> int:
        return sum(map(len, parts))

    def walk(parent) -> None:
        parts.append(parent.text or "")
        for child in parent:
            if not isinstance(child.tag, str):          # a comment or processing instruction
                tags.append(Tag(length(), "standalone", _detached(child)))
            elif local_name(child) in PAIRED:
                opened = len(tags)
                tags.append(Tag(length(), "open", _shell(child)))
                walk(child)
                tags.append(Tag(length(), "close", _shell(child), opened))
                tags[opened] = Tag(tags[opened].offset, "open", tags[opened].element, len(tags) - 1)
            else:
                tags.append(Tag(length(), "standalone", _detached(child)))
            parts.append(child.tail or "")

    walk(element)
    return Marked("".join(parts), tuple(tags))


def write_marked(element: etree._Element, marked: Marked) -> None:
    """Replace the content of a segment element by the marked text."""
    for child in list(element):
        element.remove(child)
    element.text = None
    stack = [element]
    last: list = [None]   # the element whose tail the next text goes to (None: the parent's text)
    cursor = 0

    def put(text: str) -> None:
        if not text:
            return
        if last[-1] is None:
            stack[-1].text = (stack[-1].text or "") + text
        else:
            last[-1].tail = (last[-1].tail or "") + text

    for i in sorted(range(len(marked.tags)), key=lambda i: (marked.tags[i].offset, i)):
        tag = marked.tags[i]
        put(marked.text[cursor:tag.offset])
        cursor = tag.offset
        if tag.kind == "open":
            opened = copy.deepcopy(tag.element)
            stack[-1].append(opened)
            stack.append(opened)
            last.append(None)
        elif tag.kind == "close":
            closed = stack.pop()
            last.pop()
            last[-1] = closed
        else:
            placed = copy.deepcopy(tag.element)
            stack[-1].append(placed)
            last[-1] = placed
    put(marked.text[cursor:])


def _shell(element) -> etree._Element:
    """A paired element without its content or tail: its name and attributes."""
    shell = copy.copy(element)
    for child in list(shell):
        shell.remove(child)
    shell.text = shell.tail = None
    return shell


def _detached(element) -> etree._Element:
    whole = copy.deepcopy(element)
    whole.tail = None
    return whole
