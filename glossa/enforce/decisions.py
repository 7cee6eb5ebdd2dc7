"""Deciding, for every term occurrence, whether the output renders it, and editing only
where glossa is sure.

For each term occurrence in a source segment the MT output either already renders it, in
the rendering itself or a right form of it (kept); renders it another way that a finder
locates with confidence (replaced, or would_replace when only reporting); has a span a
finder suspects but is not sure of (flagged: left as it is, for a person to decide); or
lost it (missing; ``glossa translate`` then tries to force it, see ``forcing``). Entries
nobody has reviewed (``status: proposed``) or marked ``enforce: suggest`` are never edited,
only reported (suggested). Text outside the recorded spans is never touched.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from glossa.enforce.claims import Claims
from glossa.enforce.finders import FINDERS
from glossa.enforce.query import Query
from glossa.enforce.readings import Readings
from glossa.enforce.target_forms import (
    COMMON_KINDS,
    accepted_forms,
    counted,
    form_pattern,
    rendering_for,
    written_plural,
)
from glossa.enforce.words import WORDS
from glossa.glossary.model import Term
from glossa.match.matcher import Match
from glossa.profiles import profile
from glossa.records import PRESENT, Action, Decision, Proposal, SegmentResult, Span

SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+)[\"'«“(\[]*$")


@dataclass(frozen=True)
class Located:
    """What the output holds for one occurrence, before any edit."""

    match: Match
    action: Action              # kept | replaced | flagged | missing
    method: str | None = None
    span: Span | None = None
    form: str | None = None
    why: str = ""
    proposable: bool = False    # flagged: the rendering at the span is worth proposing


def is_enforced(term: Term) -> bool:
    """Reviewed entries marked 'always' are edited; the others are only suggestions."""
    return term.enforce == "always" and term.status != "proposed"


def locate(source: str, matches: list[Match], text: str, translation=None,
           claimed: tuple[Span, ...] = (), *, target_lang: str, readings: Readings | None = None) -> list[Located]:
    """Decide kept / replaced / flagged / missing for each match against ``text``
    (``readings``: the model's translations of the terms' sources alone, when it has made them).

    Renderings as written claim their spans first, longest first, then the other right
    forms (plural, demonym, listed), so each span counts once and a surname entry does not
    count the surname inside a full name that another occurrence owns.
    """
    claims = Claims(text, claimed)
    found: list[Located | None] = [None] * len(matches)
    order = sorted(range(len(matches)), key=lambda i: (-len(matches[i].term.target), i))
    for exact in (True, False):
        for i in order:
            if found[i] is None:
                found[i] = _kept(matches[i], claims, target_lang, exact)
    for i, match in enumerate(matches):
        if found[i] is None:
            query = Query(match.term, source, (match.start, match.end), text, claims, target_lang,
                          translation, readings.of(match.surface(source)) if readings else ())
            located = found[i] = _find(match, query)
            if located.span:
                claims.add(located.span)
    return [loc for loc in found if loc is not None]   # every one, by now


def _kept(match: Match, claims: Claims, target_lang: str, exact: bool) -> Located | None:
    forms = accepted_forms(match.term, target_lang)
    for form in forms[:1] if exact else sorted(forms[1:], key=lambda f: -len(f.text)):
        span = claims.first_free(form_pattern(form.text))
        if span:
            claims.add(span)
            return Located(match, "kept", "rendering", span, form.name)
    return None


def _find(match: Match, query: Query) -> Located:
    """The first sure finder's span is an edit; failing that, the first suspect is flagged."""
    suspect = None
    for finder in FINDERS:
        found = finder.find(query)
        if found and found.sure:
            return Located(match, "replaced", finder.method, found.span)
        if found and suspect is None:
            suspect = Located(match, "flagged", finder.method, found.span, why=found.why, proposable=found.whole)
    return suspect or Located(match, "missing")


def styled(rendering: str, text: str, span: Span) -> str:
    """The rendering as it should stand at ``span``: capitalised at a sentence start."""
    if rendering[:1].islower() and SENTENCE_START.search(text[:span[0]]):
        return rendering[:1].upper() + rendering[1:]
    return rendering


def apply(mt: str, located: list[Located], plural: list[bool], edit: bool, target_lang: str
          ) -> tuple[str, list[Decision]]:
    """Make the sure edits of enforced terms, in text order, and record every decision with
    its span in the final text. Without ``edit`` nothing changes and sure edits are
    reported as would_replace; unreviewed entries are reported as suggested."""
    actions = [_action(loc, edit) for loc in located]
    plural = [many or _plural_in_output(loc, mt, target_lang) for loc, many in zip(located, plural)]
    edits = sorted(((loc.span, styled(rendering_for(loc.match.term, many, target_lang), mt, loc.span))
                    for loc, action, many in zip(located, actions, plural)
                    if action == "replaced" and loc.span is not None),
                   key=lambda e: e[0][0])
    pieces, shift, moved, cursor = [], 0, {}, 0
    edit_ends, shifts = [], []   # each edit's end in the MT and the shift after it, in text order
    for (start, end), new in edits:
        pieces.append(mt[cursor:start])
        moved[(start, end)] = (start + shift, start + shift + len(new))
        pieces.append(new)
        shift += len(new) - (end - start)
        edit_ends.append(end)
        shifts.append(shift)
        cursor = end
    pieces.append(mt[cursor:])
    text = "".join(pieces)

    def to_final(span: Span) -> Span:
        if span in moved:
            return moved[span]
        done = bisect_right(edit_ends, span[0])   # the edits that end before the span
        before = shifts[done - 1] if done else 0
        return (span[0] + before, span[1] + before)

    decisions = [Decision(loc.match.term, action, loc.method, (loc.match.start, loc.match.end), loc.span,
                          to_final(loc.span) if loc.span else None, loc.form, loc.why,
                          _proposal(loc, action, mt, many, to_final, target_lang))
                 for loc, action, many in zip(located, actions, plural)]
    return text, decisions


def _plural_in_output(loc: Located, mt: str, target_lang: str) -> bool:
    """Whether the output wrote a common noun's span in the plural (the two carriers): its
    rendering goes in in the plural too, whatever number the source's morphology gives."""
    if loc.span is None or not counted(loc.match.term.kind, loc.match.term.target):
        return False
    words = WORDS.findall(mt, loc.span[0], loc.span[1])
    return bool(words) and written_plural(words[-1], target_lang)


def _proposal(loc: Located, action: Action, mt: str, many: bool, to_final, target_lang: str) -> Proposal | None:
    """A flagged span's rendering, as it would stand there, for a reviewer to accept, where
    only whether the span is the term was in doubt, not the span itself."""
    if action != "flagged" or loc.span is None or not loc.proposable:
        return None
    return Proposal(to_final(loc.span), styled(rendering_for(loc.match.term, many, target_lang), mt, loc.span))


def _action(loc: Located, edit: bool) -> Action:
    if loc.action == "kept":
        return "kept"
    if not is_enforced(loc.match.term):
        return "suggested"
    if loc.action == "replaced" and not edit:
        return "would_replace"
    return loc.action


def source_plural(source: str, matches: list[Match], source_lang: str) -> list[bool]:
    """For each match, whether its source occurrence is grammatically plural."""
    made = profile(source_lang).morphology
    if made is None or not matches:
        return [False] * len(matches)
    morphology = made()
    return [m.term.kind in COMMON_KINDS and morphology.is_plural(source[m.start:m.end], m.term.source)
            for m in matches]


def verified(segment: SegmentResult, target_lang: str) -> SegmentResult:
    """The summary never counts a term as present when it is not: a decision that claims the
    rendering is there, but whose final span does not hold a right form as whole words, is
    turned into a flag."""
    checked = []
    for d in segment.decisions:
        if d.action in PRESENT and not stands(segment.final, d.final_span, d.term, target_lang):
            d = replace(d, action="flagged", why="the rendering does not stand as whole words")
        checked.append(d)
    return replace(segment, decisions=tuple(checked))


def stands(text: str, span: Span | None, term: Term, target_lang: str) -> bool:
    if span is None:
        return False
    wanted = {f.text for f in accepted_forms(term, target_lang)} | {rendering_for(term, True, target_lang)}
    return any(form_pattern(w).fullmatch(text, span[0], span[1]) for w in wanted) and \
        (span[0] == 0 or not text[span[0] - 1].isalnum()) and \
        (span[1] == len(text) or not text[span[1]].isalnum())


def enforce_text(source: str, matches: list[Match], mt: str, translation=None, edit: bool = True, *,
                 source_lang: str, target_lang: str, readings: Readings | None = None) -> SegmentResult:
    """Enforce a glossary on one MT output; terms no finder locates are 'missing'."""
    located = locate(source, matches, mt, translation, target_lang=target_lang, readings=readings)
    final, decisions = apply(mt, located, source_plural(source, matches, source_lang), edit, target_lang)
    return verified(SegmentResult(source, mt, final, tuple(decisions)), target_lang)
