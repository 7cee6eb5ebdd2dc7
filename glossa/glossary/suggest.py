"""Candidate glossary entries from a Russian text: names, «quoted» names, abbreviations.

Each candidate is brought to dictionary form (Касым-Жомарта Токаева → Касым-Жомарт Токаев)
by choosing, for the whole run of words, the gender and case their name readings agree on,
and inflecting every word to the nominative. The proposed target is a transliteration in the
style English-language news uses (the Wikipedia scheme: Dmitry, Tokayev); official spellings
such as Kassym-Jomart are exactly what a reviewer adds by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from glossa.glossary.model import Glossary, Term
from glossa.match.matcher import Matcher
from glossa.match.declension import CONSONANT_ENDINGS, VOWELS
from glossa.match.morph import NAME_TAGS, RussianMorphology
from glossa.match.tokens import BREAK_GAP, HYPHEN_GAP, Token, gaps, tokenize

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
GENDERS = ("masc", "femn", "neut", None)
KIND_BY_TAG = (("Surn", "person"), ("Name", "person"), ("Patr", "person"), ("Geox", "place"),
               ("Orgn", "org"))
QUOTED = re.compile(r"«([^«»\n]{1,60})»")
SENTENCE_END = re.compile(r"[.!?…]\s*$")
FUNCTION_WORDS = frozenset({"NPRO", "CONJ", "PREP", "PRCL", "INTJ"})


@dataclass
class Candidate:
    source: str
    target: str
    kind: str
    count: int = 0
    forms: Counter = field(default_factory=Counter)

    def term(self) -> Term:
        return Term(source=self.source, target=self.target, kind=self.kind, status="proposed")


def suggest(text: str, glossary: Glossary, morphology: RussianMorphology | None = None) -> list[Candidate]:
    morphology = morphology or RussianMorphology()
    covered_matcher = Matcher(glossary, morphology)
    found: dict[tuple[str, str], Candidate] = {}
    for line in text.splitlines():
        covered = [(m.start, m.end) for m in covered_matcher.find(line)]
        for start, end, source, kind in _candidates(line, morphology):
            if any(s < end and start < e for s, e in covered):
                continue
            key = (source, kind)
            if key not in found:
                found[key] = Candidate(source, transliterate(source), kind)
            found[key].count += 1
            found[key].forms[line[start:end]] += 1
    return sorted(found.values(), key=lambda c: (-c.count, c.source))


def _candidates(line: str, morphology: RussianMorphology):
    quoted_spans = []
    for m in QUOTED.finditer(line):
        inner = m.group(1).strip()
        if inner[:1].isupper():
            quoted_spans.append((m.start(), m.end()))
            yield m.start(), m.end(), "«" + _quoted_nominative(inner, morphology) + "»", "product"
    tokens = tokenize(line)
    token_gaps = gaps(line, tokens) + [BREAK_GAP]
    run: list[int] = []
    for i, token in enumerate(tokens):
        inside_quotes = any(s <= token.start < e for s, e in quoted_spans)
        if not inside_quotes and _is_name_word(line, tokens, i, morphology):
            run.append(i)
            if token_gaps[i] != BREAK_GAP:
                continue
        if run:
            yield from _run_candidate(line, [tokens[k] for k in run], token_gaps, run, morphology)
            run = []
    if run:
        yield from _run_candidate(line, [tokens[k] for k in run], token_gaps, run, morphology)


def _is_name_word(line: str, tokens: list[Token], i: int, morphology: RussianMorphology) -> bool:
    word = tokens[i].text
    if len(word) >= 2 and word.isupper() and word.isalpha():
        return True
    if not word[:1].isupper() or not word.isalpha():
        return False
    sentence_start = i == 0 or SENTENCE_END.search(line[:tokens[i].start]) is not None
    top = morphology.analyzer.parse(word.lower())[0]
    if top.tag.POS in FUNCTION_WORDS:  # polite Вы, a quoted sentence's first word
        return False
    if not sentence_start:  # Russian capitalises nothing but names mid-sentence
        return True
    return bool(top.tag.grammemes & NAME_TAGS)


def _run_candidate(line, run_tokens, token_gaps, indexes, morphology):
    if all(len(t.text) >= 2 and t.text.isupper() for t in run_tokens):
        for t in run_tokens:
            parses = morphology.name_parses(t.text)
            yield t.start, t.end, t.text, _kind(parses) if parses else "org"
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
        for last in range(len(words), first, -1):  # the longest stretch whose words agree
            nominative = _nominative(words[first:last], morphology)
            if nominative is not None:
                break
        part = [t for w in words[first:last] for t in w]
        forms, chosen = nominative
        yield part[0].start, part[-1].end, " ".join(forms), _kind(chosen)
        first = last


def _join(words: list[str], joints: list[str]) -> str:
    out = words[0]
    for joint, word in zip(joints, words[1:]):
        out += ("-" if joint == HYPHEN_GAP else " ") + word
    return out


def _kind(parses) -> str:
    for tag, kind in KIND_BY_TAG:
        if any(tag in p.tag for p in parses):
            return kind
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
        named = [p for p in readings if p.tag.grammemes & NAME_TAGS]
        known = morphology.analyzer.word_is_known(last.lower())
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
    (Токаевым → Токаев, Анкоридже → Анкоридж); an already bare word stays as it is."""
    lower = word.lower()
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
    if original.isupper() and len(original) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _quoted_nominative(inner: str, morphology: RussianMorphology) -> str:
    """«Аурусе» → «Аурус»: a one-word quoted name is reduced to its nominative noun reading."""
    words = inner.split()
    if len(words) != 1:
        return inner
    word = words[0]
    nouns = [p for p in morphology.analyzer.parse(word.lower()) if p.tag.POS == "NOUN" and p.tag.case]
    if not nouns or any(p.tag.case == "nomn" and p.word == p.normal_form for p in nouns[:1]):
        return word
    return _restore_case(word, _to_nominative(nouns[0]))


def transliterate(source: str) -> str:
    import iuliia

    return iuliia.WIKIPEDIA.translate(source.strip("«»"))

