"""Candidate outputs that bring a lost term in: the beam's other hypotheses, the output with
the rendering spliced in at the word boundaries around where the term belongs, and the one
place rewritten where the model's translation of the source with the rendering in it differs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from glossa.enforce.attention import aligned_source
from glossa.enforce.checks import TOKENS, aligned_word_spans
from glossa.enforce.decisions import styled
from glossa.enforce.target_forms import form_pattern, rendering_for, written_plural
from glossa.enforce.words import WORDS, is_function_word
from glossa.engine.translator import Model, Translation
from glossa.records import Span

if TYPE_CHECKING:
    from glossa.enforce.forcing import Forcing

MAX_REPLACED_WORDS = 4  # output words an inserted rendering may take the place of


@dataclass(frozen=True)
class Candidate:
    method: str                 # source | n-best | inserted
    pieces: tuple[str, ...]
    text: str
    junction: tuple[int, int] | None = None   # inserted: where the output resumes, in the
                                              # candidate's pieces and in the output's
    weighed_from: int | None = None           # where the model's confirmation starts reading,
                                              # when before the junction (see ``made_form_start``)


def spliced_candidates(rounds, translator: Model, target_lang: str) -> list[list[Candidate]]:
    """Each sentence's candidates for its term: the model's other n-best translations, and
    the output with the rendering put in at each word boundary around where the term
    belongs, in place of nothing or of the words that follow there up to a word boundary
    (the old words for the term, which ``only_inserted`` checks)."""
    found = []
    for st, index, _ in rounds:
        base = st.base
        term = st.segment.decisions[index].term
        tied = aligned_word_spans(base, st.segment.decisions[index].source_span)
        cands = [Candidate("n-best", t.target_pieces, t.text) for t in st.alternatives[1:]]
        starts = word_starts(base, translator)
        for k in insertion_points(base, st.matches[index], starts):
            head = base.text[:base.target_offsets[k][0]] if k < len(base.target_pieces) else base.text
            for r in resume_points(base, k, starts):
                rendering = rendering_for(term, st.plural[index] or _plural_words(base, k, r, tied, target_lang),
                                          target_lang)
                word = styled(rendering, head.rstrip() + " ", (len(head.rstrip()) + 1, 0)) if head.strip() else \
                    rendering[:1].upper() + rendering[1:]
                written = pieces_after(head, word, translator)
                start = tuple(base.target_pieces[:k]) + written
                pieces = start + tuple(base.target_pieces[r:])
                made = made_form_start(written, translator) if rendering != term.target else None
                cands.append(Candidate("inserted", pieces, translator.detokenize(list(pieces))[0],
                                       junction=(len(start), r), weighed_from=None if made is None else k + made))
        found.append(cands)
    return found


def made_form_start(written: tuple[str, ...], translator: Model) -> int | None:
    """Where, in a rendering's pieces (``written``), the model's confirmation starts reading
    when glossa made the rendering's form (a plural): after the first piece of its last
    word's letters, so that the model must spell the form as a word it knows (it writes
    "universities", but "entrepreneurships" is no word of its: a mass noun has no plural);
    None when that word is one piece."""
    text, offsets = translator.detokenize(list(written))
    last = text.rstrip().rfind(" ") + 1
    letter = next((i for i in range(last, len(text)) if text[i].isalnum()), None)
    first = next((k for k, (a, b) in enumerate(offsets) if letter is not None and a <= letter < b), None)
    return None if first is None or first + 1 >= len(written) else first + 1


def _plural_words(base: Translation, k: int, r: int, tied: list[Span], lang: str) -> bool:
    """Whether the last of the output's words from piece ``k`` to piece ``r`` that attention
    ties to the term (``tied``, their spans), the words a rendering put in there takes the
    place of, is a plural noun: the rendering goes in in the plural too (these institutions
    → these universities), as where a finder replaces a span, whatever number the source's
    morphology gives (a Chinese noun has none)."""
    if r <= k:
        return False
    start, end = base.target_offsets[k][0], base.target_offsets[r - 1][1]
    inside = [base.text[a:b] for a, b in tied if start <= a and b <= end]
    return bool(inside) and written_plural(inside[-1], lang)


def from_source(st: Forcing, index: int, made: Translation, translator: Model, target_lang: str) -> list[Candidate]:
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
    new = cased_as_written(new, found.group(), rendering, base.text[:start] + " ")
    # the output's own pieces on either side, so the model reads them as it wrote them
    # (encoding a whole sentence anew splits its words otherwise): the place must begin
    # and end where pieces do
    rest = base.text[start:]
    k = _piece_at(base, start + len(rest) - len(rest.lstrip()))
    r = _piece_at(base, end)
    if k is None or r is None or not new or k > r:
        return []
    before = base.text[:base.target_offsets[k][0]] if k < len(base.target_pieces) else base.text
    head = tuple(base.target_pieces[:k]) + pieces_after(before, new, translator)
    pieces = head + tuple(base.target_pieces[r:])
    text = translator.detokenize(list(pieces))[0]
    return [] if text == base.text else [Candidate("source", pieces, text, junction=(len(head), r))]


def pieces_after(before: str, words: str, translator: Model) -> tuple[str, ...]:
    """Target pieces for ``words`` written right after the text ``before``: right after an
    opening quote or bracket, glued to it (“wafer processing”, not “ wafer processing”),
    else as the words alone begin, after a space."""
    if not before or unicodedata.category(before[-1]) not in ("Ps", "Pi") and before[-1] not in "\"'":
        return tuple(translator.encode_target(words))
    glued = translator.encode_target(before[-1] + words)
    n = next((n for n in range(1, len(glued)) if translator.detokenize(glued[:n])[0] == before[-1]), None)
    return tuple(glued[n:]) if n is not None else tuple(translator.encode_target(words))


def cased_as_written(new: str, written: str, rendering: str, before: str) -> str:
    """The words the model's own translation puts in, with the rendering (``written`` there)
    cased as the glossary writes it where no sentence starts: the model capitalises a
    Latin-script insertion it copies through ("Your Delivery person said …")."""
    at = new.find(written)
    if at < 0 or written[:1] == rendering[:1] or not rendering[:1].islower():
        return new
    cased = styled(rendering[:1] + written[1:], before + new[:at], (len(before) + at, 0))
    return new[:at] + cased + new[at + len(written):]


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


def resume_points(base, k: int, starts: list[int]) -> list[int]:
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


def word_starts(base: Translation, translator: Model) -> list[int]:
    """The output's piece indices where a word starts, and its end."""
    return [k for k in range(len(base.target_pieces)) if translator.starts_word(base, k)] + \
        [len(base.target_pieces)]


def distinct(candidates: list[Candidate]) -> list[Candidate]:
    """The first candidate of each text."""
    unique: dict[str, Candidate] = {}
    for candidate in candidates:
        unique.setdefault(candidate.text, candidate)
    return list(unique.values())


def insertion_points(base, match, starts: list[int]) -> list[int]:
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
