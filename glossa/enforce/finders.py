"""Finders that answer one question about an MT output: where in it is this term rendered,
and how sure is that?

Tried in the order of ``FINDERS`` (variant, forbidden, spelling, transliteration, surname,
and last the model's attention, ``attention_finder``), each a small unit in the way
pymorphy3 chains its analyser units: a new method is a new finder, not a new branch. A
finder returns a ``Found`` that says whether it is sure; glossa edits only sure spans and
flags the others for a person, because a wrong edit costs more than a missed one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from glossa.enforce.attention import widen_over_aligned
from glossa.enforce.attention_finder import AttentionFinder
from glossa.enforce.names import (
    SURE_SIMILAR,
    after_a_word,
    anchored,
    expands_abbreviation,
    fold,
    name_goes_on,
    romanised_alike,
    similar_runs,
    transliterations,
    whole_name,
)
from glossa.enforce.query import DERIVED_DOUBT, Found, Query, another_words_witness, derived_form
from glossa.enforce.target_forms import accepted_forms, counted, form_pattern, plural
from glossa.enforce.words import is_honorific
from glossa.glossary.model import Term
from glossa.profiles import profile


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


FINDERS = (VariantFinder(), ForbiddenFinder(), RespacedFinder(), TransliterationFinder(), SurnameAfterTitleFinder(),
           AttentionFinder())
