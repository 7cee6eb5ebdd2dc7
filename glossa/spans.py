"""Finders that answer one question about an MT output: where in it is this term rendered,
and how sure is that?

Tried in order (variant, transliteration, attention), each a small unit in the way
pymorphy3 chains its analyser units: a new method is a new finder, not a new branch. A
finder returns a ``Found`` that says whether it is sure; glossa edits only sure spans and
flags the others for a person, because a wrong edit costs more than a missed one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from glossa.glossary.model import Term
from glossa.records import Span
from glossa.target_forms import COMMON_KINDS, accepted_forms, form_pattern, plural

if TYPE_CHECKING:
    from glossa.engine.translator import Translation

POSSESSIVE = re.compile(r"['’]s?$")
WORDS = re.compile(r"[^\W_]+(?:[-‐'’][^\W_]+)*")
NAME_RUN = re.compile(r"[^\W_]+(?:[-‐'’. \u00a0]+[^\W_]+)*")   # words joined by spaces, hyphens, initials' dots
PHRASE_BREAK = re.compile(r"[,;:()\[\]{}\"“”«»!?。，；：]")   # marks no doubled rendering reaches across
OPENING_MARKS = "\"'“‘«‹„‚¿¡([{「『"
CLOSING_MARKS = "\"'”’»›)]}」』"
SENTENCE_ENDS = ".!?…:"   # a capital after a colon may be the sentence's too
Elsewhere = Callable[[Span], bool]   # whether the output word at a span renders another source word
SIMILAR = 82.0           # a transliteration this close is a suspect
SURE_SIMILAR = 90.0      # and this close an edit


@dataclass(frozen=True)
class Query:
    """What a finder knows: the term, its surface in the source, the MT text, the spans already
    claimed by other decisions, and the model's alignment when there is one."""

    term: Term
    source: str
    source_span: Span
    text: str
    claimed: Claims
    translation: Translation | None = None   # with the model's attention
    target_lang: str = "en"


@dataclass(frozen=True)
class Found:
    span: Span
    sure: bool
    why: str = ""       # what made the finder unsure
    whole: bool = False  # unsure, but not of the span: its rendering is worth proposing


class Claims:
    """The spans of one text that decisions have claimed, kept sorted so that asking
    whether a span is free costs a bisection rather than a pass over every claim, and
    finding a pattern's first free occurrence skips, once only, the occurrences claimed
    before: claims only grow, so a taken occurrence stays taken. A long line with
    thousands of occurrences costs time in proportion to its length."""

    def __init__(self, text: str, spans=()) -> None:
        self.text = text
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._pending: dict[re.Pattern, tuple[Iterator[re.Match], Span | None]] = {}
        for span in sorted(spans):
            self.add(span)

    def free(self, span: Span) -> bool:
        """No claim overlaps the span (claims that only touch it leave it free)."""
        i = bisect_left(self._starts, span[1])   # the claims starting before the span ends
        return i == 0 or self._ends[i - 1] <= span[0]

    def add(self, span: Span) -> None:
        """Claim a span; one overlapping earlier claims is merged with them."""
        start, end = span
        i = bisect_left(self._starts, start)
        while i > 0 and self._ends[i - 1] > start:
            i -= 1
            start, end = self._starts[i], max(end, self._ends[i])
            del self._starts[i], self._ends[i]
        while i < len(self._starts) and self._starts[i] < end:
            end = max(end, self._ends[i])
            del self._starts[i], self._ends[i]
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def first_free(self, pattern: re.Pattern) -> Span | None:
        """The first occurrence of ``pattern`` in the text that no claim overlaps."""
        matches, last = self._pending.get(pattern) or (pattern.finditer(self.text), None)
        while last is None or not self.free(last):
            found = next(matches, None)
            if found is None:
                self._pending[pattern] = (matches, None)
                return None
            last = found.span()
        self._pending[pattern] = (matches, last)
        return last



class VariantFinder:
    """A rendering the entry lists as one to replace: sure by definition."""

    method = "variant"

    @staticmethod
    def renderings(term: Term) -> tuple[str, ...]:
        return term.variants

    def find(self, q: Query) -> Found | None:
        variants = set(self.renderings(q.term))
        if q.target_lang == "en" and q.term.kind in COMMON_KINDS:
            variants |= {plural(v) for v in variants}   # foreign affairs ministers
        for variant in sorted(variants, key=len, reverse=True):
            span = q.claimed.first_free(form_pattern(variant))
            if span:
                return Found(span, True)
        return None


@lru_cache(maxsize=4096)
def transliterations(word: str) -> tuple[str, ...]:
    import iuliia

    schemes = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303, iuliia.SCIENTIFIC, iuliia.MOSMETRO)
    return tuple(sorted({_fold(s.translate(word)) for s in schemes}))


def _fold(text: str) -> str:
    return re.sub(r"[-‐\s]+", " ", text.lower()).strip()


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    """Latin letters without their diacritics, for comparing spellings: Kvesić reads as the
    glossary's Kvesic (a right form is still told by its exact spelling)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _after_a_word(text: str, span: Span, lang: str, claimed: Claims | None = None,
                  elsewhere: Elsewhere | None = None) -> bool:
    """A surname that follows a word other than a function word may be the end of a longer
    name (Prime Minister van Mingzheng): Trump alone may become Donald Trump, this not. A
    word another decision claims, or one the model wrote for another source word, renders
    something else (President of Kazakhstan Tokaev; Xinhua Nanning for 新华社南宁)."""
    before = word_before(text, span[0])
    if not before or is_function_word(before, lang):
        return False
    at = text.rindex(before, 0, span[0])
    return not _claimed(at, before, claimed) and not (elsewhere and elsewhere((at, at + len(before))))


def _claimed(start: int, word: str, claimed: Claims | None) -> bool:
    """Whether ``word``, standing at ``start``, lies in a span another decision claimed."""
    return claimed is not None and bool(word) and not claimed.free((start, start + len(word)))


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


def _expands_abbreviation(term: Term) -> bool:
    """ФРГ → Germany, МИД → Foreign Ministry: the output's FRG or MID is a transliteration,
    but the name in its place takes other articles and modifiers (the FRG Chancellor)."""
    return len(term.source) >= 2 and term.source.isupper() and not term.target.isupper()


def _single_letters(text: str) -> str:
    """Doubled letters written once: the commonest difference between transliterations
    (TAS and TASS, Kasym and Kassym)."""
    return re.sub(r"(.)\1+", r"\1", text)


class TransliterationFinder:
    """For names only: a capitalised output word run that reads like a transliteration of the
    source form (Kasym-Zhomart Tokaev, Tokaev's, Nursultan) or like the rendering (Peskow).
    Never a word that is itself a right form of the rendering (Russian for Russia)."""

    method = "transliteration"

    def find(self, q: Query) -> Found | None:
        if not q.term.is_proper:
            return None
        surface = q.source[q.source_span[0]:q.source_span[1]]
        target_words = _fold(q.term.target).split()
        wanted = set(transliterations(surface)) | set(transliterations(q.term.source.strip("«»")))
        if q.term.kind in ("person", "place"):   # an organisation's rendering is made of words
            wanted.add(" ".join(target_words))
        if q.term.kind == "person":               # Trump for Donald Trump
            wanted |= {" ".join(target_words[i:]) for i in range(1, len(target_words))
                       if len(" ".join(target_words[i:])) >= 4}
        right = frozenset(_fold(f.text) for f in accepted_forms(q.term, q.target_lang))
        size = len(q.term.target.replace("-", " ").split())
        runs = [(score, span) for score, _, span in similar_runs(q.text, frozenset(wanted), right, size)
                if q.claimed.free(span)]
        if not runs:
            return None
        best, best_score = whole_name(q.text, runs)
        elsewhere = None
        if q.translation is not None and q.translation.attention is not None:
            best = widen_over_aligned(q.text, best, q.translation, q.source_span, q.claimed)
            elsewhere = partial(renders_elsewhere, q.translation, q.source_span)
        chunk = _single_letters(_fold(q.text[best[0]:best[1]]))
        if _expands_abbreviation(q.term):
            return Found(best, False, "an abbreviation written out may need other grammar (the FRG → Germany)")
        if q.term.kind == "place" and adjective_of(q.text[best[0]:best[1]].split()[-1], q.term.target.split()[-1]):
            return Found(best, False, "the word may be the place's adjective (Mongolian for Mongolia)")
        if len(_fold(q.text[best[0]:best[1]]).split()) < len(target_words) and (
                name_goes_on(q.text, best, q.target_lang, q.claimed, elsewhere)
                or _after_a_word(q.text, best, q.target_lang, q.claimed, elsewhere)):
            return Found(best, False, "the name may go on beyond the span")
        sure = best_score >= SURE_SIMILAR or any(chunk == _single_letters(w) for w in wanted) or \
            anchored(q.text[best[0]:best[1]], wanted) and \
            not name_goes_on(q.text, best, q.target_lang, q.claimed, elsewhere)
        return Found(best, sure, "" if sure else f"spelling only {best_score:.0f}% similar", whole=True)


DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "ish", "i", "ic", "ean", "er", "ite", "")


def adjective_of(word: str, name: str) -> bool:
    """Whether a word reads as an adjective or demonym of a place's name rather than another
    spelling of it: the name with an ending (Mongolia → Mongolian, Vietnam → Vietnamese,
    Iraq → Iraqi), its stem with one (China → Chinese), or a shorter head of it (Kazakh for
    Kazakhstan). Writing the name over it breaks the phrase (a small Mongolian country)."""
    w, n = _plain(word.lower()).rstrip("’'s"), _plain(name.lower())
    if w == n or len(w) < 4:
        return False
    stem = n.rstrip("aeiouy")
    return any(w == base + ending for base in (n, stem) for ending in DEMONYM_ENDINGS if base + ending != n) \
        or (n.startswith(w) and len(n) - len(w) >= 3)


def anchored(chunk: str, wanted) -> bool:
    """The spelling cut-off looks at the whole name: a name of two words or more, as many as
    a wanted spelling has, one of them the same word, is that name spelled otherwise in the
    rest (Zhang Deing for Zhang Diming, Justin Cowley for Justin Cauley): the same word ties
    it to the term, where a one-word name off by a few letters may be another word. The
    same word may be a common one (Islands), so the name must not go on beyond the span
    (the South Sa Islands is not Nansha Islands)."""
    words = _fold(chunk).split()
    return len(words) >= 2 and any(
        len(spelling.split()) == len(words) and any(a == b for a, b in zip(words, spelling.split()))
        for spelling in wanted)


def whole_name(text: str, runs: list[tuple[float, Span]]) -> tuple[Span, float]:
    """The best run widened to the whole name: of the similar runs that contain the best one
    and are capitalised words joined by spaces or hyphens only, the longest, the better scored among equals. An exact
    surname (Navalny) must not win over the whole name one letter off (Alexei Navalny for
    Alexey Navalny), which is the rendering's span and the edit to make."""
    best_score, best = runs[0]
    around = [(score, span) for score, span in runs if span[0] <= best[0] and best[1] <= span[1]
              and NAME_RUN.fullmatch(text, span[0], span[1])
              and all(w[:1].isupper() for w in WORDS.findall(text, span[0], span[1]))] or runs[:1]
    score, span = max(around, key=lambda r: (r[1][1] - r[1][0], r[0]))
    return span, score


@lru_cache(maxsize=64)
def similar_runs(text: str, wanted: frozenset[str], right: frozenset[str],
                 size: int) -> tuple[tuple[float, int, Span], ...]:
    """Capitalised runs of one word fewer to one more than the rendering's that read like one
    of the ``wanted`` spellings (and are no right form), best first, the earlier first among
    equals, as (score, order, span). Kept per text, so the occurrences of a term in one long
    line share one pass over it instead of one pass each."""
    from rapidfuzz import fuzz

    words = [m.span() for m in WORDS.finditer(text)]
    runs: list[tuple[float, int, Span]] = []
    plain = {_plain(w) for w in wanted}
    for n in {max(1, size - 1), size, size + 1}:
        for i in range(len(words) - n + 1):
            span = without_possessive(text, (words[i][0], words[i + n - 1][1]))
            chunk = text[span[0]:span[1]]
            if not chunk or not chunk[:1].isupper() or _fold(chunk) in right or not NAME_RUN.fullmatch(chunk):
                continue   # a name runs over spaces and hyphens, never a comma or a bracket
            score = max(fuzz.ratio(_plain(_fold(chunk)), w, score_cutoff=SIMILAR) for w in plain)
            if score > SIMILAR:
                runs.append((score, len(runs), span))
    return tuple(sorted(runs, key=lambda r: (-r[0], r[1])))


# Doubts about whether the span is the term, not about where it begins and ends: a flag
# with only these proposes the rendering at the span (with any other, the span itself may
# be wrong, and writing the rendering over it would be an edit glossa refused to make; a
# common noun's attention span is too often part of a phrase whose grammar it would break).
NOT_OF_THE_SPAN = frozenset({"at a sentence start a capital does not make a word a name"})


class AttentionFinder:
    """The run of output pieces the model aligned to the term's source pieces.

    Attention is a weak witness, so a span is an edit only when it passes every guard: the
    alignment holds in both directions, the span has a content word, it is no longer than
    the rendering warrants, and for a name it is capitalised. Neighbouring words that belong
    to the rendering join the span, so nothing is doubled (Carl Vinson, not Carl Carl Vinson).
    Common nouns are never edited on attention alone: the span is flagged.
    """

    method = "attention"

    def find(self, q: Query) -> Found | None:
        t = q.translation
        if t is None or t.attention is None:
            return None
        inside = term_pieces(t, q.source_span)
        if not inside:
            return None
        runs: list[list[int]] = []
        for k, piece in enumerate(t.target_pieces):
            if aligned_source(t, k) in inside and piece.replace("▁", "").strip():
                if runs and runs[-1][-1] == k - 1:
                    runs[-1].append(k)
                else:
                    runs.append([k])
        attention = t.attention
        placed = [(t.target_offsets[r[0]][0], t.target_offsets[r[-1]][1]) for r in runs]
        for run in sorted(runs, key=lambda r: -sum(attention[k][i] for k in r for i in inside)):
            span = word_span(q.text, t.target_offsets[run[0]][0], t.target_offsets[run[-1]][1])
            if span is None or not q.claimed.free(span):
                continue
            span = join_runs_beside(q.text, span, placed, q.claimed)
            span = trim_function_words(q.text, without_possessive(q.text, span), q.term.target, q.target_lang)
            if span is None:
                continue   # no content word: no rendering of a term, not even a suspect
            if q.term.is_proper:
                span = name_within(q.text, span, t, inside, q.term)
            if q.term.kind == "person":
                span = trim_titles(q.text, span, q.term.target, q.target_lang)
            span = widen_over_rendering(q.text, span, q.term.target, q.claimed)
            # the guards judge the words of the rendering; an article the rendering drops
            # ("the University of Zhejiang" → "Zhejiang University") is only replaced with them
            article = re.match(r"(?:the|The)[ \u00a0]+", q.text[span[0]:span[1]])
            core = (span[0] + article.end(), span[1]) if article and not re.match(r"(?i)the\s", q.term.target) \
                else span
            words = WORDS.findall(q.text[core[0]:core[1]])
            doubts = self._doubts(q, t, core, words)
            if any(_next_to(q.text, core, a, b) and _has_name_word(q.text[a:b], q.target_lang) for a, b in placed):
                doubts.append("more of the term's rendering stands just beside the span")
            return Found(span, not doubts, "; ".join(doubts), whole=set(doubts) <= NOT_OF_THE_SPAN)
        return None

    @staticmethod
    def _doubts(q: Query, t, span: Span, words: list[str]) -> list[str]:
        doubts = []
        text = q.text[span[0]:span[1]]
        if any(ch in ",;:!?()\"" for ch in text):
            doubts.append("the span crosses punctuation")
        if len(words) > len(WORDS.findall(q.term.target)) + 1 or len(text) > 2 * len(q.term.target) + 6:
            doubts.append("the span is longer than the rendering warrants")
        if not agrees_back(t, q.source_span, span) and not names_the_rendering(text, q.term):
            doubts.append("the term's source does not attend to the span")
        if not q.term.is_proper:
            if not rewords_in_place(q.text, span, q.term.target, q.target_lang):
                doubts.append("a common noun is not replaced on attention alone")
        elif not (words[0][:1].isupper() and words[-1][:1].isupper()) or any(
                w[:1].islower() and not is_function_word(w, q.target_lang) for w in words):
            doubts.append("a name's rendering would be capitalised")
        if q.term.is_proper and capital_only_by_position(q.text, span, words, q.term.target, q.target_lang):
            doubts.append("at a sentence start a capital does not make a word a name")
        if rendering_nearby(q.text, span, q.term.target, q.target_lang):
            doubts.append("words of the rendering stand next to the span")
        if q.term.is_proper and name_goes_on(q.text, span, q.target_lang,
                                             elsewhere=partial(renders_elsewhere, t, q.source_span)):
            doubts.append("the name may go on beyond the span")
        if territory_named(text, q.term, q.target_lang):
            doubts.append(f"the span names another country or territory ({text})")
        rendering_words = [w.lower() for w in WORDS.findall(q.term.target)]
        if q.term.kind == "place" and len(words) < len(rendering_words) and \
                all(w.lower() in rendering_words for w in words) and _word_follows(q.text, span[1]):
            doubts.append("part of the name may stand as an adjective (Saudi for Saudi Arabia)")
        return doubts


def name_within(text: str, span: Span, translation, inside: set[int], term: Term) -> Span:
    """For a name, the part of an attention span that can be its rendering: across a
    punctuation mark, the part the term's source attends to most ("In his speech, Sun
    Yae-fung": the name is after the comma); and a name the model wrote short, less the
    lower-case word its attention slipped onto ("Xi stated" for 习近平: the name is Xi)."""
    parts = [part for m in re.finditer(r"[^,;:()\[\]\"“”«»!?]+", text[span[0]:span[1]])
             if (part := word_span(text, span[0] + m.start(), span[0] + m.end())) is not None]
    if len(parts) > 1:
        def weight(part: Span) -> float:
            return sum(translation.attention[k][i] for k, (a, b) in enumerate(translation.target_offsets)
                       if part[0] <= a < part[1] for i in inside)
        span = max(parts, key=weight)
    words = list(WORDS.finditer(text, span[0], span[1]))
    while len(words) > 1 and words[-1].group()[:1].islower():
        words.pop()
    while len(words) > 1 and words[0].group()[:1].islower():
        words.pop(0)
    short = (words[0].start(), words[-1].end())
    return short if short != span and names_the_rendering(text[short[0]:short[1]], term) else span


def _has_name_word(text: str, lang: str) -> bool:
    """Whether a run of output holds a word other than a function word or a title (Ms. beside
    Jiang is no more of the rendering)."""
    return any(not is_function_word(w, lang) and not is_title(w, lang) for w in WORDS.findall(text))


def _word_follows(text: str, end: int) -> bool:
    """Whether a word follows ``end`` with only spaces between: what an adjective before a
    noun has (Saudi officials), and a name before a comma has not (the Yangtze, Yellow River)."""
    return re.match(r"[ \u00a0]+[^\W_]", text[end:end + 8]) is not None


def rewords_in_place(text: str, span: Span, rendering: str, lang: str) -> bool:
    """Whether the span writes a rendering of several words with other words at no more than
    half of its places and a content word of it as the rendering has it, in the same place
    (humanitarian assistance for humanitarian relief, red tea for black tea, Winter Games
    for Winter Olympics): the model rendered the term in its own words, and the rendering
    replaces them word for word. Where most words differ, the span is more likely a phrase
    of its own that shares a word (the new era of Chinese socialism is no socialism with
    Chinese characteristics). A word capitalised where the rendering's is not (and no
    sentence starts) makes the span part of a name (the Beijing Youth Hockey Club is no
    ice hockey)."""
    ours, theirs = WORDS.findall(text[span[0]:span[1]]), WORDS.findall(rendering)
    if len(ours) != len(theirs) or len(ours) < 2:
        return False
    same = [a.lower() == b.lower() for a, b in zip(ours, theirs)]
    if all(same) or 2 * same.count(False) > len(same) or \
            not any(s and not is_function_word(b, lang) for s, b in zip(same, theirs)):
        return False
    capitals = [a[:1].isupper() and not b[:1].isupper() for a, b in zip(ours, theirs)]
    return not any(capitals[1:]) and not (capitals[0] and not opens_sentence(text, span[0], lang))


def territory_named(text: str, term: Term, lang: str) -> bool:
    """Whether ``text`` is the name of a country or territory (CLDR, in the target language)
    that is no form of the term's rendering nor spelled out by it (UAE): attention that ties
    a term to "China" ties it to another name the output has (… carriers gathering around
    China, for 关岛 Guam)."""
    name = text.lower()
    initials = "".join(w[:1] for w in WORDS.findall(text) if not is_function_word(w, lang)).lower()
    return name in _territory_names(lang) and name not in {f.text.lower() for f in accepted_forms(term, lang)} \
        and initials != term.target.lower()   # the United Arab Emirates is the UAE


@lru_cache(maxsize=8)
def _territory_names(lang: str) -> frozenset[str]:
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(lang).territories.values()
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(re.sub(r"\s*\(.*?\)", "", name).lower() for name in names)


def join_runs_beside(text: str, span: Span, runs: list[Span], claimed: Claims) -> Span:
    """The span joined with every other run of output aligned to the term that stands just
    beside it with nothing but spaces, a hyphen or a possessive between: the model wrote
    the rendering in two runs (党中央 as "Party's centre", 中国儿童中心 as "China Children's
    Centre" with "'s" attending elsewhere), and replacing one run alone would leave the
    other beside the rendering."""
    joined = True
    while joined:
        joined = False
        for start, end in runs:
            if not WORDS.search(text, start, end) or not _next_to(text, span, start, end):
                continue
            between = text[span[1]:start] if start >= span[1] else text[end:span[0]]
            union = word_span(text, min(start, span[0]), max(end, span[1]))
            if union and union != span and claimed.free(union) and \
                    re.fullmatch(r"(?:['’]s)?[\s\u00a0-]*", between):
                span, joined = union, True
    return span


def _next_to(text: str, span: Span, start: int, end: int) -> bool:
    """Whether text[start:end] lies outside the span with no word between them but a
    possessive (党中央 rendered "Party's centre": the span took "Party", "centre" is the rest;
    "According to Zippin" keeps "to" between a stray alignment and the name)."""
    if start < span[1] and span[0] < end:
        return False
    between = text[span[1]:start] if start >= span[1] else text[end:span[0]]
    return not WORDS.search(re.sub(r"['’]s\b", "", between))


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


def name_goes_on(text: str, span: Span, lang: str, claimed: Claims | None = None,
                 elsewhere: Elsewhere | None = None) -> bool:
    """A capitalised word, not a function word or a title, right before or after the span:
    the output's name may be longer than the span (Shu Lipen, Saudi Crown Prince, Children's
    Centre). At a sentence start that may only be the capital of the first word; glossa
    does not guess, it flags. A word another decision claims is another term's rendering,
    not more of this name (President of Kazakhstan Tokayev), and so is a word the model
    wrote for another source word, where ``elsewhere`` can tell (新华社南宁 → Xinhua
    Nanning: Nanning renders 南宁)."""
    after = re.compile(r"(?:['’]s?)?\s+([^\W_]+)").match(text, span[1])
    before = word_before(text, span[0])
    # the stop lists hold words such as Net, Great and South, which are name parts when
    # capitalised mid-sentence (Xinhua Net, the South Sa Islands): after the span any capital
    # but "I" goes on the name, before it any but a title's or a sentence's first word's
    at = text.rindex(before, 0, span[0]) if before else span[0]
    goes_before = before[:1].isupper() and not (opens_sentence(text, at, lang) and is_function_word(before, lang)) \
        and not is_title(before, lang) and not _claimed(at, before, claimed) \
        and not (elsewhere and elsewhere((at, at + len(before))))
    goes_after = after is not None and after.group(1)[:1].isupper() and after.group(1) != "I" and \
        (claimed is None or claimed.free(after.span(1))) and not (elsewhere and elsewhere(after.span(1)))
    return goes_before or goes_after


def renders_elsewhere(translation, source_span: Span, word: Span) -> bool:
    """Whether every output piece of ``word`` attends most to a source piece outside the
    term's that holds a letter or digit: the model wrote the word for another source word
    (Nanning for the 南宁 after 新华社). A piece attending to the term, to the end of the
    sentence or to a punctuation mark leaves the question open, and the answer is no."""
    inside = term_pieces(translation, source_span)
    pieces = [k for k, (a, b) in enumerate(translation.target_offsets) if a < word[1] and word[0] < b]
    for k in pieces:
        i = aligned_source(translation, k)
        if i is None or i in inside or i >= len(translation.source_pieces) or \
                not any(ch.isalnum() for ch in translation.source_pieces[i]):
            return False
    return bool(pieces)


def widen_over_aligned(text: str, span: Span, translation, source_span: Span, claimed: Claims) -> Span:
    """The span widened over the capitalised words (or name particles: van, de), no titles,
    just beside it, joined by a space or a hyphen, whose pieces the model aligned to the term's source:
    the rest of the name the model wrote for the term (修立鹏 → Shu Lipen, where the
    spelling found only Lipen; Prime Minister van Mingzheng)."""
    inside = term_pieces(translation, source_span)

    def aligned_in(start: int, end: int) -> bool:
        pieces = [k for k, (a, b) in enumerate(translation.target_offsets) if a < end and start < b]
        return bool(pieces) and all(aligned_source(translation, k) in inside for k in pieces)

    def name_word(word: str) -> bool:   # a title the model wrote for the term stays (Professor)
        return (word[:1].isupper() or _is_name_particle(word)) and not is_title(word)

    while True:
        before = re.search(r"([^\W_]+)[ \u00a0‐-]$", text[:span[0]])
        if before and name_word(before.group(1)) and claimed.free((before.start(1), span[0])) and \
                aligned_in(before.start(1), before.end(1)):
            span = (before.start(1), span[1])
            continue
        after = re.match(r"[ \u00a0‐-]([^\W_]+)", text[span[1]:])
        if after and name_word(after.group(1)) and after.group(1)[:1].isupper() and \
                claimed.free((span[1], span[1] + after.end(1))) and \
                aligned_in(span[1] + after.start(1), span[1] + after.end(1)):
            span = (span[0], span[1] + after.end(1))
            continue
        return span


def _is_name_particle(word: str) -> bool:
    """A lower-case word that stands inside names (van, de, bin), from nameparser's list."""
    from nameparser.config import CONSTANTS

    return word.islower() and word in CONSTANTS.prefixes


def is_title(word: str, lang: str = "en") -> bool:
    """A title or honorific that stands before a name (Professor, Ms, President), from
    nameparser's English list; other target languages have none here."""
    if lang != "en":
        return False
    from nameparser.config import CONSTANTS

    return word.lower().rstrip(".") in CONSTANTS.titles


def rendering_nearby(text: str, span: Span, rendering: str, lang: str, reach: int = 3) -> bool:
    """A content word of the rendering, or a word of its stem, within a few words outside
    the span and no punctuation mark away from it: replacing the span would double it (the
    University of Zhejiang → the University of Zhejiang University; the Party's centre →
    the Party Central Committee's centre), where a word past a comma stands in another
    phrase (the Yangtze, Yellow River). Words of five letters or more are compared by their
    first five."""
    own = {_stem(w) for w in WORDS.findall(rendering) if not is_function_word(w, lang)}
    head = PHRASE_BREAK.split(text[max(0, span[0] - 200):span[0]])[-1]
    tail = PHRASE_BREAK.split(text[span[1]:span[1] + 200])[0]
    around = WORDS.findall(head)[-reach:] + WORDS.findall(tail)[:reach]
    return any(_stem(w) in own for w in around)


def names_the_rendering(text: str, term: Term) -> bool:
    """Whether the span is the rendering's own short form: a person's surname or other words
    of the name as the rendering writes them, a given name perhaps cut short (Zhang for Zhang
    Zhongmou, Chen Kai for Chen Kaixian), or the initials of
    a name of several words (GCC for Gulf Cooperation Council), or capitalised words that
    begin words of the rendering, in its order (Great Bay for Greater Bay Area). The model wrote the term,
    only shorter, so where its attention for the rest of the term went does not matter."""
    words = WORDS.findall(text)
    if not words or not term.is_proper:
        return False
    if term.kind == "person":
        own = WORDS.findall(term.target)
        return words[0] in own and all(w in own or len(w) >= 2 and any(o.startswith(w) for o in own[1:])
                                       for w in words[1:])
    own = WORDS.findall(term.target)
    initials = "".join(w[:1] for w in own if w[:1].isupper())
    if len(words) == 1:
        return len(initials) >= 2 and words[0] == initials
    return len(words) <= len(own) and any(
        all(o.startswith(w) and w[:1].isupper() for w, o in zip(words, own[i:i + len(words)]))
        for i in range(len(own) - len(words) + 1))


def shares_a_stem(text: str, rendering: str, lang: str) -> bool:
    """Whether the text has a word sharing its stem with a content word of the rendering
    (Great for Greater Bay Area)."""
    own = {_stem(w) for w in WORDS.findall(rendering) if not is_function_word(w, lang)}
    return any(_stem(w) in own for w in WORDS.findall(text))


def _stem(word: str) -> str:
    return word.lower()[:5]


def agrees_back(translation, source_span: Span, span: Span) -> bool:
    """Most of the term's source pieces attend most to output pieces inside the span."""
    inside = sorted(term_pieces(translation, source_span))
    rows = translation.attention
    hits = 0
    for i in inside:
        best = max(range(len(rows)), key=lambda k: rows[k][i])
        a, b = translation.target_offsets[best]
        hits += span[0] <= a and b <= span[1] or (a < span[1] and span[0] < b)
    return bool(inside) and hits * 2 >= len(inside)


def widen_over_rendering(text: str, span: Span, rendering: str, claimed: Claims) -> Span:
    """Take in neighbouring words that are words of the rendering (Carl before Vinson) or
    begin one (Great before Bay, for Greater Bay Area), that with the span spell the
    rendering written apart (Xinhua net for Xinhuanet), or, after an
    "of", the rendering's words the span still lacks (the University of Zhejiang: the
    rendering Zhejiang University written the other way round, and its article with it:
    "the University of Zhejiang" is "Zhejiang University")."""
    own = rendering_words(rendering)
    whole = _fold(rendering).replace(" ", "")
    start, end = span
    reordered_any = False
    while True:
        inside = {w.lower() for w in WORDS.findall(text[start:end])}
        reordered = re.match(r"[ \u00a0]+of[ \u00a0]+([^\W_]+)", text[end:])
        if reordered and claimed.free((end, end + reordered.end(1))) and reordered.group(1).lower() in own and \
                reordered.group(1).lower() not in inside:
            end += reordered.end(1)
            reordered_any = True
            continue
        reordered = re.search(r"([^\W_]+)[ \u00a0]+of[ \u00a0]+$", text[:start])
        if reordered and claimed.free((reordered.start(1), start)) and reordered.group(1).lower() in own and \
                reordered.group(1).lower() not in inside:
            start = reordered.start(1)
            reordered_any = True
            continue
        before = re.search(r"([^\W_]+)[ \u00a0]+$", text[:start])
        if before and claimed.free((before.start(1), start)) and (
                before.group(1).lower() in own or _begins_a_word_of(before.group(1), rendering)
                or _fold(text[before.start(1):end]).replace(" ", "") == whole):
            start = before.start(1)
            continue
        after = re.match(r"[ \u00a0]+([^\W_]+)", text[end:])
        if after and claimed.free((end, end + after.end(1))) and (
                after.group(1).lower() in own or _fold(text[start:end + after.end(1)]).replace(" ", "") == whole):
            end += after.end(1)
            continue
        article = re.search(r"(?<!\w)(the|The)[ \u00a0]+$", text[:start]) if reordered_any else None
        if article and claimed.free((article.start(1), start)):
            start = article.start(1)
        return (start, end)


def _begins_a_word_of(word: str, rendering: str) -> bool:
    """A capitalised word of four letters or more that a capitalised word of the rendering
    begins with: the model's shorter form of it (Great Bay for Greater Bay Area)."""
    return len(word) >= 4 and word[:1].isupper() and any(
        w != word and w.startswith(word) and w[:1].isupper() for w in WORDS.findall(rendering))


@lru_cache(maxsize=16)
def _function_words(lang: str) -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords(lang)) if stopwordsiso.has_lang(lang) else frozenset()


def is_function_word(word: str, lang: str = "en") -> bool:
    """A stop word of the target language (stopwords-iso), or a number."""
    return word.lower() in _function_words(lang) or any(ch.isdigit() for ch in word)


def without_possessive(text: str, span: Span) -> Span:
    """The span less a trailing 's or ’, which stays in the text when the span is replaced."""
    possessive = POSSESSIVE.search(text[span[0]:span[1]])
    return (span[0], span[1] - len(possessive.group())) if possessive else span


def term_pieces(translation, source_span: Span) -> set[int]:
    start, end = source_span
    return {i for i, (a, b) in enumerate(translation.source_offsets) if a < end and start < b}


def aligned_source(translation, k: int) -> int | None:
    """The source piece output piece k attends to most."""
    row = translation.attention[k]
    return max(range(len(row)), key=row.__getitem__) if row else None


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


class ForbiddenFinder(VariantFinder):
    """A rendering the entry forbids, standing where the term is: replaced as a variant is."""

    method = "forbidden"

    @staticmethod
    def renderings(term: Term) -> tuple[str, ...]:
        return term.forbidden


FINDERS = (VariantFinder(), ForbiddenFinder(), TransliterationFinder(), AttentionFinder())
