"""Names in an MT output: spellings that read like a transliteration of the source or like
the rendering, the whole name around a part of it, whether a name goes on beyond a span,
the model's short forms of a rendering, and place adjectives and other countries' names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from glossa.enforce.claims import Claims, is_claimed
from glossa.enforce.target_forms import accepted_forms
from glossa.enforce.words import (
    WORDS,
    is_function_word,
    is_honorific,
    is_title,
    opens_sentence,
    rendering_words,
    without_possessive,
    word_before,
)
from glossa.glossary.model import Term
from glossa.records import Span

NAME_RUN = re.compile(r"[^\W_]+(?:[-‐'’. \u00a0]+[^\W_]+)*")   # words joined by spaces, hyphens, initials' dots


Elsewhere = Callable[[Span], bool]   # whether the output word at a span renders another source word


SIMILAR = 82.0           # a transliteration this close is a suspect


SURE_SIMILAR = 90.0      # and this close an edit


@lru_cache(maxsize=4096)
def transliterations(word: str) -> tuple[str, ...]:
    import iuliia

    schemes = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303, iuliia.SCIENTIFIC, iuliia.MOSMETRO)
    return tuple(sorted({fold(s.translate(word)) for s in schemes}))


def fold(text: str) -> str:
    return re.sub(r"[-‐\s]+", " ", text.lower()).strip()


@lru_cache(maxsize=4096)
def without_diacritics(text: str) -> str:
    """Latin letters without their diacritics, for comparing spellings: Kvesić reads as the
    glossary's Kvesic (a right form is still told by its exact spelling)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def single_letters(text: str) -> str:
    """Doubled letters written once: the commonest difference between transliterations
    (TAS and TASS, Kasym and Kassym)."""
    return re.sub(r"(.)\1+", r"\1", text)


# The letters the romanisations of Russian (BGN/PCGN, Wikipedia, ISO 9, the German and
# French schemes, passports) write differently for one Cyrillic letter or pair, in the order
# they are read: a name spelled otherwise only in these is the same name.
ROMANISED_ALIKE = tuple((re.compile(pattern), written) for pattern, written in (
    (r"['ʹʼ’]", ""),         # the soft sign, kept by the scientific scheme (Naval'nyj)
    (r"kh", "h"),            # х: Khodorkovsky, Hodorkovsky
    (r"tch|tsch", "ch"),     # ч: Tchaikovsky, Tschaikowski
    (r"sch", "sh"),          # ш: Schuschkewitsch
    (r"tz", "ts"),           # ц: Kravtzov, Kravtsov
    (r"w", "v"),             # в: Peskow, Peskov
    (r"ye", "e"),            # е: Dostoyevsky, Dostoevsky
    (r"[yj]", "i"),          # й, ы: Alexei, Alexey, Jurij, Navalnyj
))


def romanised_alike(a: str, b: str, source: str) -> bool:
    """Whether two spellings of a name differ only in doubled letters (TAS and TASS) or, for
    a name written in Cyrillic in the source, where the romanisations of Russian do (Alexei
    and Alexey, Peskow and Peskov, Navalni and Navalny): the same name transliterated by
    another scheme, not another name (Ivanova is not Ivanov, Marina not Maria)."""
    if not any(unicodedata.name(ch, "").startswith("CYRILLIC") for ch in source):
        return single_letters(fold(a)) == single_letters(fold(b))
    return _romanised(a) == _romanised(b)


@lru_cache(maxsize=4096)
def _romanised(spelling: str) -> str:
    text = without_diacritics(fold(spelling))
    for pattern, written in ROMANISED_ALIKE:
        text = pattern.sub(written, text)
    return single_letters(text)


def expands_abbreviation(term: Term) -> bool:
    """ФРГ → Germany, МИД → Foreign Ministry: the output's FRG or MID is a transliteration,
    but the name in its place takes other articles and modifiers (the FRG Chancellor)."""
    return len(term.source) >= 2 and term.source.isupper() and not term.target.isupper()


@lru_cache(maxsize=64)
def similar_runs(text: str, wanted: frozenset[str], right: frozenset[str],
                 size: int, shortest: int | None = None) -> tuple[tuple[float, int, Span], ...]:
    """Capitalised runs of one word fewer (or ``shortest``) to one more than the rendering's
    ``size`` that read like one of the ``wanted`` spellings (and are no right form), best
    first, the earlier first among equals, as (score, order, span). Kept per text, so the
    occurrences of a term in one long line share one pass over it instead of one pass each."""
    from rapidfuzz import fuzz

    words = [m.span() for m in WORDS.finditer(text)]
    runs: list[tuple[float, int, Span]] = []
    plain = {without_diacritics(w) for w in wanted}
    for n in range(max(1, size - 1) if shortest is None else shortest, size + 2):
        for i in range(len(words) - n + 1):
            span = without_possessive(text, (words[i][0], words[i + n - 1][1]))
            chunk = text[span[0]:span[1]]
            if not chunk or not chunk[:1].isupper() or fold(chunk) in right or not NAME_RUN.fullmatch(chunk):
                continue   # a name runs over spaces and hyphens, never a comma or a bracket
            score = max(fuzz.ratio(without_diacritics(fold(chunk)), w, score_cutoff=SIMILAR) for w in plain)
            if score > SIMILAR:
                runs.append((score, len(runs), span))
    return tuple(sorted(runs, key=lambda r: (-r[0], r[1])))


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


def anchored(chunk: str, wanted) -> bool:
    """The spelling cut-off looks at the whole name: a name of two words or more, as many as
    a wanted spelling has, one of them the same word, is that name spelled otherwise in the
    rest (Zhang Deing for Zhang Diming, Justin Cowley for Justin Cauley): the same word ties
    it to the term, where a one-word name off by a few letters may be another word. The
    same word may be a common one (Islands), so the name must not go on beyond the span
    (the South Sa Islands is not Nansha Islands)."""
    words = fold(chunk).split()
    return len(words) >= 2 and any(
        len(spelling.split()) == len(words) and any(a == b for a, b in zip(words, spelling.split()))
        for spelling in wanted)


def names_the_rendering(text: str, term: Term) -> bool:
    """Whether the span is the rendering's own short form: a person's surname or other words
    of the name as the rendering writes them, a given name perhaps cut short (Zhang for Zhang
    Zhongmou, Chen Kai for Chen Kaixian), or the initials of a name of several words (GCC for
    Gulf Cooperation Council), or capitalised words that begin words of the rendering, in its
    order (Great Bay for Greater Bay Area). The model wrote the term, only shorter, so where
    its attention for the rest of the term went does not matter."""
    words = WORDS.findall(text)
    if not words or not term.is_proper:
        return False
    own = WORDS.findall(term.target)
    if term.kind == "person":
        return words[0] in own and all(w in own or len(w) >= 2 and any(o.startswith(w) for o in own[1:])
                                       for w in words[1:])
    initials = "".join(w[:1] for w in own if w[:1].isupper())
    if len(words) == 1:
        return len(initials) >= 2 and words[0] == initials
    return len(words) <= len(own) and any(
        all(o.startswith(w) and w[:1].isupper() for w, o in zip(words, own[i:i + len(words)]))
        for i in range(len(own) - len(words) + 1))


def after_a_word(text: str, span: Span, lang: str, claimed: Claims | None = None,
                  elsewhere: Elsewhere | None = None) -> bool:
    """A surname that follows a word other than a function word or an honorific may be the
    end of a longer name (Prime Minister van Mingzheng, Oleg Navalny, activist Law Guanchong):
    Trump alone may become Donald Trump, and so may President Trump, this not. A word another
    decision claims, or one the model wrote for another source word, renders something else
    (President of Kazakhstan Tokaev; Xinhua Nanning for 新华社南宁)."""
    before = word_before(text, span[0])
    if not before or is_function_word(before, lang) or is_honorific(before, lang):
        return False
    at = text.rindex(before, 0, span[0])
    return not is_claimed(at, before, claimed) and not (elsewhere and elsewhere((at, at + len(before))))


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
        and not is_title(before, lang) and not is_claimed(at, before, claimed) \
        and not (elsewhere and elsewhere((at, at + len(before))))
    goes_after = after is not None and after.group(1)[:1].isupper() and after.group(1) != "I" and \
        (claimed is None or claimed.free(after.span(1))) and not (elsewhere and elsewhere(after.span(1)))
    return goes_before or goes_after


def abbreviates(text: str, rendering: str) -> bool:
    """Whether the text is the rendering's initialism (GCC for Gulf Cooperation Council, PLA
    for People's Liberation Army, the initials of its capitalised words): an abbreviation is
    a name whole, which a capitalised word after it qualifies (the GCC States) rather than
    continues."""
    initials = "".join(w[0] for w in WORDS.findall(rendering) if w[:1].isupper())
    return len(text) >= 2 and text.isalpha() and text.isupper() and text == initials.upper()


def is_name_particle(word: str) -> bool:
    """A lower-case word that stands inside names (van, de, bin), from nameparser's list."""
    from nameparser.config import CONSTANTS

    return word.islower() and word in CONSTANTS.prefixes


def widen_over_rendering(text: str, span: Span, rendering: str, claimed: Claims) -> Span:
    """Take in neighbouring words that are words of the rendering (Carl before Vinson) or
    begin one (Great before Bay, for Greater Bay Area), that with the span spell the
    rendering written apart (Xinhua net for Xinhuanet), or, after an
    "of", the rendering's words the span still lacks (the University of Zhejiang: the
    rendering Zhejiang University written the other way round, and its article with it:
    "the University of Zhejiang" is "Zhejiang University")."""
    own = rendering_words(rendering)
    whole = fold(rendering).replace(" ", "")
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
                or fold(text[before.start(1):end]).replace(" ", "") == whole):
            start = before.start(1)
            continue
        after = re.match(r"[ \u00a0]+([^\W_]+)", text[end:])
        if after and claimed.free((end, end + after.end(1))) and (
                after.group(1).lower() in own or fold(text[start:end + after.end(1)]).replace(" ", "") == whole):
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


DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "ish", "i", "ic", "ean", "er", "ite", "")


def adjective_of(word: str, name: str) -> bool:
    """Whether a word reads as an adjective or demonym of a place's name rather than another
    spelling of it: the name with an ending (Mongolia → Mongolian, Vietnam → Vietnamese,
    Iraq → Iraqi), its stem with one (China → Chinese), or a shorter head of it (Kazakh for
    Kazakhstan). Writing the name over it breaks the phrase (a small Mongolian country)."""
    w, n = without_diacritics(word.lower()).rstrip("’'s"), without_diacritics(name.lower())
    if w == n or len(w) < 4:
        return False
    stem = n.rstrip("aeiouy")
    return any(w == base + ending for base in (n, stem) for ending in DEMONYM_ENDINGS if base + ending != n) \
        or (n.startswith(w) and len(n) - len(w) >= 3)


DERIVED_ENDINGS = ("ist", "ists", "ism", "ian", "ians", "ean", "ic", "ite", "esque")


def derived_from(word: str, name: str) -> bool:
    """Whether a word is made from a person's name with a derivational ending (Marxist,
    Machiavellian, Confucian, Keynesian): an adjective or a movement, which the name
    written over it would turn into the person."""
    w, n = without_diacritics(word.lower()).rstrip("’'"), without_diacritics(name.lower())
    return w != n and any(w == base + ending for base in (n, n.rstrip("aeiouy"), n + "s")
                          for ending in DERIVED_ENDINGS)


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
