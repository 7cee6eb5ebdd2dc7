"""Russian lemmatisation with pymorphy3: all parses considered, results cached per word.

The top parse of a name is often wrong (Токаева → the feminine first name), so a word's
keys are the normal forms of *all* its parses. A term word, given in dictionary form,
contributes only its nominative readings, so Песков does not also stand for песок.
"""

from __future__ import annotations

from functools import cached_property
from typing import Protocol

from glossa.match.declension import declined_forms
from glossa.match.tokens import normalise_word

NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


class Morphology(Protocol):
    """What the matcher asks of a source language's morphology: the keys a text word and a
    term word are indexed under, and the checks on a term's dictionary form and plurals."""

    def text_keys(self, word: str) -> frozenset[str]: ...

    def minor_keys(self, word: str) -> frozenset[str]: ...

    def term_keys(self, word: str, proper: bool) -> frozenset[str]: ...

    def is_dictionary_form(self, word: str) -> bool: ...

    def is_plural(self, surface: str, term_source: str) -> bool: ...


class RussianMorphology:
    def __init__(self) -> None:
        self._text_keys: dict[str, frozenset[str]] = {}
        self._minor_keys: dict[str, frozenset[str]] = {}

    @cached_property
    def analyzer(self):
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang="ru")

    def text_keys(self, word: str) -> frozenset[str]:
        """The word itself and the normal forms of all its parses, normalised (ё → е)."""
        norm = normalise_word(word)
        keys = self._text_keys.get(norm)
        if keys is None:
            keys = frozenset({norm} | {normalise_word(p.normal_form) for p in self.analyzer.parse(norm)})
            self._text_keys[norm] = keys
        return keys

    def minor_keys(self, word: str) -> frozenset[str]:
        """Normal forms the word reaches only through a part of speech that its other readings
        outweigh (pymorphy3 parse scores): после is a preposition, not the locative of посол;
        стали a verb, not сталь. A common-noun term does not match through these."""
        norm = normalise_word(word)
        minor = self._minor_keys.get(norm)
        if minor is None:
            parses = self.analyzer.parse(norm)
            weight: dict[str | None, float] = {}
            for p in parses:
                weight[p.tag.POS] = weight.get(p.tag.POS, 0.0) + p.score
            top = max(weight, key=weight.__getitem__) if weight else None
            major = {normalise_word(p.normal_form) for p in parses if top == p.tag.POS}
            minor = frozenset(normalise_word(p.normal_form) for p in parses) - major - {norm}
            self._minor_keys[norm] = minor
        return minor

    def term_keys(self, word: str, proper: bool) -> frozenset[str]:
        """What a text word may reduce to for it to be this term word.

        Nominative readings' normal forms; for a capitalised proper name also its forms by
        the declension rules, which cover names the dictionary lacks or mis-parses.
        """
        norm = normalise_word(word)
        parses = self.analyzer.parse(norm)
        keys = {norm} | {normalise_word(p.normal_form) for p in parses if "nomn" in p.tag}
        if proper:
            keys |= declined_forms(norm)
        return frozenset(keys)

    def is_dictionary_form(self, word: str) -> bool:
        """False only when the dictionary knows the word and none of its readings is
        nominative (Белого, дома as a genitive), which marks a source written inflected."""
        norm = normalise_word(word)
        if not self.analyzer.word_is_known(norm):
            return True
        parses = self.analyzer.parse(norm)
        if word[:1].isupper() and all(p.tag.number == "plur" for p in parses):
            return True  # Токаев, known only as a plural of токай: a surname the dictionary lacks
        return any("nomn" in p.tag or p.tag.POS in (None, "ADVB", "INFN", "PREP", "CONJ", "PRCL",
                                                     "INTJ", "COMP", "PRED") for p in parses)

    def is_plural(self, surface: str, term_source: str) -> bool:
        """Whether a term occurrence is plural: a word of it that stands for a nominative
        noun of the term reads as plural in every matching analysis (министры иностранных
        дел; not вакцины, which may be a genitive singular)."""
        from glossa.match.tokens import tokenize

        pairs = list(zip(tokenize(surface), tokenize(term_source)))
        for said, written in pairs:
            heads = {normalise_word(p.normal_form) for p in self.analyzer.parse(normalise_word(written.text))
                     if "nomn" in p.tag and p.tag.POS == "NOUN"}
            readings = [p for p in self.analyzer.parse(normalise_word(said.text))
                        if normalise_word(p.normal_form) in heads]
            if readings and all(p.tag.number == "plur" for p in readings):
                return True
        return False

    def name_parses(self, word: str):
        """Parses that read the word as a name, surname, patronymic, place or organisation."""
        return [p for p in self.analyzer.parse(normalise_word(word)) if p.tag.grammemes & NAME_TAGS]


_SHARED: RussianMorphology | None = None


def shared_russian_morphology() -> RussianMorphology:
    """One analyser per process: loading the dictionaries is the expensive part."""
    global _SHARED
    if _SHARED is None:
        _SHARED = RussianMorphology()
    return _SHARED


class SurfaceMorphology:
    """For source languages without a morphological analyser: a word is only itself."""

    def text_keys(self, word: str) -> frozenset[str]:
        return frozenset({normalise_word(word)})

    def minor_keys(self, word: str) -> frozenset[str]:
        return frozenset()

    def term_keys(self, word: str, proper: bool) -> frozenset[str]:
        return frozenset({normalise_word(word)})

    def is_dictionary_form(self, word: str) -> bool:
        return True

    def is_plural(self, surface: str, term_source: str) -> bool:
        return False
