"""The records every stage hands on and every renderer reads: what was decided for each term
occurrence, the result of each segment, the summary and per-term counts, and the JSON
contract in and out. Renderers depend on this module only, never on the stages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

from glossa.glossary.model import Term

Span = tuple[int, int]   # [start, end) character offsets

Action = Literal["kept", "replaced", "would_replace", "forced", "flagged", "missing", "suggested"]
ACTIONS: tuple[Action, ...] = get_args(Action)
PRESENT = frozenset({"kept", "replaced", "forced"})           # the rendering stands in the text
UNRESOLVED = ("would_replace", "flagged", "missing")          # occurrences --strict fails on
OPEN_KEPT = 10                                                # open occurrences a tally names


@dataclass(frozen=True)
class Proposal:
    """What a flagged decision would write if a reviewer accepts it: ``text`` in place of
    ``final[span]``, the rendering at the suspected span or a whole sentence a candidate
    wrote with the rendering in it."""

    span: Span
    text: str

    def applied(self, final: str) -> str:
        """The final text with the proposal accepted."""
        return final[:self.span[0]] + self.text + final[self.span[1]:]

    def as_json(self) -> dict:
        return {"span": list(self.span), "text": self.text}


@dataclass(frozen=True)
class Decision:
    """What glossa decided for one term occurrence, with its spans in the source, the raw
    MT and the final text."""

    term: Term
    action: Action
    method: str | None          # rendering | variant | forbidden | transliteration | attention | n-best |
                                # inserted | source
    source_span: Span | None    # None: a forbidden rendering with no occurrence of its term
    mt_span: Span | None        # in the raw MT; for flagged and suggested, the suspected span
    final_span: Span | None     # in the final text
    form: str | None = None     # kept: exact | plural | demonym | listed
    why: str = ""               # flagged: what made glossa unsure
    proposal: Proposal | None = None   # flagged: the edit glossa would have made

    def as_json(self) -> dict:
        return {"term": self.term.brief(), "action": self.action, "method": self.method,
                "source_span": list(self.source_span) if self.source_span else None,
                "mt_span": list(self.mt_span) if self.mt_span else None,
                "final_span": list(self.final_span) if self.final_span else None,
                "form": self.form, "why": self.why or None,
                "proposal": self.proposal.as_json() if self.proposal else None}


@dataclass(frozen=True)
class SegmentResult:
    """One segment's source, raw MT and final text, and the decisions on its terms."""

    source: str
    mt: str
    final: str
    decisions: tuple[Decision, ...]
    id: str | None = None        # a document's unit id (XLIFF, TMX, PO); None for plain text

    def as_json(self) -> dict:
        return {**({"id": self.id} if self.id is not None else {}), "source": self.source, "mt": self.mt,
                "final": self.final, "decisions": [d.as_json() for d in self.decisions]}


@dataclass(frozen=True)
class Placed:
    """A segment's result and the paragraph (input line, 0-based) it belongs to."""

    paragraph: int
    segment: SegmentResult


def count_actions(decisions: Iterable[Decision]) -> dict:
    """The summary object of the JSON contract: occurrences matched and each action's count."""
    return summary_of(Counter(d.action for d in decisions))


def summary_of(counts: Counter) -> dict:
    """The summary object of counts by action."""
    return {"terms_matched": sum(counts.values()), **{a: counts[a] for a in ACTIONS}}


def summary(segments: Iterable[SegmentResult]) -> dict:
    return count_actions(d for s in segments for d in s.decisions)


class Tally:
    """The decision counts of a stream of placed segments, and the first ``OPEN_KEPT``
    occurrences left open (would replace, flagged, missing) with where they are (the
    1-based line, or a document's unit): what --strict names. Nothing grows with the input
    but the counts."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.open: list[tuple[str, Decision]] = []

    def add(self, item: Placed) -> Placed:
        for d in item.segment.decisions:
            self.counts[d.action] += 1
            if d.action in UNRESOLVED and len(self.open) < OPEN_KEPT:
                where = f"unit {item.segment.id}" if item.segment.id is not None else f"line {item.paragraph + 1}"
                self.open.append((where, d))
        return item

    @property
    def open_total(self) -> int:
        return sum(self.counts[a] for a in UNRESOLVED)

    def summary(self) -> dict:
        return summary_of(self.counts)


def per_term(segments: Iterable[SegmentResult]) -> list[tuple[Term, Counter]]:
    """(term, counts by action and 'occurrences') in order of first appearance."""
    counts: dict[Term, Counter] = {}
    for s in segments:
        for d in s.decisions:
            c = counts.setdefault(d.term, Counter())
            c[d.action] += 1
            c["occurrences"] += 1
    return list(counts.items())


ALWAYS_SHOWN = ("kept", "replaced", "forced", "flagged", "missing")


def action_columns(counts: list[tuple[Term, Counter]]) -> list[str]:
    """The actions worth a column in a per-term table: the usual ones, and the others when
    they occur."""
    return [a for a in ACTIONS if a in ALWAYS_SHOWN or any(c[a] for _, c in counts)]


def placed_from_json(data: dict) -> list[Placed]:
    """The segments of a saved JSON result with their paragraphs (a result saved before
    paragraphs were recorded: one paragraph per segment)."""
    segments = from_json(data)
    paragraphs = [s.get("paragraph") if isinstance(s, dict) else None for s in data["segments"]]
    return [Placed(p if type(p) is int and p >= 0 else n, s) for n, (p, s) in enumerate(zip(paragraphs, segments))]


def from_json(data: dict) -> list[SegmentResult]:
    """Segment results back from a saved JSON result (``glossa review``); ValueError says
    what is wrong with a document that is not one."""

    def need(ok: bool, what: str) -> None:
        if not ok:
            raise ValueError(what)

    def text(value, what: str, optional: bool = False):
        need(isinstance(value, str) or (optional and value is None), f"{what} is not a string")
        return value

    def span(value, within: str, what: str, optional: bool = False):
        if optional and not value:
            return None
        need(isinstance(value, list) and len(value) == 2
             and all(type(v) is int for v in value) and 0 <= value[0] <= value[1] <= len(within),
             f"{what} is not a [start, end) span of its text")
        return tuple(value)

    def proposal(value, final: str, what: str) -> Proposal | None:
        if value is None:
            return None
        need(isinstance(value, dict), f"{what} is not an object")
        return Proposal(span(value.get("span"), final, f"{what} span"), text(value.get("text"), f"{what} text"))

    need(isinstance(data, dict) and isinstance(data.get("segments"), list), "no list of segments")
    segments = []
    for n, s in enumerate(data["segments"], 1):
        need(isinstance(s, dict) and isinstance(s.get("decisions"), list), f"segment {n} is not an object "
             "with a list of decisions")
        source, mt, final = (text(s.get(k), f"segment {n}: {k}") for k in ("source", "mt", "final"))
        decisions = []
        for d in s["decisions"]:
            need(isinstance(d, dict) and isinstance(d.get("term"), dict), f"segment {n}: a decision "
                 "is not an object with a term")
            t = d["term"]
            term = Term(text(t.get("source"), f"segment {n}: term source"),
                        text(t.get("target"), f"segment {n}: term target"),
                        text(t.get("kind", "term"), f"segment {n}: term kind"))
            need(d.get("action") in ACTIONS, f"segment {n}: unknown action {str(d.get('action'))[:40]!r}")
            decisions.append(Decision(term, d["action"], text(d.get("method"), f"segment {n}: method", True),
                                      span(d.get("source_span"), source, f"segment {n}: source_span", True),
                                      span(d.get("mt_span"), mt, f"segment {n}: mt_span", True),
                                      span(d.get("final_span"), final, f"segment {n}: final_span", True),
                                      text(d.get("form"), f"segment {n}: form", True),
                                      text(d.get("why"), f"segment {n}: why", True) or "",
                                      proposal(d.get("proposal"), final, f"segment {n}: proposal")))
        segments.append(SegmentResult(source, mt, final, tuple(decisions), text(s.get("id"), f"segment {n}: id", True)))
    return segments
