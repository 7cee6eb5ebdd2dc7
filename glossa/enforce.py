"""Making every matched term appear with its glossary rendering, and recording why.

For each term occurrence in a source segment the MT output either already has the rendering
(kept), renders it another way that a span finder locates (replaced), or lost it; then the
model re-decodes with the rendering forced as a target prefix (forced), or, with no model,
the occurrence is reported (missing). Text outside the recorded spans is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from glossa.glossary.model import Term
from glossa.match.matcher import Match
from glossa.spans import FINDERS, Query, Span, aligned_source, find_free, rendering_pattern

SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+)[\"'«“(\[]*$")


@dataclass(frozen=True)
class Decision:
    term: Term
    action: str                 # kept | replaced | forced | missing
    method: str | None          # rendering | variant | transliteration | attention | prefix
    source_span: Span
    mt_span: Span | None        # in the raw MT
    final_span: Span | None     # in the final text

    def as_json(self) -> dict:
        return {"term": self.term.brief(), "action": self.action, "method": self.method,
                "source_span": list(self.source_span),
                "mt_span": list(self.mt_span) if self.mt_span else None,
                "final_span": list(self.final_span) if self.final_span else None}


@dataclass(frozen=True)
class Segment:
    source: str
    mt: str
    final: str
    decisions: tuple[Decision, ...]

    def as_json(self) -> dict:
        return {"source": self.source, "mt": self.mt, "final": self.final,
                "decisions": [d.as_json() for d in self.decisions]}


def locate(source: str, matches: list[Match], text: str, translation=None,
           claimed: tuple[Span, ...] = ()) -> list[tuple[Match, str, str | None, Span | None]]:
    """Decide kept / replaced / unresolved for each match against ``text``.

    Longer renderings claim their spans first, so a surname entry does not count the
    surname inside a full name that another occurrence owns; each span counts once.
    """
    claims = list(claimed)
    found: dict[int, tuple[str, str | None, Span | None]] = {}
    order = sorted(range(len(matches)), key=lambda i: (-len(matches[i].term.target), i))
    for i in order:
        span = find_free(rendering_pattern(matches[i].term.target), text, claims)
        if span:
            claims.append(span)
            found[i] = ("kept", "rendering", span)
    for i in range(len(matches)):
        if i in found:
            continue
        query = Query(matches[i].term, source, (matches[i].start, matches[i].end), text,
                      tuple(claims), translation)
        for finder in FINDERS:
            span = finder.find(query)
            if span:
                claims.append(span)
                found[i] = ("replaced", finder.method, span)
                break
        else:
            found[i] = ("missing", None, None)
    return [(matches[i], *found[i]) for i in range(len(matches))]


def styled(rendering: str, text: str, span: Span) -> str:
    """The rendering as it should stand at ``span``: capitalised at a sentence start."""
    if rendering[:1].islower() and SENTENCE_START.search(text[:span[0]]):
        return rendering[:1].upper() + rendering[1:]
    return rendering


def apply(mt: str, located) -> tuple[str, list[Decision]]:
    """Replace the spans found, in text order, and record each decision with final spans."""
    edits = sorted(((span, match.term.target) for match, action, _, span in located
                    if action == "replaced"), key=lambda e: e[0][0])
    final, shift, moved = [], 0, {}
    cursor = 0
    for (start, end), target in edits:
        new = styled(target, mt, (start, end))
        final.append(mt[cursor:start])
        moved[(start, end)] = (start + shift, start + shift + len(new))
        final.append(new)
        shift += len(new) - (end - start)
        cursor = end
    final.append(mt[cursor:])
    text = "".join(final)

    def to_final(span: Span) -> Span:
        if span in moved:
            return moved[span]
        before = sum(moved[s][1] - moved[s][0] - (s[1] - s[0]) for s in moved if s[1] <= span[0])
        return (span[0] + before, span[1] + before)

    decisions = [Decision(m.term, action, method, (m.start, m.end), span,
                          to_final(span) if span else None)
                 for m, action, method, span in located]
    return text, decisions


def enforce_text(source: str, matches: list[Match], mt: str, translation=None) -> Segment:
    """Enforce a glossary on an MT output made elsewhere: unresolved terms are 'missing'."""
    final, decisions = apply(mt, locate(source, matches, mt, translation))
    return Segment(source, mt, final, tuple(decisions))


def force_missing(segment: Segment, matches: list[Match], translator, translation) -> Segment:
    """Re-decode with the rendering as target prefix for each 'always' term still missing.

    The prefix is the final text up to where the term belongs (after the last output word
    the model aligned to source text before the term, never before an earlier forced
    rendering) plus the rendering; the model continues. The prefix is fixed text: decisions
    inside it stand, the remaining terms are looked for in the continuation, where they have
    no span in the raw MT.
    """
    base = translation if translation is not None and translation.text == segment.mt else None
    edits = [(d.mt_span, d.final_span) for d in segment.decisions if d.action == "replaced"]
    fixed_end = 0                           # the final text before this offset is settled
    for _ in range(2 * len(matches)):
        missing = [d for d in segment.decisions if d.action == "missing" and d.term.enforce == "always"]
        if not missing:
            break
        target = missing[0]
        cut = max(_insertion_point(segment, target, base, edits), fixed_end)
        head = segment.final[:cut].rstrip()
        rendering = styled(target.term.target, head + " ", (len(head) + 1 if head else 0, 0))
        prefix = f"{head} {rendering}" if head else rendering
        redone = translator.translate([segment.source], prefixes=[prefix], attention=True)[0]
        if not redone.text.startswith(prefix):
            break  # the tokenizer cannot reproduce the prefix: the term stays missing
        forced_span = (len(prefix) - len(rendering), len(prefix))
        kept = [d for d in segment.decisions if d.final_span and d.final_span[1] <= len(head)
                and d is not target]
        done = {d.source_span for d in kept} | {target.source_span}
        rest = [m for m in matches if (m.start, m.end) not in done]
        located = locate(segment.source, rest, redone.text, redone, ((0, forced_span[1]),))
        final_text, more = apply(redone.text, located)
        edits = [(d.mt_span, d.final_span) for d in more if d.action == "replaced"]
        decisions = kept + [replace(target, action="forced", method="prefix", mt_span=None,
                                    final_span=forced_span)]
        decisions += [replace(d, mt_span=None) for d in more]
        segment = Segment(segment.source, segment.mt, final_text,
                          tuple(sorted(decisions, key=lambda d: d.source_span)))
        base, fixed_end = redone, forced_span[1]
    return segment


def _insertion_point(segment: Segment, decision: Decision, base, edits) -> int:
    """Where in the final text the term belongs: after the last output word the model aligned
    to source text before the term (word order mostly follows the source); the start when
    none is, the end when there is no attention."""
    if base is None or base.attention is None:
        return len(segment.final)
    before = {i for i, (_, b) in enumerate(base.source_offsets) if b <= decision.source_span[0]}
    ends = [base.target_offsets[k][1] for k in range(len(base.target_pieces))
            if aligned_source(base, k) in before and base.target_pieces[k].replace("▁", "").strip()]
    if not ends:
        return 0
    end = max(ends)
    while end < len(base.text) and base.text[end].isalnum():
        end += 1
    for (a, b), _ in edits:
        if a < end < b:
            end = b
    shift = sum((f[1] - f[0]) - (m[1] - m[0]) for m, f in edits if m[1] <= end)
    return end + shift
