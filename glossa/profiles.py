"""What glossa knows about each language, in one registry.

A profile says what script the language is written in, whether spaces part its words, how
its sentences split, which morphology matches its inflected words (and checks that a term is
given in dictionary form), which word segmenter tells its word boundaries, which legacy
encodings its texts come in, whether glossa writes its inflections when it puts a rendering
in (English plurals, demonyms and titles), and the words an edit in its output must respect
(honorifics, pronouns, articles that follow the next word's sound). Adding a language is
adding its profile here, and its tests; a language without one is written in an unknown
script, with words parted by spaces, sentences split at punctuation and no morphology.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossa.languages import base_language

if TYPE_CHECKING:
    from glossa.match.morph import Morphology
    from glossa.match.zh_words import ChineseWords

Spans = list[tuple[int, int]]


def _razdel_sentences(paragraph: str) -> Spans:
    from razdel import sentenize

    return [(s.start, s.stop) for s in sentenize(paragraph)]


def _russian_morphology() -> Morphology:
    from glossa.match.morph import shared_russian_morphology

    return shared_russian_morphology()


def _chinese_words(terms: Iterable[str]) -> ChineseWords:
    from glossa.match.zh_words import ChineseWords

    return ChineseWords(terms)


@dataclass(frozen=True)
class Profile:
    code: str
    script: str | None = None                    # the script's name, for messages
    script_names: tuple[str, ...] = ()           # Unicode character names of its letters begin so
    spaced: bool = True                          # spaces part its words
    split_sentences: Callable[[str], Spans] | None = None   # a dedicated splitter; else punctuation
    morphology: Callable[[], Morphology] | None = None      # matching of inflected words
    checks_dictionary_form: bool = False         # its morphology tells a term's dictionary form
    word_boundaries: Callable[[Iterable[str]], ChineseWords] | None = None   # from a segmenter
    legacy_encodings: tuple[str, ...] = ()       # tried, in order, on a text that is not UTF-8
    inflected_in_output: bool = False            # glossa writes its plurals, demonyms and titles
    honorifics: frozenset[str] = frozenset()     # titles before a surname alone (President Tokaev)
    pronouns: frozenset[str] = frozenset()       # words an output names a person or thing again with
    number_words: frozenset[str] = frozenset()   # numbers written out (three, hundred, first)
    # the indefinite article before a consonant letter and before a vowel letter (a rider, an
    # interpreter); None: its articles are not known here, and no edit may need to change one
    sound_articles: tuple[str, str] | None = None


# Titles English news sets right before a surname alone (President Tokaev, Professor Li,
# Ms. Jiang): nameparser's list also holds words that are surnames or plain nouns (Law,
# Wing, activist, district), which before a surname do not end a longer name.
ENGLISH_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "president", "premier", "minister",
    "chancellor", "secretary", "senator", "sen", "rep", "congressman", "congresswoman", "governor",
    "gov", "mayor", "general", "gen", "colonel", "col", "captain", "capt", "admiral", "lieutenant",
    "sergeant", "marshal", "judge", "justice", "comrade", "ambassador", "envoy", "chairman",
    "chairwoman", "commissioner", "director", "inspector", "king", "queen", "prince", "princess",
    "pope", "sheikh", "emir", "sultan", "spokesman", "spokeswoman"
})
ENGLISH_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
                              "itself", "they", "them", "their", "theirs", "themselves"})

ENGLISH_NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "trillion", "dozen", "dozens", "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "half", "both"
})

CYRILLIC = ("Cyrillic", ("CYRILLIC",))
LATIN = ("Latin", ("LATIN",))
HAN = ("Han", ("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


def _scripted(codes: str, script: tuple[str, tuple[str, ...]], **fields) -> dict[str, Profile]:
    return {code: Profile(code, script[0], script[1], **fields) for code in codes.split()}


PROFILES: dict[str, Profile] = {
    **_scripted("uk be bg sr mk kk ky mn tg", CYRILLIC),
    **_scripted("de fr es it pt nl pl cs sk sv da nb no fi et lv lt ro hu tr id ms ca eo ga sq az sl hr vi tl",
                LATIN),
    "ru": Profile("ru", *CYRILLIC, split_sentences=_razdel_sentences, morphology=_russian_morphology,
                  checks_dictionary_form=True,
                  legacy_encodings=("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5")),
    "en": Profile("en", *LATIN, inflected_in_output=True, honorifics=ENGLISH_HONORIFICS,
                  pronouns=ENGLISH_PRONOUNS, number_words=ENGLISH_NUMBER_WORDS, sound_articles=("a", "an")),
    "zh": Profile("zh", *HAN, spaced=False, word_boundaries=_chinese_words),
    "ja": Profile("ja", "Japanese", (*HAN[1], "HIRAGANA", "KATAKANA"), spaced=False),
    "ko": Profile("ko", "Hangul", ("HANGUL",)),
    **_scripted("ar fa ur", ("Arabic", ("ARABIC",))),
    "he": Profile("he", "Hebrew", ("HEBREW",)),
    "el": Profile("el", "Greek", ("GREEK",)),
    "th": Profile("th", "Thai", ("THAI",), spaced=False),
    **{code: Profile(code, spaced=False) for code in ("lo", "km", "my")},
    "hi": Profile("hi", "Devanagari", ("DEVANAGARI",)),
    "bn": Profile("bn", "Bengali", ("BENGALI",)),
}


def profile(code: str) -> Profile:
    """The profile of a language code (any region or script of it: zh-CN is zh)."""
    base = base_language(code)
    return PROFILES.get(base) or Profile(base)
