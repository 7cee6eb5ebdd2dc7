"""The two tokenizers Argos packages ship: SentencePiece, or Moses tokenization with BPE.

A package has ``sentencepiece.model`` (most packages) or ``bpe.model`` (converted OPUS-MT
models: subword BPE codes applied to Moses-tokenized text, continuation marked by ``@@``).
Both tokenizers encode exactly as argostranslate does (``argostranslate.tokenizer``) and give
the translator what enforcement needs besides the pieces: where each source piece lies in the
source sentence, the text made from output pieces with where each piece lands in it (in
characters), and which output pieces start a word (where a forced rendering may begin).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import re
from pathlib import Path
from typing import Protocol

from glossa.errors import GlossaError

PIECE_SPACE = "▁"
BPE_JOINER = "@@"

Offsets = list[tuple[int, int]]


class Tokenizer(Protocol):
    """What the translator and enforcement ask of a package's tokenizer."""

    def encode(self, text: str) -> list[str]:
        """A source sentence as source pieces."""
        ...

    def encode_target(self, text: str) -> list[str]:
        """Target text as the model writes it, in target pieces."""
        ...

    def source_offsets(self, text: str, pieces: list[str]) -> Offsets:
        """The character span of each source piece in ``text``."""
        ...

    def detokenize(self, pieces: list[str]) -> tuple[str, Offsets]:
        """Output pieces as text, with where each piece lands in it."""
        ...

    def starts_word(self, translation, k: int) -> bool:
        """Whether output piece ``k`` of a translation begins a word."""
        ...


def pieces_to_text(pieces: list[str]) -> tuple[str, Offsets]:
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


def source_piece_offsets(text: str, pieces: list[str]) -> Offsets:
    """Where each SentencePiece source piece lies in the source text (pieces are in text order)."""
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


class SentencePieceTokenizer:
    kind = "sentencepiece"

    def __init__(self, model_file: Path, target_vocabulary: list[str] | None = None) -> None:
        import sentencepiece

        try:
            self.processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        except (OSError, RuntimeError) as exc:
            raise GlossaError(f"cannot load the tokenizer: {str(exc).splitlines()[0] if str(exc) else exc}",
                              str(model_file)) from None
        known = {self.processor.id_to_piece(i) for i in range(self.processor.get_piece_size())}
        words = [p for p in target_vocabulary or () if p.startswith(PIECE_SPACE) and len(p) > 1]
        # a target vocabulary whose words the SentencePiece model lacks was made by another
        # model (the zh→en package ships the Chinese side's only): encoding English with it
        # splits "government" into ▁ gov ern ment, pieces the model never writes
        self.target = VocabularySegmenter(target_vocabulary) \
            if target_vocabulary and sum(p not in known for p in words) > len(words) // 2 else None

    def encode(self, text: str) -> list[str]:
        return self.processor.encode(text, out_type=str)

    def encode_target(self, text: str) -> list[str]:
        """Target text (a forced prefix, an output made elsewhere) as the model writes it: by
        the target vocabulary when the package's SentencePiece model is the source side's
        only, else by that model (one model for both sides)."""
        return self.target.encode(text) if self.target else self.encode(text)

    def source_offsets(self, text: str, pieces: list[str]) -> Offsets:
        return source_piece_offsets(text, pieces)

    def detokenize(self, pieces: list[str]) -> tuple[str, Offsets]:
        return pieces_to_text(list(pieces))

    def starts_word(self, translation, k: int) -> bool:
        """Whether output piece ``k`` of ``translation`` begins a word."""
        return translation.target_pieces[k].startswith(PIECE_SPACE)


class BPETokenizer:
    """Moses normalization and tokenization (sacremoses) with BPE subwords (argostranslate's
    ``apply_bpe``), as ``argostranslate.tokenizer.BPETokenizer``: source text is normalized
    and tokenized in the source language; output pieces lose their ``@@`` joins and the
    tokens are detokenized in the target language. Offsets come from finding each token, in
    order, in the (normalized) source or the detokenized output."""

    kind = "bpe"

    def __init__(self, codes_file: Path, source_lang: str, target_lang: str) -> None:
        from argostranslate.apply_bpe import BPE
        from sacremoses import MosesDetokenizer, MosesPunctNormalizer, MosesTokenizer

        try:
            with open(codes_file, encoding="utf-8") as codes, contextlib.redirect_stderr(io.StringIO()):
                self.bpe = BPE(codes)
        except SystemExit:   # apply_bpe reports a malformed line on stderr and exits
            raise GlossaError("bpe.model is not a file of BPE codes (two subword units a line)",
                              str(codes_file)) from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise GlossaError(f"cannot load the tokenizer: {exc}", str(codes_file)) from None
        self.source = (MosesPunctNormalizer(source_lang), MosesTokenizer(source_lang))
        self.target = (MosesPunctNormalizer(target_lang), MosesTokenizer(target_lang))
        self.detokenizer = MosesDetokenizer(target_lang)

    def _encode(self, text: str, side) -> list[str]:
        normalizer, tokenizer = side
        tokenized = " ".join(tokenizer.tokenize(normalizer.normalize(text)))
        return self.bpe.segment_tokens(tokenized.strip("\r\n ").split(" "))

    def encode(self, text: str) -> list[str]:
        return self._encode(text, self.source)

    def encode_target(self, text: str) -> list[str]:
        """Target text (a forced prefix) as the target side was tokenized: target-language
        Moses rules (the Kremlin 's), the same BPE codes."""
        return self._encode(text, self.target)

    def source_offsets(self, text: str, pieces: list[str]) -> Offsets:
        normalized = self.source[0].normalize(text)
        spans = _piece_spans(normalized, pieces)
        if normalized == text:
            return spans
        starts, ends = _back_to(text, normalized, self.source[0].normalize)
        return [(ends[a], ends[a]) if a == b else (starts[a], ends[b]) for a, b in spans]

    def detokenize(self, pieces: list[str]) -> tuple[str, Offsets]:
        tokens = [token for token, _ in _tokens(pieces)]
        text = self.detokenizer.detokenize(tokens) if tokens else ""
        return text, _piece_spans(text, pieces)

    def starts_word(self, translation, k: int) -> bool:
        """Whether output piece ``k`` begins a word: it begins a Moses token (the piece
        before has no ``@@``) that the detokenized text does not join to the one before
        (punctuation, 's)."""
        if k == 0:
            return True
        if translation.target_pieces[k - 1].endswith(BPE_JOINER):
            return False
        start = translation.target_offsets[k][0]
        return start == 0 or translation.text[start - 1].isspace()


class VocabularySegmenter:
    """Text as pieces of a model's target vocabulary: each space-separated word, marked with
    ``▁``, in the fewest pieces the vocabulary has (the longer first among equals), which is
    how a SentencePiece model that made the vocabulary splits common words. A word with a
    character the vocabulary lacks keeps it as a piece of its own (the model reads it as
    unknown, as it would any such character)."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = frozenset(pieces)
        self.longest = max(map(len, self.pieces), default=1)

    def encode(self, text: str) -> list[str]:
        return [piece for word in text.split() for piece in self._fewest(PIECE_SPACE + word)]

    def _fewest(self, word: str) -> list[str]:
        best: list[tuple[int, int]] = [(0, 0)] + [(len(word) + 1, 0)] * len(word)   # (pieces, start)
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - self.longest), end):
                if (word[start:end] in self.pieces or end - start == 1) and best[start][0] + 1 < best[end][0]:
                    best[end] = (best[start][0] + 1, start)
        pieces, end = [], len(word)
        while end:
            start = best[end][1]
            pieces.append(word[start:end])
            end = start
        return pieces[::-1]


def target_vocabulary(model_dir: Path) -> list[str] | None:
    """The CTranslate2 model's target vocabulary (``target_vocabulary``, else the
    ``shared_vocabulary`` of a model with one vocabulary for both sides; JSON, or one piece
    a line as models converted before CTranslate2 3 have it), or None."""
    for name in ("target_vocabulary", "shared_vocabulary"):
        try:
            pieces = json.loads((model_dir / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            try:
                pieces = (model_dir / f"{name}.txt").read_text(encoding="utf-8").removesuffix("\n").split("\n")
            except (OSError, ValueError):
                continue
        if isinstance(pieces, list) and all(isinstance(p, str) for p in pieces):
            return pieces
    return None


def load_tokenizer(package_dir: Path, source_lang: str, target_lang: str) -> Tokenizer:
    """The package's tokenizer, chosen as argostranslate chooses: ``sentencepiece.model``
    when the package has one, else ``bpe.model``."""
    sentencepiece_model = package_dir / "sentencepiece.model"
    if sentencepiece_model.is_file():
        return SentencePieceTokenizer(sentencepiece_model, target_vocabulary(package_dir / "model"))
    bpe_model = package_dir / "bpe.model"
    if bpe_model.is_file():
        return BPETokenizer(bpe_model, source_lang, target_lang)
    raise GlossaError("package has no sentencepiece.model or bpe.model", str(package_dir))


# --- offsets of BPE pieces

# What the Moses tokenizer escapes, and the aggressive hyphen split, which the detokenizer
# turns back into the characters they stand for.
_ESCAPES = {"&amp;": "&", "&#124;": "|", "&lt;": "<", "&gt;": ">", "&apos;": "'", "&quot;": '"',
            "&#91;": "[", "&#93;": "]"}
_ESCAPE = re.compile("|".join(map(re.escape, _ESCAPES)))
_HYPHEN = "@-@"


def _tokens(pieces: list[str]) -> list[tuple[str, list[int]]]:
    """Moses tokens made of the pieces (``@@`` joins a piece to the next), each with the
    index of every piece boundary in the token."""
    tokens: list[tuple[str, list[int]]] = []
    token, bounds = "", [0]
    for n, piece in enumerate(pieces):
        joined = piece.endswith(BPE_JOINER)
        token += piece[:-len(BPE_JOINER)] if joined else piece
        bounds.append(len(token))
        if not joined or n == len(pieces) - 1:
            tokens.append((token, bounds))
            token, bounds = "", [0]
    return tokens


def _surface(token: str) -> tuple[str, list[int]]:
    """The characters an (escaped) Moses token stands for, and for each index in the token
    the index in those characters (inside an escape: its start)."""
    if token == _HYPHEN:
        return "-", [0, 0, 1, 1]
    surface, where, position = "", [], 0
    for match in _ESCAPE.finditer(token):
        for ch in token[position:match.start()]:
            where.append(len(surface))
            surface += ch
        where.extend([len(surface)] * (match.end() - match.start()))
        surface += _ESCAPES[match.group()]
        position = match.end()
    for ch in token[position:]:
        where.append(len(surface))
        surface += ch
    where.append(len(surface))
    return surface, where


def _piece_spans(text: str, pieces: list[str]) -> Offsets:
    """Each piece's span in ``text``: the tokens are found in order, a piece takes its part
    of its token; a token that cannot be found gets empty spans where the search stands."""
    spans: Offsets = []
    position = 0
    for token, bounds in _tokens(pieces):
        surface, where = _surface(token)
        found = text.find(surface, position) if surface else -1
        if found < 0:
            spans.extend([(position, position)] * (len(bounds) - 1))
            continue
        spans.extend((found + where[a], found + where[b]) for a, b in zip(bounds, bounds[1:]))
        position = found + len(surface)
    return spans


def _back_to(original: str, normalized: str, normalize) -> tuple[list[int], list[int]]:
    """Map positions in the normalized text back to the original (the normalizer turns «»
    into quotes, … into three dots, collapses spaces): for a span's start and for its end.
    A changed stretch is mapped character by character when normalizing its characters one
    by one gives it (»… → "...), else proportionally."""
    starts = [len(original)] * (len(normalized) + 1)
    ends = [0] * (len(normalized) + 1)
    matcher = difflib.SequenceMatcher(None, original, normalized, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        parts = [normalize(ch) for ch in original[i1:i2]] if tag == "replace" else []
        if parts and "".join(parts) == normalized[j1:j2]:
            j = j1
            for i, part in enumerate(parts, i1):
                for _ in part:
                    starts[j], ends[j + 1] = i, i + 1
                    j += 1
            continue
        for j in range(j1, j2):   # the original characters normalized[j] came from
            starts[j] = i1 + (j - j1) * (i2 - i1) // (j2 - j1)
            ends[j + 1] = i1 + -(-(j + 1 - j1) * (i2 - i1) // (j2 - j1))
    return starts, ends
