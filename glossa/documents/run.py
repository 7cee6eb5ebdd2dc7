"""Translating and enforcing a bilingual document's units, one segment result per unit.

``translate_document`` fills the units that have no target (all of them with ``overwrite``)
with the model's translation, the glossary enforced; ``enforce_document`` applies the
glossary to the targets the file holds. Inline tags go with the text (``placing.py``); a
unit whose tags cannot be placed keeps its old target (or none), and its result says why. A
unit with an occurrence left open (flagged, missing, would replace) is marked for review with
a note per occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import groupby

from glossa.documents.inline import Marked, Tag
from glossa.documents.placing import projected, through_edits
from glossa.errors import GlossaError
from glossa.glossary.model import Glossary
from glossa.languages import base_language
from glossa.records import UNRESOLVED, Decision, Placed, SegmentResult

MARKUP_KEPT = "the edit would split the unit's inline markup: left as it was"
UNPLACED = "its inline markup could not be placed in the translation: left untranslated"


def prepared(document, glossary: Glossary) -> None:
    """Refuse a document whose languages are not the glossary's pair; a translation memory
    (TMX) then takes each unit's variants in the pair's languages."""
    for stated, wanted, role in ((document.source_lang, glossary.source_lang, "source"),
                                 (document.target_lang, glossary.target_lang, "target")):
        if stated and base_language(stated) != base_language(wanted):
            raise GlossaError(f"the document's {role} language is {stated}, the glossary's is {wanted}",
                              document.path)
    if hasattr(document, "for_pair"):
        document.for_pair(glossary.source_lang, glossary.target_lang)


def translate_document(document, glossary: Glossary, translator, edit: bool = True,
                       overwrite: bool = False) -> Iterator[Placed]:
    """Translate the units to fill, one result per unit (its id kept), writing each target."""
    from glossa.pipeline import translate

    todo = [n for n, unit in enumerate(document.units)
            if unit.skipped is None and (overwrite or unit.target is None)]
    lines = [(n, line) for n in todo for line in document.units[n].source.text.strip().split("\n")]
    placed = translate([text for _, text in lines], glossary, translator, edit=edit)
    for index, group in groupby(placed, key=lambda item: lines[item.paragraph][0]):
        unit = document.units[index]
        items = list(group)
        sentences = [item.segment for item in items]
        breaks = ["\n" if b.paragraph != a.paragraph else " " for a, b in zip(items, items[1:])]
        segment = joined(unit.source.text, sentences, unit.id, breaks)
        marked: Marked | None = Marked(segment.final)
        if unit.source.tags:
            marked = _placed(unit.source, sentences, segment.final, translator)
        if marked is None:
            left = _left(segment, UNPLACED, everything=True)
            document.mark_for_review(index, [UNPLACED])
            yield Placed(index, replace(left, final=unit.target.text if unit.target else ""))
            continue
        document.set_target(index, _with_edges(marked, unit.source.text), machine=True)
        _review(document, index, segment)
        yield Placed(index, segment)


def enforce_document(document, glossary: Glossary, translator=None, edit: bool = True) -> Iterator[Placed]:
    """Apply the glossary to the targets the units hold, one result per unit."""
    from glossa.pipeline import enforce_lines

    todo = [n for n, unit in enumerate(document.units) if unit.skipped is None and unit.target is not None]
    sources = [document.units[n].source.text for n in todo]
    targets = [document.units[n].target.text for n in todo]
    for item in enforce_lines(sources, targets, glossary, document.path, document.path, edit, translator):
        index = todo[item.paragraph]
        unit = document.units[index]
        segment = replace(item.segment, id=unit.id)
        if segment.final != segment.mt:
            marked = through_edits(unit.target, segment.final)
            if marked is None:
                segment = _left(segment, MARKUP_KEPT)
            else:
                document.set_target(index, marked, machine=False)
        _review(document, index, segment)
        yield Placed(index, segment)


def joined(source: str, sentences: list[SegmentResult], ident: str | None,
           breaks: list[str] | None = None) -> SegmentResult:
    """One segment for a unit translated sentence by sentence: texts joined by ``breaks``
    (a space between sentences of a line, a line break between lines; a space each when
    not given), every span moved to where its sentence stands."""
    breaks = breaks if breaks is not None else [" "] * max(0, len(sentences) - 1)
    mt, final, decisions = "", "", []
    at_source = 0
    for n, s in enumerate(sentences):
        at_mt, at_final = len(mt), len(final)
        start = source.find(s.source, at_source) if s.source else at_source
        start = at_source if start < 0 else start

        def moved(span, by):
            return (span[0] + by, span[1] + by) if span else span

        decisions += [replace(d, source_span=moved(d.source_span, start), mt_span=moved(d.mt_span, at_mt),
                              final_span=moved(d.final_span, at_final),
                              proposal=replace(d.proposal, span=moved(d.proposal.span, at_final))
                              if d.proposal else None) for d in s.decisions]
        at_source = start + len(s.source)
        separator = breaks[n] if n < len(breaks) else ""
        mt += s.mt + separator
        final += s.final + separator
    return SegmentResult(source, mt, final, tuple(decisions), ident)


def _with_edges(marked: Marked, source: str) -> Marked:
    """The translation with the white space the source opens and ends with (a PO message's
    final line break, which msgfmt requires of both), its tags moved past the opening."""
    head = source[:len(source) - len(source.lstrip())]
    tail = source[len(source.rstrip()):] if source.strip() else ""
    if not head and not tail:
        return marked
    text = head + marked.text + tail
    return Marked(text, tuple(Tag(t.offset + len(head), t.kind, t.element, t.partner) for t in marked.tags))


def _placed(source: Marked, sentences: list[SegmentResult], final: str, translator) -> Marked | None:
    """The source's tags placed in the translation, by the model's alignment of each
    sentence's final text."""
    parts, at_source, at_final = [], 0, 0
    worded = [s for s in sentences if s.source.strip() and s.final.strip()]
    alignments = iter(translator.align([(s.source, translator.encode_target(s.final)) for s in worded]))
    for s in sentences:
        if s in worded:
            start = source.text.find(s.source, at_source)
            if start < 0:
                return None
            alignment = next(alignments)
            usable = alignment if alignment.text == s.final else None
            parts.append((start, start + len(s.source), at_final, at_final + len(s.final), usable))
            at_source = start + len(s.source)
        at_final += len(s.final) + 1
    return projected(source, parts, final)


def _left(segment: SegmentResult, why: str, everything: bool = False) -> SegmentResult:
    """The unit as it was: no text changed, each edit it would have made (``everything``:
    each decision, when nothing of the unit is written) flagged with why."""
    def flagged(d: Decision) -> Decision:
        if everything or d.action in ("replaced", "forced"):
            return replace(d, action="flagged", final_span=d.mt_span, why=why)
        return replace(d, final_span=d.mt_span)

    return replace(segment, final=segment.mt, decisions=tuple(map(flagged, segment.decisions)))


def _review(document, index: int, segment: SegmentResult) -> None:
    notes = [f"{d.term.source} → {d.term.target}: {d.action.replace('_', ' ')}" + (f" ({d.why})" if d.why else "")
             for d in segment.decisions if d.action in UNRESOLVED]
    if notes:
        document.mark_for_review(index, notes)
