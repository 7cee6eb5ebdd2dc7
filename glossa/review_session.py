"""The review that acts: each replaced, forced or flagged decision of a saved result, shown
before and after with the term marked, settled by one key, as ``git add -p`` settles hunks.

Keys: ``y`` accept, ``n`` reject (restore what the MT had), ``p`` take the flag's proposal,
``e`` edit the span by hand, ``a`` accept this and every later decision on the same term,
``s`` skip, ``q`` quit (what was decided stays), ``?`` help. A decision's spans move with the
edits made before it in its segment. What the reviewer decided can teach the glossary: the
MT's words for a rejected replacement become a ``form`` of the entry (a right rendering to
keep), the words an accepted proposal replaced a ``variant`` (a wrong one to replace).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from glossa.records import Action, Decision, SegmentResult, Span

KEYS = {"y": "accept", "n": "reject: restore what the MT had", "p": "take the proposal",
        "e": "edit the span by hand", "a": "accept this and every later one of this term", "s": "skip",
        "q": "quit: keep what is decided", "?": "help"}
ACTED_ON = ("replaced", "forced", "flagged")


@dataclass
class Lesson:
    """What the glossary may learn from one decision: ``text`` as a form or a variant of the
    entry of ``source``."""

    source: str
    kind: str
    field: str          # forms | variants
    text: str


@dataclass
class Session:
    segments: list[SegmentResult]
    lessons: list[Lesson] = field(default_factory=list)
    accepted_terms: set = field(default_factory=set)
    touched: set = field(default_factory=set)    # segments with a decision already changed
    counts: dict = field(default_factory=dict)


def run(segments: list[SegmentResult], ask: Callable[[str, str], str], show: Callable[[str], None]) -> Session:
    """Go through every decision to act on; ``ask(prompt, allowed keys)`` returns a key (or,
    after ``e``, the text typed), ``show`` prints. Returns the segments as decided and what
    the glossary may learn."""
    session = Session(list(segments))
    todo = [(n, k) for n, s in enumerate(segments) for k, d in enumerate(s.decisions) if d.action in ACTED_ON]
    for position, (n, k) in enumerate(todo, 1):
        segment = session.segments[n]
        d = segment.decisions[k]
        if d.term in session.accepted_terms:
            _count(session, "accepted")
            continue
        show(_shown(segment, d, position, len(todo)))
        allowed = "yn" + ("p" if d.proposal else "") + "easq?"
        while True:
            key = ask(f"[{position}/{len(todo)}] {_question(d)} [{','.join(allowed)}]? ", allowed)
            if key == "?":
                show("\n".join(f"{k} - {KEYS[k]}" for k in allowed))
                continue
            break
        if key == "q":
            break
        if key == "e":
            text = ask("replace the span with: ", "")
            session.segments[n] = _edited(segment, k, text, "edited in review")
            session.touched.add(n)
            _count(session, "edited")
        elif key == "n" and n in session.touched and _whole_sentence(d):
            show("this sentence has other decisions settled: rejecting this one would undo them; "
                 "use e to edit instead")
            _count(session, "skipped")
        elif key == "n":
            session.segments[n] = _rejected(segment, k, session)
            session.touched.add(n)
            _count(session, "rejected")
        elif key == "p" and d.proposal:
            session.segments[n] = _proposal_taken(segment, k, session)
            session.touched.add(n)
            _count(session, "proposals taken")
        elif key in "ya":
            if key == "a":
                session.accepted_terms.add(d.term)
            _count(session, "accepted")
        else:
            _count(session, "skipped")
    return session


def _whole_sentence(d: Decision) -> bool:
    """Whether rejecting the decision restores the whole MT sentence (a forced rendering,
    or a span a whole-sentence proposal cleared)."""
    return d.action == "forced" or d.mt_span is None or d.final_span is None


def _count(session: Session, what: str) -> None:
    session.counts[what] = session.counts.get(what, 0) + 1


def _question(d: Decision) -> str:
    return {"replaced": "Keep this replacement", "forced": "Keep this forced rendering",
            "flagged": "Leave this flag"}[d.action]


def _shown(segment: SegmentResult, d: Decision, position: int, total: int) -> str:
    lines = [f"── {position}/{total} · {d.term.source} → {d.term.target} · {d.action}"
             + (f" ({d.method})" if d.method else "") + (f": {d.why}" if d.why else "")]
    lines.append(f"source: {_marked(segment.source, d.source_span)}")
    if d.action in ("replaced", "forced"):
        lines.append(f"before: {_marked(segment.mt, d.mt_span)}")
        lines.append(f"after:  {_marked(segment.final, d.final_span)}")
    else:
        lines.append(f"text:   {_marked(segment.final, d.final_span)}")
        if d.proposal:
            lines.append(f"would:  {_marked(d.proposal.applied(segment.final), _proposal_span(d))}")
    return "\n".join(lines)


def _marked(text: str, span: Span | None) -> str:
    return text if span is None else f"{text[:span[0]]}[{text[span[0]:span[1]]}]{text[span[1]:]}"


def _proposal_span(d: Decision) -> Span | None:
    if d.proposal is None:
        return None
    return (d.proposal.span[0], d.proposal.span[0] + len(d.proposal.text))


def _edited(segment: SegmentResult, k: int, text: str, why: str, action: Action = "replaced") -> SegmentResult:
    """The segment with decision ``k``'s final span (or, for a flag without one, nothing)
    written over by ``text``, the later spans moved."""
    d = segment.decisions[k]
    span = d.final_span
    if span is None:
        return segment
    final = segment.final[:span[0]] + text + segment.final[span[1]:]
    return _rewritten(segment, k, final, span, len(text), replace(d, action=action, method="review", why=why))


def _rewritten(segment: SegmentResult, k: int, final: str, span: Span, length: int, decided: Decision):
    shift = length - (span[1] - span[0])

    def moved(other: Decision) -> Decision:
        proposal = other.proposal
        if proposal is not None:   # a whole sentence or a span the edit touched is stale now
            after = proposal.span[0] >= span[1] and proposal.span != (0, len(segment.final))
            proposal = replace(proposal, span=(proposal.span[0] + shift, proposal.span[1] + shift)) if after \
                else None if proposal.span[1] > span[0] else proposal
        if other.final_span == span:   # a mention named once by the same words
            return replace(other, final_span=(span[0], span[0] + length), proposal=proposal)
        if other.final_span is None or other.final_span[0] < span[1]:
            return replace(other, proposal=proposal)
        return replace(other, final_span=(other.final_span[0] + shift, other.final_span[1] + shift),
                       proposal=proposal)

    decisions = [replace(decided, final_span=(span[0], span[0] + length)) if i == k else moved(other)
                 for i, other in enumerate(segment.decisions)]
    return replace(segment, final=final, decisions=tuple(decisions))


def _rejected(segment: SegmentResult, k: int, session: Session) -> SegmentResult:
    """Restore what the MT had at a replaced span, and learn it as a right form; a forced
    rendering has no span of the MT to restore, so the whole MT sentence comes back. A
    rejected flag is settled: the reviewer says the text stands."""
    d = segment.decisions[k]
    if d.action == "flagged":
        return _settled(segment, k, "kept", "the reviewer let the text stand")
    if d.action == "forced" or d.mt_span is None or d.final_span is None:
        return replace(segment, final=segment.mt, decisions=tuple(
            replace(other, final_span=other.mt_span, action="flagged" if other.action in ("replaced", "forced")
                    else other.action, why="rejected in review" if other.action in ("replaced", "forced")
                    else other.why) for other in segment.decisions))
    old = segment.mt[d.mt_span[0]:d.mt_span[1]]
    session.lessons.append(Lesson(d.term.source, d.term.kind, "forms", old))
    return _edited(segment, k, old, "the reviewer kept the MT's rendering", action="kept")


def _proposal_taken(segment: SegmentResult, k: int, session: Session) -> SegmentResult:
    d = segment.decisions[k]
    assert d.proposal is not None
    span = d.proposal.span
    if d.final_span and span == d.final_span:
        old = segment.final[span[0]:span[1]]
        session.lessons.append(Lesson(d.term.source, d.term.kind, "variants", old))
    final = d.proposal.applied(segment.final)
    if span == (0, len(segment.final)):   # a whole sentence: the other spans are not known in it
        return replace(segment, final=final, decisions=tuple(
            replace(other, action="replaced", method="review", why="proposal taken in review", final_span=None,
                    proposal=None) if i == k else replace(other, final_span=None, proposal=None)
            for i, other in enumerate(segment.decisions)))
    return _rewritten(segment, k, final, span, len(d.proposal.text),
                      replace(d, action="replaced", method="review", why="proposal taken in review", proposal=None))


def _settled(segment: SegmentResult, k: int, action: Action, why: str) -> SegmentResult:
    decisions = list(segment.decisions)
    decisions[k] = replace(decisions[k], action=action, method="review", why=why, proposal=None)
    return replace(segment, decisions=tuple(decisions))
