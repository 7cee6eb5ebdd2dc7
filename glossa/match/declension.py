"""Inflected forms of Russian proper names the dictionary does not know.

pymorphy3 has no useful lemma for foreign and rare names (Жомарт, Аурус, Анкоридж as a
brand), so their case forms are generated from the noun declension classes by the final
letter. Over-generation is harmless: these forms only ever match capitalised words.
"""

from __future__ import annotations

CONSONANT_ENDINGS = ("", "а", "у", "ом", "ем", "ым", "е", "ы", "и", "ов", "ев", "ам", "ами", "ах",
                     "ых", "ыми")
ENDINGS_BY_FINAL = {
    "а": ("а", "ы", "и", "е", "у", "ой", "ою", "ей", "ам", "ами", "ах"),
    "я": ("я", "и", "е", "ю", "ей", "ею", "ям", "ями", "ях"),
    "й": ("й", "я", "ю", "ем", "е", "и", "ев", "ям", "ями", "ях"),
    "ь": ("ь", "я", "ю", "ем", "е", "и", "ью", "ей", "ям", "ями", "ях"),
}
VOWELS = frozenset("аеёиоуыэюя")


def declined_forms(word: str) -> frozenset[str]:
    """Case and number forms of a lower-cased Russian noun by its declension class;
    a word ending in another vowel (Токио, Баку) is indeclinable."""
    if not word or not ("а" <= word[-1] <= "я" or word[-1] == "ё"):
        return frozenset({word})
    final = word[-1]
    if final in ENDINGS_BY_FINAL:
        return frozenset(word[:-1] + ending for ending in ENDINGS_BY_FINAL[final])
    if final in VOWELS:
        return frozenset({word})
    return frozenset(word + ending for ending in CONSONANT_ENDINGS)
