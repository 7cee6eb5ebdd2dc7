"""Candidate glossary entries from a Russian text: names, «quoted» names, abbreviations.

Each candidate is brought to dictionary form (Касым-Жомарта Токаева → Касым-Жомарт Токаев)
by choosing, for the whole run of words, the gender and case their name readings agree on,
and inflecting every word to the nominative. The proposed target is what English news
prints: the CLDR or GeoNames English name of a country or city (России → Russia, Москвы →
Moscow, see ``exonyms``); a Latin-script name as written; an abbreviation or a descriptive
name (Белый дом) with no known English form left empty, for a person to fill; any other name
transliterated in the Wikipedia scheme news uses (Dmitry, Tokayev). Official spellings such
as Kassym-Jomart are exactly what a reviewer adds by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from glossa.glossary.model import Glossary, Term
from glossa.match import exonyms
from glossa.match.declension import CONSONANT_ENDINGS, VOWELS
from glossa.match.matcher import Matcher
from glossa.match.morph import NAME_TAGS, RussianMorphology
from glossa.match.tokens import BREAK_GAP, HYPHEN_GAP, Token, gaps, tokenize

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
GENDERS = ("masc", "femn", "neut", None)
KIND_BY_TAG = (("Surn", "person"), ("Name", "person"), ("Patr", "person"), ("Geox", "place"),
               ("Orgn", "org"))
PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
QUOTED = re.compile(r'«([^«»\n]{1,60})»|"([^"\n]{1,60})"|„([^„“\n]{1,60})“|“([^“”\n]{1,60})”')
SENTENCE_END = re.compile(r"[.!?…]\s*$")
FUNCTION_WORDS = frozenset({"NPRO", "CONJ", "PREP", "PRCL", "INTJ"})
# Head nouns of descriptive names that name a place (Красная площадь); the others an
# organisation or institution (Белый дом, Государственная дума).
PLACE_HEADS = frozenset({"площадь", "улица", "проспект", "море", "океан", "остров", "полуостров", "гора",
                         "река", "озеро", "залив", "пролив", "область", "край", "округ", "бульвар"})
# Suffixes of Russian surnames, which the declension rules must not take for case endings
# (Трутнев, Рябков are nominative).
SURNAME_SUFFIXES = ("ов", "ев", "ёв")


@dataclass
class Candidate:
    source: str
    target: str
    kind: str
    count: int = 0
    forms: Counter = field(default_factory=Counter)

    def term(self) -> Term:
        return Term(source=self.source, target=self.target, kind=self.kind, status="proposed")


@dataclass(frozen=True)
class Found:
    """One occurrence: its span, the source in dictionary form, and how it was found."""

    start: int
    end: int
    source: str
    kind: str
    role: str = "name"          # name | abbreviation | phrase | quoted
    person_reading: bool = False
    common_word: bool = False   # the dictionary knows the words, as no name (Кремль, Интернет)


def suggest(text: str, glossary: Glossary, morphology: RussianMorphology | None = None) -> list[Candidate]:
    morphology = morphology or RussianMorphology()
    covered_matcher = Matcher(glossary, morphology)
    found: dict[tuple[str, str], Candidate] = {}
    for line in text.splitlines():
        covered = [(m.start, m.end) for m in covered_matcher.find(line)]
        for hit in _candidates(line, morphology):
            if any(s < hit.end and hit.start < e for s, e in covered):
                continue
            target, kind = _target(hit)
            key = (hit.source, kind)
            if key not in found:
                found[key] = Candidate(hit.source, target, kind)
            found[key].count += 1
            found[key].forms[line[hit.start:hit.end]] += 1
    return sorted(found.values(), key=lambda c: (-c.count, c.source))


def _target(hit: Found) -> tuple[str, str]:
    """The English news form and the kind, from what is known of the name."""
    known = exonyms.territory(hit.source)
    if known:
        return known
    if hit.role in ("abbreviation", "phrase"):
        return (hit.source if _latin(hit.source) else ""), hit.kind
    if hit.role == "name" and (not hit.person_reading or re.search(r"[-\s]", hit.source)):
        english = exonyms.city(hit.source)  # not for a single person's name (Владимир)
        if english:
            return english, "place"
    if hit.common_word:  # a word is translated, not transliterated (Кремль: Kremlin, not Kreml)
        return "", hit.kind
    return transliterate(hit.source), hit.kind


def _latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text)


def _candidates(line: str, morphology: RussianMorphology):
    quoted_spans = []
    for m in QUOTED.finditer(line):
        inner = next(g for g in m.groups() if g is not None).strip()
        if inner[:1].isupper():
            quoted_spans.append((m.start(), m.end()))
            source, kind = _quoted_nominative(inner, morphology)
            yield Found(m.start(), m.end(), "«" + source + "»", kind, "quoted")
    tokens = tokenize(line)
    token_gaps = gaps(line, tokens) + [BREAK_GAP]
    run: list[int] = []
    for i, token in enumerate(tokens):
        inside_quotes = any(s <= token.start < e for s, e in quoted_spans)
        role = None if inside_quotes else _word_role(line, tokens, i, morphology, after_name=bool(run))
        if role == "name":
            run.append(i)
            if token_gaps[i] != BREAK_GAP:
                continue
        if run:
            yield from _run_candidate(line, tokens, token_gaps, run, morphology)
            run = []
        if role == "abbreviation":
            yield _abbreviation(token, morphology)


def _word_role(line: str, tokens: list[Token], i: int, morphology: RussianMorphology,
               after_name: bool = False) -> str | None:
    """'abbreviation', 'name', or None for a word that is no part of a name. An all-capitals
    word is an abbreviation only when the dictionary reads it as one or does not know it
    (ФСБ, not НЕЛЬЗЯ); a capital at a sentence's start counts only for a name reading; a
    capitalised title mid-sentence (Президента РФ) is no name, unless a name word comes
    before it (Ненад Попович)."""
    word = tokens[i].text
    if not word[:1].isupper() or not word.isalpha():
        return None
    lower = word.lower()
    top = morphology.analyzer.parse(lower)[0]
    if len(word) >= 2 and word.isupper():
        if _latin(word) or "Abbr" in top.tag or not morphology.analyzer.word_is_known(lower):
            return "abbreviation"
        return "name" if top.tag.grammemes & PERSON_TAGS else None
    if top.tag.POS in FUNCTION_WORDS:  # polite Вы, a quoted sentence's first word
        return None
    if i == 0 or SENTENCE_END.search(line[:tokens[i].start]) is not None:
        return "name" if top.tag.POS == "NOUN" and top.tag.grammemes & NAME_TAGS else None
    if top.tag.POS == "NOUN" and {"anim", "sing"} <= top.tag.grammemes and not top.tag.grammemes & NAME_TAGS \
            and not lower.endswith(SURNAME_SUFFIXES) and not after_name:
        return None
    return "name"


def _abbreviation(token: Token, morphology: RussianMorphology) -> Found:
    """An abbreviation names a place when the dictionary says so (РТ), else an organisation."""
    geox = any("Geox" in p.tag for p in morphology.name_parses(token.text))
    return Found(token.start, token.end, token.text, "place" if geox else "org", "abbreviation")


def _run_candidate(line: str, tokens: list[Token], token_gaps: list[str], indexes: list[int],
                   morphology: RussianMorphology) -> Iterator[Found]:
    run_tokens = [tokens[k] for k in indexes]
    phrase = _descriptive_name(line, tokens, indexes, morphology)
    if phrase:
        yield phrase
        return
    # words are hyphen-joined groups of tokens (Касым-Жомарта); a name splits only between words
    words: list[list[Token]] = [[run_tokens[0]]]
    for token, k in zip(run_tokens[1:], indexes):
        if token_gaps[k] == HYPHEN_GAP:
            words[-1].append(token)
        else:
            words.append([token])
    first = 0
    while first < len(words):
        for last in range(len(words), first, -1):  # the longest stretch that is a country
            part = [t for w in words[first:last] for t in w]
            country = exonyms.territory_source(line[part[0].start:part[-1].end])
            if country:
                yield Found(part[0].start, part[-1].end, country, "place")
                break
        else:
            for last in range(len(words), first, -1):  # the longest stretch whose words agree
                nominative = _nominative(words[first:last], morphology)
                if nominative is not None:
                    break
            part = [t for w in words[first:last] for t in w]
            forms, chosen = nominative
            yield Found(part[0].start, part[-1].end, " ".join(forms), _kind(chosen, words[first:last]),
                        person_reading=any(p.tag.grammemes & PERSON_TAGS for p in chosen),
                        common_word=_common_words(words[first:last], morphology))
        first = last


def _common_words(words: list[list[Token]], morphology: RussianMorphology) -> bool:
    """The dictionary knows every word and reads none first as a name (Кремль, Запад)."""
    analyzer = morphology.analyzer
    return all(analyzer.word_is_known(t.text.lower())
               and not analyzer.parse(t.text.lower())[0].tag.grammemes & NAME_TAGS for w in words for t in w)


def _descriptive_name(line, tokens, indexes, morphology) -> Found | None:
    """Белого дома → Белый дом: one capitalised adjective and the lower-case noun it agrees
    with name a thing together; the adjective alone is no name."""
    if len(indexes) != 1 or indexes[0] + 1 >= len(tokens):
        return None
    adjective, noun = tokens[indexes[0]], tokens[indexes[0] + 1]
    if not noun.text.islower() or line[adjective.end:noun.start] != " ":
        return None
    for a in morphology.analyzer.parse(adjective.text.lower()):
        if a.tag.POS not in ("ADJF", "PRTF") or a.tag.grammemes & (NAME_TAGS | {"Anum"}):
            continue
        for n in morphology.analyzer.parse(noun.text):
            if n.tag.POS == "NOUN" and (n.tag.case, n.tag.number) == (a.tag.case, a.tag.number) and \
                    (a.tag.number == "plur" or n.tag.gender == a.tag.gender):
                head = n.inflect({"nomn", n.tag.number})
                modifier = a.inflect({"nomn", a.tag.number} | ({n.tag.gender} if a.tag.number == "sing" else set()))
                if head is None or modifier is None:
                    continue
                kind = "place" if n.normal_form in PLACE_HEADS else "org"
                source = _restore_case(adjective.text, modifier.word) + " " + head.word
                return Found(adjective.start, noun.end, source, kind, "phrase")
    return None


def _kind(parses, words=()) -> str:
    """By the readings' tags; else a Latin-script name is a brand (org), a word the
    dictionary knows only as a lifeless thing a place (Кремль, Анкоридж), any other a person."""
    for tag, kind in KIND_BY_TAG:
        if any(tag in p.tag for p in parses):
            return kind
    if any(_latin(t.text) for w in words for t in w):
        return "org"
    if parses and all("inan" in p.tag for p in parses):
        return "place"
    return "person"


def _nominative(words: list[list[Token]], morphology: RussianMorphology):
    """Bring a run of name words to the nominative, in the number, case and gender their
    readings agree on; None when the words are no single name (Казахстана | Касым-Жомарт:
    a place beside a person, or no agreement). Only the last part of a hyphenated word
    declines; a word the dictionary has no reading for is reduced by the declension rules.
    Returns the words and the readings chosen."""
    options = []
    for word in words:
        last = word[-1].text
        readings = [p for p in morphology.analyzer.parse(last.lower())
                    if p.tag.POS in ("NOUN", "ADJF", "PRTF") and p.tag.case]
        named = [p for p in readings if p.tag.grammemes & NAME_TAGS  # no person is named in the plural
                 and not (p.tag.grammemes & PERSON_TAGS and p.tag.number == "plur")]
        known = morphology.analyzer.word_is_known(last.lower())
        if not known:  # a guessed plural is a surname's ending misread (Геласимов)
            named = [p for p in named if p.tag.number != "plur"]
        if not named and all(p.tag.number == "plur" and p.tag.case != "nomn" for p in readings):
            known = False  # Токаев read only as an oblique plural (of токай): a name it lacks
        options.append(named or (readings if known else []))
    places = {bool(o) and all("Geox" in p.tag for p in o) for o in options}
    if len(words) > 1 and len(places) > 1:
        return None
    for number, case, gender in ((nu, c, g) for nu in ("sing", "plur") for g in GENDERS for c in CASES):
        chosen = []
        for readings in options:
            fits = [p for p in readings if p.tag.case == case and p.tag.number in (number, None)
                    and (gender is None or p.tag.gender in (gender, None))]
            if readings and not fits:
                break
            chosen.append(fits[0] if fits else None)
        else:
            return ["-".join([t.text for t in word[:-1]] + [
                _restore_case(word[-1].text, _to_nominative(parse) if parse else base_form(word[-1].text))])
                for word, parse in zip(words, chosen)], [p for p in chosen if p]
    return ([" ".join(t.text for t in words[0])], []) if len(words) == 1 else None


def base_form(word: str) -> str:
    """Strip a case ending the declension rules could have added to a masculine name
    (Токаевым → Токаев, Анкоридже → Анкоридж); an already bare word, or one ending like a
    surname (Трутнев), stays as it is."""
    lower = word.lower()
    if lower.endswith(SURNAME_SUFFIXES):
        return word
    for ending in sorted(CONSONANT_ENDINGS, key=len, reverse=True):
        stem = lower[: len(lower) - len(ending)] if ending else lower
        if ending and lower.endswith(ending) and len(stem) >= 3 and stem[-1] not in VOWELS:
            return word[: len(stem)]
    return word


def _to_nominative(parse) -> str:
    if parse.tag.case == "nomn":
        return parse.word
    inflected = parse.inflect({"nomn"})
    return inflected.word if inflected else parse.normal_form


def _restore_case(original: str, word: str) -> str:
    """The original's capital on the dictionary form; a name in capitals (НОСОВ) as Носов."""
    if original.isupper() and len(original) > 1:
        word = word.lower()
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _quoted_nominative(inner: str, morphology: RussianMorphology) -> tuple[str, str]:
    """«Аурусе» → «Аурус»: a one-word quoted name is reduced to its nominative noun reading.
    The kind is an organisation when the dictionary says so, else a product."""
    words = inner.split()
    if len(words) != 1:
        return inner, "product"
    word = words[0]
    nouns = [p for p in morphology.analyzer.parse(word.lower()) if p.tag.POS == "NOUN" and p.tag.case]
    kind = "org" if nouns and "Orgn" in nouns[0].tag else "product"
    if not nouns or any(p.tag.case == "nomn" and p.word == p.normal_form for p in nouns[:1]):
        return word, kind
    return _restore_case(word, _to_nominative(nouns[0])), kind


def transliterate(source: str) -> str:
    import iuliia

    return iuliia.WIKIPEDIA.translate(source.strip("«»"))

