"""What a finder is asked (``Query``) and what it answers (``Found``), with the doubts the
finders share: whether a word is a name's derived form, and what witnesses that a word
beside a name's span renders another source word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossa.enforce.attention import renders_elsewhere
from glossa.enforce.claims import Claims
from glossa.enforce.names import SIMILAR, Elsewhere, adjective_of, derived_from, fold
from glossa.enforce.words import shares_a_stem
from glossa.engine.translator import Translation
from glossa.glossary.model import Term
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
