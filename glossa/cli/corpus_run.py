"""The corpus path of ``glossa translate``: a directory or JSONL corpus read and checked
before the model loads, translated with a progress bar, and its outcome told."""

from __future__ import annotations

import sys

import typer

from glossa.cli.common import console, notice
from glossa.errors import GlossaError


def read_corpus_run(path: str, output: str | None, encodings: tuple[str, ...]):
    """A corpus (``corpus.Corpus``: its documents, read as the run goes for JSONL) and where
    the results go (a directory of documents into a directory, a JSONL file into a JSONL
    file), checked before any model is loaded; a text document not in UTF-8 may be in one
    of ``encodings``."""
    from pathlib import Path

    from glossa.corpus import DirectoryOutput, JsonlOutput
    from glossa.corpus_input import read_corpus

    corpus = read_corpus(path, encodings)
    if output is None or output == "-":
        raise GlossaError("a corpus needs -o: a directory for a directory, a .jsonl file for JSONL", path)
    source, target = Path(path).resolve(), Path(output).resolve()
    if Path(path).is_dir() and (target == source or source in target.parents):
        raise GlossaError("the output directory must not be the input directory or inside it", output)
    if not Path(path).is_dir() and target.is_dir():
        raise GlossaError("a JSONL corpus is written to a .jsonl file, not a directory", output)
    return corpus, DirectoryOutput(output) if Path(path).is_dir() else JsonlOutput(output)


def check_documents(corpus, glossary) -> list[GlossaError]:
    """The bilingual documents refused, taken out of the corpus: each must be well-formed and
    for the glossary's pair, checked before the model is loaded, not after the texts are
    translated (only a directory holds them; a JSONL corpus is left to be read as it goes)."""
    from glossa.documents import read_document
    from glossa.documents.run import prepared

    if not isinstance(corpus.documents, list):
        return []
    kept, refused = [], []
    for doc in corpus.documents:
        try:
            if doc.path is not None:
                prepared(read_document(str(doc.path)), glossary)
            kept.append(doc)
        except GlossaError as exc:
            refused.append(exc)
    corpus.documents, corpus.total = kept, len(kept)
    return refused


def translate_corpus_run(corpus, refused: list[GlossaError], writer, glossary, engine, edit: bool,
                         progress: bool | None, overwrite: bool, strict: bool) -> None:
    """Translate the documents, tell the outcome, and name each document that could not be
    read: a run with such documents exits 1, after the others are written."""
    from glossa.corpus import translate_corpus
    from glossa.records import UNRESOLVED

    with corpus_progress(corpus.total, progress) as advance:
        outcome = translate_corpus(corpus.documents, glossary, engine, writer, edit, advance, overwrite)
    failed = corpus.failed + refused
    documents = outcome.translated + outcome.skipped + len(failed)
    again = f", {outcome.changed} of them again (the input, glossary or model changed)" if outcome.changed else ""
    unread = f", {len(failed)} could not be read" if failed else ""
    notice(f"{documents} documents: {outcome.translated} translated{again}, {outcome.skipped} "
           f"done before{unread}; records in {writer.records}")
    for error in failed:
        notice(str(error))
    open_counts = {a: outcome.counts.get(a, 0) for a in UNRESOLVED if outcome.counts.get(a, 0)}
    if strict and open_counts:
        what = ", ".join(f"{n} {a.replace('_', ' ')}" for a, n in open_counts.items())
        notice(f"term occurrences not rendered as the glossary says: {what} (--strict; by document in "
               f"{writer.records / 'decisions.jsonl'})")
        raise typer.Exit(1)
    if failed:
        raise typer.Exit(1)


def corpus_progress(total: int | None, wanted: bool | None):
    """A rich progress bar on stderr (documents, sentences a second, time left): shown when
    stderr is a terminal, or as --progress says."""
    import contextlib

    if not (sys.stderr.isatty() if wanted is None else wanted):
        return contextlib.nullcontext(None)

    @contextlib.contextmanager
    def bar():
        import time

        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        started, sentences = time.monotonic(), [0]
        with Progress(TextColumn("translating"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                      TimeRemainingColumn(), console=console(stderr=True), transient=False) as shown:
            task = shown.add_task("documents", total=total, rate="")

            def advance(documents: int, done: int) -> None:
                sentences[0] += done
                rate = sentences[0] / max(time.monotonic() - started, 1e-6)
                shown.update(task, advance=documents, rate=f"{rate:.1f} sentences/s")
            yield advance
    return bar()
