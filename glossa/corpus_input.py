"""A corpus's documents as a run reads them: a directory of ``.txt`` and bilingual documents,
or a JSONL file (or stdin) of ``{"id", "text"}`` records, read a line at a time; a document
that cannot be read is an error of its own, never the end of the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from glossa.errors import GlossaError
from glossa.io import TEXT_LIMIT, read_text, refuse_binary

TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Doc:
    id: str              # the relative path in a directory, the record's id in JSONL (as text)
    text: str | None     # a text document's text (None: a bilingual document, read from ``path``)
    path: Path | None = None
    key: object = None   # a JSONL record's id as it was given (a number stays a number)

    @cached_property
    def digest(self) -> str:
        """A hash of the input, worked out once: a run asks for it to tell the document's
        state and again to record it done."""
        data = self.text.encode("utf-8") if self.text is not None else (self.path.read_bytes() if self.path else b"")
        return hashlib.sha256(data).hexdigest()


def is_corpus(path: str) -> bool:
    """Whether ``translate`` takes the input as a corpus: a directory or a .jsonl file."""
    return path != "-" and (Path(path).is_dir() or path.lower().endswith(".jsonl"))


@dataclass
class Corpus:
    """A corpus's documents and those that cannot be read, each as an error at its file and
    line. A directory's are listed up front; a JSONL file's are read a line at a time as the
    run asks for them (an archive of millions of records is never held whole), so its
    ``failed`` grows as it is read, and ``total`` counts its non-blank lines."""

    documents: Iterable[Doc]
    failed: list[GlossaError]
    total: int | None            # None for stdin, which is read once


def read_corpus(path: str, encodings: tuple[str, ...]) -> Corpus:
    """The documents of a directory (``.txt`` and the bilingual formats, in sorted order of
    their relative paths, hidden files and the run's own records left out) or of a JSONL
    file or stdin (``-``; one ``{"id": …, "text": …}`` object a line). A document that cannot be read is
    an error in ``failed``: a text document in neither UTF-8 nor one of ``encodings`` (JSONL
    is UTF-8), a JSONL line that is not such an object, repeats an id or is longer than a
    text may be. One bad document does not stop a corpus: the others are read."""
    from glossa.documents import is_document

    root = Path(path)
    failed: list[GlossaError] = []
    if path == "-":
        if sys.stdin is None:   # started with standard input closed (<&-)
            raise GlossaError("standard input is closed", "<stdin>")
        return Corpus(_jsonl_documents(path, failed), failed, None)
    if not root.is_dir():
        try:
            with open(path, "rb") as fh:
                refuse_binary(fh.read(8192), path)   # an image named .jsonl: no line by line errors
                fh.seek(0)
                total = sum(1 for raw in fh if raw.strip())
        except OSError as exc:
            raise GlossaError(exc.strerror or str(exc), path) from None
        return Corpus(_jsonl_documents(path, failed), failed, total)
    docs: list[Doc] = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = file.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if file.suffix.lower() in TEXT_SUFFIXES:
            try:
                docs.append(Doc(relative.as_posix(), read_text(str(file), None, encodings)))
            except GlossaError as exc:
                failed.append(exc)
        elif is_document(str(file)):
            docs.append(Doc(relative.as_posix(), None, file))
    if not docs and not failed:
        raise GlossaError("no .txt or bilingual documents in this directory", path)
    return Corpus(docs, failed, len(docs))


def _jsonl_documents(path: str, failed: list[GlossaError]) -> Iterator[Doc]:
    """The documents of a JSONL file, a line at a time; a line that is no document goes to
    ``failed`` with its number."""
    seen: set[str] = set()
    name = "<stdin>" if path == "-" else path
    try:
        with contextlib.nullcontext(sys.stdin.buffer) if path == "-" else open(path, "rb") as fh:
            n = 0
            while raw := fh.readline(TEXT_LIMIT + 1):
                n += 1
                if len(raw) > TEXT_LIMIT:
                    failed.append(GlossaError(f"a line longer than {TEXT_LIMIT >> 20} MB", name, n))
                    while raw and not raw.endswith(b"\n"):   # the rest of that line
                        raw = fh.readline(TEXT_LIMIT)
                    continue
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8").removeprefix("\ufeff" if n == 1 else "")
                    yield _record(line, seen, name, n)
                except UnicodeDecodeError:
                    failed.append(GlossaError("not valid UTF-8", name, n))
                except GlossaError as exc:
                    failed.append(exc)
    except OSError as exc:
        raise GlossaError(exc.strerror or str(exc), name) from None


def _record(line: str, seen: set[str], path: str, n: int) -> Doc:
    """The document of JSONL line ``n``, whose id must not be in ``seen`` (it is added)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GlossaError(f"not a JSON object: {exc.msg}", path, n) from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or \
            not isinstance(record.get("id"), (str, int)) or isinstance(record.get("id"), bool):
        raise GlossaError('each line must be {"id": string or number, "text": string}', path, n)
    ident = str(record["id"])
    if ident in seen:
        raise GlossaError(f"id {ident!r} is given twice", path, n)
    seen.add(ident)
    return Doc(ident, record["text"], key=record["id"])
