"""Renderings a glossary forbids (Kiev for Kyiv, Byelorussia, a competitor's product name).

Where the source has the term and a forbidden rendering stands for it, enforcement replaces
it as it replaces a variant (``spans.ForbiddenFinder``). Whatever is left in a segment's
final text — a forbidden rendering with no occurrence of the term in the source, or one
beside a span glossa was not sure of — is flagged here, so no forbidden word passes
unreported, and ``--strict`` fails on it."""

from __future__ import annotations

from dataclasses import replace

from glossa.enforce.target_forms import form_pattern
from glossa.glossary.model import Glossary, Term
from glossa.records import Decision, SegmentResult, Span


def forbidding_terms(glossary: Glossary) -> tuple[Term, ...]:
    """The terms of a glossary that forbid a rendering."""
    return tuple(t for t in glossary.terms if t.forbidden)


def flag_forbidden(segment: SegmentResult, terms: tuple[Term, ...]) -> SegmentResult:
    """The segment with a flagged decision (method ``forbidden``, no source span) for each
    forbidden rendering still standing in its final text, outside the spans glossa wrote
    and the spans its decisions on the same term already point at."""
    if not terms:
        return segment
    written = [d.final_span for d in segment.decisions if d.final_span and d.action in ("replaced", "forced")]
    found: list[Decision] = []
    for term in terms:
        own = [d.final_span for d in segment.decisions if d.term == term and d.final_span]
        for rendering in term.forbidden:
            for hit in form_pattern(rendering).finditer(segment.final):
                span = hit.span()
                if any(_overlap(span, other) for other in written + own + [d.final_span for d in found]):
                    continue
                found.append(Decision(term, "flagged", "forbidden", None,
                                      span if segment.final == segment.mt else None, span,
                                      why=f"{hit.group()!r} is a forbidden rendering of {term.target!r}"))
    return replace(segment, decisions=segment.decisions + tuple(found)) if found else segment


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]
