#!/usr/bin/env python
"""Build a tiny but real Argos Translate package (.argosmodel) for tests and demos.

The model is a genuine CTranslate2 Transformer (one layer, seeded random weights) and the
tokenizer a genuine SentencePiece model trained on a few lines of text, or (``--tokenizer bpe``,
as converted OPUS-MT packages) BPE codes learnt by subword-nmt on the same lines tokenized by
sacremoses, shipped as ``bpe.model``; its translations are meaningless but deterministic,
which is what pipeline, attention and target_prefix tests need.

    python scripts/build_tiny_model.py OUT.argosmodel [--from ru] [--to en] [--seed 0]
                                       [--tokenizer sentencepiece|bpe]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import string
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_LINES = [
    "Kazakh President Kassym-Jomart Tokayev visited the United States.",
    "He travelled to Washington on a working visit and met Donald Trump.",
    "Kremlin press secretary Dmitry Peskov saw nothing unusual in the greeting.",
    "Vladimir Putin and Tokayev will sign a declaration on strategic partnership in Moscow.",
    "The leaders discussed cooperation between Moscow and Astana.",
    "Putin saw the president of Kazakhstan off to his Aurus car.",
    "The White House said the talks in Anchorage went well.",
    # every letter in both cases, so any glossary rendering can be spelt as a target prefix
    "The quick brown fox jumps over the lazy dog.",
    "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG.",
]
D_MODEL, HEADS, FFN = 16, 2, 32


def train_sentencepiece(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=model,
                                   vocab_size=vocab_size, model_type="unigram",
                                   character_coverage=1.0, hard_vocab_limit=False,
                                   minloglevel=2, num_threads=1, seed_sentencepiece_size=10000)
    return model.getvalue()


def learn_bpe_codes(lines_by_lang: dict[str, list[str]], symbols: int) -> tuple[str, list[str]]:
    """BPE codes (subword-nmt's learner) over the Moses-tokenized lines, and the vocabulary
    the codes can produce: every letter of the lines, Russian and ASCII, alone and followed
    by ``@@``, and every merged symbol (word-final ones without ``@@``, the others with)."""
    from sacremoses import MosesPunctNormalizer, MosesTokenizer
    from subword_nmt.learn_bpe import learn_bpe

    tokenized = []
    for lang, lines in lines_by_lang.items():
        normalizer, tokenizer = MosesPunctNormalizer(lang), MosesTokenizer(lang)
        tokenized += [" ".join(tokenizer.tokenize(normalizer.normalize(line))) for line in lines]
    codes = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        learn_bpe(io.StringIO("\n".join(tokenized) + "\n"), codes, symbols, min_frequency=2)
    letters = set("".join(tokenized).replace(" ", ""))
    letters |= set(string.ascii_letters + string.digits + string.punctuation)
    letters |= {chr(c) for c in range(ord("А"), ord("я") + 1)} | {"Ё", "ё", "«", "»", "—"}
    pieces = ["<unk>", "<s>", "</s>"] + [p for ch in sorted(letters) for p in (ch, ch + "@@")]
    for line in codes.getvalue().splitlines():
        if line.startswith("#version"):
            continue
        symbol = "".join(line.split(" "))
        pieces.append(symbol[:-len("</w>")] if symbol.endswith("</w>") else symbol + "@@")
    return codes.getvalue(), list(dict.fromkeys(pieces))


def _set_variable(spec, path: str, value: np.ndarray) -> None:
    target = spec
    parts = path.split("/")
    for part in parts[:-1]:
        if hasattr(target, part):
            target = getattr(target, part)
        else:
            name, index = part.rsplit("_", 1)
            target = getattr(target, name)[int(index)]
    setattr(target, parts[-1], value)


def _shape(path: str, vocab: int) -> tuple[int, ...]:
    if path.endswith(("layer_norm/gamma", "layer_norm/beta")):
        return (D_MODEL,)
    if "embeddings" in path or "projection" in path:
        return (vocab, D_MODEL)
    if "self_attention/linear_0" in path:
        return (3 * D_MODEL, D_MODEL)
    if "/attention/linear_1" in path:
        return (2 * D_MODEL, D_MODEL)
    if "ffn/linear_0" in path:
        return (FFN, D_MODEL)
    if "ffn/linear_1" in path:
        return (D_MODEL, FFN)
    return (D_MODEL, D_MODEL)


def build_model_dir(out_dir: Path, pieces: list[str], seed: int, terse: bool = False) -> None:
    """A 1-layer Transformer with random weights; ``terse`` makes it end every translation
    at once (a large component of the decoder's output that only the end-of-sentence row
    of the projection reads), for benchmarks where the model's cost would drown glossa's."""
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(1, HEADS)
    rng = np.random.default_rng(seed)
    for path, value in spec.variables(ordered=True):
        if value is None:
            shape = _shape(path, len(pieces))
            if path.endswith("gamma"):
                array = np.ones(shape, dtype=np.float32)
            elif path.endswith("beta"):
                array = np.zeros(shape, dtype=np.float32)
            else:
                array = rng.normal(0, 0.5, shape).astype(np.float32)
            if terse and path == "decoder/layer_norm/beta":
                array[0] = 20.0
            if terse and path == "decoder/projection/weight":
                array[:, 0] = 0.0
                array[pieces.index("</s>"), 0] = 5.0
            _set_variable(spec, path, array)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.save(str(out_dir))


def build_package(out: Path, from_code: str = "ru", to_code: str = "en", seed: int = 0,
                  extra_metadata: dict | None = None, tokenizer: str = "sentencepiece",
                  terse: bool = False) -> Path:
    """Write a complete .argosmodel to ``out`` and return its path; ``tokenizer`` is
    ``sentencepiece`` (``sentencepiece.model``) or ``bpe`` (``bpe.model``)."""
    import sentencepiece as spm

    source_lines = (ROOT / "seeds" / "tokayev-visits.ru.txt").read_text(encoding="utf-8").splitlines()
    if tokenizer == "bpe":
        codes, pieces = learn_bpe_codes({from_code: source_lines, to_code: ENGLISH_LINES}, symbols=300)
        tokenizer_file, tokenizer_bytes = "bpe.model", codes.encode("utf-8")
    elif tokenizer == "sentencepiece":
        tokenizer_bytes = train_sentencepiece(source_lines + ENGLISH_LINES, vocab_size=400)
        processor = spm.SentencePieceProcessor(model_proto=tokenizer_bytes)
        pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        tokenizer_file = "sentencepiece.model"
    else:
        raise ValueError(f"unknown tokenizer {tokenizer!r}")
    suffix = "-bpe" if tokenizer == "bpe" else ""
    name = f"translate-{from_code}_{to_code}-tiny{suffix}"
    metadata = {"package_version": f"0.0-tiny{suffix}", "argos_version": "1.9.0", "from_code": from_code,
                "from_name": from_code, "to_code": to_code, "to_name": to_code, **(extra_metadata or {})}
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        model_dir.mkdir()
        build_model_dir(model_dir, pieces, seed, terse)
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{name}/metadata.json", json.dumps(metadata))
            archive.writestr(f"{name}/{tokenizer_file}", tokenizer_bytes)
            archive.writestr(f"{name}/README.md", "Tiny random model for tests; output is meaningless.\n")
            for file in sorted(model_dir.iterdir()):
                archive.write(file, f"{name}/model/{file.name}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--from", dest="from_code", default="ru")
    parser.add_argument("--to", dest="to_code", default="en")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tokenizer", choices=("sentencepiece", "bpe"), default="sentencepiece")
    args = parser.parse_args()
    path = build_package(args.out, args.from_code, args.to_code, args.seed, tokenizer=args.tokenizer)
    print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
