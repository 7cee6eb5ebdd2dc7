"""Translation with an Argos package's CTranslate2 model and its tokenizer (SentencePiece, or
Moses + BPE: ``glossa.engine.tokenizers``).

Driving CTranslate2 directly (not argostranslate.translate) gives what glossary enforcement
needs, the attention matrix and ``target_prefix``, and avoids argostranslate.translate's
start-up, which loads stanza, spaCy and torch and downloads sentence splitters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from glossa.engine.memory import release_freed
from glossa.engine.options import EngineOptions
from glossa.engine.packages import InstalledPackage
from glossa.engine.tokenizers import Offsets, Tokenizer, load_tokenizer, target_vocabulary
from glossa.errors import GlossaError

# Sub-batches are bounded in source pieces (EngineOptions.batch_tokens for beam search);
# greedy decoding (forcing, aligning) takes batches twice as large.
GREEDY_BATCH_FACTOR = 2
# scoring keeps the log-probabilities of the whole vocabulary at every position of a batch
# (32,000 × 4 bytes per piece for the zh→en model): small batches keep the memory flat
SCORE_BATCH_PIECES = 256
# a beam-search batch holds, for each of its sentences × beam hypotheses, the whole
# vocabulary's scores at every step (32,000 × 4 bytes for the zh→en model) and the decoder's
# state: bounded in source pieces alone, a batch of short lines (a hundred headlines of ten
# pieces) holds twice the hypotheses of a batch of typical sentences, and makes the run's peak
MAX_BATCH_HYPOTHESES = 192
# a batch that returns attention holds each hypothesis's attention over the source at every
# step besides, and the first such batch of a run made its peak (300 lines of WMT22 zh→en
# with a glossary: 491 MB at 192, 453 MB at 128, in the same time)
MAX_ATTENDED_HYPOTHESES = 128
# a margins request returns the scores of the whole vocabulary at each of its positions
# (65,000 × 4 bytes per piece for the zh→en model): a few requests per call keep the memory flat
MARGINS_BATCH = 8
END = "</s>"   # the piece that ends a sentence in CTranslate2's vocabularies


@dataclass(frozen=True)
class Translation:
    text: str
    source_pieces: tuple[str, ...]
    source_offsets: tuple[tuple[int, int], ...]   # character span of each source piece
    target_pieces: tuple[str, ...]
    target_offsets: tuple[tuple[int, int], ...]   # character span of each piece in ``text``
    attention: tuple[tuple[float, ...], ...] | None = None  # [target piece][source piece]


class Model(Protocol):
    """What the pipeline, enforcement and forcing ask of a translation model: its
    translations with the beam's other hypotheses and their attention, greedy translations,
    how firmly it writes given pieces after a forced start, the attention while it reads a
    given output, and the log-probability of each piece."""

    def greedy(self, sentences: list[str]) -> list[Translation]: ...

    def nbest(self, sentences: list[str], attention: bool | Sequence[bool] = True) -> list[list[Translation]]: ...

    def margins(self, requests: list[tuple[str, list[str], list[str]]]) -> list[tuple[float, ...]]: ...

    def align(self, requests: list[tuple[str, list[str]]]) -> list[Translation]: ...

    def score(self, requests: list[tuple[str, list[str]]]) -> list[list[float]]: ...

    def encode_target(self, text: str) -> list[str]: ...

    def detokenize(self, pieces: list[str]) -> tuple[str, Offsets]: ...

    def starts_word(self, translation: Translation, k: int) -> bool: ...


class Translator:
    """The Argos package's CTranslate2 model and tokenizer: the ``Model`` glossa runs."""

    def __init__(self, package: InstalledPackage, options: EngineOptions | None = None) -> None:
        """Load the package's model once, as ``options`` say (default: resolved from the
        environment, as ``glossa translate`` without flags)."""
        import ctranslate2

        self.package = package
        self.options = options = options or EngineOptions.resolve()
        self.beam_size = options.beam_size
        self.greedy_batch_pieces = GREEDY_BATCH_FACTOR * options.batch_tokens
        model_dir = package.path / "model"
        self.tokenizer: Tokenizer = load_tokenizer(package.path, package.from_code, package.to_code)
        try:
            self.model = ctranslate2.Translator(str(model_dir), device=options.device,
                                                compute_type=options.compute_type,
                                                inter_threads=options.workers, intra_threads=options.threads)
        except Exception as exc:  # the C++ loader maps failures to assorted exception types
            raise GlossaError(f"cannot load the model: {str(exc).splitlines()[0]}", str(model_dir)) from None
        self.package_prefix = self.encode_target(package.target_prefix) if package.target_prefix else []
        self._ids: dict[str, int] | None = None

    def encode(self, sentence: str) -> list[str]:
        """A source sentence as source pieces."""
        return self.tokenizer.encode(sentence)

    def piece_spans(self, sentence: str) -> list[tuple[int, int]]:
        """The character span of each source piece of the sentence."""
        return list(self.tokenizer.source_offsets(sentence, self.encode(sentence)))

    def encode_target(self, text: str) -> list[str]:
        """Target text (a forced prefix) as target pieces."""
        return self.tokenizer.encode_target(text)

    def detokenize(self, pieces: list[str]) -> tuple[str, Offsets]:
        """Output pieces as text, with where each piece lands in it."""
        return self.tokenizer.detokenize(pieces)

    def starts_word(self, translation: Translation, k: int) -> bool:
        """Whether output piece ``k`` of a translation begins a word."""
        return self.tokenizer.starts_word(translation, k)

    def translate(self, sentences: list[str], attention: bool | Sequence[bool] = False) -> list[Translation]:
        """Translate a batch (CTranslate2 sorts it by length into sub-batches bounded in
        source pieces); ``attention`` (for all, or per sentence) asks for the attention
        matrix."""
        return [options[0] for options in self._decode(sentences, attention)]

    def greedy(self, sentences: list[str]) -> list[Translation]:
        """Each sentence's translation by greedy search (the model's first choice each step):
        several times cheaper than the beam, for a translation used only to see where a word
        goes."""
        return [options[0] for options in self._decode(sentences, False, beam_size=1)]

    def nbest(self, sentences: list[str], attention: bool | Sequence[bool] = True) -> list[list[Translation]]:
        """The model's best translations of each sentence, best first: the beam search that
        gives the translation (the first) gives the others too, at no cost a search
        measures, for each sentence whose attention ``attention`` (for all or per sentence)
        asks, a sentence with a term to place; the others get their translation alone."""
        wanted = [attention] * len(sentences) if isinstance(attention, bool) else list(attention)
        return self._decode(sentences, wanted, hypotheses=self.beam_size if any(wanted) else 1)

    def margins(self, requests: list[tuple[str, list[str], list[str]]]) -> list[tuple[float, ...]]:
        """For each (sentence, forced start, pieces ahead), how firmly the model, reading the
        start and then each piece ahead itself, writes that piece: its log-probability less
        the likeliest other piece's (above zero, the model's first choice by that lead; below,
        another piece was likelier by that much). The last piece ahead may be END, the
        sentence's end. Read with the pieces themselves forced, a near tie costs a candidate
        nearly nothing whichever way another CPU's kernels tip it. A few requests per call:
        the model returns every position's scores over the whole vocabulary."""
        import numpy as np

        ids = self._piece_ids()
        found: list[tuple[float, ...]] = [()] * len(requests)
        cut = len(self.package_prefix)
        # by length, so that a call's shorter requests decode few steps past their own end
        order = sorted(range(len(requests)), key=lambda i: len(requests[i][1]) + len(requests[i][2]))
        for at in range(0, len(order), MARGINS_BATCH):
            chunk = order[at:at + MARGINS_BATCH]
            prefixes = []
            for i in chunk:
                _, start, ahead = requests[i]
                if not ahead or END in ahead[:-1]:
                    raise ValueError("the pieces ahead are some pieces, END only as the last")
                prefixes.append(self.package_prefix + list(start) + [p for p in ahead if p != END])
            results = self.model.translate_batch(
                [self.encode(requests[i][0]) for i in chunk], target_prefix=prefixes,
                beam_size=1, return_logits_vocab=True, max_batch_size=self.greedy_batch_pieces,
                batch_type="tokens", max_decoding_length=max(map(len, prefixes)) + 1)
            for i, result in zip(chunk, results):
                _, start, ahead = requests[i]
                rows = result.logits[0][cut + len(start):cut + len(start) + len(ahead)]
                found[i] = tuple(_margin(np.asarray(row), ids.get(piece))
                                 for row, piece in zip(rows, ahead, strict=True))
            release_freed()
        return found

    def align(self, requests: list[tuple[str, list[str]]]) -> list[Translation]:
        """For each (sentence, output pieces), the attention of the model on the source
        while it reads that output."""
        if not requests:
            return []
        sources = [self.encode(sentence) for sentence, _ in requests]
        cut = len(self.package_prefix)
        results = self.model.translate_batch(
            sources, target_prefix=[self.package_prefix + list(pieces) for _, pieces in requests],
            beam_size=1, return_attention=True, max_batch_size=self.greedy_batch_pieces, batch_type="tokens",
            max_decoding_length=cut + max(len(pieces) for _, pieces in requests) + 1)
        release_freed()
        return [self._translation(self._source(sentence, source), list(pieces),
                                  result.attention[0][cut:cut + len(pieces)])
                for (sentence, pieces), source, result in zip(requests, sources, results)]

    def score(self, requests: list[tuple[str, list[str]]]) -> list[list[float]]:
        """For each (sentence, output pieces), the log-probability of each piece, then of
        the end."""
        if not requests:
            return []
        results = self.model.score_batch([self.encode(sentence) for sentence, _ in requests],
                                         [self.package_prefix + list(pieces) for _, pieces in requests],
                                         max_batch_size=SCORE_BATCH_PIECES, batch_type="tokens")
        release_freed()
        return [list(r.log_probs[len(self.package_prefix):]) for r in results]

    def _decode(self, sentences: list[str], attention: bool | Sequence[bool], beam_size: int | None = None,
                hypotheses: int = 1) -> list[list[Translation]]:
        if not sentences:
            return []
        wanted = [attention] * len(sentences) if isinstance(attention, bool) else list(attention)
        sources = [self.encode(s) for s in sentences]
        start = self.package_prefix   # the package's own target start (a language token), if any
        longest = max(16, 4 * max(len(s) for s in sources) + 10) + len(start)
        beam_size = beam_size or self.beam_size
        tokens = self.greedy_batch_pieces if beam_size == 1 else self.options.batch_tokens
        results: list = [None] * len(sentences)
        pending = []
        most = MAX_ATTENDED_HYPOTHESES if any(wanted) else MAX_BATCH_HYPOTHESES
        for batch in batches([len(s) for s in sources], tokens, max(1, most // beam_size)):
            # submitted together, the batches run on every worker at once, as one call's would
            pending.append((batch, self.model.translate_batch(
                [sources[i] for i in batch], target_prefix=[start] * len(batch) if start else None,
                beam_size=beam_size, num_hypotheses=hypotheses, max_batch_size=tokens, batch_type="tokens",
                return_attention=any(wanted), max_decoding_length=longest, replace_unknowns=True,
                asynchronous=True)))
        for batch, answers in pending:
            for i, answer in zip(batch, answers):
                results[i] = answer.result()
        release_freed()
        cut = len(start)
        return [[self._translation(read, pieces[cut:], result.attention[0][cut:] if want and rank == 0 else None)
                 for rank, pieces in enumerate(result.hypotheses[:None if want else 1])]
                for read, result, want in zip(map(self._source, sentences, sources), results, wanted)]

    def _piece_ids(self) -> dict[str, int]:
        """The model's target vocabulary, piece → index, read once."""
        if self._ids is None:
            pieces = target_vocabulary(self.package.path / "model")
            if pieces is None:
                raise GlossaError("the package's model has no vocabulary file", str(self.package.path / "model"))
            self._ids = {piece: i for i, piece in enumerate(pieces)}
        return self._ids

    def _source(self, sentence: str, source: list[str]) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
        """A sentence's source pieces and their character spans: one sentence's hypotheses
        share them."""
        return tuple(source), tuple(self.tokenizer.source_offsets(sentence, source))

    def _translation(self, source: tuple[tuple[str, ...], tuple[tuple[int, int], ...]], pieces: list[str],
                     matrix) -> Translation:
        text, offsets = self.tokenizer.detokenize(pieces)
        return Translation(
            text=text, source_pieces=source[0], source_offsets=source[1],
            target_pieces=tuple(pieces), target_offsets=tuple(offsets),
            attention=tuple(tuple(row) for row in matrix) if matrix is not None else None)


def batches(lengths: list[int], tokens: int, most: int) -> list[list[int]]:
    """The indices of sentences of ``lengths`` (source pieces) in batches as CTranslate2
    makes them (longest first; a batch's size is its sentences × its longest, padded, at
    most ``tokens``, a longer sentence alone), and of at most ``most`` sentences."""
    found: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if not found or (len(found[-1]) + 1) * lengths[found[-1][0]] > tokens or len(found[-1]) >= most:
            found.append([])
        found[-1].append(i)
    return found


def _margin(row, index: int | None) -> float:
    """A piece's score in a row of the vocabulary's scores less the best other piece's; a
    piece the vocabulary lacks the model cannot write."""
    if index is None:
        return float("-inf")
    import numpy as np

    second, first = np.partition(row, -2)[-2:]
    return float(first - second if row[index] >= first else row[index] - first)


def check_model_loads(model_dir: Path) -> None:
    """Used at install time: a package whose model.bin or tokenizer does not load is not installed."""
    import ctranslate2

    try:
        ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8")
    except Exception as exc:  # the C++ loader maps failures to assorted exception types
        raise GlossaError(f"the package's model does not load: {str(exc).splitlines()[0]}",
                          str(model_dir)) from None
    # and its tokenizer (a malformed bpe.model is refused here, not at the first translation)
    try:
        metadata = json.loads((model_dir.parent / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        metadata = {}
    load_tokenizer(model_dir.parent, metadata.get("from_code", ""), metadata.get("to_code", ""))
