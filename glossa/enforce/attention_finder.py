"""The finder of last resort: the output words the model's attention ties to the term.

Attention is a weak witness, so each guard here names one way an aligned span can be wrong;
a span with a doubt is flagged, never edited.
"""

from __future__ import annotations

import re

from glossa.enforce.attention import agrees_back, aligned_source, join_runs_beside, name_within, next_to, term_pieces
from glossa.enforce.names import (
    abbreviates,
    name_goes_on,
    names_the_rendering,
    territory_named,
    widen_over_rendering,
)
from glossa.enforce.query import DERIVED_DOUBT, Found, Query, another_words_witness, derived_form
from glossa.enforce.readings import is_own_reading
from glossa.enforce.target_forms import already_plural, singular, written_as_name, written_plural
from glossa.enforce.words import (
    POSSESSIVE_MARK,
    WORDS,
    article_fits,
    before_possessive,
    capital_only_by_position,
    has_name_word,
    is_function_word,
    name_after_hyphen,
    opens_sentence,
    rendering_nearby,
    shares_a_stem,
    trim_function_words,
    trim_titles,
    without_possessive,
    word_follows,
    word_span,
)
from glossa.records import Span

# Doubts about whether the span is the term, not about where it begins and ends: a flag
# with only these proposes the rendering at the span (with any other, the span itself may
# be wrong, and writing the rendering over it would be an edit glossa refused to make; a
# common noun's attention span is too often part of a phrase whose grammar it would break).
NOT_OF_THE_SPAN = frozenset({"at a sentence start a capital does not make a word a name"})


class AttentionFinder:
    """The run of output pieces the model aligned to the term's source pieces.

    Attention is a weak witness, so a span is an edit only when it passes every guard: the
    alignment holds in both directions, the span has a content word, it is no longer than
    the rendering warrants, and for a name it is capitalised. Neighbouring words that belong
    to the rendering join the span, so nothing is doubled (Carl Vinson, not Carl Carl Vinson).
    Common nouns are never edited on attention alone: the span is flagged.
    """

    method = "attention"

    def find(self, q: Query) -> Found | None:
        t = q.translation
        if t is None or t.attention is None:
            return None
        inside = term_pieces(t, q.source_span)
        if not inside:
            return None
        runs: list[list[int]] = []
        for k, piece in enumerate(t.target_pieces):
            if aligned_source(t, k) in inside and piece.replace("▁", "").strip():
                if runs and runs[-1][-1] == k - 1:
                    runs[-1].append(k)
                else:
                    runs.append([k])
        attention = t.attention
        placed = [(t.target_offsets[r[0]][0], t.target_offsets[r[-1]][1]) for r in runs]
        for run in sorted(runs, key=lambda r: -sum(attention[k][i] for k in r for i in inside)):
            span = word_span(q.text, t.target_offsets[run[0]][0], t.target_offsets[run[-1]][1])
            if span is None or not q.claimed.free(span):
                continue
            # a word a hyphen joins before the name, which the run does not reach: a lower-case
            # one is no part of it (a headline's credit: "… of the times-Xinhua"); a
            # capitalised one may be (Rostov-on-Don) or not (Sino-US): a doubt
            after = name_after_hyphen(q.text, span, t.target_offsets[run[0]][0]) if written_as_name(q.term) \
                else span
            joined = q.text[span[0]:max(span[0], after[0] - 1)]
            span = after if joined[:1].islower() else span
            span = join_runs_beside(q.text, span, placed, q.claimed)
            if written_as_name(q.term) and not POSSESSIVE_MARK.search(q.term.target):   # People's Daily
                span = before_possessive(q.text, span)
            span = trim_function_words(q.text, without_possessive(q.text, span), q.term.target, q.target_lang)
            if span is None:
                continue   # no content word: no rendering of a term, not even a suspect
            if q.term.is_proper:
                span = name_within(q.text, span, t, inside, q.term, q.target_lang)
            if q.term.kind == "person":
                span = trim_titles(q.text, span, q.term.target, q.target_lang)
            span = widen_over_rendering(q.text, span, q.term.target, q.claimed)
            # the guards judge the words of the rendering; an article the rendering drops
            # ("the University of Zhejiang" → "Zhejiang University") is only replaced with them
            article = re.match(r"(?:the|The)[ \u00a0]+", q.text[span[0]:span[1]])
            core = (span[0] + article.end(), span[1]) if article and not re.match(r"(?i)the\s", q.term.target) \
                else span
            words = WORDS.findall(q.text[core[0]:core[1]])
            doubts = self._doubts(q, t, core, words)
            if any(next_to(q.text, core, a, b) and has_name_word(q.text[a:b], q.target_lang) for a, b in placed):
                doubts.append("more of the term's rendering stands just beside the span")
            if joined[:1].isupper():
                doubts.append(f"a hyphen joins the name to a word the model wrote for other words ({joined})")
            return Found(span, not doubts, "; ".join(doubts), whole=set(doubts) <= NOT_OF_THE_SPAN)
        return None

    @staticmethod
    def _doubts(q: Query, t, span: Span, words: list[str]) -> list[str]:
        doubts = []
        text = q.text[span[0]:span[1]]
        if any(ch in ",;:!?()\"" for ch in text):
            doubts.append("the span crosses punctuation")
        if len(words) > len(WORDS.findall(q.term.target)) + 1 or len(text) > 2 * len(q.term.target) + 6:
            doubts.append("the span is longer than the rendering warrants")
        # words the model writes for the term by itself are its rendering whatever their case
        # and wherever the term's source attends most
        own = is_own_reading(text, q.readings, q.term.target, q.target_lang)
        if not agrees_back(t, q.source_span, span) and not names_the_rendering(text, q.term) and not own:
            doubts.append("the term's source does not attend to the span")
        named = written_as_name(q.term)
        if not named:
            if not (rewords_in_place(q.text, span, q.term.target, q.target_lang)
                    or names_the_head(q.text, span, q.term.target, q.target_lang)
                    or own and is_the_models_word_for_it(q, t, span, words)):
                doubts.append("a common noun is not replaced on attention alone")
        elif not own and (not (words[0][:1].isupper() and words[-1][:1].isupper()) or any(
                w[:1].islower() and not is_function_word(w, q.target_lang) for w in words)):
            doubts.append("a name's rendering would be capitalised")
        if named and capital_only_by_position(q.text, span, words, q.term.target, q.target_lang):
            doubts.append("at a sentence start a capital does not make a word a name")
        if rendering_nearby(q.text, span, q.term.target, q.target_lang):
            doubts.append("words of the rendering stand next to the span")
        if named and not abbreviates(text, q.term.target) and \
                name_goes_on(q.text, span, q.target_lang, elsewhere=another_words_witness(q, span)):
            doubts.append("the name may go on beyond the span")
        if derived_form(words[-1], q.term):
            doubts.append(DERIVED_DOUBT)
        if territory_named(text, q.term, q.target_lang):
            doubts.append(f"the span names another country or territory ({text})")
        rendering_words = [w.lower() for w in WORDS.findall(q.term.target)]
        if q.term.kind == "place" and len(words) < len(rendering_words) and \
                all(w.lower() in rendering_words for w in words) and word_follows(q.text, span[1]):
            doubts.append("part of the name may stand as an adjective (Saudi for Saudi Arabia)")
        return doubts


def rewords_in_place(text: str, span: Span, rendering: str, lang: str) -> bool:
    """Whether the span writes a rendering of several words with other words at no more than
    half of its places and a content word of it as the rendering has it, in the same place
    (humanitarian assistance for humanitarian relief, red tea for black tea, Winter Games
    for Winter Olympics): the model rendered the term in its own words, and the rendering
    replaces them word for word. Where most words differ, the span is more likely a phrase
    of its own that shares a word (the new era of Chinese socialism is no socialism with
    Chinese characteristics). A word capitalised where the rendering's is not (and no
    sentence starts) makes the span part of a name (the Beijing Youth Hockey Club is no
    ice hockey)."""
    ours, theirs = WORDS.findall(text[span[0]:span[1]]), WORDS.findall(rendering)
    if len(ours) != len(theirs) or len(ours) < 2:
        return False
    same = [singular(a, lang).lower() == b.lower() for a, b in zip(ours, theirs)]
    if all(same) or 2 * same.count(False) > len(same) or \
            not any(s and not is_function_word(b, lang) for s, b in zip(same, theirs)):
        return False
    return not capitalised_as_a_name(text, span, [a[:1].isupper() and not b[:1].isupper()
                                                  for a, b in zip(ours, theirs)], lang)


def is_the_models_word_for_it(q: Query, t, span: Span, words: list[str]) -> bool:
    """Whether a common noun's span, already known to be the model's own reading of the term
    alone, stands for the term here: another word than the rendering's (a word of the same
    stem is the rendering in another part of speech, democratic for democracy, refundable
    for refund, which the rendering would not fit), the term's source attends to it and it to
    the term, it carries no capital a name would give it, and an article before it fits the
    rendering. The model wrote its usual word for the term (rider for 骑手, where the glossary
    says delivery person), and the rendering takes that word's place. A rendering in the
    plural (armed forces) takes a word in the plural only: "the army has" would become "the
    armed forces has"."""
    return (not shares_a_stem(q.text[span[0]:span[1]], q.term.target, q.target_lang)
            and agrees_back(t, q.source_span, span)
            and not capitalised_as_a_name(q.text, span, [w[:1].isupper() for w in words], q.target_lang)
            and article_fits(q.text, span[0], q.term.target, q.target_lang)
            and (written_plural(words[-1], q.target_lang) or not already_plural(q.term.target)))


def names_the_head(text: str, span: Span, rendering: str, lang: str) -> bool:
    """Whether the span is the rendering's head: its last words, in either number, with no
    capital a name would give them (carriers for aircraft carrier, control for prevention
    and control). The model wrote the term shorter, and the rendering in the span's place
    adds the words it left out."""
    written = WORDS.findall(text[span[0]:span[1]])
    ours = [singular(w, lang).lower() for w in written]
    theirs = [w.lower() for w in WORDS.findall(rendering)]
    if not ours or len(ours) >= len(theirs) or theirs[-len(ours):] != ours or is_function_word(ours[-1], lang):
        return False
    return not capitalised_as_a_name(text, span, [w[:1].isupper() for w in written], lang)


def capitalised_as_a_name(text: str, span: Span, capitals: list[bool], lang: str) -> bool:
    """Whether the span's words carry a capital a name would give them (``capitals``, one
    per word): any word past the first, or the first where no sentence starts."""
    return any(capitals[1:]) or capitals[0] and not opens_sentence(text, span[0], lang)
