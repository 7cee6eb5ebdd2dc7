"""Bringing a lost term into a translation without breaking the sentence.

For each term the output lost (or has only a doubtful span for), the ``candidates`` that
render it are checked (``checks``), scored by the model in one pass each, and the most
fluent one the model confirms is taken; when none passes, the output stays and the term is
flagged, with the best candidate as its proposal where one came close. Sentences are forced
together, one term each per round, so each round costs the model a few batched calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import cast

from glossa.enforce.attention import agrees_back
from glossa.enforce.candidates import Candidate, distinct, from_source, spliced_candidates
from glossa.enforce.checks import (
    after_a_pronoun,
    after_a_title,
    fits_in_place,
    fluency,
    keeps_the_sentence,
    only_inserted,
    replaced_words,
    swaps,
    token_diff,
    words_for_term,
)
from glossa.enforce.decisions import apply, is_enforced, locate, source_plural, verified
from glossa.enforce.named_once import named_again
from glossa.enforce.names import name_goes_on
from glossa.enforce.readings import Readings
from glossa.enforce.target_forms import rendering_for, written_as_name
from glossa.enforce.words import WORDS, is_function_word, shares_a_stem
from glossa.engine.translator import END, Model, Translation
from glossa.records import Proposal, SegmentResult

LOOKAHEAD = 6           # pieces after an inserted rendering the model must write as they stand


SWAP_LOOKAHEAD = 2      # … after a rendering that takes the place of the output's words for the term


SHORTFALL = 0.4         # how much likelier (log-probability, in all) the model may find other pieces
                        # there: the model's own choices at most 1.5 times as likely as the candidate's


JUNCTION = 4            # pieces after an inserted rendering that must read on as in the output


JUNCTION_MARGIN = 1.5   # how much less likely (nats, summed) the model may find them there


SCORE_MARGIN = 0.35     # how much worse per piece than the raw output a candidate may score


@dataclass
class Forcing:
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


def force_all(items, translator: Model, source_lang: str, target_lang: str,
              readings: Readings | None = None) -> list[SegmentResult]:
    """Force, term by term, each enforced term the outputs lost or glossa could not place,
    for many sentences at once: each round asks the model once for all sentences'
    candidates, once to score them and once to align the chosen ones.
    ``items``: (segment, matches, translation, n-best list or None) per sentence;
    ``readings``: those the segments were enforced with, for the terms placed again in a
    forced output."""
    states = []
    for segment, matches, translation, alternatives in items:
        todo = [i for i, d in enumerate(segment.decisions)
                if d.action in ("missing", "flagged") and is_enforced(d.term)]
        states.append(Forcing(segment, matches, translation, alternatives or [translation],
                               source_plural(segment.source, matches, source_lang), todo, translation,
                               to_force=tuple(todo))
                      if todo else None)
    active = [st for st in states if st is not None]
    while active:
        rounds = [(st, index, present) for st in active
                  for index, present in [next_term(st, target_lang)] if index is not None]
        # where the model puts the rendering is all the source translation is asked for:
        # greedy, once per sentence, with every term still to force put in at once
        fresh = [st for st, _, _ in rounds if st.made is None]
        for st, made in zip(fresh, translator.greedy([st.source_with(target_lang) for st in fresh])):
            st.made = made
        resourced = [cast(Translation, st.made) for st, _, _ in rounds]
        candidates = [distinct([*from_source(st, index, made, translator, target_lang), *cands])
                      for (st, index, _), made, cands in zip(rounds, resourced,
                                                             spliced_candidates(rounds, translator, target_lang))]
        ranked = _ranked(rounds, candidates, translator, target_lang)
        chosen = first_confirmed(rounds, ranked, translator, target_lang)
        realigned = iter(translator.align([(st.segment.source, list(c.pieces))
                                           for (st, _, _), c in zip(rounds, chosen) if c is not None]))
        for (st, index, _), candidate, best in zip(rounds, chosen, ranked):
            if candidate is not None:
                st.base = next(realigned)
                st.forced[index] = candidate.method
            elif best and swaps(st.base.text, best[0].text, target_lang):
                st.proposals[index] = (st.base.text, best[0].text)
        active = [st for st, _, _ in rounds if st.todo]
    return [segment if st is None else _result(st, target_lang, readings) for (segment, *_), st in zip(items, states)]


def next_term(st: Forcing, target_lang: str) -> tuple[int | None, set[int]]:
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
        if not words_for_term(st.raw, st.segment.decisions[index].source_span) and (
                any(st.matches[i].term == term for i in present)
                or shares_a_stem(st.raw.text, rendering_for(term, st.plural[index], target_lang), target_lang)):
            continue
        return index, present
    return None, set()


def _result(st: Forcing, target_lang: str, readings: Readings | None) -> SegmentResult:
    segment = st.segment
    if st.forced:
        located = locate(segment.source, st.matches, st.base.text, st.base, target_lang=target_lang,
                         readings=readings)
        final, decisions = apply(st.base.text, located, st.plural, True, target_lang)
        decisions = [replace(d, action="forced", method=st.forced[i], mt_span=None)
                     if i in st.forced and d.action == "kept" else replace(d, mt_span=None)
                     for i, d in enumerate(decisions)]
        segment = verified(SegmentResult(segment.source, segment.mt, final, tuple(decisions)), target_lang)
    segment = _flag_lost(named_again(segment, st.segment.decisions, st.raw, target_lang))
    return replace(segment, decisions=tuple(_proposing(d, st.proposals.get(i), segment.final)
                                            for i, d in enumerate(segment.decisions)))


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


def _ranked(rounds, candidates: list[list[Candidate]], translator: Model, target_lang: str) -> list[list[Candidate]]:
    """For each sentence, the candidates that render the term, keep the sentence, read on
    from an inserted rendering as the output did and score close to it, the most fluent
    around the rendering first; all scored in one model call."""
    passing = [_passing(st, index, present, cands, target_lang)
               for (st, index, present), cands in zip(rounds, candidates)]
    requests = [(st.segment.source, list(pieces)) for (st, _, _), ok in zip(rounds, passing) if ok
                for pieces in [st.base.target_pieces] + [c.pieces for c, _ in ok]]
    scores = iter(translator.score(requests))
    detokenize = translator.detokenize
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


def first_confirmed(rounds, ranked: list[list[Candidate]], translator: Model,
                    target_lang: str) -> list[Candidate | None]:
    """For each sentence, the best of its ranked candidates the model confirms: one it wrote
    itself, or an inserted one the model, reading it, would write on as it stands for the
    next LOOKAHEAD pieces after the rendering (or to the end): where it prefers other
    pieces, it prefers them by no more than SHORTFALL in all (said for states, strengthen
    for enhance). Read on zh→en, scores alone let through renderings the sentence had no
    place for (He Luo Guancong also called …; confirmed Xiacheng to the reporter). A
    candidate the model's own translation of the source with the rendering in it placed,
    which swaps the output's own words for the term for the rendering, keeps the sentence's
    build, and only its next SWAP_LOOKAHEAD pieces are asked for: further on, a quoted title
    or a name is written less firmly (this bi-annual exhibition is “Standing … → this
    Biennale is “Standing …). A swap glossa placed itself still needs LOOKAHEAD: its place
    may take a word too many (Follow Suning.com → Suning.com). A form glossa made of the
    rendering (a plural) is read from its last word's second piece on, so the model must
    know the word (``made_form_start``). A near tie costs a candidate almost nothing
    whichever way it falls, so the int8 kernels of another CPU (or float32, float16) tip no
    decision that does not already sit at SHORTFALL. Only ranked candidates are read."""
    checks, requests = [], []
    for n, cands in enumerate(ranked):
        st = rounds[n][0]
        for c in cands:
            if c.junction is None:
                continue
            at = c.junction[0]
            ahead = SWAP_LOOKAHEAD if c.method == "source" and swaps(st.base.text, c.text, target_lang) \
                else LOOKAHEAD
            window = list(c.pieces[at:at + ahead])
            begin = at if c.weighed_from is None else c.weighed_from
            checks.append(c)
            requests.append((st.segment.source, list(c.pieces[:begin]),
                             list(c.pieces[begin:at]) + window + [END] * (at + ahead >= len(c.pieces))))
    refused = {id(c) for c, margins in zip(checks, translator.margins(requests)) if shortfall(margins) > SHORTFALL}
    return [next((c for c in cands if id(c) not in refused), None) for cands in ranked]


def shortfall(margins) -> float:
    """How much likelier, in all, the model found other pieces than the ones it was given."""
    return sum(-m for m in margins if m < 0)


def reads_on(candidate: Candidate, logprobs: list[float], base_logprobs: list[float]) -> bool:
    """Whether the output reads on after an inserted rendering as it did without it: the
    model finds the next pieces (or the end) about as likely there as where they stood, so
    the rendering fits the sentence instead of breaking it. Model-made candidates pass."""
    if candidate.junction is None:
        return True
    at, was = candidate.junction
    n = min(JUNCTION, len(logprobs) - at)   # the scores end with the end of the sentence
    return sum(logprobs[at:at + n]) >= sum(base_logprobs[was:was + n]) - JUNCTION_MARGIN


def _passing(st: Forcing, index: int, present: set[int], candidates: list[Candidate],
             target_lang: str) -> list[tuple[Candidate, tuple[int, int]]]:
    """The candidates that render the term, keep every term the output had, and keep the
    sentence, with no other name part beside the rendering (Shu Lipen → Shu Xiu Lipeng)
    and no place's or organisation's put in after a title (The President Sarajevo of …);
    each with the rendering's span. A rendering put in right after a pronoun, or spliced in
    over content words the term's source does not attend to, is refused too."""
    passing = []
    wanted = present | {index}
    term = st.segment.decisions[index].term
    base = st.base.text
    aligned = words_for_term(st.base, st.segment.decisions[index].source_span)
    for candidate in candidates:
        located = locate(st.segment.source, st.matches, candidate.text, None, target_lang=target_lang)
        held = {i for i, loc in enumerate(located) if loc.action == "kept"}
        span = located[index].span
        if span is None or not wanted <= held:
            continue
        if not written_as_name(term) and not (swaps(base, candidate.text, target_lang)
                                              and fits_in_place(base, candidate.text, span, target_lang)):
            continue   # a common noun put in where the output had no words for it needs grammar
        old_words = words_to_replace(candidate, base, span, aligned, term, target_lang)
        if keeps_the_sentence(base, candidate.text, span, old_words, target_lang) \
                and only_inserted(base, candidate.text, span, old_words, target_lang) \
                and not (term.is_proper and name_goes_on(candidate.text, span, target_lang)) \
                and not (term.kind != "person" and after_a_title(candidate.text, span, old_words, target_lang)) \
                and not after_a_pronoun(candidate.text, span, old_words, target_lang) \
                and (candidate.method != "inserted" or overwrites_the_terms_words(st, index, candidate, target_lang)):
            passing.append((candidate, span))
    return passing


def overwrites_the_terms_words(st: Forcing, index: int, candidate: Candidate, lang: str) -> bool:
    """Whether a rendering glossa spliced in over content words of the output writes over
    the term's own words: the term's source attends to them (attention agrees both ways),
    not only they to it. One-way attention ties neighbouring words to a term the model
    dropped, and a word that renders more than the term (the whole of a compound the term
    is part of) to it. A rendering put in beside the output's words, or over function
    words, passes."""
    ours, _, changes = token_diff(st.base.text, candidate.text)
    _, i1, i2, _, _ = changes[0]
    if not any(WORDS.fullmatch(m.group()) and not is_function_word(m.group(), lang) for m in ours[i1:i2]):
        return True
    source_span = st.segment.decisions[index].source_span
    return source_span is not None and st.base.attention is not None and \
        agrees_back(st.base, source_span, (ours[i1].start(), ours[i2 - 1].end()))


def words_to_replace(candidate: Candidate, base: str, span, aligned: str, term, lang: str) -> str:
    """The output's words a candidate may take the place of: for one spliced in at a word
    boundary, the words the model aligned to the term; for one rewritten where the model's
    own translation of the source with the rendering put it, the words that translation
    changed (and none when they may not render the term); for another hypothesis of the
    beam, the words it changed, else the aligned ones."""
    if candidate.method == "inserted":
        return aligned
    changed = replaced_words(base, candidate.text, span, aligned, term, lang)
    return changed if candidate.method == "source" else changed or aligned
