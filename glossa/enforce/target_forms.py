"""The forms in which an output may rightly render a term.

An output that writes "Russian President" for «российский президент» or "foreign ministers"
for «министры иностранных дел» renders the glossary's Russia and foreign minister correctly;
replacing those words would break the sentence. A term counts as rendered when the output has
the rendering itself, its plural (common nouns: inflect), a country's demonym (places:
countryinfo, Russia → Russian, Russians) or a form the entry lists (France → French).
The English inflections apply only when the target language is English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from glossa.glossary.model import Term
from glossa.profiles import profile

COMMON_KINDS = frozenset({"title", "term"})
ACRONYM = re.compile(r"[A-Z][A-Z0-9]+")             # SME, NGO, G20
ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z0-9]+s")     # SMEs, NGOs


def counted(kind: str, target: str) -> bool:
    """Whether a rendering takes a plural: a common noun's or a title's, and a name's entry
    written in lower case (smart phone → smart phones), as a common noun is."""
    return kind in COMMON_KINDS or not target[:1].isupper()


def written_as_name(term: Term) -> bool:
    """A name's entry whose rendering is written as a name, capitalised: the attention
    guards for names apply to it. A product or organisation rendered in lower case (smart
    phone, skincare) is written as a common noun is, and judged as one."""
    return term.is_proper and not counted(term.kind, term.target)


@dataclass(frozen=True)
class Form:
    name: str   # exact | plural | demonym | listed
    text: str


@lru_cache(maxsize=1)
def _inflect_engine():
    """inflect's engine, imported as under ``python -O``. inflect decorates its methods with
    typeguard's ``@typechecked``, which re-parses and recompiles inflect's source at import:
    some 2 s before the first plural, in every run. typeguard documents the decorator as a
    no-op under -O (its checks are a development aid), so it is made one for this import."""
    import sys

    if "inflect" not in sys.modules:
        import typeguard

        instrumenting = typeguard.typechecked
        typeguard.typechecked = _unchecked
        try:
            import inflect
        finally:
            typeguard.typechecked = instrumenting
    import inflect

    return inflect.engine()


def _unchecked(target=None, **_options):
    """typeguard's ``typechecked`` as it is under -O: the target unchanged."""
    return target if target is not None else _unchecked


def plural(rendering: str) -> str:
    """The plural of an English noun phrase (foreign minister → foreign ministers,
    minister of foreign affairs → ministers of foreign affairs); a phrase already in the
    plural is its own (armed forces, trending topics): inflect takes every phrase for a
    singular and would append an s to one ending in s, which no English plural does (bus →
    buses, crisis → crises). An abbreviation takes a small s (SMEs), and one with it is
    plural already."""
    made = _inflect_engine().plural_noun(rendering)
    last = rendering.rsplit(" ", 1)[-1]
    if made.startswith(rendering[:len(rendering) - len(last)]):   # the last word is the head
        if ACRONYM_PLURAL.fullmatch(last) or ACRONYM.fullmatch(last) and last.endswith("S"):
            return rendering               # SMEs, NGOs (inflect: SMEses); GPS, US
        if ACRONYM.fullmatch(last):
            return rendering + "s"         # SME → SMEs (inflect: SMES)
    return rendering if rendering.endswith("s") and made == rendering + "s" else made


def already_plural(rendering: str) -> bool:
    """Whether a rendering is its own plural (armed forces, news): a word standing for it
    must be in the plural too, or a verb after it would no longer agree."""
    return plural(rendering) == rendering


@lru_cache(maxsize=4096)
def singular(word: str, lang: str) -> str:
    """An English plural noun's singular (carriers → carrier, hours → hour), else the word
    itself: only a singular whose plural gives the word back counts (inflect reads "is" as
    the plural of "i")."""
    if not profile(lang).inflected_in_output:
        return word
    found = _inflect_engine().singular_noun(word)
    return found if found and plural(found).lower() == word.lower() else word


def written_plural(word: str, lang: str) -> bool:
    """Whether an output word is a plural noun (carriers, not news)."""
    return singular(word, lang).lower() != word.lower()


@lru_cache(maxsize=4096)
def demonyms(country: str) -> tuple[str, ...]:
    """The demonyms countryinfo records for a country name or code (Israel → Israeli), those
    made from the name itself only: countryinfo gives Chinese for Macau and North Korean for
    Korea, which are no forms of those names; irregular ones (Dutch) belong in the entry."""
    from countryinfo import CountryInfo
    from countryinfo.exceptions import CountryNotFoundError

    try:
        recorded = CountryInfo(country).info().get("demonym") or ""
    except (CountryNotFoundError, ValueError, KeyError):
        return ()
    return tuple(d for d in (part.strip() for part in recorded.split(","))
                 if d and d[:2].lower() == country[:2].lower() and len(d.split()) <= len(country.split()))


@lru_cache(maxsize=8192)
def _forms(target: str, kind: str, listed: tuple[str, ...], english: bool) -> tuple[Form, ...]:
    forms = [Form("exact", target)] + [Form("listed", f) for f in listed]
    if english and counted(kind, target):
        forms.append(Form("plural", plural(target)))
    if english and kind == "place":
        for name in demonyms(target):
            forms += [Form("demonym", name), Form("demonym", plural(name))]
    unique: dict[str, Form] = {}
    for form in forms:
        unique.setdefault(form.text, form)
    return tuple(unique.values())


def accepted_forms(term: Term, target_lang: str) -> tuple[Form, ...]:
    """The rendering first, then every other form that counts as the term rendered."""
    return _forms(term.target, term.kind, term.forms, profile(target_lang).inflected_in_output)


def rendering_for(term: Term, plural_source: bool, target_lang: str) -> str:
    """What to write when glossa replaces or forces a term: the plural for a common noun
    whose source occurrence is plural (министры иностранных дел → foreign ministers)."""
    if plural_source and profile(target_lang).inflected_in_output and counted(term.kind, term.target):
        return plural(term.target)
    return term.target


def form_pattern(text: str) -> re.Pattern:
    """A form as whole words. A capitalised form needs its capital (Apple, not apple; all
    capitals in a headline are fine); a lower-case one may be capitalised, each of its words
    (President Tokayev, a sentence start, the Deputy Director of the Board). A trailing
    possessive stays outside the span, and a hyphen may join it to another word
    (Pfizer-BioNTech)."""
    if text[:1].isalpha() and text[:1].islower():
        words = re.sub(r"(?<![^\s-])([^\W\d_])", lambda m: f"[{m.group(1)}{m.group(1).upper()}]",
                       re.escape(text))
        return re.compile(rf"(?<!\w){words}(?!\w)")
    return re.compile(rf"(?<!\w)(?:{re.escape(text)}|{re.escape(text.upper())})(?!\w)")
