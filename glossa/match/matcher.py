"""An index of glossary terms by their words' keys; finds every occurrence in a text.

Each term word has one canonical key (its normalised dictionary form). A form index maps
every key a text word can reduce to (a lemma, a generated case form) to the canonical keys
it stands for, and a prefix index over canonical-key sequences finds multiword terms. The
cost per text word is a few dictionary look-ups, whatever the size of the glossary.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from glossa.glossary.model import Glossary, Term
from glossa.match.tokens import (BREAK_GAP, HYPHEN_GAP, SPACE_GAP, Token, gap_kind, gaps,
                                 normalise_word, tokenize)

# Scripts written without spaces between words: terms are found as substrings there.
UNSPACED_LANGS = frozenset({"zh", "ja", "th", "lo", "km", "my"})


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    term: Term

    def surface(self, text: str) -> str:
        return text[self.start:self.end]


class _Node:
    """A term word in the prefix index: the terms ending here, and continuations by gap."""

    __slots__ = ("patterns", "next")

    def __init__(self) -> None:
        self.patterns: list[_Pattern] = []
        self.next: dict[str, dict[str, _Node]] = {}


@dataclass(frozen=True, slots=True)
class _Pattern:
    term: Term
    words: tuple[str, ...]  # the term's words as written, for case checks
    checks_case: bool       # False when any letter case fits (common lower-case terms)


class Matcher:
    def __init__(self, glossary: Glossary, morphology=None) -> None:
        if morphology is None:
            morphology = default_morphology(glossary.source_lang)
        self.morphology = morphology
        self._forms: dict[str, set[str]] = defaultdict(set)     # lemma-mode key → canonical keys
        self._exact: dict[str, set[str]] = defaultdict(set)     # surface → canonical keys
        self._root: dict[str, _Node] = {}   # canonical key → node; a node continues by gap
        self._canon_cache: dict[str, tuple[str, ...]] = {}
        for term in glossary.terms:
            self._add(term)

    def _add(self, term: Term) -> None:
        tokens = tokenize(term.source)
        if not tokens:
            return
        term_gaps = gaps(term.source, tokens)
        if BREAK_GAP in term_gaps:  # punctuation inside a term: match it as written
            term_gaps = [SPACE_GAP if g == BREAK_GAP else g for g in term_gaps]
        level, node = self._root, None
        for i, token in enumerate(tokens):
            norm = normalise_word(token.text)
            if term.match == "exact" or _is_abbreviation(token.text):
                canon = "=" + norm
                self._exact[norm].add(canon)
            else:
                canon = norm
                proper = term.is_proper and token.text[:1].isupper()
                for form in self.morphology.term_keys(token.text, proper):
                    self._forms[form].add(canon)
            if i:
                level = node.next.setdefault(term_gaps[i - 1], {})
            node = level.setdefault(canon, _Node())
        words = tuple(t.text for t in tokens)
        checks_case = bool(term.case_sensitive) or any(_is_abbreviation(w) for w in words) or (
            term.case_sensitive is None and term.is_proper and any(w[:1].isupper() for w in words))
        node.patterns.append(_Pattern(term, words, checks_case))

    def _canonicals(self, word: str) -> tuple[str, ...]:
        found = self._canon_cache.get(word)
        if found is None:
            norm = normalise_word(word)
            keys = set(self._exact.get(norm, ()))
            for k in self.morphology.text_keys(word):
                keys |= self._forms.get(k, set())
            found = tuple(keys)
            self._canon_cache[word] = found
        return found

    def find(self, text: str) -> list[Match]:
        """Every term occurrence; overlapping candidates resolved longest-first."""
        tokens = tokenize(text)
        if not tokens or not self._root:
            return []
        canons = [self._canonicals(t.text) for t in tokens]
        candidates: list[tuple[int, int, Term]] = []
        root = self._root
        last = len(tokens) - 1
        gap_at: list[str | None] = [None] * len(tokens)
        for i, keys in enumerate(canons):
            for canon in keys:
                node = root.get(canon)
                if node is None:
                    continue
                stack = [(node, i)]
                while stack:
                    node, j = stack.pop()
                    for pattern in node.patterns:
                        if not pattern.checks_case or _case_fits(pattern, tokens, i):
                            candidates.append((i, j, pattern.term))
                    if not node.next or j == last:
                        continue
                    gap = gap_at[j]
                    if gap is None:
                        gap = gap_at[j] = gap_kind(text[tokens[j].end:tokens[j + 1].start])
                    level = node.next.get(gap)
                    if level:
                        for c in canons[j + 1]:
                            child = level.get(c)
                            if child is not None:
                                stack.append((child, j + 1))
        return _resolve(candidates, tokens) if candidates else []


def _is_abbreviation(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _case_fits(pattern: _Pattern, tokens: list[Token], first: int) -> bool:
    """Proper-noun terms match capitalised words only; abbreviations and case-sensitive
    terms match their exact letter case."""
    term = pattern.term
    for written, token in zip(pattern.words, tokens[first:first + len(pattern.words)]):
        if term.case_sensitive or _is_abbreviation(written):
            if written.isupper() != token.text.isupper() or written[:1].isupper() != token.text[:1].isupper():
                return False
            if term.case_sensitive and written.islower() and not token.text.islower():
                return False
        elif term.case_sensitive is None and term.is_proper and written[:1].isupper():
            if not token.text[:1].isupper():
                return False
    return True


def _resolve(candidates: list[tuple[int, int, Term]], tokens: list[Token]) -> list[Match]:
    """Keep the longest candidate where candidates overlap (a surname inside a full name
    is not a match of its own); ties go to the earlier glossary entry."""
    taken = [False] * len(tokens)
    chosen: list[tuple[int, int, Term]] = []
    for first, last, term in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if any(taken[first:last + 1]):
            continue
        for k in range(first, last + 1):
            taken[k] = True
        chosen.append((first, last, term))
    chosen.sort(key=lambda c: c[0])
    return [Match(tokens[f].start, tokens[l].end, t) for f, l, t in chosen]


class SubstringMatcher:
    """For unspaced scripts (Chinese, Japanese, Thai): terms as exact substrings, longest first."""

    def __init__(self, glossary: Glossary) -> None:
        by_source = {}
        for term in glossary.terms:
            by_source.setdefault(term.source, term)
        self._terms = by_source
        ordered = sorted(by_source, key=len, reverse=True)
        self._regex = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def find(self, text: str) -> list[Match]:
        if self._regex is None:
            return []
        return [Match(m.start(), m.end(), self._terms[m.group()]) for m in self._regex.finditer(text)]


def default_morphology(lang: str):
    from glossa.match.morph import SurfaceMorphology, shared_russian_morphology

    return shared_russian_morphology() if lang == "ru" else SurfaceMorphology()


def matcher_for(glossary: Glossary):
    """The matcher a glossary's source language calls for."""
    if glossary.source_lang in UNSPACED_LANGS:
        return SubstringMatcher(glossary)
    return Matcher(glossary)


__all__ = ["Match", "Matcher", "SubstringMatcher", "matcher_for", "HYPHEN_GAP"]
