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
from collections.abc import Iterable
from functools import lru_cache


# What may follow a name inside one word and leave it the name: an administrative unit
# (北京市, 广东省, 海淀区), a demonym's person (中国人) or origin (中国籍), a company
# (苹果公司, 华为集团). Not 大学 or 日报: 北京大学 and 苹果日报 are names of their own.
NAME_SUFFIXES = frozenset([*"市省县区州镇乡村人籍", "公司", "集团"])


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's word frequencies and their total, loaded once per process (0.4 s and some
    70 MB each time)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.FREQ, tokenizer.total


class ChineseWords:
    def __init__(self, terms: Iterable[str]) -> None:
        import jieba

        freq, total = _base_dictionary()
        self._tokenizer = jieba.Tokenizer()
        # what initialize() would load, under a layer of this glossary's own words (add_word
        # writes to the first map): one copy of the 350,000 words per process, not one each
        self._tokenizer.FREQ, self._tokenizer.total = ChainMap({}, freq), total
        self._tokenizer.initialized = True
        for term in terms:
            self._tokenizer.add_word(term)

    def allows(self, text: str):
        """A test of whether text[start:end] is whole words: it runs from one word boundary to
        another, or a name suffix alone follows it in one word (重庆 in 重庆市, 苹果 in 苹果公司).
        A longer word that holds it otherwise is another word, and wins as jieba segments
        it: 四海 in the idiom 五湖四海, 苹果 in 苹果日报 (Apple Daily), 卫生部 in 卫生部门
        (health departments), 重庆 in 隆重庆祝 ("celebrate grandly")."""
        words = [(start, end) for _, start, end in self._tokenizer.tokenize(text)]
        starts = {start for start, _ in words} | {len(text)}
        ends = {end for _, end in words} | {0}
        word_of = {k: (start, end) for start, end in words for k in range(start, end)}

        def whole(start: int, end: int) -> bool:
            if start in starts and end in ends:
                return True
            first, last = word_of[start], word_of[end - 1]
            return first == last and start == first[0] and text[end:first[1]] in NAME_SUFFIXES

        return whole
