"""Translation with an Argos package's CTranslate2 model and its tokenizer (SentencePiece, or
Moses + BPE: ``glossa.engine.tokenizers``).

Driving CTranslate2 directly (not argostranslate.translate) gives what glossary enforcement
needs, the attention matrix and ``target_prefix``, and avoids argostranslate.translate's
start-up, which loads stanza, spaCy and torch and downloads sentence splitters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from glossa.engine.options import EngineOptions
from glossa.engine.packages import InstalledPackage
from glossa.engine.tokenizers import (PIECE_SPACE, load_tokenizer, pieces_to_text,  # noqa: F401
                                      source_piece_offsets)
from glossa.errors import GlossaError


@dataclass(frozen=True)
class Translation:
    text: str
    source_pieces: tuple[str, ...]
    source_offsets: tuple[tuple[int, int], ...]   # character span of each source piece
    target_pieces: tuple[str, ...]
    target_offsets: tuple[tuple[int, int], ...]   # character span of each piece in ``text``
    attention: tuple[tuple[float, ...], ...] | None = None  # [target piece][source piece]


class Translator:
    def __init__(self, package: InstalledPackage, options: EngineOptions | None = None) -> None:
        """Load the package's model once, as ``options`` say (default: resolved from the
        environment, as ``glossa translate`` without flags)."""
        import ctranslate2

        self.package = package
        self.options = options = options or EngineOptions.resolve()
        self.beam_size = options.beam_size
        model_dir = package.path / "model"
        self.tokenizer = load_tokenizer(package.path, package.from_code, package.to_code)
        try:
            self.model = ctranslate2.Translator(str(model_dir), device=options.device,
                                                compute_type=options.compute_type,
                                                intra_threads=options.threads)
        except Exception as exc:  # the C++ loader maps failures to assorted exception types
            raise GlossaError(f"cannot load the model: {str(exc).splitlines()[0]}", str(model_dir)) from None
        self.package_prefix = self.encode_target(package.target_prefix) if package.target_prefix else []

    def encode(self, sentence: str) -> list[str]:
        """A source sentence as source pieces."""
        return self.tokenizer.encode(sentence)

    def encode_target(self, text: str) -> list[str]:
        """Target text (a forced prefix) as target pieces."""
        return self.tokenizer.encode_target(text)

    def translate(self, sentences: list[str], prefixes: list[str | None] | None = None,
                  attention: bool = False, max_batch_size: int = 32,
                  max_length: int | None = None) -> list[Translation]:
        """Translate a batch; ``prefixes[i]`` forces the start of sentence i's output;
        ``max_length`` bounds the output in pieces."""
        if not sentences:
            return []
        forced = [self.encode_target(p) if p else [] for p in (prefixes or [None] * len(sentences))]
        return [options[0] for options in self._decode(sentences, forced, attention, max_batch_size,
                                                       max_length=max_length)]

    def alternatives(self, sentence: str, count: int) -> list[Translation]:
        """The model's ``count`` best translations of one sentence, best first."""
        return self._decode([sentence], [[]], True, beam_size=max(self.beam_size, count),
                            hypotheses=count)[0]

    def continuations(self, sentence: str, prefixes: list[list[str]],
                      max_length: int | None = None) -> list[Translation]:
        """One translation of the sentence for each forced start, given as target pieces.
        Greedy: after a forced start the model mostly copies the rest of its own output, and
        a beam would multiply the cost of every forced term."""
        return [options[0] for options in self._decode([sentence] * len(prefixes), prefixes, True,
                                                       beam_size=1, max_length=max_length)]

    def align(self, sentence: str, pieces: list[str]) -> Translation:
        """The attention of the model on the source while it reads a given output."""
        source = self.encode(sentence)
        result = self.model.translate_batch(
            [source], target_prefix=[self.package_prefix + list(pieces)], beam_size=1,
            return_attention=True, max_decoding_length=len(self.package_prefix) + len(pieces) + 1)[0]
        rows = result.attention[0][len(self.package_prefix):len(self.package_prefix) + len(pieces)]
        return self._translation(sentence, source, list(pieces), rows)

    def score(self, sentence: str, candidates: list[list[str]]) -> list[list[float]]:
        """The log-probability of each piece of each candidate output, then of its end."""
        if not candidates:
            return []
        source = self.encode(sentence)
        results = self.model.score_batch([source] * len(candidates),
                                         [self.package_prefix + list(c) for c in candidates])
        return [list(r.log_probs[len(self.package_prefix):]) for r in results]

    def _decode(self, sentences: list[str], prefixes: list[list[str]], attention: bool,
                max_batch_size: int = 32, beam_size: int | None = None,
                hypotheses: int = 1, max_length: int | None = None) -> list[list[Translation]]:
        sources = [self.encode(s) for s in sentences]
        forced = [self.package_prefix + list(p) for p in prefixes]
        longest = max(16, 4 * max(len(s) for s in sources) + 10) + max(map(len, forced))
        if max_length is not None:
            longest = min(longest, len(self.package_prefix) + max_length)
        results = self.model.translate_batch(
            sources, target_prefix=forced if any(forced) else None,
            beam_size=beam_size or self.beam_size, num_hypotheses=hypotheses,
            max_batch_size=max_batch_size, return_attention=attention,
            max_decoding_length=longest,
            replace_unknowns=True)
        cut = len(self.package_prefix)
        return [[self._translation(sentence, source, pieces[cut:],
                                   matrix[cut:] if attention else None)
                 for pieces, matrix in zip(result.hypotheses,
                                           result.attention if attention else [None] * len(result.hypotheses))]
                for sentence, source, result in zip(sentences, sources, results)]

    def _translation(self, sentence: str, source: list[str], pieces: list[str], matrix) -> Translation:
        text, offsets = self.tokenizer.detokenize(pieces)
        return Translation(
            text=text, source_pieces=tuple(source),
            source_offsets=tuple(self.tokenizer.source_offsets(sentence, source)),
            target_pieces=tuple(pieces), target_offsets=tuple(offsets),
            attention=tuple(tuple(row) for row in matrix) if matrix is not None else None)


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
