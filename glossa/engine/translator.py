"""Translation with an Argos package's CTranslate2 model and SentencePiece tokenizer.

Driving CTranslate2 directly (not argostranslate.translate) gives what glossary enforcement
needs, the attention matrix and ``target_prefix``, and avoids argostranslate.translate's
start-up, which loads stanza, spaCy and torch and downloads sentence splitters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glossa.engine.packages import InstalledPackage
from glossa.errors import GlossaError

PIECE_SPACE = "▁"


@dataclass(frozen=True)
class Translation:
    text: str
    source_pieces: tuple[str, ...]
    source_offsets: tuple[tuple[int, int], ...]   # character span of each source piece
    target_pieces: tuple[str, ...]
    target_offsets: tuple[tuple[int, int], ...]   # character span of each piece in ``text``
    attention: tuple[tuple[float, ...], ...] | None = None  # [target piece][source piece]


def pieces_to_text(pieces: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Detokenize SentencePiece pieces, keeping where each piece lands in the text."""
    text, offsets = "", []
    for piece in pieces:
        chunk = piece.replace(PIECE_SPACE, " ")
        if not text:
            chunk = chunk.lstrip(" ")
        start = len(text) + (len(chunk) - len(chunk.lstrip(" ")))
        text += chunk
        offsets.append((start, len(text)))
    return text, offsets


def source_piece_offsets(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Where each source piece lies in the source text (pieces are in text order)."""
    offsets, position = [], 0
    for piece in pieces:
        core = piece.replace(PIECE_SPACE, "")
        found = text.find(core, position) if core else -1
        if found < 0:
            offsets.append((position, position))
            continue
        offsets.append((found, found + len(core)))
        position = found + len(core)
    return offsets


class Translator:
    def __init__(self, package: InstalledPackage, threads: int = 0, compute_type: str = "int8",
                 beam_size: int = 4) -> None:
        import ctranslate2
        import sentencepiece

        self.package = package
        self.beam_size = beam_size
        model_dir = package.path / "model"
        tokenizer = package.path / "sentencepiece.model"
        if not tokenizer.is_file():
            raise GlossaError("package has no sentencepiece.model (BPE packages are not supported)",
                              str(package.path))
        try:
            self.model = ctranslate2.Translator(str(model_dir), device="cpu", compute_type=compute_type,
                                                intra_threads=threads)
        except Exception as exc:  # the C++ loader maps failures to assorted exception types
            raise GlossaError(f"cannot load the model: {str(exc).splitlines()[0]}", str(model_dir)) from None
        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(tokenizer))
        self.package_prefix = self.sp.encode(package.target_prefix, out_type=str) if package.target_prefix else []

    def encode(self, sentence: str) -> list[str]:
        return self.sp.encode(sentence, out_type=str)

    def translate(self, sentences: list[str], prefixes: list[str | None] | None = None,
                  attention: bool = False, max_batch_size: int = 32) -> list[Translation]:
        """Translate a batch; ``prefixes[i]`` forces the start of sentence i's output."""
        if not sentences:
            return []
        forced = [self.encode(p) if p else [] for p in (prefixes or [None] * len(sentences))]
        return [options[0] for options in self._decode(sentences, forced, attention, max_batch_size)]

    def alternatives(self, sentence: str, count: int) -> list[Translation]:
        """The model's ``count`` best translations of one sentence, best first."""
        return self._decode([sentence], [[]], True, beam_size=max(self.beam_size, count),
                            hypotheses=count)[0]

    def continuations(self, sentence: str, prefixes: list[list[str]]) -> list[Translation]:
        """One translation of the sentence for each forced start, given as target pieces."""
        return [options[0] for options in self._decode([sentence] * len(prefixes), prefixes, True)]

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
                hypotheses: int = 1) -> list[list[Translation]]:
        sources = [self.encode(s) for s in sentences]
        forced = [self.package_prefix + list(p) for p in prefixes]
        results = self.model.translate_batch(
            sources, target_prefix=forced if any(forced) else None,
            beam_size=beam_size or self.beam_size, num_hypotheses=hypotheses,
            max_batch_size=max_batch_size, return_attention=attention,
            max_decoding_length=max(16, 4 * max(len(s) for s in sources) + 10) + max(map(len, forced)),
            replace_unknowns=True)
        cut = len(self.package_prefix)
        return [[self._translation(sentence, source, pieces[cut:],
                                   matrix[cut:] if attention else None)
                 for pieces, matrix in zip(result.hypotheses,
                                           result.attention if attention else [None] * len(result.hypotheses))]
                for sentence, source, result in zip(sentences, sources, results)]

    @staticmethod
    def _translation(sentence: str, source: list[str], pieces: list[str], matrix) -> Translation:
        text, offsets = pieces_to_text(pieces)
        return Translation(
            text=text, source_pieces=tuple(source),
            source_offsets=tuple(source_piece_offsets(sentence, source)),
            target_pieces=tuple(pieces), target_offsets=tuple(offsets),
            attention=tuple(tuple(row) for row in matrix) if matrix is not None else None)


def check_model_loads(model_dir: Path) -> None:
    """Used at install time: a package whose model.bin does not load is not installed."""
    import ctranslate2

    try:
        ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8")
    except Exception as exc:  # the C++ loader maps failures to assorted exception types
        raise GlossaError(f"the package's model does not load: {str(exc).splitlines()[0]}",
                          str(model_dir)) from None
