"""Chinese word boundaries from jieba, so a term matches whole words only.

Chinese is written without spaces, and a name can stand inside other words: 重庆 (Chongqing)
inside 隆重庆祝 ("celebrate grandly"). jieba is the established Chinese segmenter for Python:
pure Python, its dictionary ships in the wheel (nothing is downloaded), and words can be
added at run time. The glossary's sources are added to a private tokenizer's dictionary, so
a term is one word wherever the context allows, but never outweighs the words around it.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from collections.abc import Iterable, MutableMapping
from functools import lru_cache
from typing import cast

from glossa.match.zh_dictionary import WordCounts, load_word_counts

# A newspaper's name made of another name is another name: 苹果日报 is Apple Daily, not Apple.
PRESS_HEADS = frozenset({"日报", "晚报", "时报", "周报", "周刊"})
LONGEST_CROSSING = 4   # the longest dictionary word looked for across a term's end
# how common (jieba's count) that word must be: 部门 16,543 and 部长 5,654 are words of the
# sentence; 津市 (32) in 天津市 or 京市 (2) in 北京市 are rare names that only happen to fit
COMMON_WORD = 1000


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[WordCounts, int]:
    """jieba's word counts and their total, loaded once per process (``zh_dictionary``)."""
    return load_word_counts()


class ChineseWords:
    """jieba's words with the glossary's terms added; the dictionary is loaded the first time
    a text holds a term's characters, not before."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._terms = list(terms)
        self._loaded = None

    @property
    def loaded(self) -> bool:
        """Whether the dictionary has been loaded (a text held a term's characters)."""
        return self._loaded is not None

    @property
    def _tokenizer(self):
        if self._loaded is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            freq, total = _base_dictionary()
            tokenizer = jieba.Tokenizer()
            # what initialize() would load, under a layer of this glossary's own words (add_word
            # writes to the first map, so the read-only counts below are never written)
            tokenizer.FREQ, tokenizer.total = ChainMap({}, cast("MutableMapping[str, int]", freq)), total
            tokenizer.initialized = True
            for term in self._terms:
                tokenizer.add_word(term)
            self._loaded = tokenizer
        return self._loaded

    def allows(self, text: str):
        """A test of whether text[start:end] is whole words: it runs from one word boundary to
        another, or it begins a longer word as a name begins a compound (重庆 in 重庆市, 苹果
        in 苹果公司, 伊朗 in 伊朗核). It never ends or sits inside a longer word (四海 in the
        idiom 五湖四海, 重庆 in 隆重庆祝 "celebrate grandly"), and a compound it begins is
        another word when a dictionary word runs across the term's end (卫生部 in 卫生部门,
        health departments, and 卫生部长, the health minister: 部门, 部长) or a newspaper's
        name is made of it (苹果日报, Apple Daily)."""
        words = [(start, end) for _, start, end in self._tokenizer.tokenize(text)]
        starts = {start for start, _ in words} | {len(text)}
        ends = {end for _, end in words} | {0}
        word_of = {k: (start, end) for start, end in words for k in range(start, end)}
        known = _base_dictionary()[0]

        def crossed(start: int, end: int, word_end: int) -> bool:
            return any((known.get(text[a:b]) or 0) >= COMMON_WORD
                       for a in range(max(start + 1, end - LONGEST_CROSSING + 1), end)
                       for b in range(end + 1, min(word_end, a + LONGEST_CROSSING) + 1))

        def whole(start: int, end: int) -> bool:
            if start in starts and end in ends:
                return True
            first, last = word_of[start], word_of[end - 1]
            if first != last or start != first[0]:
                return False
            return not crossed(start, end, first[1]) and text[end:first[1]] not in PRESS_HEADS

        return whole
