"""Checks a forced candidate must pass: it gives the output back word for word but for the
term's old words, keeps every content word, adds few, and puts the rendering as whole words
where nothing is doubled, wedged into a phrase or set after the sentence's end."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from glossa.enforce.attention import aligned_source, term_pieces
from glossa.enforce.target_forms import singular, written_plural
from glossa.enforce.words import (
    WORDS,
    is_function_word,
    is_number,
    is_pronoun,
    is_title,
    opens_sentence,
    rendering_nearby,
    shares_a_stem,
    stem_of,
    word_before,
)
from glossa.engine.tokenizers import pieces_to_text
from glossa.records import Span

TOKENS = re.compile(WORDS.pattern + r"|[^\w\s]")   # words, and each punctuation mark


PLAIN_WORD = re.compile(r"[^\W_]+")                  # letters and digits: a hyphen parts words
HYPHENS = ("-", "‐")


TERMINAL = re.compile(r"[.!?。！？…]['\"”’»)\]]*\s*$")


ADDED_SHARE = 0.25      # words a candidate may add besides the rendering, as a share of the raw's


SPELLED_ALIKE = 60.0    # edit ratio above which an output word is another spelling of a rendering's


@lru_cache(maxsize=1024)
def token_diff(base: str, text: str) -> tuple[tuple[re.Match, ...], tuple[re.Match, ...], tuple[tuple, ...]]:
    """The words and punctuation marks of an output and of a candidate, and the places where
    they differ (difflib opcodes other than "equal", compared case-blind). The checks of one
    candidate each ask for it, so it is worked out once per pair."""
    ours, theirs = tuple(TOKENS.finditer(base)), tuple(TOKENS.finditer(text))
    return ours, theirs, tuple(op for op in SequenceMatcher(None, [m.group().lower() for m in ours],
                                                             [m.group().lower() for m in theirs],
                                                             autojunk=False).get_opcodes() if op[0] != "equal")


def swaps(base: str, text: str, lang: str) -> bool:
    """Whether the candidate writes the rendering in place of content words the output had,
    rather than putting it in beside them or over a pronoun or an article: only a swap is
    offered as a proposal (an insertion may land beside a pronoun: "He Luo Guancong also
    called"), and only a swap brings in a common noun (support them → support
    of SMEs would need grammar glossa does not write)."""
    ours, _, changes = token_diff(base, text)
    return len(changes) == 1 and any(m.group()[:1].isalnum() and not is_function_word(m.group(), lang)
                                     for m in ours[changes[0][1]:changes[0][2]])




def replaced_words(base: str, text: str, span, aligned: str, term, lang: str) -> str:
    """The output's words a model-made candidate changed to write the rendering, when the
    change is one place and each of its words may be the model's own rendering of the term:
    a word the model aligned to it, a word of a name (capitalised where no sentence starts,
    for a name's entry) or one spelled like a word of the rendering (Byden for Biden, Deing
    for Diming). The candidate is then the output with that span rewritten, whatever the
    attention said; "" when the change takes other words (a verb, a noun, the sentence's
    first word), which stay the output's."""
    before, _, changes = token_diff(base, text)
    if len(changes) != 1:
        return ""
    _, i1, i2, _, _ = changes[0]
    own = {w.lower() for w in WORDS.findall(aligned)}
    rendering = [w.lower() for w in WORDS.findall(text[span[0]:span[1]])]

    def may_render(m: re.Match) -> bool:
        word = m.group()
        return (word.lower() in own or is_function_word(word, lang) or not word[:1].isalnum()
                or term.is_proper and word[:1].isupper() and not opens_sentence(base, m.start(), lang)
                or any(spelled_alike(word.lower(), r) for r in rendering))

    old = before[i1:i2]
    return " ".join(m.group() for m in old) if old and all(map(may_render, old)) else ""


def spelled_alike(word: str, other: str) -> bool:
    """Two spellings of one name (Byden and Biden, Deing and Diming): a close edit ratio."""
    from rapidfuzz import fuzz

    return fuzz.ratio(word, other) >= SPELLED_ALIKE


def fluency(pieces, logprobs: list[float], skip, detokenize=pieces_to_text) -> float:
    """Mean log-probability of the pieces outside ``skip`` and of the end of the sentence:
    how well the rest of the sentence goes with the rendering in it. The rendering's own
    pieces are left out: a name the model would never write (SMEs) scores low wherever it
    stands, and the tokenizer may split it unnaturally. ``detokenize`` is the tokenizer's
    (pieces → text and piece offsets)."""
    _, offsets = detokenize(list(pieces))
    kept = [lp for (a, b), lp in zip(offsets, logprobs) if skip is None or b <= skip[0] or a >= skip[1]]
    kept.append(logprobs[-1])
    return sum(kept) / len(kept)


def words_for_term(raw, source_span) -> str:
    """The raw output's words the model wrote for the term (small businesses for 小企业),
    which a candidate rightly replaces with the rendering."""
    return " ".join(raw.text[a:b] for a, b in aligned_word_spans(raw, source_span))


def aligned_word_spans(raw, source_span) -> list[Span]:
    """The spans, in text order, of the raw output's words attention ties to the source
    span (none without attention)."""
    if raw.attention is None:
        return []
    inside = term_pieces(raw, source_span)
    aligned = [raw.target_offsets[k] for k in range(len(raw.target_pieces)) if aligned_source(raw, k) in inside]
    return [(a, b) for a, b in hyphened_words(raw.text) if any(x < b and a < y for x, y in aligned)]


def hyphened_words(text: str) -> list[Span]:
    """The spans of the text's words (letters and digits), lower-case parts a hyphen joins
    as one (bi-annual, of which the model may align only "bi" to 双年展; well-screened). A
    capitalised part stands apart: in "concluded-Xinhua Net" the model wrote Xinhua Net
    for 新华网, and "concluded" stays the sentence's (so do "Times" in "Times-Xinhua" and
    "based" in "Beijing-based"); so does a possessive's s."""
    spans: list[Span] = []
    for part in PLAIN_WORD.finditer(text):
        if spans and text[spans[-1][1]:part.start()] in HYPHENS and part.group()[:1].islower() and \
                text[spans[-1][0]].islower():
            spans[-1] = (spans[-1][0], part.end())
        else:
            spans.append(part.span())
    return spans


def fits_in_place(base: str, text: str, span, lang: str) -> bool:
    """Whether a common noun's rendering takes the place of the output's words without
    other grammar: none of them is another form of the rendering's words (democratic values
    → democracy values), no article, short preposition or number of theirs (a, the, of,
    three) is lost with them (to start a business → to start entrepreneurship; these three
    institutions → these universities, where attention tied "three" to 高校 too), and the
    last of them has the rendering's number (undergraduate schools → undergraduate
    entrepreneurship)."""
    ours, theirs, changes = token_diff(base, text)
    if len(changes) != 1:
        return False
    _, i1, i2, j1, j2 = changes[0]
    old = [m.group() for m in ours[i1:i2] if WORDS.fullmatch(m.group())]
    new = {m.group().lower() for m in theirs[j1:j2]}
    rendering = WORDS.findall(text[span[0]:span[1]])
    stems = {stem_of(w): w.lower() for w in rendering if not is_function_word(w, lang)}
    if any(stem_of(w) in stems and singular(w, lang).lower() != singular(stems[stem_of(w)], lang).lower()
           for w in old):
        return False
    if any((len(w) <= 3 and is_function_word(w, lang) or is_number(w, lang)) and w.lower() not in new
           for w in old):
        return False   # an article, a preposition, a number: a, the, of, three
    content = [w for w in old if not is_function_word(w, lang)]
    return not content or not rendering or written_plural(content[-1], lang) == written_plural(rendering[-1], lang)


def keeps_the_sentence(raw: str, text: str, span, old_words: str, lang: str) -> bool:
    """The candidate is the raw output with the term put in: no content word of the raw
    output is lost but the words the model wrote for the term, of which at least one goes
    (else the rendering was added beside the old one: Macao University … University of
    Macau), few words are added, and the rendering is not doubled or set after the end."""
    if span is None:
        return False
    old = _content(old_words, lang)
    have, had = _content(text, lang), _content(raw, lang)
    if had - old - have:
        return False
    rendering = _words(text[span[0]:span[1]])
    replaced = old - rendering      # Nakamura stays in Shuji Nakamura; "Professor Lee" must go
    if replaced and not any(have[w] < had[w] for w in replaced):   # counted: the sentence may
        return False                                              # name it again elsewhere
    raw_words = _words(raw)
    added = _words(text) - raw_words
    if sum((added - rendering).values()) > max(3, ADDED_SHARE * raw_words.total()):
        return False
    return not _damaged(text, span, raw, old_words, added, lang)


def only_inserted(raw: str, text: str, span, old_words: str, lang: str) -> bool:
    """A candidate must give back the raw output word for word, the rendering put in one
    place, in place of the term's old words only (an article may come with it): a candidate
    that drifts elsewhere (Leahy said → Lahey 11 said in Teheran) damages the sentence,
    however it was made. Punctuation counts as words here: a continuation that drops a comma (science, and Ms. →
    science and Ms.) does not give the raw output back. A word the raw output keeps must
    not share its stem with the rendering: the output most likely names the term there
    already (the Great Bay Science Forum in 2021 → … Forum in Greater Bay Area 2021)."""
    ours, found, changes = token_diff(raw, text)
    if len(changes) != 1:
        return False
    _, i1, i2, j1, j2 = changes[0]
    raw_words = [m.group().lower() for m in ours]
    words = [m.group().lower() for m in found]
    rendering = {w.lower() for w in TOKENS.findall(text[span[0]:span[1]])}
    old = {w.lower() for w in TOKENS.findall(old_words)}
    kept = " ".join(m.group() for j, m in enumerate(found)
                    if not j1 <= j < j2 and (m.end() <= span[0] or m.start() >= span[1]))
    return all(w in rendering or _small_word(w, lang) for w in words[j1:j2]) and \
        all(w in old for w in raw_words[i1:i2]) and \
        not shares_a_stem(kept, text[span[0]:span[1]], lang) and \
        bool(TERMINAL.search(text)) >= bool(TERMINAL.search(raw))


def after_a_pronoun(text: str, span, old_words: str, lang: str) -> bool:
    """Whether a rendering put in where the output had no words for the term stands right
    after a pronoun (He Luo Guancong also called …): the pronoun was the output's word for
    the name, and the name beside it says it twice."""
    return not old_words.strip() and is_pronoun(word_before(text, span[0]), lang)


def after_a_title(text: str, span, old_words: str, lang: str) -> bool:
    """Whether a rendering put in where the output had no words for the term stands right
    after a title (The President Sarajevo of the … Committee): a title and a capitalised word
    read as a person named, so only a person's rendering may go there."""
    return not old_words.strip() and is_title(word_before(text, span[0]), lang)


def _small_word(word: str, lang: str) -> bool:
    """An article or preposition that may come with a name (the, of); the stop lists also
    hold words such as "resulting", which are no part of one."""
    return len(word) <= 4 and is_function_word(word, lang)


def _words(text: str) -> Counter:
    return Counter(w.lower() for w in WORDS.findall(text))


def _content(text: str, lang: str) -> Counter:
    return Counter(w.lower() for w in WORDS.findall(text) if not is_function_word(w, lang))


def _damaged(text: str, span, raw: str, old_words: str, added: Counter, lang: str) -> bool:
    """The rendering doubled or set beside its own words (Li Xiaoliang Li Xiaoliang, Carl
    Carl Vinson), a word of the old rendering left beside the new one (small SMEs), one word
    on both sides of it (will Greater Bay Area will), wedged into a phrase, set after the
    sentence's end (… the crew. Yangtze River.), or added after the output's last word in
    place of none (… the module Zhengzhou), where no grammar holds it. ``added``: the words
    the candidate has more often than the raw output."""
    if rendering_nearby(text, span, text[span[0]:span[1]], lang):
        return True
    before = [w.lower() for w in WORDS.findall(text[:span[0]])]
    after = [w.lower() for w in WORDS.findall(text[span[1]:])]
    old = {w.lower() for w in WORDS.findall(old_words)}
    if before and before[-1] in old or after and after[0] in old or before and not after and not old:
        return True
    if before and after and before[-1] == after[0] and added[after[0]]:
        return True   # a word doubled around it: … Hong Kong will Greater Bay Area will focus
    return _wedged(text, span, raw, lang) or bool(TERMINAL.search(raw)) and bool(TERMINAL.search(text[:span[0]]))


def _wedged(text: str, span, raw: str, lang: str) -> bool:
    """The rendering put between two words the output had side by side, neither a function
    word: it splits a phrase instead of filling a place (three US aircraft Guam carriers,
    where the MT had left out the clause that named Guam)."""
    before = re.search(r"([^\W_]+)[ \u00a0]+$", text[:span[0]])
    after = re.match(r"[ \u00a0]+([^\W_]+)", text[span[1]:])
    if not (before and after) or is_function_word(before.group(1), lang) or is_function_word(after.group(1), lang):
        return False
    return re.search(rf"(?<!\w){re.escape(before.group(1))}\s+{re.escape(after.group(1))}(?!\w)", raw) is not None
