"""segment → match → translate → enforce, streamed in batches of sentences."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

from glossa.enforce import ACTIONS, Decision, Segment, enforce_text
from glossa.errors import GlossaError
from glossa.glossary.model import Glossary
from glossa.io import split_lines
from glossa.match.matcher import matcher_for
from glossa.segment import segment as split_into_sentences


@dataclass(frozen=True)
class Placed:
    """A segment and the paragraph (input line) it belongs to."""

    paragraph: int
    segment: Segment


def translate(text: str, glossary: Glossary, translator, batch_size: int = 16,
              progress=None, edit: bool = True) -> Iterator[Placed]:
    """Translate paragraph by paragraph, sentence batches at a time, enforcing the glossary
    (or, without ``edit``, only reporting on the raw translation).
    Empty paragraphs come out as segments with empty text, so paragraphs are kept."""
    from glossa.forcing import force_missing

    langs = {"source_lang": glossary.source_lang, "target_lang": glossary.target_lang}
    matcher = matcher_for(glossary.renderable())
    paragraphs = split_lines(text)
    sentences = split_into_sentences(text, glossary.source_lang)
    by_paragraph: dict[int, list] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    batch = []

    def flush() -> Iterator[Placed]:
        # A segment of only punctuation or symbols (a lone quote, "***", "—") is no sentence:
        # the model would invent words for it, so it is copied through as it is.
        wordy = [s for s in batch if has_words(s.text)]
        translations = iter(translator.translate([s.text for s in wordy], attention=True) if wordy else ())
        for sentence in batch:
            if not has_words(sentence.text):
                yield Placed(sentence.paragraph, Segment(sentence.text, sentence.text, sentence.text, ()))
                continue
            translation = next(translations)
            matches = matcher.find(sentence.text)
            segment = enforce_text(sentence.text, matches, translation.text, translation, edit, **langs)
            if edit:
                segment = force_missing(segment, matches, translator, translation, **langs)
            yield Placed(sentence.paragraph, segment)
        if progress:
            progress(len(batch), len(sentences))
        batch.clear()

    for n in range(len(paragraphs)):
        if n not in by_paragraph:
            yield from flush() if batch else ()
            yield Placed(n, Segment("", "", "", ()))
            continue
        for sentence in by_paragraph[n]:
            batch.append(sentence)
            if len(batch) >= batch_size:
                yield from flush()
    if batch:
        yield from flush()


def has_words(text: str) -> bool:
    """Whether the text has a letter or a digit (in any script) for a model to translate."""
    return any(ch.isalnum() for ch in text)


def enforce_lines(source_lines: list[str], mt_lines: list[str], glossary: Glossary,
                  source_name: str = "SRC", mt_name: str = "MT", edit: bool = True) -> Iterator[Placed]:
    """Apply the glossary to line-aligned MT made elsewhere (or, without ``edit``, only
    report on it); one segment per line."""
    if len(source_lines) != len(mt_lines):
        raise GlossaError(f"line counts differ: {source_name} has {len(source_lines)} lines, "
                          f"{mt_name} has {len(mt_lines)}")
    matcher = matcher_for(glossary.renderable())
    for n, (source, mt) in enumerate(zip(source_lines, mt_lines)):
        yield Placed(n, enforce_text(source, matcher.find(source), mt, None, edit,
                                     glossary.source_lang, glossary.target_lang))


UNRESOLVED = ("would_replace", "flagged", "missing")   # occurrences --strict fails on


class Tally:
    """The decision counts of a stream of placed segments, and the occurrences left open
    (would replace, flagged, missing) with their 1-based line, without keeping the segments."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.open: list[tuple[int, Decision]] = []

    def add(self, item: Placed) -> Placed:
        for d in item.segment.decisions:
            self.counts[d.action] += 1
            if d.action in UNRESOLVED:
                self.open.append((item.paragraph + 1, d))
        return item

    def summary(self) -> dict:
        return {"terms_matched": sum(self.counts.values()), **{a: self.counts[a] for a in ACTIONS}}


def summary(segments: Iterable[Segment]) -> dict:
    return count_actions(d for s in segments for d in s.decisions)


def count_actions(decisions: Iterable) -> dict:
    """The summary object of the JSON contract: occurrences matched and each action's count."""
    counts = Counter(d.action for d in decisions)
    return {"terms_matched": sum(counts.values()), **{a: counts[a] for a in ACTIONS}}


def load_translator(from_code: str, to_code: str, allow_install: bool, interactive: bool,
                    options=None):
    """The translator for the pair, its model loaded once as the ``EngineOptions`` say
    (default: resolved from the environment); offers the index install when the package is
    missing (on a terminal, or with --yes), never downloads silently."""
    from glossa.engine import packages
    from glossa.engine.translator import Translator, check_model_loads

    try:
        package = packages.find(from_code, to_code)
    except packages.NotInstalled:
        if not (allow_install or (interactive and _ask(f"No {from_code}→{to_code} package is installed. "
                                                      "Download it from the Argos index now?"))):
            raise
        from glossa.engine.index import available, download_and_install

        package = download_and_install(available(from_code, to_code), check_model=check_model_loads)
    return Translator(package, options)


def _ask(question: str) -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(question, default=False)
