"""Words of an MT output in its language: what a word is, which words are function words
or titles, where a sentence opens, and the checks on the words around a span that every
finder and forcing share."""

from __future__ import annotations

import re
from functools import lru_cache

from glossa.profiles import profile
from glossa.records import Span

POSSESSIVE = re.compile(r"['’]s?$")


POSSESSIVE_MARK = re.compile(r"['’]s\b")   # a possessive 's anywhere in a text


WORDS = re.compile(r"[^\W_]+(?:[-‐'’][^\W_]+)*")


PHRASE_BREAK = re.compile(r"[,;:()\[\]{}\"“”«»!?。，；：]")   # marks no doubled rendering reaches across


OPENING_MARKS = "\"'“‘«‹„‚¿¡([{「『"


CLOSING_MARKS = "\"'”’»›)]}」』"


SENTENCE_ENDS = ".!?…:"   # a capital after a colon may be the sentence's too


def word_before(text: str, end: int) -> str:
    r"""The word (letters and digits) that spaces separate from ``end``, or "": what
    ``([^\W_]+)\s+$`` finds in ``text[:end]``, read backwards from ``end`` rather than by
    a search through everything before it."""
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return text[start:stop] if stop < end else ""


def word_span(text: str, start: int, end: int) -> Span | None:
    """Widen [start, end) to whole words, trimming punctuation at both ends."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "-"):
        end += 1
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if start < end else None


def name_after_hyphen(text: str, span: Span, aligned: int) -> Span:
    """The span without the word a hyphen joins before the capitalised part the aligned run
    starts at (``aligned``): "times-Xinhua" → "Xinhua", "Times-Xinhua" → "Xinhua"; the span
    itself where the run starts anywhere else."""
    while aligned < span[1] and not text[aligned].isalnum():   # a run that starts at the hyphen
        aligned += 1
    if aligned <= span[0] or aligned >= span[1] or text[aligned - 1] != "-" or not text[aligned].isupper() \
            or "-" in text[span[0]:aligned - 1]:
        return span
    return (aligned, span[1])


def without_possessive(text: str, span: Span) -> Span:
    """The span less a trailing 's or ’, which stays in the text when the span is replaced."""
    possessive = POSSESSIVE.search(text[span[0]:span[1]])
    return (span[0], span[1] - len(possessive.group())) if possessive else span


INNER_POSSESSIVE = re.compile(r"['’]s?[ \u00a0]+(?=[^\W\d_])")


def before_possessive(text: str, span: Span) -> Span:
    """The span cut where a possessive inside it is followed by a lower-case word (Zhang's
    vision → Zhang): what a person or a place owns is no part of its name."""
    inner = INNER_POSSESSIVE.search(text, span[0], span[1])
    if inner and text[inner.end()].islower():
        return (span[0], inner.start())
    return span


def word_follows(text: str, end: int) -> bool:
    """Whether a word follows ``end`` with only spaces between: what an adjective before a
    noun has (Saudi officials), and a name before a comma has not (the Yangtze, Yellow River)."""
    return re.match(r"[ \u00a0]+[^\W_]", text[end:end + 8]) is not None


@lru_cache(maxsize=1024)
def rendering_words(rendering: str) -> frozenset[str]:
    """The words of a rendering in lower case, which the span guards compare with the output's."""
    return frozenset(w.lower() for w in WORDS.findall(rendering))


def trim_function_words(text: str, span: Span, rendering: str, lang: str) -> Span | None:
    """The span less function words at its ends that are not words of the rendering (the
    Treasury → Treasury; University of Macau keeps its "of"); None when nothing is left."""
    own = rendering_words(rendering)
    keep = list(WORDS.finditer(text, span[0], span[1]))
    while keep and is_function_word(keep[0].group(), lang) and keep[0].group().lower() not in own:
        keep.pop(0)
    while keep and is_function_word(keep[-1].group(), lang) and keep[-1].group().lower() not in own:
        keep.pop()
    if not keep or all(is_function_word(m.group(), lang) for m in keep):
        return None
    return (keep[0].start(), keep[-1].end())


def trim_titles(text: str, span: Span, rendering: str, lang: str) -> Span:
    """The span less the titles that open it and are no word of the rendering: the name of
    "Professor Julien" is Julien, and the title stays in the sentence."""
    own = rendering_words(rendering)
    keep = list(WORDS.finditer(text, span[0], span[1]))
    while len(keep) > 1 and all(is_title(part, lang) for part in re.split(r"[-‐]", keep[0].group())) and \
            keep[0].group().lower() not in own:
        keep.pop(0)
    return (keep[0].start(), span[1]) if keep else span


def has_name_word(text: str, lang: str) -> bool:
    """Whether a run of output holds a word other than a function word or a title (Ms. beside
    Jiang is no more of the rendering)."""
    return any(not is_function_word(w, lang) and not is_title(w, lang) for w in WORDS.findall(text))


def capital_only_by_position(text: str, span: Span, words: list[str], rendering: str, lang: str) -> bool:
    """The span opens a sentence and nothing but that position capitalises it: no later word
    of it is capitalised and no word of it is a word of the rendering. Attention on an
    omitted name often rests on the first word ("Representatives of the Government of
    Taiwan …" for a dropped 罗冠聪), whose capital is the sentence's, not a name's."""
    own = rendering_words(rendering)
    return opens_sentence(text, span[0], lang) and not any(w.lower() in own for w in words) and not any(
        w[:1].isupper() and not is_function_word(w, lang) for w in words[1:])


def opens_sentence(text: str, start: int, lang: str) -> bool:
    """Whether the word at ``start`` begins the text or follows a sentence's (or a colon's)
    end and a space, quotes and brackets aside (“Go.” Word); a full stop after an
    abbreviation (Mr. Marcili, U.S. Navy) ends no sentence. In a language sacremoses has
    no abbreviations for, every full stop ends one, which only makes the guard flag more.
    Read backwards over the marks, spaces and word just before ``start``, never the line."""
    i = start
    while i > 0 and text[i - 1] in OPENING_MARKS:
        i -= 1
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == 0:
        return True
    if j == i:
        return False
    while j > 0 and text[j - 1] in CLOSING_MARKS:
        j -= 1
    if j == 0 or text[j - 1] not in SENTENCE_ENDS:
        return False
    return text[j - 1] != "." or not _abbreviation_before(text, j - 1, lang)


def _abbreviation_before(text: str, stop: int, lang: str) -> bool:
    """Whether the word ending at ``stop`` (a full stop) is one the Moses sentence splitter
    knows never ends a sentence in the language: titles, initials, months. A word longer
    than any of them is read no further than its last few letters."""
    prefixes = _nonbreaking_prefixes(lang)
    if not prefixes:
        return False
    reach = max(map(len, prefixes)) + 1
    start = stop
    while start > max(0, stop - reach) and not text[start - 1].isspace():
        start -= 1
    word = text[start:stop].lstrip(OPENING_MARKS)
    return word in prefixes or word.rpartition(".")[2] in prefixes


@lru_cache(maxsize=16)
def _nonbreaking_prefixes(lang: str) -> frozenset[str]:
    """sacremoses' nonbreaking prefixes of the language, less those that hold only before
    a number (No. 5)."""
    from sacremoses.corpus import NonbreakingPrefixes

    prefixes = NonbreakingPrefixes()
    if lang not in prefixes.available_langs:
        return frozenset()
    return frozenset(w for w in prefixes.words(lang) if "#" not in w)


TITLES_NAMEPARSER_LACKS = frozenset({"comrade"})   # Comrade Xi: a party's honorific


def is_title(word: str, lang: str) -> bool:
    """A title or honorific that stands before a name (Professor, Ms, President, Comrade),
    from nameparser's English list; other target languages have none here."""
    if not profile(lang).inflected_in_output:
        return False
    from nameparser.config import CONSTANTS

    word = word.lower().rstrip(".")
    return word in CONSTANTS.titles or word in TITLES_NAMEPARSER_LACKS


def is_pronoun(word: str, lang: str) -> bool:
    return word.lower() in profile(lang).pronouns


def is_number(word: str, lang: str) -> bool:
    """Digits, or a number the target language writes out (three, hundred, first)."""
    return any(ch.isdigit() for ch in word) or word.lower() in profile(lang).number_words


VOWEL_LETTERS = frozenset("aeiouAEIOU")


def article_fits(text: str, start: int, replacement: str, lang: str) -> bool:
    """Whether the words before ``start`` still read right when ``replacement`` is written for
    the word that begins there: no article that follows the next word's sound, or the one
    that both that word's and the replacement's first letters call for (a rider → a delivery
    person; "a translator" → "a interpreter" does not fit). Told by the first letter, so an
    article the letter does not call for (a university, an hour) makes a misfit: the sound
    is not known here, and the edit is not made. False in a language whose articles are
    not known (its profile's ``sound_articles``)."""
    articles = profile(lang).sound_articles
    if articles is None:
        return False
    article = word_before(text, start).lower()
    if article not in articles:
        return True
    return article == articles[text[start:start + 1] in VOWEL_LETTERS] == articles[replacement[:1] in VOWEL_LETTERS]


def is_honorific(word: str, lang: str) -> bool:
    """A title after which a surname alone names the person (the profile's honorifics)."""
    return word.lower().rstrip(".") in profile(lang).honorifics


def rendering_nearby(text: str, span: Span, rendering: str, lang: str, reach: int = 3) -> bool:
    """A content word of the rendering, or a word of its stem, within a few words outside
    the span and no punctuation mark away from it: replacing the span would double it (the
    University of Zhejiang → the University of Zhejiang University; the Party's centre →
    the Party Central Committee's centre), where a word past a comma stands in another
    phrase (the Yangtze, Yellow River). Words of five letters or more are compared by their
    first five."""
    own = {stem_of(w) for w in WORDS.findall(rendering) if not is_function_word(w, lang)}
    head = PHRASE_BREAK.split(text[max(0, span[0] - 200):span[0]])[-1]
    tail = PHRASE_BREAK.split(text[span[1]:span[1] + 200])[0]
    around = WORDS.findall(head)[-reach:] + WORDS.findall(tail)[:reach]
    return any(stem_of(w) in own for w in around)


def shares_a_stem(text: str, rendering: str, lang: str) -> bool:
    """Whether the text has a word sharing its stem with a content word of the rendering
    (Great for Greater Bay Area)."""
    own = {stem_of(w) for w in WORDS.findall(rendering) if not is_function_word(w, lang)}
    return any(stem_of(w) in own for w in WORDS.findall(text))


def stem_of(word: str) -> str:
    return word.lower()[:5]


@lru_cache(maxsize=16)
def _function_words(lang: str) -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords(lang)) if stopwordsiso.has_lang(lang) else frozenset()


def is_function_word(word: str, lang: str) -> bool:
    """A stop word of the target language (stopwords-iso), or a number."""
    return word.lower() in _function_words(lang) or any(ch.isdigit() for ch in word)
