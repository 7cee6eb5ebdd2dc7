"""``glossa translate``, ``glossa enforce`` and ``glossa terms``: a text or a document through
the model and the glossary, MT made elsewhere through the glossary, and the glossary's
occurrences in a text."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from glossa.cli.common import (
    GlossaryOption,
    NoGlossaryOption,
    choice_help,
    console,
    glossary_or_none,
    notice,
    one_of,
)
from glossa.engine.options import DEFAULT_BATCH_TOKENS
from glossa.errors import GlossaError
from glossa.profiles import profile
from glossa.render.formats import FORMATS

DOCUMENT = "document"   # a bilingual document written back in its own format
OUTPUT_FORMATS = (*FORMATS, DOCUMENT)
FormatOption = Annotated[str | None, typer.Option(
    "--format", "-f", callback=one_of(OUTPUT_FORMATS, "an output format"),
    help=choice_help("Output format; default: text, or the document itself for XLIFF/TMX/PO input", OUTPUT_FORMATS))]
OutputOption = Annotated[str | None, typer.Option("--output", "-o", help="Default: stdout")]
ReviewOption = Annotated[bool, typer.Option("--review", help="Show the side-by-side review")]
OnlyChangedOption = Annotated[bool, typer.Option("--only-changed", help="Review: changed segments only")]
StrictOption = Annotated[bool, typer.Option(help="Exit 1 when a term is flagged, missing or would be replaced")]
ReportOnlyOption = Annotated[bool, typer.Option(
    "--report-only", help="Change no text: report kept / would replace / flagged / missing, as term QA does")]
TERMS_FORMATS = ("table", "json")


def translate(
    file: Annotated[str, typer.Argument(
        help="Text (one paragraph per line), - for stdin, or a bilingual document (.xlf/.xliff, .tmx, .po)")],
    output: OutputOption = None,
    glossary: GlossaryOption = None,
    from_code: Annotated[str | None, typer.Option("--from", help="Default: the document's, else ru")] = None,
    to_code: Annotated[str | None, typer.Option("--to", help="Default: the document's, else en")] = None,
    fmt: FormatOption = None,
    review: ReviewOption = False,
    only_changed: OnlyChangedOption = False,
    strict: StrictOption = False,
    report_only: ReportOnlyOption = False,
    yes: Annotated[bool, typer.Option("--yes", help="Allow downloading a missing package")] = False,
    threads: Annotated[int, typer.Option(help="CPU threads for the model (0: all)")] = 0,
    workers: Annotated[int, typer.Option(
        "--workers", help="Batches the model decodes at once, sharing its weights (with --threads: "
                          "threads each)")] = 1,
    device: Annotated[str | None, typer.Option(
        "--device", help="auto|cpu|cuda; default: $GLOSSA_DEVICE, else $ARGOS_DEVICE_TYPE, else auto "
                         "(CUDA when CTranslate2 sees a GPU, else the CPU)")] = None,
    compute_type: Annotated[str | None, typer.Option(
        "--compute-type", help="CTranslate2 compute type (int8, float16, …); default: the best the "
                               "device supports (int8 on the CPU)")] = None,
    beam_size: Annotated[int, typer.Option("--beam-size", help="Beam size for decoding")] = 4,
    batch_tokens: Annotated[int, typer.Option(
        "--batch-tokens", help="Source tokens a beam-search batch holds: fewer use less memory "
                               "and run slower")] = DEFAULT_BATCH_TOKENS,
    none: NoGlossaryOption = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Documents: translate every unit, not only those without a target")] = False,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress", help="A progress bar on stderr (default: when stderr is a terminal)")] = None,
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help="The input (a file, or - for stdin) is a JSONL corpus of {\"id\", \"text\"} records, "
                        "whatever its name")] = False,
    ray: Annotated[str | None, typer.Option(
        "--ray", metavar="local|ADDRESS", help="A corpus: translate on Ray (local: start one on this machine; "
                                             "needs glossa[ray])")] = None,
    interactive: Annotated[bool, typer.Option(
        "--interactive", "-i", help="With --review: settle each decision with one key before the text is "
                                    "written (see glossa review --interactive)")] = False,
    keys: Annotated[str | None, typer.Option("--keys", help="--interactive: a file of answers, one per line")] = None,
) -> None:
    """Translate with the glossary enforced; paragraphs kept, sentences batched, output streamed.
    A bilingual document's untranslated units are filled, the rest of it kept as it was."""
    from glossa.engine.options import EngineOptions
    from glossa.glossary.loading import for_pair
    from glossa.io import read_lines
    from glossa.pipeline import load_translator
    from glossa.pipeline import translate as run
    from glossa.writing import refuse_output_onto_input

    options = EngineOptions.resolve(device=device, compute_type=compute_type, beam_size=beam_size,
                                    threads=threads, batch_tokens=batch_tokens, workers=workers)
    refuse_output_onto_input(output, [file, *_glossary_inputs(glossary)])
    from glossa.cli.corpus_run import check_documents, read_corpus_run, translate_corpus_run
    from glossa.corpus_input import is_corpus

    if jsonl or is_corpus(file):
        corpus, writer = read_corpus_run(file, output, profile(from_code or "ru").legacy_encodings)
        pair = (from_code or "ru", to_code or "en")
        terms = for_pair(glossary, pair, none, notice=notice)
        refused = check_documents(corpus, terms)
        engine: object
        if ray:
            from glossa.corpus_ray import RayEngine
            from glossa.engine.packages import find

            engine = RayEngine(find(*pair), options, None if ray == "local" else ray)
        else:
            from glossa.corpus import LocalEngine

            engine = LocalEngine(load_translator(*pair, allow_install=yes, options=options))
        translate_corpus_run(corpus, refused, writer, terms, engine, not report_only, progress, overwrite, strict)
        return
    if ray:
        raise GlossaError("--ray translates a corpus: a directory or a .jsonl file", file)
    document = _document(file, fmt)
    if document is not None:
        from glossa.languages import base_language

        from_code = from_code or (base_language(document.source_lang) if document.source_lang else "ru")
        to_code = to_code or (base_language(document.target_lang) if document.target_lang else "en")
    else:
        paragraphs = read_lines(file, notice, profile(from_code or "ru").legacy_encodings)
    pair = (from_code or "ru", to_code or "en")
    terms = for_pair(glossary, pair, none, notice=notice)
    at_a_terminal = sys.stdin.isatty() and sys.stderr.isatty()
    translator = load_translator(*pair, allow_install=yes, confirm=_confirm if at_a_terminal else None,
                                 options=options)
    if document is not None:
        from glossa.documents.run import prepared, translate_document

        prepared(document, terms)
        units = translate_document(document, terms, translator, edit=not report_only, overwrite=overwrite)
        _finish(units, fmt or DOCUMENT, output, review, only_changed, strict, document)
        return
    items = run(paragraphs, terms, translator, progress=_progress(len(paragraphs)), edit=not report_only)
    if interactive:
        from glossa.cli.review import act_on

        if not review or file == "-" and keys is None:
            raise GlossaError("--interactive goes with --review, and answers from the terminal or --keys "
                              "(stdin is the text)" if review else "--interactive goes with --review")
        items = iter(act_on(list(items), keys))
    _finish(items, fmt or "text", output, False if interactive else review, only_changed, strict)


def enforce(
    document_path: Annotated[str | None, typer.Argument(
        metavar="[DOCUMENT]", help="A bilingual document (.xlf/.xliff, .tmx, .po) whose targets to enforce, "
                                   "instead of --source and --mt")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source text, one segment per line")] = None,
    mt: Annotated[str | None, typer.Option("--mt", help="MT output made elsewhere, line-aligned with --source")] = None,
    glossary: GlossaryOption = None,
    output: OutputOption = None,
    fmt: FormatOption = None,
    review: ReviewOption = False,
    only_changed: OnlyChangedOption = False,
    strict: StrictOption = False,
    report_only: ReportOnlyOption = False,
    none: NoGlossaryOption = False,
    model: Annotated[bool | None, typer.Option(
        "--model/--no-model", help="Read the MT with the pair's package to place and force terms by its "
                                   "attention (default: when one is installed)")] = None,
) -> None:
    """Apply the glossary to an existing MT output (DeepL, Google, a human draft): line-aligned
    --source and --mt files, or the targets of a bilingual document."""
    from glossa.io import opening, read_lines
    from glossa.langscript import SAMPLE, check_script
    from glossa.pipeline import enforce_lines
    from glossa.writing import refuse_output_onto_input

    if document_path is not None:
        if source is not None or mt is not None:
            raise GlossaError("give a document or --source and --mt, not both")
        _enforce_document(document_path, glossary, output, fmt, review, only_changed, strict, report_only, none,
                          model)
        return
    if source is None or mt is None:
        raise GlossaError("give --source and --mt (line-aligned files), or a document")
    refuse_output_onto_input(output, [source, mt, *_glossary_inputs(glossary)])
    terms = glossary_or_none(glossary, none)
    source_lines = read_lines(source, notice, profile(terms.source_lang).legacy_encodings)
    mt_lines = read_lines(mt, notice, profile(terms.target_lang).legacy_encodings)
    if terms.paths:
        check_script(opening(source_lines, SAMPLE), terms.source_lang, source, "--source", other=terms.target_lang)
        check_script(opening(mt_lines, SAMPLE), terms.target_lang, mt, "--mt", other=terms.source_lang)
    translator = _installed_translator(terms.source_lang, terms.target_lang, required=bool(model)) \
        if model is not False and terms.terms else None
    items = enforce_lines(source_lines, mt_lines, terms, source, mt, edit=not report_only, translator=translator)
    _finish(items, fmt or "text", output, review, only_changed, strict)


def _enforce_document(path: str, glossary, output, fmt, review, only_changed, strict, report_only, none,
                      model) -> None:
    from glossa.documents.run import enforce_document, prepared
    from glossa.glossary.loading import for_pair
    from glossa.writing import refuse_output_onto_input

    refuse_output_onto_input(output, [path, *_glossary_inputs(glossary)])
    document = _document(path, fmt)
    if document is None:
        raise GlossaError("not a bilingual document (.xlf, .xliff, .tmx, .po); for text give --source and --mt",
                          path)
    if document.source_lang and document.target_lang:
        from glossa.languages import base_language

        pair = (base_language(document.source_lang), base_language(document.target_lang))
        terms = for_pair(glossary, pair, none, notice=notice)
    else:

        terms = glossary_or_none(glossary, none)
    prepared(document, terms)
    translator = _installed_translator(terms.source_lang, terms.target_lang, required=bool(model)) \
        if model is not False and terms.terms else None
    units = enforce_document(document, terms, translator, edit=not report_only)
    _finish(units, fmt or DOCUMENT, output, review, only_changed, strict, document)


def _document(path: str, fmt: str | None):
    """The bilingual document at ``path``, or None for a text; the document output format
    asked for a text is an error."""
    from glossa.documents import is_document, read_document

    if path != "-" and is_document(path):
        return read_document(path)
    if fmt == DOCUMENT:
        raise GlossaError("--format document needs a bilingual document (.xlf, .xliff, .tmx, .po)", path)
    return None


def _glossary_inputs(paths: list[str] | None) -> list[str]:
    """The glossary files a command reads, which its output must not overwrite; a path that
    is not there is left for loading to report."""
    from glossa.glossary.loading import glossary_files

    try:
        return glossary_files(paths or [])
    except GlossaError:
        return [p for p in paths or [] if os.path.isfile(p)]


def _installed_translator(from_code: str, to_code: str, required: bool):
    """The pair's model when its package is installed; else None, and enforce places terms
    without attention as it always could, unless --model asked for it (an error then)."""
    from glossa.engine.packages import NotInstalled
    from glossa.pipeline import load_translator

    try:
        return load_translator(from_code, to_code)
    except NotInstalled:
        if required:
            raise
        return None


def terms(
    file: Annotated[str, typer.Argument(help="Russian text, or - for stdin")],
    glossary: GlossaryOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", callback=one_of(TERMS_FORMATS),
                                     help=choice_help("Output", TERMS_FORMATS))] = "table",
    none: NoGlossaryOption = False,
) -> None:
    """Find every occurrence of every glossary term, in any inflected form."""
    from glossa.io import read_lines
    from glossa.match.matcher import matcher_for
    from glossa.render import terms_view

    terms = glossary_or_none(glossary, none)
    lines = read_lines(file, notice, profile(terms.source_lang).legacy_encodings)
    matcher = matcher_for(terms)
    occurrences = [(n, line, m) for n, line in enumerate(lines, 1) for m in matcher.find(line)]
    if fmt == "json":
        sys.stdout.write(terms_view.occurrences_json(occurrences))
    else:
        console().print(terms_view.occurrences_table(occurrences))


def _finish(items, fmt: str, output: str | None, review: bool, only_changed: bool, strict: bool,
            document=None) -> None:
    """Write the result (the review, when asked, on the terminal: never in the output), then
    with --strict fail on any occurrence not rendered as the glossary says. The ``document``
    format writes the document back once all its units are done."""
    from glossa.render.formats import emit

    show_review = None
    if review:
        from glossa.render.review import show

        def show_review(segments):
            show(segments, only_changed, console=console(stderr=True))

    if fmt == DOCUMENT:
        from glossa.records import Tally
        from glossa.writing import write_output

        tally = Tally()
        segments = [tally.add(item).segment for item in items]
        write_output(output, document.dumps())
        if show_review is not None:
            show_review(segments)
    else:
        tally = emit(items, fmt, output, review=show_review)
    from glossa.records import UNRESOLVED

    open_counts = {a: tally.counts[a] for a in UNRESOLVED if tally.counts[a]}
    if strict and open_counts:
        for where, d in tally.open:
            notice(f"{where}: {d.term.source} → {d.term.target}: {d.action.replace('_', ' ')}"
                   + (f" ({d.why})" if d.why else ""))
        if tally.open_total > len(tally.open):
            notice(f"… and {tally.open_total - len(tally.open)} more")
        what = ", ".join(f"{n} {a.replace('_', ' ')}" for a, n in open_counts.items())
        notice(f"term occurrences not rendered as the glossary says: {what} (--strict)")
        raise typer.Exit(1)


def _confirm(question: str) -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(question, default=False)


def _progress(paragraphs: int):
    """A progress callback drawing a bar on stderr for long inputs on a terminal."""
    if not sys.stderr.isatty() or paragraphs < 20:
        return None
    from rich.progress import Progress

    progress = Progress(transient=True, console=console(stderr=True))
    task = progress.add_task("translating", total=None)
    progress.start()

    def advance(done: int, total: int) -> None:
        progress.update(task, advance=done, total=total)
        if progress.finished:
            progress.stop()

    return advance
