"""An index of glossary terms by their words' keys; finds every occurrence in a text.

Each term word has one canonical key (its normalised dictionary form). A form index maps
every key a text word can reduce to (a lemma, a generated case form) to the canonical keys
it stands for, and a prefix index over canonical-key sequences finds multiword terms. The
cost per text word is a few dictionary look-ups, whatever the size of the glossary.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossa.bulk import collector_paused
from glossa.glossary.model import Glossary, Term
from glossa.match.keys_cache import CACHED_FROM, KeysCache
from glossa.match.tokens import BREAK_GAP, SPACE_GAP, Token, gap_kind, gaps, normalise_word, tokenize
from glossa.profiles import profile

if TYPE_CHECKING:
    from glossa.match.morph import Morphology

# Scripts written without spaces between words: terms are found as substrings there.


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
        # most nodes end a term or lead on, not both: each holds only what it needs
        self.patterns: tuple[_Pattern, ...] = ()
        self.next: dict[str, dict[str, _Node]] | None = None


@dataclass(frozen=True, slots=True)
class _Pattern:
    term: Term
    words: tuple[str, ...]  # the term's words as written, for case checks
    checks_case: bool       # a case-sensitive lemma term, checked word by word
    order: int              # position in the glossary, which breaks ties between equal matches


class Matcher:
    @collector_paused()
    def __init__(self, glossary: Glossary, morphology: Morphology | None = None) -> None:
        if morphology is None:
            morphology = default_morphology(glossary.source_lang)
        self.morphology = morphology
        # Letter case is folded into the canonical keys, so it is checked once per distinct
        # surface form (cached) rather than per candidate: "^" marks a word that must be
        # capitalised, "=" one matched by its surface alone.
        self._forms: dict[str, tuple[str, ...]] = {}             # lemma or form → canonical keys
        self._exact: dict[str, set[str]] = defaultdict(set)     # normalised surface → keys
        self._exact_cased: dict[str, set[str]] = defaultdict(set)  # surface as written → keys
        self._root: dict[str, _Node] = {}   # canonical key → node; a node continues by gap
        self._common: set[str] = set()      # keys of lower-case words of common-noun terms
        self._canon_cache: dict[str, tuple[tuple[str, ...], tuple[_Node, ...]]] = {}
        self._count = 0
        keys: Morphology | KeysCache = morphology
        if len(glossary.terms) >= CACHED_FROM and hasattr(morphology, "analyzer"):
            keys = KeysCache(morphology, glossary.terms, glossary.source_lang)
            keys.analyse_all((token.text, way == "proper") for term in glossary.terms
                             for token in tokenize(term.source)
                             for way in [_indexed_as(term, token)] if way in ("proper", "lemma"))
        for term in glossary.terms:
            self._add(term, keys)
        if isinstance(keys, KeysCache):
            keys.save()

    def _add(self, term: Term, keys) -> None:
        tokens = tokenize(term.source)
        if not tokens:
            return
        term_gaps = gaps(term.source, tokens)
        if BREAK_GAP in term_gaps:  # punctuation inside a term: match it as written
            term_gaps = [SPACE_GAP if g == BREAK_GAP else g for g in term_gaps]
        level, node = self._root, _Node()   # node: the last word's, once the loop has run
        for i, token in enumerate(tokens):
            norm = normalise_word(token.text)
            way = _indexed_as(term, token)
            if way == "cased":
                canon = "=" + token.text
                self._exact_cased[token.text].add(canon)
            elif way == "exact":
                canon = "=" + norm
                self._exact[norm].add(canon)
            else:
                canon = "^" + norm if way == "proper" and term.case_sensitive is None else norm
                if not term.is_proper and token.text.islower():
                    self._common.add(canon)
                for form in keys.term_keys(token.text, way == "proper"):
                    known = self._forms.get(form, ())
                    if canon not in known:
                        self._forms[form] = (*known, canon)
            if i:
                if node.next is None:
                    node.next = {}
                level = node.next.setdefault(term_gaps[i - 1], {})
            node = level.setdefault(canon, _Node())
        words = tuple(t.text for t in tokens)
        node.patterns = (*node.patterns, _Pattern(term, words, bool(term.case_sensitive) and term.match != "exact",
                                                  self._count))
        self._count += 1

    def _canonicals(self, word: str) -> tuple[tuple[str, ...], tuple[_Node, ...]]:
        """The canonical keys a text word stands for, and the index nodes of the terms it
        can start; computed once per distinct surface form."""
        found = self._canon_cache.get(word)
        if found is None:
            norm = normalise_word(word)
            keys = set(self._exact.get(norm, ())) | self._exact_cased.get(word, set())
            capitalised = word[:1].isupper()
            minor = self.morphology.minor_keys(word)
            for k in self.morphology.text_keys(word):
                keys.update(c for c in self._forms.get(k, ())
                            if (capitalised or c[0] != "^") and not (k in minor and c in self._common))
            ordered = tuple(sorted(keys))
            found = (ordered, tuple(self._root[c] for c in ordered if c in self._root))
            self._canon_cache[word] = found
        return found

    def find(self, text: str) -> list[Match]:
        """Every term occurrence; overlapping candidates resolved longest-first."""
        tokens = tokenize(text)
        if not tokens or not self._root:
            return []
        looked_up = [self._canonicals(t.text) for t in tokens]
        canons = [keys for keys, _ in looked_up]
        candidates: list[tuple[int, int, _Pattern]] = []
        last = len(tokens) - 1
        gap_at: list[str | None] = [None] * len(tokens)
        for i, (_, starts) in enumerate(looked_up):
            for node in starts:
                if not node.next or i == last:  # a one-word term: no walk needed
                    for pattern in node.patterns:
                        if not pattern.checks_case or _case_fits(pattern, tokens, i):
                            candidates.append((i, i, pattern))
                    continue
                stack = [(node, i)]
                while stack:
                    node, j = stack.pop()
                    for pattern in node.patterns:
                        if not pattern.checks_case or _case_fits(pattern, tokens, i):
                            candidates.append((i, j, pattern))
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


def _indexed_as(term: Term, token: Token) -> str:
    """How a term word is indexed: by its surface as written ("cased": an abbreviation, a
    case-sensitive exact term), by its normalised surface ("exact"), or by its morphology's
    keys, as a proper name's capitalised word ("proper") or not ("lemma")."""
    if _is_abbreviation(token.text) or (term.match == "exact" and term.case_sensitive):
        return "cased"
    if term.match == "exact":
        return "exact"
    return "proper" if term.is_proper and token.text[:1].isupper() else "lemma"


def _case_fits(pattern: _Pattern, tokens: list[Token], first: int) -> bool:
    """A case-sensitive lemma term: each word keeps the letter case it is written with
    (all capitals, capitalised or lower case); other case rules live in the keys."""
    for written, token in zip(pattern.words, tokens[first:first + len(pattern.words)]):
        if written.isupper() != token.text.isupper() or written[:1].isupper() != token.text[:1].isupper():
            return False
        if written.islower() and not token.text.islower():
            return False
    return True


def _resolve(candidates: list[tuple[int, int, _Pattern]], tokens: list[Token]) -> list[Match]:
    """Keep the longest candidate where candidates overlap (a surname inside a full name
    is not a match of its own); ties go to the earlier glossary entry."""
    taken = [False] * len(tokens)
    chosen: list[tuple[int, int, Term]] = []
    for first, last, pattern in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2].order)):
        if any(taken[first:last + 1]):
            continue
        for k in range(first, last + 1):
            taken[k] = True
        chosen.append((first, last, pattern.term))
    chosen.sort(key=lambda c: c[0])
    return [Match(tokens[first].start, tokens[last].end, term) for first, last, term in chosen]


class SubstringMatcher:
    """For unspaced scripts (Chinese, Japanese, Thai): terms as exact substrings, longest
    first. With a segmenter (jieba for Chinese) a match must be whole words; languages
    without one here match plain substrings."""

    def __init__(self, glossary: Glossary, segmenter=None) -> None:
        by_source: dict[str, Term] = {}
        for term in glossary.terms:
            by_source.setdefault(term.source, term)
        self._terms = by_source
        self._by_first: dict[str, list[str]] = defaultdict(list)
        for source in sorted(by_source, key=len, reverse=True):
            self._by_first[source[:1]].append(source)
        self.segmenter = segmenter

    def find(self, text: str) -> list[Match]:
        if not self._terms or not any(text.startswith(s, k) for k, ch in enumerate(text)
                                      for s in self._by_first.get(ch, ())):
            return []   # no term's characters in the text: nothing to segment
        whole = self.segmenter.allows(text) if self.segmenter else (lambda start, end: True)
        found, position = [], 0
        while position < len(text):
            hit = next((s for s in self._by_first.get(text[position], ())
                        if text.startswith(s, position) and whole(position, position + len(s))), None)
            if hit:
                found.append(Match(position, position + len(hit), self._terms[hit]))
                position += len(hit)
            else:
                position += 1
        return found


def default_morphology(lang: str) -> Morphology:
    """The language's morphology, from its profile; a word is only itself without one."""
    from glossa.match.morph import SurfaceMorphology

    made = profile(lang).morphology
    return made() if made is not None else SurfaceMorphology()


def matcher_for(glossary: Glossary):
    """The matcher a glossary's source language calls for."""
    language = profile(glossary.source_lang)
    if language.word_boundaries is not None and glossary.terms:
        return SubstringMatcher(glossary, language.word_boundaries(t.source for t in glossary.terms))
    if not language.spaced:
        return SubstringMatcher(glossary)
    return Matcher(glossary)

