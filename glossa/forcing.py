"""Bringing a lost term into a translation without breaking the sentence.

When the output neither renders a term nor has a span glossa is sure of, the model is asked
for other translations that do render it, and the one it likes best is taken, provided it
keeps the sentence: candidates are the model's n-best hypotheses, continuations forced
from the rendering at the word boundaries around where the term belongs, and a translation
of the source with the rendering written into it. Each candidate must hold the rendering as
whole words, keep every term the output already had, keep nearly all of the raw output's
content words, have no word doubled at the rendering and nothing after the sentence's end,
and score (length-normalised log-probability, CTranslate2 ``score_batch``) close to the raw
output. When none passes, the raw translation stays and the term is flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from dataclasses import dataclass, replace

from glossa.enforce import (PRESENT, Decision, Segment, apply, is_enforced, locate, source_plural,
                            styled, verified)
from glossa.spans import WORDS, aligned_source, is_function_word, rendering_nearby, term_pieces, word_span
from glossa.engine.translator import pieces_to_text
from glossa.target_forms import rendering_for

ALTERNATIVES = 8        # n-best hypotheses asked for
SCORE_MARGIN = 0.35     # how much worse per piece than the raw output a candidate may score
ADDED_SHARE = 0.25      # words a candidate may add besides the rendering, as a share of the raw's
TERMINAL = re.compile(r"[.!?。！？…]['\"”’»)\]]*\s*$")


@dataclass(frozen=True)
class Candidate:
    method: str                 # n-best | prefix | source
    pieces: tuple[str, ...]
    text: str


def force_missing(segment: Segment, matches, translator, translation, source_lang: str = "ru",
                  target_lang: str = "en") -> Segment:
    """Force, one by one, each enforced term the output lost or glossa could not place."""
    raw = translation
    base = translation
    plural = source_plural(segment.source, matches, source_lang)
    forced: dict[int, str] = {}
    alternatives = None
    for index, decision in enumerate(segment.decisions):
        if decision.action not in ("missing", "flagged") or not is_enforced(decision.term):
            continue
        present = _present(segment.source, matches, base, target_lang)
        if index in present:
            continue   # an earlier forcing brought it in
        if alternatives is None:
            alternatives = translator.alternatives(segment.source, ALTERNATIVES)
        rendering = rendering_for(decision.term, plural[index], target_lang)
        candidates = _candidates(segment.source, matches[index], rendering, base, alternatives, translator)
        chosen = _choose(segment.source, matches, index, candidates, present, raw, base, decision,
                         translator, target_lang)
        if chosen is not None:
            base = translator.align(segment.source, list(chosen.pieces))
            forced[index] = chosen.method
    if not forced:
        return _flag_lost(segment)
    located = locate(segment.source, matches, base.text, base, target_lang=target_lang)
    final, decisions = apply(base.text, located, plural, True, target_lang)
    decisions = [replace(d, action="forced", method=forced[i], mt_span=None) if i in forced and d.action == "kept"
                 else replace(d, mt_span=None) for i, d in enumerate(decisions)]
    return _flag_lost(verified(Segment(segment.source, segment.mt, final, tuple(decisions)), target_lang))


def _flag_lost(segment: Segment) -> Segment:
    """An enforced term still missing after forcing is flagged: no edit kept it in."""
    return replace(segment, decisions=tuple(
        replace(d, action="flagged", why=d.why or "no translation that keeps the sentence renders it")
        if d.action == "missing" and is_enforced(d.term) else d for d in segment.decisions))


def _present(source: str, matches, translation, target_lang: str) -> set[int]:
    """Matches whose rendering (or a right form of it) the text already holds."""
    return {i for i, loc in enumerate(locate(source, matches, translation.text, None, target_lang=target_lang))
            if loc.action == "kept"}


def _candidates(source: str, match, rendering: str, base, alternatives, translator) -> list[Candidate]:
    found = [Candidate("n-best", t.target_pieces, t.text) for t in alternatives[1:]]
    # a candidate is the raw output with the term in: not much longer, and a model that
    # will not stop after a forced start is cut short rather than left to ramble
    bound = len(base.target_pieces) + len(translator.encode_target(rendering)) + max(8, len(base.target_pieces) // 5)
    points = _insertion_points(base, match, translator)
    prefixes = []
    for k in points:
        head = base.text[:base.target_offsets[k][0]] if k < len(base.target_pieces) else base.text
        word = styled(rendering, head.rstrip() + " ", (len(head.rstrip()) + 1, 0)) if head.strip() else \
            rendering[:1].upper() + rendering[1:]
        prefixes.append(list(base.target_pieces[:k]) + translator.encode_target(word))
    if prefixes:
        found += [Candidate("prefix", t.target_pieces, t.text)
                  for t in translator.continuations(source, prefixes, bound)]
    injected = source[:match.start] + rendering + source[match.end:]
    found += [Candidate("source", t.target_pieces, t.text)
              for t in translator.translate([injected], max_length=bound)]
    unique: dict[str, Candidate] = {}
    for candidate in found:
        unique.setdefault(candidate.text, candidate)
    return list(unique.values())


def _insertion_points(base, match, translator) -> list[int]:
    """Piece indices where a word starts, around the place the term belongs: after the last
    output word the model aligned to source text before the term (word order mostly follows
    the source), and the word boundaries on either side of it."""
    starts = [k for k in range(len(base.target_pieces)) if translator.tokenizer.starts_word(base, k)]
    starts.append(len(base.target_pieces))
    if base.attention is None:
        return starts[-1:]
    before = {i for i, (_, b) in enumerate(base.source_offsets) if b <= match.start}
    aligned = [k for k in range(len(base.target_pieces)) if aligned_source(base, k) in before
               and base.target_pieces[k].replace("▁", "").strip()]
    after_last = next((s for s in starts if aligned and s > max(aligned)), starts[0])
    at = starts.index(after_last)
    return sorted({starts[j] for j in (at - 1, at, at + 1) if 0 <= j < len(starts)})


def _choose(source: str, matches, index: int, candidates: list[Candidate], present: set[int], raw, base,
            decision: Decision, translator, target_lang: str) -> Candidate | None:
    """The candidate the model finds most fluent around the rendering, among those that
    render the term and keep the sentence."""
    passing = []
    wanted = present | {index}
    old_words = _words_for_term(raw, decision.source_span)
    for candidate in candidates:
        located = locate(source, matches, candidate.text, None, target_lang=target_lang)
        held = {i for i, loc in enumerate(located) if loc.action == "kept"}
        span = located[index].span
        if wanted <= held and keeps_the_sentence(raw.text, candidate.text, span, old_words, target_lang) \
                and only_inserted(raw.text, candidate.text, span, old_words, target_lang):
            passing.append((candidate, span))
    if not passing:
        return None
    scored = translator.score(source, [list(base.target_pieces)] + [list(c.pieces) for c, _ in passing])
    floor = fluency(base.target_pieces, scored[0], None, translator.tokenizer.detokenize) - SCORE_MARGIN
    best, best_fluency = None, floor
    for (candidate, span), logprobs in zip(passing, scored[1:]):
        value = fluency(candidate.pieces, logprobs, span, translator.tokenizer.detokenize)
        if value >= best_fluency:
            best, best_fluency = candidate, value
    return best


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


def _words_for_term(raw, source_span) -> str:
    """The raw output's words the model wrote for the term (small businesses for 小企业),
    which a candidate rightly replaces with the rendering."""
    if raw.attention is None:
        return ""
    inside = term_pieces(raw, source_span)
    spans = {word_span(raw.text, *raw.target_offsets[k]) for k in range(len(raw.target_pieces))
             if aligned_source(raw, k) in inside}
    return " ".join(raw.text[a:b] for a, b in sorted(s for s in spans if s))


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
    rendering = Counter(w.lower() for w in WORDS.findall(text[span[0]:span[1]]))
    replaced = old - rendering      # Nakamura stays in Shuji Nakamura; "Professor Lee" must go
    if replaced and not replaced - have:
        return False
    added = Counter(w.lower() for w in WORDS.findall(text)) - Counter(w.lower() for w in WORDS.findall(raw))
    if sum((added - rendering).values()) > max(3, ADDED_SHARE * len(WORDS.findall(raw))):
        return False
    return not _damaged(text, span, raw, old_words, lang)


def only_inserted(raw: str, text: str, span, old_words: str, lang: str) -> bool:
    """A candidate must give back the raw output word for word, the rendering put in one
    place, in place of the term's old words only (an article may come with it): read on
    zh→en, candidates that drift (On 11 December → On Beijing, 11 December, the President of
    the country; Leahy said → Lahey 11 said in Teheran; resulting in a build-up → resulting
    Taiwan Semiconductor Manufacturing Company) were damage, whichever way they were made."""
    raw_words = [w.lower() for w in WORDS.findall(raw)]
    words = [w.lower() for w in WORDS.findall(text)]
    changes = [op for op in SequenceMatcher(None, raw_words, words, autojunk=False).get_opcodes()
               if op[0] != "equal"]
    if len(changes) != 1:
        return False
    _, i1, i2, j1, j2 = changes[0]
    rendering = {w.lower() for w in WORDS.findall(text[span[0]:span[1]])}
    old = {w.lower() for w in WORDS.findall(old_words)}
    return all(w in rendering or _small_word(w, lang) for w in words[j1:j2]) and \
        all(w in old for w in raw_words[i1:i2]) and \
        bool(TERMINAL.search(text)) >= bool(TERMINAL.search(raw))


def _small_word(word: str, lang: str) -> bool:
    """An article or preposition that may come with a name (the, of); the stop lists also
    hold words such as "resulting", which are no part of one."""
    return len(word) <= 4 and is_function_word(word, lang)


def _content(text: str, lang: str) -> Counter:
    return Counter(w.lower() for w in WORDS.findall(text) if not is_function_word(w, lang))


def _damaged(text: str, span, raw: str, old_words: str, lang: str) -> bool:
    """The rendering doubled or set beside its own words (Li Xiaoliang Li Xiaoliang, Carl
    Carl Vinson), a word of the old rendering left beside the new one (small SMEs), or the
    rendering set after the sentence's end (… the crew. Yangtze River.)."""
    if rendering_nearby(text, span, text[span[0]:span[1]], lang):
        return True
    before = [w.lower() for w in WORDS.findall(text[:span[0]])]
    after = [w.lower() for w in WORDS.findall(text[span[1]:])]
    old = {w.lower() for w in WORDS.findall(old_words)}
    if before and before[-1] in old or after and after[0] in old:
        return True
    return bool(TERMINAL.search(raw)) and bool(TERMINAL.search(text[:span[0]]))
