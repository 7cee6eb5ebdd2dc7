"""A term the source names twice in a sentence, which the output renders once and names
again by a pronoun ("Professor Li … he"): the one rendering stands for both mentions."""

from __future__ import annotations

from dataclasses import replace

from glossa.enforce.checks import aligned_word_spans
from glossa.enforce.words import is_function_word, is_pronoun, is_title
from glossa.records import PRESENT, Decision, SegmentResult

NAMED_ONCE = "a pronoun names it again; the sentence's one rendering stands for both mentions"


def named_again(segment: SegmentResult, before: tuple[Decision, ...], raw, target_lang: str) -> SegmentResult:
    """The segment with each missing mention of a term the output renders elsewhere, and
    names again by a pronoun, counted as rendered (method ``named once``), as a segment's
    term check counts it. ``raw``: the output with its attention; ``before``: the decisions
    on it (their spans in its text). The model must have tied the term's mentions to a
    pronoun and otherwise only to the rendering that stands, function words and titles.
    The mentions are judged together, since which one the standing rendering was matched to
    is the finders' guess. Without a pronoun the mention stays a flag: where the model tied
    it only to the other rendering, it had as often dropped the clause it stood in, or
    spelled it otherwise there."""
    decisions = list(segment.decisions)
    for i, d in enumerate(decisions):
        if d.action != "missing":
            continue
        standing = next((o for o in decisions if o.term == d.term and o.action in PRESENT and o.final_span), None)
        if standing is None:
            continue
        mentions = [o for o in before if o.term == d.term]
        others = [o.mt_span for o in mentions if o.mt_span and o.action in PRESENT]
        words = [(raw.text[a:b], any(x <= a and b <= y for x, y in others))
                 for o in mentions for a, b in aligned_word_spans(raw, o.source_span)]
        if any(is_pronoun(w, target_lang) and not within for w, within in words) and all(
                within or is_function_word(w, target_lang) or is_title(w, target_lang) for w, within in words):
            decisions[i] = replace(d, action="kept", method="named once", final_span=standing.final_span,
                                   form=standing.form, why=NAMED_ONCE)
    return replace(segment, decisions=tuple(decisions))
