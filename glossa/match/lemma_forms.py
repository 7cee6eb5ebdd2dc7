"""The glossary check that needs the Russian analyser: a lemma-matched source must be in
dictionary form, or its other cases are never matched."""

from __future__ import annotations

from glossa.glossary.model import DEFAULT_TERM
from glossa.glossary.validate import Problem
from glossa.match.morph import shared_russian_morphology
from glossa.match.tokens import normalise_word, tokenize
from glossa.profiles import profile


def check_dictionary_form(entry, path: str, line: int, source_lang) -> list[Problem]:
    """A warning for a Russian lemma-matched entry whose source is not in dictionary form
    (an ``EntryCheck`` of ``glossary.validate``)."""
    source = entry.get("source")
    if not (profile(source_lang).checks_dictionary_form and isinstance(source, str) and source.strip()
            and entry.get("match", DEFAULT_TERM.match) == "lemma"):
        return []
    inflected = inflected_words(source)
    if not inflected:
        return []
    return [Problem(path, line, "warning",
                    f"source {source!r} may not be in dictionary form ({', '.join(inflected)} "
                    "has no nominative reading); write the nominative so every case matches")]


def inflected_words(source: str) -> list[str]:
    """Words of the source that should be in dictionary form and are not.

    Only the head and what comes before it (its modifiers, which agree with it) must be
    nominative: the head is the first word that can be a nominative noun, and the words
    after it may rightly be in another case (министр иностранных дел, посол России в США).
    With no such word, the first noun in any case stands for the head (министра
    иностранных дел names министра); with no noun at all, every word is checked.
    """
    morphology = shared_russian_morphology()
    words = [t.text for t in tokenize(source)]
    parses = [morphology.analyzer.parse(normalise_word(w)) for w in words]
    head = next((i for i, ps in enumerate(parses)
                 if any(p.tag.POS == "NOUN" and "nomn" in p.tag for p in ps)), None)
    if head is None:
        head = next((i for i, ps in enumerate(parses) if any(p.tag.POS == "NOUN" for p in ps)),
                    len(words) - 1)
    return [w for w in words[:head + 1] if not morphology.is_dictionary_form(w)]
