"""Translating a corpus: a directory of documents or a JSONL file of ``{"id", "text"}``
records, one result per document, resumable.

Text documents go to the model in chunks of whole documents (consecutive documents up to
CHUNK_PARAGRAPHS paragraphs), each chunk one stream of paragraphs, so the model's batches stay
full across document boundaries. The chunks are cut from the whole corpus, done documents
included, so a chunk is always the same batch of sentences: the model's numbers depend a
little on what a sentence is batched with, and a resumed run must batch as an uninterrupted
one did. A bilingual document (XLIFF, TMX, PO) is translated on its own.

Each result is written atomically as soon as its document is done, and only then recorded as
done (its id, a hash of its input, and a hash of everything that decides the output: the
glossary's terms, the model package, the engine options, glossa's version). A rerun of the
same command after a crash, Ctrl-C or ``kill -9`` translates again only the chunks with a
document not recorded, writes only those documents, and gives the same output as an
uninterrupted run; a document whose input or configuration changed is translated again, and
the run says how many were.

The run's records live beside the output: ``OUT/.glossa-run/`` for a directory,
``OUT.glossa-run/`` for a JSONL file (whose results are kept there until the run completes
and the file is written whole, in input order).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from glossa.corpus_input import Doc
from glossa.errors import GlossaError
from glossa.io import split_lines
from glossa.records import Placed, summary_of
from glossa.writing import AtomicOutput, atomic_write

CHUNK_PARAGRAPHS = 64    # paragraphs of whole documents the model reads as one stream


def configuration_digest(glossary, package, options, edit: bool) -> str:
    """A hash of everything besides a document's text that decides its result."""
    from glossa import __version__

    described = {"glossa": __version__, "terms": [repr(t) for t in glossary.terms],
                 "pair": [glossary.source_lang, glossary.target_lang], "edit": edit,
                 "package": [package.from_code, package.to_code, package.version],
                 "engine": [options.device, options.compute_type, options.beam_size, options.batch_tokens]}
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


@dataclass
class RunRecords:
    """What a run has done, kept in its records directory: ``done.jsonl`` (id, input and
    configuration hashes of each finished document, appended and flushed to disk after its
    result is written), ``decisions.jsonl`` (each finished document's decisions) and, once
    the run completes, ``summary.json``."""

    directory: Path
    configuration: str
    finished: dict = field(default_factory=dict)    # id → (input hash, configuration hash)

    def __post_init__(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        done = self.directory / "done.jsonl"
        if done.exists():
            for line in done.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    self.finished[record["id"]] = (record["input"], record["configuration"])
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue   # a line cut short by a crash: that document is done again

    def state(self, doc: Doc) -> str:
        """done (skip it), changed (its input or the configuration changed) or new."""
        known = self.finished.get(doc.id)
        if known is None:
            return "new"
        return "done" if known == (doc.digest, self.configuration) else "changed"

    def record(self, doc: Doc, digest: str, placed: list[Placed]) -> None:
        decisions = {"id": doc.id, "segments": [p.segment.as_json() for p in placed]}
        for name, record in (("decisions.jsonl", decisions),
                             ("done.jsonl", {"id": doc.id, "input": digest, "configuration": self.configuration})):
            with open(self.directory / name, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        self.finished[doc.id] = (digest, self.configuration)


class DirectoryOutput:
    """Results as files mirroring the input's relative paths under OUT."""

    def __init__(self, out: str) -> None:
        self.root = Path(out)
        if self.root.exists() and not self.root.is_dir():
            raise GlossaError("a directory input needs a directory output (-o DIR)", out)
        self.records = self.root / ".glossa-run"

    def write(self, doc: Doc, data: str | bytes) -> None:
        target = self.root / doc.id
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)

    def finish(self, ids: list[str]) -> None:
        return None


class JsonlOutput:
    """Results as a JSONL file of ``{"id", "text"}``, in input order: each result is kept in
    the run's records as it is done, and the file is written whole when the run completes."""

    def __init__(self, out: str) -> None:
        self.path = Path(out)
        self.records = Path(out + ".glossa-run")
        self.parts = self.records / "results"

    def write(self, doc: Doc, data: str | bytes) -> None:
        self.parts.mkdir(parents=True, exist_ok=True)
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        atomic_write(self.parts / hashlib.sha256(doc.id.encode()).hexdigest(), json.dumps(
            {"id": doc.key if doc.key is not None else doc.id, "text": text.removesuffix("\n")},
            ensure_ascii=False) + "\n")

    def finish(self, ids: list[str]) -> None:
        """The file written from the kept results in input order, a result at a time."""
        with AtomicOutput(str(self.path)) as out:
            for ident in ids:
                out.write((self.parts / hashlib.sha256(ident.encode()).hexdigest()).read_text(encoding="utf-8"))


@dataclass
class Outcome:
    translated: int = 0
    skipped: int = 0
    changed: int = 0
    counts: dict = field(default_factory=dict)


class LocalEngine:
    """Chunks translated in this process, by one translator."""

    def __init__(self, translator) -> None:
        self.translator = translator
        self.package, self.options = translator.package, translator.options

    def translate_chunks(self, todo: list[list[Doc]], glossary, edit: bool):
        for chunk in todo:
            yield chunk, list(translated_texts(chunk, glossary, self.translator, edit))

    def translate_document(self, doc: Doc, glossary, edit: bool, overwrite: bool = False):
        return translated_document(doc, glossary, self.translator, edit, overwrite)


def translate_corpus(docs: Iterable[Doc], glossary, engine, output, edit: bool = True,
                     progress: Callable[[int, int], None] | None = None, overwrite: bool = False) -> Outcome:
    """Translate every document not done before (see the module's docstring) with the
    ``engine`` (``LocalEngine``, or ``corpus_ray.RayEngine``: the same chunks on a Ray
    cluster); ``progress`` is told (documents finished, sentences translated) as the run goes.
    The documents are read once, as the chunks need them: only their ids are kept."""
    records = RunRecords(output.records, configuration_digest(glossary, engine.package, engine.options, edit))
    outcome = Outcome()
    ids: list[str] = []             # in input order, for the output's last step
    bilingual: list[Doc] = []       # translated on their own after the texts
    states: dict[str, str] = {}     # of the text documents read and not yet finished
    counts: Counter = Counter()

    def text_documents() -> Iterator[Doc]:
        for doc in docs:
            ids.append(doc.id)
            state = records.state(doc)
            outcome.skipped += state == "done"
            outcome.changed += state == "changed"
            if doc.text is None:
                if state != "done":
                    bilingual.append(doc)
                continue
            states[doc.id] = state
            yield doc

    def todo() -> Iterator[list[Doc]]:
        for chunk in chunks(text_documents()):
            if any(states[d.id] != "done" for d in chunk):
                yield chunk
            else:
                for doc in chunk:
                    del states[doc.id]

    def finished(doc: Doc, data: str | bytes, placed: list[Placed]) -> None:
        output.write(doc, data)
        records.record(doc, doc.digest, placed)
        counts.update(d.action for p in placed for d in p.segment.decisions)
        outcome.translated += 1
        if progress:
            progress(1, sum(1 for p in placed if p.segment.source))

    for _, results in engine.translate_chunks(todo(), glossary, edit):
        for doc, placed in results:
            if states.pop(doc.id) != "done":
                finished(doc, _text_of(placed, doc.text or ""), placed)
    for doc in bilingual:
        data, placed = engine.translate_document(doc, glossary, edit, overwrite)
        finished(doc, data, placed)
    output.finish(ids)
    outcome.counts = summary_of(counts)
    atomic_write(records.directory / "summary.json", json.dumps(
        {"documents": len(ids), "translated": outcome.translated, "skipped": outcome.skipped,
         "translated_again": outcome.changed, **outcome.counts}, indent=2) + "\n")
    return outcome


def chunks(docs: Iterable[Doc]) -> Iterator[list[Doc]]:
    """Consecutive text documents, cut after the one that brings a chunk to CHUNK_PARAGRAPHS
    paragraphs."""
    chunk: list[Doc] = []
    size = 0
    for doc in docs:
        chunk.append(doc)
        size += len(split_lines(doc.text or ""))
        if size >= CHUNK_PARAGRAPHS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def translated_texts(docs: list[Doc], glossary, translator, edit: bool) -> Iterator[tuple[Doc, list[Placed]]]:
    """Each text document with its placed segments (paragraphs numbered within it), the
    documents' paragraphs translated as one stream."""
    from glossa.pipeline import translate

    bounds: list[tuple[int, int]] = []     # per document: its first paragraph and how many

    def paragraphs() -> Iterator[str]:
        at = 0
        for doc in docs:
            lines = split_lines(doc.text or "")
            bounds.append((at, len(lines)))
            at += len(lines)
            yield from lines

    current = 0
    collected: list[Placed] = []
    for item in translate(paragraphs(), glossary, translator, edit=edit):
        while current < len(docs) and (bounds[current][0] + bounds[current][1] <= item.paragraph):
            yield docs[current], collected
            current, collected = current + 1, []
        collected.append(Placed(item.paragraph - bounds[current][0], item.segment))
    while current < len(docs):
        yield docs[current], collected
        current, collected = current + 1, []


def _text_of(placed: list[Placed], source: str) -> str:
    """A document's translation, a line per paragraph, as ``translate`` writes text."""
    from glossa.render.formats import paragraphs

    lines = list(paragraphs(placed))
    return "".join(line + "\n" for line in lines) if lines or source else ""


def translated_document(doc: Doc, glossary, translator, edit: bool,
                        overwrite: bool = False) -> tuple[bytes, list[Placed]]:
    from glossa.documents import read_document
    from glossa.documents.run import prepared, translate_document

    document = read_document(str(doc.path))
    prepared(document, glossary)
    placed = list(translate_document(document, glossary, translator, edit=edit, overwrite=overwrite))
    return document.dumps(), placed
