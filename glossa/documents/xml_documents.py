"""XLIFF 1.2, XLIFF 2.x and TMX 1.4 documents, read and written with lxml.

Only the target segments glossa writes, their state, and the notes it adds change; every
other element, attribute, comment and namespace of the file stays as it was, and a file in
which nothing changed is written back byte for byte. Review marks: XLIFF 1.2
``state="needs-review-translation"`` and a ``<note from="glossa">``; XLIFF 2.x the segment's
``state="initial"`` with ``subState="glossa:needs-review"`` and a ``<note category="glossa">``
in the unit's ``<notes>``; TMX a ``<note>`` in the translation unit (TMX has no state).
"""

from __future__ import annotations

import re

from lxml import etree

from glossa.documents.inline import Marked, read_marked, write_marked
from glossa.documents.model import Unit
from glossa.errors import GlossaError
from glossa.languages import takes
from glossa.xml_input import local_name, parse_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
START_TAG = re.compile(rb"""<[^\s>/!?]+(?:\s+[^\s=>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
XLIFF1_AFTER_TARGET = ("source", "seg-source", "target", "context-group", "count-group", "prop-group", "note")


def read(path: str):
    """The XLIFF or TMX document at ``path``."""
    data, tree = parse_xml(path, "XLIFF or TMX document")
    root = tree.getroot()
    name, version = local_name(root), root.get("version", "")
    if name == "tmx":
        return TmxDocument(path, data, tree)
    if name != "xliff":
        raise GlossaError(f"not an XLIFF or TMX document (the root element is <{name}>)", path, root.sourceline)
    if version in ("1.0", "1.1", "1.2"):
        return Xliff1Document(path, data, tree)
    if version.startswith("2."):
        return Xliff2Document(path, data, tree)
    raise GlossaError(f"unknown XLIFF version {version!r} (glossa reads 1.2 and 2.x)", path, root.sourceline)


class _XmlDocument:
    """The parts every XML document shares: its tree, its units' elements, writing back."""

    def __init__(self, path: str, data: bytes, tree) -> None:
        self.path, self.data, self.tree = path, data, tree
        self.changed = False
        self.units: list[Unit] = []
        self.places: list[tuple] = []      # per unit, the elements its format needs to write it

    def dumps(self) -> bytes:
        """The file's bytes with its root element written anew, but for the root's start tag:
        the declaration, comments and doctype before it, the start tag itself (lxml would
        reorder its namespace declarations) and what follows the end tag stay the file's own."""
        if not self.changed:
            return self.data
        root = self.tree.getroot()
        written = etree.tostring(root, encoding=self.tree.docinfo.encoding or "UTF-8", xml_declaration=False)
        found = START_TAG.match(self.data, _prolog_end(self.data))
        ours = START_TAG.match(written)
        closing = self.data.rfind(b"</")
        end = self.data.index(b">", closing) + 1 if closing > (found.end() if found else 0) else len(self.data)
        if found is None or ours is None:
            return written
        return self.data[:found.start()] + found.group() + written[ours.end():] + self.data[end:]

    def _unit(self, ident: str, source, target, element) -> None:
        if source is None:
            raise GlossaError(f"unit {ident!r} has no source", self.path, element.sourceline)
        self.units.append(Unit(ident, read_marked(source),
                               read_marked(target) if target is not None and _has_text(target) else None))

    @staticmethod
    def _child(parent, name: str):
        return next((c for c in parent if local_name(c) == name), None)

    @staticmethod
    def _new(parent_like, name: str):
        namespace = etree.QName(parent_like).namespace
        return etree.Element(f"{{{namespace}}}{name}" if namespace else name, nsmap=None)


class Xliff1Document(_XmlDocument):
    def __init__(self, path: str, data: bytes, tree) -> None:
        super().__init__(path, data, tree)
        files = [e for e in tree.getroot() if local_name(e) == "file"]
        if not files:
            raise GlossaError("an XLIFF document without a <file>", path)
        self.source_lang = files[0].get("source-language")
        self.target_lang = files[0].get("target-language")
        for unit in tree.getroot().iter("{*}trans-unit", "trans-unit"):
            if _not_to_translate(unit):
                continue
            source, target = self._child(unit, "source"), self._child(unit, "target")
            self._unit(unit.get("id") or str(len(self.units) + 1), source, target, unit)
            self.places.append((unit, source))

    def set_target(self, index: int, marked: Marked, machine: bool) -> None:
        unit, source = self.places[index]
        target = self._child(unit, "target")
        if target is None:
            target = self._new(source, "target")
            if self.target_lang:
                target.set(XML_LANG, self.target_lang)
            segmented = self._child(unit, "seg-source")
            _insert_after(segmented if segmented is not None else source, target)
        write_marked(target, marked)
        if machine:
            target.set("state", "translated")
            target.set("state-qualifier", "leveraged-mt")
        self.changed = True

    def mark_for_review(self, index: int, notes: list[str]) -> None:
        unit, source = self.places[index]
        target = self._child(unit, "target")
        if target is not None:
            target.set("state", "needs-review-translation")
        last = [c for c in unit if local_name(c) in XLIFF1_AFTER_TARGET][-1]
        for text in reversed(notes):
            note = self._new(source, "note")
            note.set("from", "glossa")
            note.text = text
            _insert_after(last, note)
        self.changed = True


class Xliff2Document(_XmlDocument):
    def __init__(self, path: str, data: bytes, tree) -> None:
        super().__init__(path, data, tree)
        root = tree.getroot()
        self.source_lang, self.target_lang = root.get("srcLang"), root.get("trgLang")
        for unit in root.iter("{*}unit", "unit"):
            if _not_to_translate(unit):
                continue
            segments = [c for c in unit if local_name(c) == "segment"]
            for n, segment in enumerate(segments, 1):
                ident = unit.get("id", str(len(self.units) + 1))
                if len(segments) > 1:
                    ident += f"/{segment.get('id') or n}"
                source, target = self._child(segment, "source"), self._child(segment, "target")
                self._unit(ident, source, target, segment)
                self.places.append((unit, segment, source))

    def set_target(self, index: int, marked: Marked, machine: bool) -> None:
        _, segment, source = self.places[index]
        target = self._child(segment, "target")
        if target is None:
            target = self._new(source, "target")
            _insert_after(source, target)
        write_marked(target, marked)
        if machine:
            segment.set("state", "translated")
            segment.attrib.pop("subState", None)
        self.changed = True

    def mark_for_review(self, index: int, notes: list[str]) -> None:
        unit, segment, source = self.places[index]
        segment.set("state", "initial")
        segment.set("subState", "glossa:needs-review")
        holder = self._child(unit, "notes")
        if holder is None:
            holder = self._new(source, "notes")
            first = next(c for c in unit if local_name(c) in ("originalData", "segment", "ignorable"))
            before = first.getprevious()
            holder.tail = before.tail if before is not None else unit.text
            first.addprevious(holder)
        for text in notes:
            note = self._new(source, "note")
            note.set("category", "glossa")
            note.text = text
            holder.append(note)
        self.changed = True


class TmxDocument(_XmlDocument):
    """A TMX memory: each translation unit's source-language variant is the source, its
    target-language variant (made when missing) the target. The languages come from the
    header's ``srclang`` and the glossary's target (``for_pair``)."""

    def __init__(self, path: str, data: bytes, tree) -> None:
        super().__init__(path, data, tree)
        header = self._child(tree.getroot(), "header")
        source_lang = header.get("srclang") if header is not None else None
        self.source_lang = None if source_lang in (None, "*all*") else source_lang
        self.target_lang: str | None = None

    def for_pair(self, source_lang: str, target_lang: str) -> None:
        """Take each unit's variants in the pair's languages (a code with no region takes
        any region of it)."""
        self.target_lang = target_lang
        for n, tu in enumerate(self.tree.getroot().iter("{*}tu", "tu"), 1):
            source, target = self._variant(tu, source_lang), self._variant(tu, target_lang)
            if source is None:
                continue
            self._unit(tu.get("tuid") or str(n), self._child(source, "seg"),
                       self._child(target, "seg") if target is not None else None, tu)
            self.places.append((tu, source))

    def _variant(self, tu, lang: str):
        return next((tuv for tuv in tu if local_name(tuv) == "tuv"
                     and takes(tuv.get(XML_LANG) or tuv.get("lang") or "", lang)), None)

    def set_target(self, index: int, marked: Marked, machine: bool) -> None:
        tu, source = self.places[index]
        target = self._variant(tu, self.target_lang or "")
        if target is None:
            target = self._new(source, "tuv")
            target.set(XML_LANG, self.target_lang or "")
            etree.SubElement(target, self._child(source, "seg").tag)
            _insert_after(source, target)
        seg = self._child(target, "seg")
        if seg is None:
            seg = etree.SubElement(target, self._child(source, "seg").tag)
        write_marked(seg, marked)
        self.changed = True

    def mark_for_review(self, index: int, notes: list[str]) -> None:
        tu, source = self.places[index]
        for text in reversed(notes):
            note = self._new(source, "note")
            note.text = text
            note.tail = tu.text
            tu.insert(0, note)
        self.changed = True


PROLOG_PART = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.DOTALL)


def _prolog_end(data: bytes) -> int:
    """Where the root element's start tag begins: past the declaration, white space,
    comments, processing instructions and the doctype (its internal subset included)."""
    at = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        part = PROLOG_PART.match(data, at)
        if part is None or part.end() == at:
            return at
        at = part.end()


def _insert_after(anchor, new) -> None:
    """Put ``new`` just after ``anchor``, indented as ``anchor`` is (the white space before
    ``anchor`` goes before ``new``; what followed ``anchor`` follows ``new``)."""
    before = anchor.getprevious()
    indent = before.tail if before is not None else anchor.getparent().text
    new.tail = anchor.tail
    if indent is not None and not indent.strip():
        anchor.tail = indent
    anchor.addnext(new)


def _not_to_translate(unit) -> bool:
    """``translate="no"`` on the unit or the nearest group or file that says either way."""
    for element in (unit, *unit.iterancestors()):
        if element.get("translate") in ("yes", "no"):
            return element.get("translate") == "no"
    return False


def _has_text(element) -> bool:
    return bool((element.text or "").strip()) or len(element) > 0
