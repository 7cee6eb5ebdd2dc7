"""segment → match → translate → enforce, streamed in batches of sentences."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from itertools import islice
from typing import TypeVar

from glossa.enforce.decisions import enforce_text
from glossa.enforce.readings import Readings
from glossa.errors import GlossaError
from glossa.forbidden import flag_forbidden, forbidding_terms
from glossa.glossary.model import Glossary
from glossa.io import FileLines, split_lines
from glossa.match.matcher import matcher_for
from glossa.records import Placed, SegmentResult
from glossa.segment import Sentence, paragraph_sentences, split_long

FIRST_WINDOW = 8     # sentences translated before the first output appears
WINDOW = 256         # sentences per model call after that: sorted by length inside the call,
                     # so little padding, as one call over the whole input would have
MAX_SOURCE_PIECES = 160   # longer sentences are translated in parts (segment.split_long)

T = TypeVar("T")


def translate(text: str | Iterable[str], glossary: Glossary, translator, progress=None,
              edit: bool = True) -> Iterator[Placed]:
    """Translate paragraph by paragraph (the lines of the text, or the lines given), a window
    of sentences per model call, enforcing the glossary (or, without ``edit``, only reporting
    on the raw translation). Empty paragraphs come out as segments with empty text, so
    paragraphs are kept. ``progress(done, total)`` counts paragraphs (total: 0 for lines
    given as an iterator, which are translated as they are read)."""
    paragraphs = split_lines(text) if isinstance(text, str) else text
    total = len(paragraphs) if isinstance(paragraphs, Sized) else 0
    translate_window = _window_translator(glossary, translator, edit)
    window: list[tuple[int, Sentence | None]] = []
    wordy, limit, done, seen = 0, FIRST_WINDOW, 0, 0
    for n, paragraph in enumerate(paragraphs):
        seen = n + 1
        sentences: list[Sentence | None] = [
            part for sentence in paragraph_sentences(n, paragraph, glossary.source_lang)
            for part in _fitting(sentence, translator)] or [None]
        window += [(n, sentence) for sentence in sentences]
        wordy += sum(1 for sentence in sentences if sentence and has_words(sentence.text))
        if wordy >= limit:
            yield from translate_window(window)
            if progress:
                progress(n + 1 - done, total)
            window, wordy, limit, done = [], 0, WINDOW, n + 1
    if window:
        yield from translate_window(window)
        if progress:
            progress(seen - done, total)


def _fitting(sentence: Sentence, translator) -> list[Sentence]:
    """The sentence, or its parts if it is too long for the model to translate whole."""
    spans = translator.piece_spans(sentence.text)
    return split_long(sentence, spans, MAX_SOURCE_PIECES) if len(spans) > MAX_SOURCE_PIECES else [sentence]


def _window_translator(glossary: Glossary, translator, edit: bool):
    """A function translating and enforcing one window of (paragraph, sentence) items; an
    empty paragraph's item has no sentence."""
    from glossa.enforce.forcing import force_all

    langs = {"source_lang": glossary.source_lang, "target_lang": glossary.target_lang}
    matcher = matcher_for(glossary.renderable())
    forbidding = forbidding_terms(glossary.renderable())
    readings = Readings(translator)

    def translate_window(window) -> Iterator[Placed]:
        # A segment of only punctuation or symbols (a lone quote, "***", "—") is no sentence:
        # the model would invent words for it, so it is copied through as it is.
        wordy = [s for _, s in window if s is not None and has_words(s.text)]
        matches = {id(s): matcher.find(s.text) for s in wordy}
        with_terms = [s for s in wordy if matches[id(s)]]
        # one beam search for the whole window (two, one with the beam's other hypotheses,
        # would batch worse); attention only where there is a term to place
        nbest = dict(zip(map(id, wordy), translator.nbest([s.text for s in wordy],
                                                          attention=[bool(matches[id(s)]) for s in wordy])))
        readings.add(surfaces((s.text, matches[id(s)]) for s in with_terms))
        segments = {}
        for sentence in wordy:
            found = matches[id(sentence)]
            translation = nbest[id(sentence)][0]
            segments[id(sentence)] = enforce_text(sentence.text, found, translation.text, translation, edit,
                                                  readings=readings, **langs)
        if edit:
            forced = force_all([(segments[id(s)], matches[id(s)], nbest[id(s)][0], nbest[id(s)])
                                for s in with_terms], translator, readings=readings, **langs)
            segments.update(zip(map(id, with_terms), forced))
        for n, sentence in window:
            if sentence is None:
                yield Placed(n, SegmentResult("", "", "", ()))
            elif not has_words(sentence.text):
                yield Placed(n, SegmentResult(sentence.text, sentence.text, sentence.text, ()))
            else:
                yield Placed(n, flag_forbidden(segments[id(sentence)], forbidding))

    return translate_window


def surfaces(texts_and_matches: Iterable[tuple[str, list]]) -> set[str]:
    """The source text of every term occurrence, from (text, its matches) pairs."""
    return {m.surface(text) for text, found in texts_and_matches for m in found}


def windows(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of ``size``, the last one shorter, read as they are asked for."""
    items = iter(items)
    while window := list(islice(items, size)):
        yield window


def has_words(text: str) -> bool:
    """Whether the text has a letter or a digit (in any script) for a model to translate."""
    return any(ch.isalnum() for ch in text)


def enforce_lines(source_lines: Sequence[str] | FileLines, mt_lines: Sequence[str] | FileLines,
                  glossary: Glossary, source_name: str = "SRC", mt_name: str = "MT", edit: bool = True,
                  translator=None) -> Iterator[Placed]:
    """Apply the glossary to line-aligned MT made elsewhere (or, without ``edit``, only
    report on it); one segment per line, a window of lines at a time, so lines read as they
    are used (``io.read_lines``) are never held whole. The line counts are compared before
    anything is done. With a ``translator`` for the pair, the model reads each MT line that
    holds a term as if it had written it (forced as its output, giving its attention on the
    source), so the attention finder places terms in MT from anywhere, and a lost term is
    forced in with the same candidates and checks as in ``translate``."""
    if len(source_lines) != len(mt_lines):
        raise GlossaError(f"line counts differ: {source_name} has {len(source_lines)} lines, "
                          f"{mt_name} has {len(mt_lines)}")
    from glossa.enforce.forcing import force_all

    matcher = matcher_for(glossary.renderable())
    forbidding = forbidding_terms(glossary.renderable())
    langs = {"source_lang": glossary.source_lang, "target_lang": glossary.target_lang}
    readings = Readings(translator) if translator else None
    for k, window in enumerate(windows(zip(source_lines, mt_lines), WINDOW)):
        first = k * WINDOW
        matches = [matcher.find(source) for source, _ in window]
        aligned = _aligned(window, matches, translator) if translator else [None] * len(window)
        if readings:
            readings.add(surfaces((source, found) for (source, _), found, translation in zip(window, matches, aligned)
                                  if translation is not None))
        segments = [enforce_text(source, found, mt, translation, edit, readings=readings, **langs)
                    for (source, mt), found, translation in zip(window, matches, aligned)]
        if edit and translator:
            at = [n for n, translation in enumerate(aligned) if translation is not None]
            forced = force_all([(segments[n], matches[n], aligned[n], None) for n in at], translator,
                               readings=readings, **langs)
            for n, segment in zip(at, forced):
                segments[n] = segment
        for n, segment in enumerate(segments):
            yield Placed(first + n, flag_forbidden(segment, forbidding))


def _aligned(window: list[tuple[str, str]], matches: list, translator) -> list:
    """For each (source, MT) line that holds a term, the model's reading of the MT as its
    own output (attention included), or None: no term, too long for the model, or an MT
    the model's tokenizer does not give back as it was (its offsets would not be the MT's)."""
    requests, at = [], []
    for n, ((source, mt), found) in enumerate(zip(window, matches)):
        if found and has_words(mt) and len(translator.piece_spans(source)) <= MAX_SOURCE_PIECES:
            pieces = translator.encode_target(mt)
            if len(pieces) <= 2 * MAX_SOURCE_PIECES:
                requests.append((source, pieces))
                at.append(n)
    aligned: list = [None] * len(window)
    for n, translation in zip(at, translator.align(requests)):
        if translation.text == window[n][1]:
            aligned[n] = translation
    return aligned


def load_translator(from_code: str, to_code: str, allow_install: bool = False,
                    confirm: Callable[[str], bool] | None = None, options=None):
    """The translator for the pair, its model loaded once as the ``EngineOptions`` say
    (default: resolved from the environment). A missing package is fetched from the Argos
    index only with ``allow_install`` (--yes) or when ``confirm`` (a question to the user)
    says yes: never silently."""
    from glossa.engine import packages
    from glossa.engine.translator import Translator, check_model_loads

    try:
        package = packages.find(from_code, to_code)
    except packages.NotInstalled:
        question = f"No {from_code}→{to_code} package is installed. Download it from the Argos index now?"
        if not (allow_install or (confirm is not None and confirm(question))):
            raise
        from glossa.engine.index import available, download_and_install

        package = download_and_install(available(from_code, to_code), check_model=check_model_loads)
    return Translator(package, options)
