"""Bringing a lost term into a translation without breaking the sentence.

When the output neither renders a term nor has a span glossa is sure of, the model is asked
for other translations that do render it, and the one it likes best is taken, provided it
keeps the sentence: candidates are the other hypotheses of the beam that gave the output,
and the output itself with the rendering put in at the word boundaries around where the
term belongs (in place of nothing, or of the words that follow there). Nothing is decoded
for them: a candidate must give the output back word for word anyway, so the model only
scores them (CTranslate2 ``score_batch``, one pass each). Each candidate must hold the
rendering as whole words, keep every term the output already had, give back the raw output
word for word but for the term's old words, have no word doubled at the rendering and
nothing after the sentence's end, read on after an inserted rendering as the output did
(the model finds the next pieces about as likely there), and score (length-normalised
log-probability) close to the raw output. When none passes, the raw translation stays and
the term is flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import cast

from glossa.enforce import apply, is_enforced, locate, source_plural, styled, verified
from glossa.engine.tokenizers import pieces_to_text
from glossa.engine.translator import Translation
from glossa.records import Proposal, SegmentResult
from glossa.spans import (
    WORDS,
    aligned_source,
    is_function_word,
    name_goes_on,
    opens_sentence,
    rendering_nearby,
    shares_a_stem,
    term_pieces,
)
from glossa.target_forms import form_pattern, rendering_for

LOOKAHEAD = 6           # pieces after an inserted rendering the model must go on with itself
LEAD = 0.25             # by how much (log-probability) each of them must lead the model's second choice
MAX_REPLACED_WORDS = 4  # output words an inserted rendering may take the place of
JUNCTION = 4            # pieces after an inserted rendering that must read on as in the output
JUNCTION_MARGIN = 1.5   # how much less likely (nats, summed) the model may find them there
SCORE_MARGIN = 0.35     # how much worse per piece than the raw output a candidate may score
ADDED_SHARE = 0.25      # words a candidate may add besides the rendering, as a share of the raw's
SPELLED_ALIKE = 60.0    # edit ratio above which an output word is another spelling of a rendering's
TOKENS = re.compile(WORDS.pattern + r"|[^\w\s]")   # words, and each punctuation mark
PLAIN_WORD = re.compile(r"[^\W_]+")                  # letters and digits: a hyphen parts words
TERMINAL = re.compile(r"[.!?。！？…]['\"”’»)\]]*\s*$")


@dataclass(frozen=True)
class Candidate:
    method: str                 # source | n-best | inserted
    pieces: tuple[str, ...]
    text: str
    junction: tuple[int, int] | None = None   # inserted: where the output resumes, in the
                                              # candidate's pieces and in the output's


@dataclass
class _Forcing:
    """One sentence's forcing: the terms still to try, the output so far, what was forced."""

    segment: SegmentResult
    matches: list
    raw: Translation                # the model's translation
    alternatives: list              # its n-best list, best (the raw) first
    plural: list[bool]
    todo: list[int]                 # decision indices still to force, in order
    base: Translation               # the output so far: the raw, or the last forced candidate
    forced: dict = field(default_factory=dict)
    proposals: dict = field(default_factory=dict)   # decision index → (text, a sentence only the
                                                    # confirmation refused)
    made: Translation | None = None   # the source translated with the renderings put in
    to_force: tuple = ()              # the decision indices to force, as first found

    def source_with(self, target_lang: str) -> str:
        """The source with the renderings of the terms to force in place of their
        occurrences: a model that copies a Latin-script name through writes the whole
        sentence around the rendering itself."""
        text = self.segment.source
        for i in sorted(self.to_force, key=lambda i: -self.matches[i].start):
            match = self.matches[i]
            rendering = rendering_for(self.segment.decisions[i].term, self.plural[i], target_lang)
            text = text[:match.start] + rendering + text[match.end:]
        return text


def force_all(items, translator, source_lang: str = "ru", target_lang: str = "en") -> list[SegmentResult]:
    """Force, term by term, each enforced term the outputs lost or glossa could not place,
    for many sentences at once: each round asks the model once for all sentences'
    candidates, once to score them and once to align the chosen ones.
    ``items``: (segment, matches, translation, n-best list or None) per sentence."""
    states = []
    for segment, matches, translation, alternatives in items:
        todo = [i for i, d in enumerate(segment.decisions)
                if d.action in ("missing", "flagged") and is_enforced(d.term)]
        states.append(_Forcing(segment, matches, translation, alternatives or [translation],
                               source_plural(segment.source, matches, source_lang), todo, translation,
                               to_force=tuple(todo))
                      if todo else None)
    active = [st for st in states if st is not None]
    while active:
        rounds = [(st, index, present) for st in active
                  for index, present in [_next_term(st, target_lang)] if index is not None]
        # where the model puts the rendering is all the source translation is asked for:
        # greedy, once per sentence, with every term still to force put in at once
        fresh = [st for st, _, _ in rounds if st.made is None]
        for st, made in zip(fresh, translator.greedy([st.source_with(target_lang) for st in fresh])):
            st.made = made
        resourced = [cast(Translation, st.made) for st, _, _ in rounds]
        candidates = [_unique([*_from_source(st, index, made, translator, target_lang), *cands])
                      for (st, index, _), made, cands in zip(rounds, resourced,
                                                             _candidates(rounds, translator, target_lang))]
        ranked = _ranked(rounds, candidates, translator, target_lang)
        chosen = _first_confirmed(rounds, ranked, translator)
        realigned = iter(translator.align([(st.segment.source, list(c.pieces))
                                           for (st, _, _), c in zip(rounds, chosen) if c is not None]))
        for (st, index, _), candidate, best in zip(rounds, chosen, ranked):
            if candidate is not None:
                st.base = next(realigned)
                st.forced[index] = candidate.method
            elif best and _swaps(st.base.text, best[0].text, target_lang):
                st.proposals[index] = (st.base.text, best[0].text)
        active = [st for st, _, _ in rounds if st.todo]
    return [segment if st is None else _result(st, target_lang) for (segment, *_), st in zip(items, states)]


def _next_term(st: _Forcing, target_lang: str) -> tuple[int | None, set[int]]:
    """The next term this sentence's output still lacks and may be forced, and the terms
    it holds. A term for which the output has no words of its own is not forced when the
    output renders it for another of its occurrences, or has a word of its rendering's
    stems: the output most likely names it already, and the rendering would be put in a
    second time where no word stood for it (青海湖 … 青海湖裸鲤资源 → "totalling Qinghai only
    2,592 tons"; 大湾区科学论坛 → "the Great Bay Science Forum in Greater Bay Area 2021")."""
    while st.todo:
        index = st.todo.pop(0)
        present = _present(st.segment.source, st.matches, st.base, target_lang)
        if index in present:   # an earlier forcing brought it in
            continue
        term = st.segment.decisions[index].term
        if not _words_for_term(st.raw, st.segment.decisions[index].source_span) and (
                any(st.matches[i].term == term for i in present)
                or shares_a_stem(st.raw.text, rendering_for(term, st.plural[index], target_lang), target_lang)):
            continue
        return index, present
    return None, set()


def _result(st: _Forcing, target_lang: str) -> SegmentResult:
    segment = st.segment
    if st.forced:
        located = locate(segment.source, st.matches, st.base.text, st.base, target_lang=target_lang)
        final, decisions = apply(st.base.text, located, st.plural, True, target_lang)
        decisions = [replace(d, action="forced", method=st.forced[i], mt_span=None)
                     if i in st.forced and d.action == "kept" else replace(d, mt_span=None)
                     for i, d in enumerate(decisions)]
        segment = verified(SegmentResult(segment.source, segment.mt, final, tuple(decisions)), target_lang)
    segment = _flag_lost(segment)
    return replace(segment, decisions=tuple(_proposing(d, st.proposals.get(i), segment.final)
                                            for i, d in enumerate(segment.decisions)))


@lru_cache(maxsize=1024)
def token_diff(base: str, text: str) -> tuple[tuple[re.Match, ...], tuple[re.Match, ...], tuple[tuple, ...]]:
    """The words and punctuation marks of an output and of a candidate, and the places where
    they differ (difflib opcodes other than "equal", compared case-blind). The checks of one
    candidate each ask for it, so it is worked out once per pair."""
    ours, theirs = tuple(TOKENS.finditer(base)), tuple(TOKENS.finditer(text))
    return ours, theirs, tuple(op for op in SequenceMatcher(None, [m.group().lower() for m in ours],
                                                             [m.group().lower() for m in theirs],
                                                             autojunk=False).get_opcodes() if op[0] != "equal")


def _swaps(base: str, text: str, lang: str) -> bool:
    """Whether the candidate writes the rendering in place of content words the output had,
    rather than putting it in beside them or over a pronoun or an article: only a swap is
    offered as a proposal (a read of them found insertions beside a pronoun: "He Luo
    Guancong also called"), and only a swap brings in a common noun (support them → support
    of SMEs would need grammar glossa does not write)."""
    ours, _, changes = token_diff(base, text)
    return len(changes) == 1 and any(m.group()[:1].isalnum() and not is_function_word(m.group(), lang)
                                     for m in ours[changes[0][1]:changes[0][2]])


def _proposing(d, proposal: tuple[str, str] | None, final: str):
    """A flag whose best candidate passed every check but the model's confirmation offers
    that sentence for a reviewer to accept, where the final text is still the text the
    candidate was made from (accepting it then undoes no other edit)."""
    if d.action != "flagged" or proposal is None or proposal[0] != final:
        return d
    return replace(d, proposal=Proposal((0, len(final)), proposal[1]))


def _flag_lost(segment: SegmentResult) -> SegmentResult:
    """An enforced term still missing after forcing is flagged: no edit kept it in."""
    return replace(segment, decisions=tuple(
        replace(d, action="flagged", why=d.why or "no translation that keeps the sentence renders it")
        if d.action == "missing" and is_enforced(d.term) else d for d in segment.decisions))


def _present(source: str, matches, translation, target_lang: str) -> set[int]:
    """Matches whose rendering (or a right form of it) the text already holds."""
    return {i for i, loc in enumerate(locate(source, matches, translation.text, None, target_lang=target_lang))
            if loc.action == "kept"}


def _candidates(rounds, translator, target_lang: str) -> list[list[Candidate]]:
    """Each sentence's candidates for its term: the model's other n-best translations, and
    the output with the rendering put in at each word boundary around where the term
    belongs, in place of nothing or of the words that follow there up to a word boundary
    (the old words for the term, which ``only_inserted`` checks)."""
    found = []
    for st, index, _ in rounds:
        base = st.base
        rendering = rendering_for(st.segment.decisions[index].term, st.plural[index], target_lang)
        cands = [Candidate("n-best", t.target_pieces, t.text) for t in st.alternatives[1:]]
        starts = _word_starts(base, translator)
        for k in _insertion_points(base, st.matches[index], starts):
            head = base.text[:base.target_offsets[k][0]] if k < len(base.target_pieces) else base.text
            word = styled(rendering, head.rstrip() + " ", (len(head.rstrip()) + 1, 0)) if head.strip() else \
                rendering[:1].upper() + rendering[1:]
            start = tuple(base.target_pieces[:k]) + tuple(translator.encode_target(word))
            for r in _resume_points(base, k, starts):
                pieces = start + tuple(base.target_pieces[r:])
                cands.append(Candidate("inserted", pieces, translator.tokenizer.detokenize(list(pieces))[0],
                                       junction=(len(start), r)))
        found.append(cands)
    return found


def _from_source(st: _Forcing, index: int, made: Translation, translator, target_lang: str) -> list[Candidate]:
    """The output with the one place rewritten where the model's translation of the source
    with the rendering in it (``made``) differs from it around the rendering: the words both
    share on either side anchor the place, and what ``made`` has between them goes in
    (Shin said → Shen Junfei said; Secretary-General Xi, → Secretary-General Xi Jinping,).
    A whole re-translation words much of the sentence anew; only the place of the term is
    taken from it, and the candidate is checked as an inserted one."""
    base = st.base
    rendering = rendering_for(st.segment.decisions[index].term, st.plural[index], target_lang)
    found = form_pattern(rendering).search(made.text)
    if found is None:
        return []
    ours, theirs = list(TOKENS.finditer(base.text)), list(TOKENS.finditer(made.text))
    blocks = SequenceMatcher(None, [m.group().lower() for m in ours], [m.group().lower() for m in theirs],
                             autojunk=False).get_matching_blocks()
    shared = {j + k: i + k for i, j, size in blocks for k in range(size)}
    inside = [j for j, m in enumerate(theirs) if found.start() <= m.start() and m.end() <= found.end()]
    if not inside:
        return []
    left = max((j for j in shared if j < inside[0]), default=None)
    right = min((j for j in shared if j > inside[-1]), default=None)
    first = shared[left] + 1 if left is not None else 0
    last = shared[right] if right is not None else len(ours)
    new = made.text[theirs[left].end() if left is not None else 0:
                    theirs[right].start() if right is not None else len(made.text)].strip()
    # an article before the name stays (the GCC → the Gulf Cooperation Council, where the
    # model's own sentence had dropped it)
    while first < last and _article(ours[first].group(), new, target_lang):
        first += 1
    if sum(1 for m in ours[first:last] if WORDS.fullmatch(m.group())) > len(WORDS.findall(rendering)) + 2:
        return []   # the translation words more than the term's place anew
    start = ours[first - 1].end() if first else 0
    end = ours[last].start() if last < len(ours) else len(base.text)
    # the output's own pieces on either side, so the model reads them as it wrote them
    # (encoding a whole sentence anew splits its words otherwise): the place must begin
    # and end where pieces do
    rest = base.text[start:]
    k = _piece_at(base, start + len(rest) - len(rest.lstrip()))
    r = _piece_at(base, end)
    if k is None or r is None or not new or k > r:
        return []
    head = tuple(base.target_pieces[:k]) + tuple(translator.encode_target(new))
    pieces = head + tuple(base.target_pieces[r:])
    text = translator.tokenizer.detokenize(list(pieces))[0]
    return [] if text == base.text else [Candidate("source", pieces, text, junction=(len(head), r))]


def _article(word: str, new: str, lang: str) -> bool:
    """A short function word (the, a) before a place where a name goes in that the name's
    words do not begin with."""
    return len(word) <= 3 and is_function_word(word, lang) and new[:1].isupper() and \
        not new.lower().startswith(word.lower() + " ")


def _piece_at(translation: Translation, offset: int) -> int | None:
    """The index of the output piece that begins at character ``offset`` (the number of
    pieces at the text's end), or None when a piece runs across it."""
    if offset >= len(translation.text):
        return len(translation.target_pieces)
    return next((k for k, (a, b) in enumerate(translation.target_offsets) if a == offset and b > a), None)


def _resume_points(base, k: int, starts: list[int]) -> list[int]:
    """Where the output may go on after a rendering put in at piece ``k``: right there, or
    after up to MAX_REPLACED_WORDS of its words, at a word start or a punctuation mark."""
    end = len(base.target_pieces)

    def punctuation(j: int) -> bool:
        first = base.text[base.target_offsets[j][0]:base.target_offsets[j][1]].strip()[:1]
        return bool(first) and not first.isalnum()

    points = sorted({s for s in starts if s >= k} | {j for j in range(k + 1, end) if punctuation(j)})
    words = [p for p in points if p in starts]   # starts ends with the output's end
    limit = words[MAX_REPLACED_WORDS] if len(words) > MAX_REPLACED_WORDS else end
    return [p for p in points if p <= limit]


def _word_starts(base, translator) -> list[int]:
    """The output's piece indices where a word starts, and its end."""
    return [k for k in range(len(base.target_pieces)) if translator.tokenizer.starts_word(base, k)] + \
        [len(base.target_pieces)]


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """The first candidate of each text."""
    unique: dict[str, Candidate] = {}
    for candidate in candidates:
        unique.setdefault(candidate.text, candidate)
    return list(unique.values())


def _insertion_points(base, match, starts: list[int]) -> list[int]:
    """Word starts (``starts``) around the place the term belongs: after the last output word
    the model aligned to source text before the term (word order mostly follows the source),
    and the word boundaries on either side of it."""
    if base.attention is None:
        return starts[-1:]
    before = {i for i, (_, b) in enumerate(base.source_offsets) if b <= match.start}
    aligned = [k for k in range(len(base.target_pieces)) if aligned_source(base, k) in before
               and base.target_pieces[k].replace("▁", "").strip()]
    after_last = next((s for s in starts if aligned and s > max(aligned)), starts[0])
    at = starts.index(after_last)
    return sorted({starts[j] for j in (at - 1, at, at + 1) if 0 <= j < len(starts)})


def _ranked(rounds, candidates: list[list[Candidate]], translator, target_lang: str) -> list[list[Candidate]]:
    """For each sentence, the candidates that render the term, keep the sentence, read on
    from an inserted rendering as the output did and score close to it, the most fluent
    around the rendering first; all scored in one model call."""
    passing = [_passing(st, index, present, cands, target_lang)
               for (st, index, present), cands in zip(rounds, candidates)]
    requests = [(st.segment.source, list(pieces)) for (st, _, _), ok in zip(rounds, passing) if ok
                for pieces in [st.base.target_pieces] + [c.pieces for c, _ in ok]]
    scores = iter(translator.score(requests))
    detokenize = translator.tokenizer.detokenize
    ranked: list[list[Candidate]] = []
    for (st, _, _), ok in zip(rounds, passing):
        good: list[tuple[float, int, Candidate]] = []
        base_scores = next(scores) if ok else []
        floor = fluency(st.base.target_pieces, base_scores, None, detokenize) - SCORE_MARGIN if ok else 0.0
        for n, (candidate, span) in enumerate(ok):
            logprobs = next(scores)
            value = fluency(candidate.pieces, logprobs, span, detokenize)
            if value >= floor and reads_on(candidate, logprobs, base_scores):
                good.append((-value, n, candidate))
        ranked.append([candidate for *_, candidate in sorted(good)])
    return ranked


def _first_confirmed(rounds, ranked: list[list[Candidate]], translator) -> list[Candidate | None]:
    """For each sentence, the best of its ranked candidates the model confirms: one it wrote
    itself, or an inserted one where the model, forced to write the output up to and with
    the rendering, goes on as the candidate does (its first choice for each of the next
    LOOKAHEAD pieces, or to the end), each by a clear lead over its second choice. Read on
    zh→en, scores alone let through renderings the sentence had no place for (He Luo Guancong
    also called …; confirmed Xiacheng to the reporter). The lead keeps the decision off a
    knife edge: CPUs' int8 kernels (and float32 or float16) give slightly different scores,
    and a near tie must not flip from one machine to the next. Only ranked candidates are
    decoded."""
    checks = [(n, c, c.junction[0]) for n, cands in enumerate(ranked) for c in cands if c.junction is not None]
    starts = [(rounds[n][0].segment.source, list(c.pieces[:at])) for n, c, at in checks]
    refused = {id(c) for (_, c, at), went_on in zip(checks, translator.continuations(starts, LOOKAHEAD))
               if went_on.pieces != c.pieces[at:at + LOOKAHEAD] or min(went_on.leads, default=LEAD) < LEAD}
    return [next((c for c in cands if id(c) not in refused), None) for cands in ranked]


def reads_on(candidate: Candidate, logprobs: list[float], base_logprobs: list[float]) -> bool:
    """Whether the output reads on after an inserted rendering as it did without it: the
    model finds the next pieces (or the end) about as likely there as where they stood, so
    the rendering fits the sentence instead of breaking it. Model-made candidates pass."""
    if candidate.junction is None:
        return True
    at, was = candidate.junction
    n = min(JUNCTION, len(logprobs) - at)   # the scores end with the end of the sentence
    return sum(logprobs[at:at + n]) >= sum(base_logprobs[was:was + n]) - JUNCTION_MARGIN


def _passing(st: _Forcing, index: int, present: set[int], candidates: list[Candidate],
             target_lang: str) -> list[tuple[Candidate, tuple[int, int]]]:
    """The candidates that render the term, keep every term the output had, and keep the
    sentence, with no other name part beside the rendering (Shu Lipen → Shu Xiu Lipeng);
    each with the rendering's span."""
    passing = []
    wanted = present | {index}
    term = st.segment.decisions[index].term
    base = st.base.text
    aligned = _words_for_term(st.base, st.segment.decisions[index].source_span)
    for candidate in candidates:
        located = locate(st.segment.source, st.matches, candidate.text, None, target_lang=target_lang)
        held = {i for i, loc in enumerate(located) if loc.action == "kept"}
        span = located[index].span
        if span is None or not wanted <= held:
            continue
        if not term.is_proper and not _swaps(base, candidate.text, target_lang):
            continue   # a common noun put in where the output had no words for it needs grammar
        old_words = _old_words(candidate, base, span, aligned, term, target_lang)
        if keeps_the_sentence(base, candidate.text, span, old_words, target_lang) \
                and only_inserted(base, candidate.text, span, old_words, target_lang) \
                and not (term.is_proper and name_goes_on(candidate.text, span, target_lang)):
            passing.append((candidate, span))
    return passing


def _old_words(candidate: Candidate, base: str, span, aligned: str, term, lang: str) -> str:
    """The output's words a candidate may take the place of: for one spliced in at a word
    boundary, the words the model aligned to the term; for one rewritten where the model's
    own translation of the source with the rendering put it, the words that translation
    changed (and none when they may not render the term); for another hypothesis of the
    beam, the words it changed, else the aligned ones."""
    if candidate.method == "inserted":
        return aligned
    changed = replaced_words(base, candidate.text, span, aligned, term, lang)
    return changed if candidate.method == "source" else changed or aligned


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


def _words_for_term(raw, source_span) -> str:
    """The raw output's words the model wrote for the term (small businesses for 小企业),
    which a candidate rightly replaces with the rendering. The parts of a hyphenated word
    count apart: in "concluded-Xinhua Net" the model wrote Xinhua Net for 新华网, and
    "concluded" stays the sentence's."""
    if raw.attention is None:
        return ""
    inside = term_pieces(raw, source_span)
    aligned = [raw.target_offsets[k] for k in range(len(raw.target_pieces)) if aligned_source(raw, k) in inside]
    words = {m.span() for m in PLAIN_WORD.finditer(raw.text)
             if any(a < m.end() and m.start() < b for a, b in aligned)}
    return " ".join(raw.text[a:b] for a, b in sorted(words))


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
    if replaced and not any(have[w] < had[w] for w in replaced):   # counted: the sentence may
        return False                                              # name it again elsewhere
    added = Counter(w.lower() for w in WORDS.findall(text)) - Counter(w.lower() for w in WORDS.findall(raw))
    if sum((added - rendering).values()) > max(3, ADDED_SHARE * len(WORDS.findall(raw))):
        return False
    return not _damaged(text, span, raw, old_words, lang)


def only_inserted(raw: str, text: str, span, old_words: str, lang: str) -> bool:
    """A candidate must give back the raw output word for word, the rendering put in one
    place, in place of the term's old words only (an article may come with it): read on
    zh→en, candidates that drift (On 11 December → On Beijing, 11 December, the President of
    the country; Leahy said → Lahey 11 said in Teheran; resulting in a build-up → resulting
    Taiwan Semiconductor Manufacturing Company) were damage, whichever way they were made.
    Punctuation counts as words here: a continuation that drops a comma (science, and Ms. →
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


def _small_word(word: str, lang: str) -> bool:
    """An article or preposition that may come with a name (the, of); the stop lists also
    hold words such as "resulting", which are no part of one."""
    return len(word) <= 4 and is_function_word(word, lang)


def _content(text: str, lang: str) -> Counter:
    return Counter(w.lower() for w in WORDS.findall(text) if not is_function_word(w, lang))


def _damaged(text: str, span, raw: str, old_words: str, lang: str) -> bool:
    """The rendering doubled or set beside its own words (Li Xiaoliang Li Xiaoliang, Carl
    Carl Vinson), a word of the old rendering left beside the new one (small SMEs), wedged
    into a phrase, or set after the sentence's end (… the crew. Yangtze River.)."""
    if rendering_nearby(text, span, text[span[0]:span[1]], lang):
        return True
    before = [w.lower() for w in WORDS.findall(text[:span[0]])]
    after = [w.lower() for w in WORDS.findall(text[span[1]:])]
    old = {w.lower() for w in WORDS.findall(old_words)}
    if before and before[-1] in old or after and after[0] in old:
        return True
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
