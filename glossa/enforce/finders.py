"""Finders that answer one question about an MT output: where in it is this term rendered,
and how sure is that?

Tried in order (variant, transliteration, attention), each a small unit in the way
pymorphy3 chains its analyser units: a new method is a new finder, not a new branch. A
finder returns a ``Found`` that says whether it is sure; glossa edits only sure spans and
flags the others for a person, because a wrong edit costs more than a missed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from glossa.enforce.attention import (
    agrees_back,
    aligned_source,
    join_runs_beside,
    name_within,
    next_to,
    renders_elsewhere,
    term_pieces,
    widen_over_aligned,
)
from glossa.enforce.claims import Claims
from glossa.enforce.names import (
    SIMILAR,
    SURE_SIMILAR,
    Elsewhere,
    adjective_of,
    after_a_word,
    anchored,
    derived_from,
    expands_abbreviation,
    fold,
    name_goes_on,
    names_the_rendering,
    romanised_alike,
    similar_runs,
    territory_named,
    transliterations,
    whole_name,
    widen_over_rendering,
)
from glossa.enforce.readings import is_own_reading
from glossa.enforce.target_forms import accepted_forms, counted, form_pattern, plural, singular, written_as_name
from glossa.enforce.words import (
    POSSESSIVE_MARK,
    WORDS,
    before_possessive,
    capital_only_by_position,
    has_name_word,
    is_function_word,
    is_honorific,
    opens_sentence,
    rendering_nearby,
    shares_a_stem,
    trim_function_words,
    trim_titles,
    without_possessive,
    word_follows,
    word_span,
)
from glossa.engine.translator import Translation
from glossa.glossary.model import Term
from glossa.profiles import profile
from glossa.records import Span


@dataclass(frozen=True)
class Query:
    """What a finder knows: the term, its surface in the source, the MT text, the spans already
    claimed by other decisions, and the model's alignment when there is one."""

    term: Term
    source: str
    source_span: Span
    text: str
    claimed: Claims
    target_lang: str
    translation: Translation | None = None   # with the model's attention
    readings: tuple[str, ...] = ()            # the model's translations of the term's source alone


@dataclass(frozen=True)
class Found:
    span: Span
    sure: bool
    why: str = ""       # what made the finder unsure
    whole: bool = False  # unsure, but not of the span: its rendering is worth proposing


class VariantFinder:
    """A rendering the entry lists as one to replace: sure by definition."""

    method = "variant"

    @staticmethod
    def renderings(term: Term) -> tuple[str, ...]:
        return term.variants

    def find(self, q: Query) -> Found | None:
        variants = set(self.renderings(q.term))
        if profile(q.target_lang).inflected_in_output and counted(q.term.kind, q.term.target):
            variants |= {plural(v) for v in variants}   # foreign affairs ministers
        for variant in sorted(variants, key=len, reverse=True):
            span = q.claimed.first_free(form_pattern(variant))
            if span:
                return Found(span, True)
        return None


class ForbiddenFinder(VariantFinder):
    """A rendering the entry forbids, standing where the term is: replaced as a variant is."""

    method = "forbidden"

    @staticmethod
    def renderings(term: Term) -> tuple[str, ...]:
        return term.forbidden


DERIVED_DOUBT = "the word may be the name's adjective (Mongolian for Mongolia, Marxist for Marx)"


def derived_form(word: str, term: Term) -> bool:
    """Whether an output word is the place's adjective or demonym (Mongolian for Mongolia)
    or a word made from the person's name (Marxist for Marx) rather than the name."""
    last = term.target.split()[-1]
    return term.kind == "place" and adjective_of(word, last) or term.kind == "person" and derived_from(word, last)


def another_words_witness(q: Query, span: Span) -> Elsewhere | None:
    """What tells that a word beside a name's span renders another source word, for the
    name-goes-on checks: the model's attention. For a place whose span reads like its
    rendering, any word: the longer name holds the place as the source's does (大湾区科学论坛
    → the Great Bay Science Forum, where Greater Bay Area belongs); where it does not, the
    span may be an established name's own word for the place (北京协和医院 → Peking Union
    Medical College Hospital), so the name goes on. For an organisation, only a single word
    that a punctuation mark ends, as a dateline's place does (新华社南宁 → Xinhua Nanning,):
    a longer run may be an award's or a publisher's name of which the model aligned only a
    part to the term (Relay Publishing House), so it still goes on. Never beside a person,
    whose surname beside a given name is too often aligned elsewhere (Shu Lipen for 修立鹏)."""
    term, text = q.term, q.text
    alike = term.kind == "place" and resembles(text[span[0]:span[1]], term.target, q.target_lang)
    if term.kind == "person" or term.kind == "place" and not alike:
        return None

    def elsewhere(word: Span) -> bool:
        return (alike or re.match(r"[,.;:()!?]|$", text[word[1]:word[1] + 1]) is not None) and \
            renders_elsewhere(q.translation, q.source_span, word)
    return elsewhere


def resembles(written: str, rendering: str, lang: str) -> bool:
    """Whether output words read like the rendering: a content word's stem in common (Great
    Bay for Greater Bay Area), or a spelling close enough to be its transliteration."""
    from rapidfuzz import fuzz

    return shares_a_stem(written, rendering, lang) or fuzz.ratio(fold(written), fold(rendering)) >= SIMILAR


class RespacedFinder:
    """The rendering written with other spaces or hyphens between its letters (smartphone for
    smart phone, after sale for after-sale, COVID 19 for COVID-19), a common noun's in the
    plural too: sure, since the edit changes how the rendering's letters are joined and
    nothing else. Renderings of fewer than six letters are left out: short words run
    together by chance (a new, anew)."""

    method = "spelling"

    def find(self, q: Query) -> Found | None:
        plurals = counted(q.term.kind, q.term.target) and profile(q.target_lang).inflected_in_output
        pattern = respaced(q.term.target, plurals)
        span = q.claimed.first_free(pattern) if pattern else None
        return Found(span, True) if span else None


@lru_cache(maxsize=4096)
def respaced(rendering: str, with_plural: bool) -> re.Pattern | None:
    """Whole words whose letters and digits are the rendering's (or its plural's), in order,
    with any or no space or hyphen between them and nothing else."""
    spellings = [rendering, plural(rendering)] if with_plural else [rendering]
    letters = ["".join(ch for ch in spelling if ch.isalnum()) for spelling in spellings]
    if len(letters[0]) < 6:
        return None
    joined = "|".join(r"[ \u00a0\-‐]?".join(map(re.escape, spelling)) for spelling in letters)
    return re.compile(rf"(?<![\w-])(?:{joined})(?![\w-])", re.IGNORECASE)


class TransliterationFinder:
    """For names only: a capitalised output word run that reads like a transliteration of the
    source form (Kasym-Zhomart Tokaev, Tokaev's, Nursultan) or like the rendering (Peskow).
    Never a word that is itself a right form of the rendering (Russian for Russia)."""

    method = "transliteration"

    def find(self, q: Query) -> Found | None:
        if not q.term.is_proper:
            return None
        surface = q.source[q.source_span[0]:q.source_span[1]]
        target_words = fold(q.term.target).split()
        wanted = set(transliterations(surface)) | set(transliterations(q.term.source.strip("«»")))
        if q.term.kind in ("person", "place"):   # an organisation's rendering is made of words
            wanted.add(" ".join(target_words))
        if q.term.kind == "person":               # Trump for Donald Trump
            wanted |= {" ".join(target_words[i:]) for i in range(1, len(target_words))
                       if len(" ".join(target_words[i:])) >= 4}
        right = frozenset(fold(f.text) for f in accepted_forms(q.term, q.target_lang))
        size = len(q.term.target.replace("-", " ").split())
        shortest = 1 if q.term.kind == "person" else None   # a surname alone: Tokaev
        runs = [(score, span) for score, _, span in similar_runs(q.text, frozenset(wanted), right, size, shortest)
                if q.claimed.free(span)]
        if not runs:
            return None
        best, best_score = whole_name(q.text, runs)
        elsewhere = None
        if q.translation is not None and q.translation.attention is not None:
            best = widen_over_aligned(q.text, best, q.translation, q.source_span, q.claimed, q.target_lang)
            elsewhere = another_words_witness(q, best)
        written = q.text[best[0]:best[1]]
        if expands_abbreviation(q.term):
            return Found(best, False, "an abbreviation written out may need other grammar (the FRG → Germany)")
        if derived_form(written.split()[-1], q.term):
            return Found(best, False, DERIVED_DOUBT)
        if len(fold(q.text[best[0]:best[1]]).split()) < len(target_words) and (
                name_goes_on(q.text, best, q.target_lang, q.claimed, elsewhere)
                or after_a_word(q.text, best, q.target_lang, q.claimed, elsewhere)):
            return Found(best, False, "the name may go on beyond the span")
        sure = best_score >= SURE_SIMILAR or any(romanised_alike(written, w, surface) for w in wanted) or \
            anchored(written, wanted) and \
            not name_goes_on(q.text, best, q.target_lang, q.claimed, elsewhere)
        return Found(best, sure, "" if sure else f"spelling only {best_score:.0f}% similar", whole=True)


TITLE_BEFORE = re.compile(r"([^\W_]+)\.?[ \u00a0]+$")   # Professor, Ms., Dr.


class SurnameAfterTitleFinder:
    """A person named by an honorific and the rendering's first word alone (Professor Li, Ms.
    Jiang for Jiang Zhaohui): how news names a Chinese, Korean or Vietnamese person again,
    the surname leading. Sure where the word is spelled as the rendering's (Professor Lee for
    Li Xiaoliang is not), an honorific stands right before it, so a person is named there,
    and no capitalised word after it goes on with another name (Professor Li Keqiang)."""

    method = "surname"

    def find(self, q: Query) -> Found | None:
        words = q.term.target.split()
        if q.term.kind != "person" or len(words) < 2:
            return None
        for m in re.finditer(rf"(?<![\w-]){re.escape(words[0])}(?![\w-])", q.text):
            span = m.span()
            title = TITLE_BEFORE.search(q.text, max(0, span[0] - 40), span[0])
            if q.claimed.free(span) and title and is_honorific(title.group(1), q.target_lang) and \
                    not name_goes_on(q.text, span, q.target_lang, q.claimed):
                return Found(span, True)
        return None


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
                    or names_the_head(q.text, span, q.term.target, q.target_lang)):
                doubts.append("a common noun is not replaced on attention alone")
        elif not own and (not (words[0][:1].isupper() and words[-1][:1].isupper()) or any(
                w[:1].islower() and not is_function_word(w, q.target_lang) for w in words)):
            doubts.append("a name's rendering would be capitalised")
        if named and capital_only_by_position(q.text, span, words, q.term.target, q.target_lang):
            doubts.append("at a sentence start a capital does not make a word a name")
        if rendering_nearby(q.text, span, q.term.target, q.target_lang):
            doubts.append("words of the rendering stand next to the span")
        if named and name_goes_on(q.text, span, q.target_lang, elsewhere=another_words_witness(q, span)):
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


FINDERS = (VariantFinder(), ForbiddenFinder(), RespacedFinder(), TransliterationFinder(), SurnameAfterTitleFinder(),
           AttentionFinder())
