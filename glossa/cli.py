"""The ``glossa`` command line: parses options and hands over to the modules that do the work.

Heavy libraries (ctranslate2, sentencepiece, torch) are imported only inside the commands
that translate, so ``glossa --help`` and the glossary commands start fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from glossa import __version__, interrupt
from glossa.errors import GlossaError


class _Stopped(BaseException):
    """Ctrl-C or a closed stdout, carried past typer (which would make the first a silent
    exit 130 and the second an exit 1) to ``main``, where each gets its one answer."""


class _Group(TyperGroup):
    """The one place where a command's failure on bad input becomes its answer: one line
    naming the file (and line) on stderr and exit code 2, wherever the app is invoked
    from (``main``, or a test's ``CliRunner``)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, BrokenPipeError) as exc:
            raise _Stopped() from exc
        except GlossaError as exc:
            _say(f"glossa: {exc}")
            raise typer.Exit(2) from None


app = typer.Typer(help="Offline Russian→English translation with an enforced term glossary.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, cls=_Group,
                  context_settings={"help_option_names": ["-h", "--help"]})
glossary_app = typer.Typer(help="Check, list, edit and exchange glossaries.", no_args_is_help=True)


def _show_version(value: bool) -> None:
    if value:
        print(f"glossa {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True, help="Show the version and exit")] = False) -> None:
    """Offline Russian→English translation with an enforced term glossary."""
app.add_typer(glossary_app, name="glossary")
models_app = typer.Typer(help="List, install and remove Argos translation packages.", no_args_is_help=True)
app.add_typer(models_app, name="models")

GlossaryOption = Annotated[list[str] | None, typer.Option(
    "--glossary", "-g", help="Glossary file or directory (repeatable); default: ./glossaries/")]
NoGlossaryOption = Annotated[bool, typer.Option(
    "--no-glossary", help="Run without any glossary (no -g and no ./glossaries/ needed)")]
LIST_HINT = "give a glossary file or directory"


def _no_glossary(paths, no_glossary: bool) -> bool:
    if no_glossary and paths:
        raise GlossaError("--no-glossary and --glossary exclude each other; give one")
    return no_glossary


class ExportFormat(str, Enum):
    po = "po"
    csv = "csv"
    tsv = "tsv"


class TableHeader(str, Enum):
    none = "none"
    amazon = "amazon"


def _console(stderr: bool = False):
    from rich.console import Console

    class GlossaConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; main ends a closed pipe quietly like the other writes
            self.quiet = True
            raise BrokenPipeError

    return GlossaConsole(stderr=stderr, highlight=False)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


# ---------------------------------------------------------------- glossary maintenance

@glossary_app.command("check")
def glossary_check(paths: Annotated[list[str] | None, typer.Argument(
        help="Glossary files or directories; default: ./glossaries/")] = None) -> None:
    """Report schema errors, duplicates, conflicts and doubtful entries as file:line lines."""
    from glossa.glossary.validate import check_paths

    problems, unreadable = check_paths(paths or ["glossaries"])
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    _say(f"glossa: {errors} error(s), {warnings} warning(s)")
    if unreadable:
        raise typer.Exit(2)
    if errors:
        raise typer.Exit(1)


@glossary_app.command("list")
def glossary_list(
    paths: Annotated[list[str] | None, typer.Argument(help="Glossary files or directories")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind")] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Only terms containing this text")] = None,
) -> None:
    """Show the terms as a table."""
    from glossa.glossary.model import KINDS
    from glossa.glossary.yaml_store import load_all
    from glossa.render.glossary_view import term_table

    if kind is not None and kind not in KINDS:
        raise GlossaError(f"--kind {kind!r} is not a kind; the kinds are {', '.join(KINDS)}")
    _console().print(term_table(load_all(paths, hint=LIST_HINT), kind=kind, text=search))


@glossary_app.command("stats")
def glossary_stats(paths: Annotated[list[str] | None, typer.Argument(
        help="Glossary files or directories")] = None) -> None:
    """Count terms by kind, variants, notes and unreviewed entries."""
    from glossa.glossary.yaml_store import load_all
    from glossa.render.glossary_view import stats_table

    _console().print(stats_table(load_all(paths, hint=LIST_HINT)))


@glossary_app.command("add")
def glossary_add(
    glossary: Annotated[str, typer.Argument(help="Glossary YAML file to change")],
    source: Annotated[str, typer.Argument(help="Russian term in dictionary form")],
    target: Annotated[str, typer.Argument(help="English rendering")],
    kind: Annotated[str, typer.Option(help="person|place|org|title|product|term")] = "term",
    variant: Annotated[list[str] | None, typer.Option(help="Other rendering to replace (repeatable)")] = None,
    note: Annotated[str | None, typer.Option()] = None,
    match: Annotated[str | None, typer.Option(help="lemma|exact")] = None,
    case_sensitive: Annotated[bool | None, typer.Option("--case-sensitive/--case-insensitive")] = None,
    enforce: Annotated[str | None, typer.Option(help="always|suggest")] = None,
    term_id: Annotated[str | None, typer.Option("--id")] = None,
) -> None:
    """Add an entry; comments and layout of the file are kept."""
    from glossa.glossary import edit
    from glossa.glossary.model import Term

    term = Term(source=source, target=target, kind=kind, variants=tuple(variant or ()), note=note,
                match=match or "lemma", case_sensitive=case_sensitive, enforce=enforce or "always",
                id=term_id)
    _change_document(glossary, lambda doc: edit.add(doc, glossary, term))
    _say(f"glossa: added {source!r} → {target!r} to {glossary}")


@glossary_app.command("remove")
def glossary_remove(
    glossary: Annotated[str, typer.Argument(help="Glossary YAML file to change")],
    source: Annotated[str, typer.Argument(help="Source of the entry to remove")],
    kind: Annotated[str | None, typer.Option(help="Kind, when the source has several entries")] = None,
    term_id: Annotated[str | None, typer.Option("--id", help="Remove by id instead")] = None,
) -> None:
    """Remove one entry."""
    from glossa.glossary import edit

    _change_document(glossary, lambda doc: edit.remove(doc, edit.find(doc, glossary, source, kind, term_id)))
    _say(f"glossa: removed {source!r} from {glossary}")


@glossary_app.command("edit")
def glossary_edit(
    glossary: Annotated[str, typer.Argument(help="Glossary YAML file to change")],
    source: Annotated[str, typer.Argument(help="Source of the entry to edit")],
    kind: Annotated[str | None, typer.Option(help="Kind, when the source has several entries")] = None,
    term_id: Annotated[str | None, typer.Option("--id")] = None,
    target: Annotated[str | None, typer.Option()] = None,
    new_source: Annotated[str | None, typer.Option()] = None,
    new_kind: Annotated[str | None, typer.Option()] = None,
    variant: Annotated[list[str] | None, typer.Option(help="Replace the variants (repeatable)")] = None,
    add_variant: Annotated[list[str] | None, typer.Option()] = None,
    note: Annotated[str | None, typer.Option(help="New note; '' removes it")] = None,
    match: Annotated[str | None, typer.Option(help="lemma|exact")] = None,
    case_sensitive: Annotated[bool | None, typer.Option("--case-sensitive/--case-insensitive")] = None,
    enforce: Annotated[str | None, typer.Option(help="always|suggest")] = None,
    reviewed: Annotated[bool, typer.Option(help="Clear the 'proposed' status")] = False,
) -> None:
    """Change fields of one entry; untouched fields and entries keep their layout."""
    from glossa.glossary import edit

    changed: list[str] = []

    def apply(doc):
        entry = doc["terms"][edit.find(doc, glossary, source, kind, term_id)]
        variants = list(variant) if variant else None
        if add_variant:
            variants = list(variants or entry.get("variants") or []) + list(add_variant)
        changed.extend(edit.edit(entry, {
            "source": new_source, "target": target, "kind": new_kind, "variants": variants,
            "note": note, "match": match, "case_sensitive": case_sensitive, "enforce": enforce,
            "status": "" if reviewed else None}))

    _change_document(glossary, apply)
    _say(f"glossa: {source!r}: " + (f"changed {', '.join(changed)}" if changed else "nothing changed"))


def _change_document(path: str, change, dry_run: bool = False,
                     new_langs: tuple[str, str] | None = None) -> None:
    """Parse, change, re-check and atomically save a glossary; refuse a change that
    would leave the file with errors. With ``new_langs`` a missing file starts empty."""
    import contextlib

    from glossa.glossary.validate import check_document
    from glossa.glossary.yaml_store import dump, new_document, parse, parse_text, require_entries
    from glossa.io import atomic_write

    if not dry_run:
        _refuse_read_only(path)
    # the whole read-change-check-write holds the lock: two concurrent adds both land
    with contextlib.nullcontext() if dry_run else _glossary_lock(path):
        doc = new_document(*new_langs) if new_langs and not Path(path).exists() else parse(path)
        require_entries(doc, path)
        change(doc)
        text = dump(doc)
        errors = [p for p in check_document(parse_text(text, path), path) if p.severity == "error"]
        if errors:
            raise GlossaError(f"change refused, it would make the file invalid: {errors[0].message}",
                              path, errors[0].line)
        if not dry_run:
            try:
                atomic_write(path, text)
            except OSError as exc:
                raise GlossaError(f"cannot write: {exc.strerror or exc}; nothing changed", path) from None


GLOSSARY_LOCK_TIMEOUT = 60   # seconds to wait for another glossa changing the same file


def _glossary_lock(path: str):
    """An exclusive lock for changing a glossary, held in a hidden file beside it
    (``.NAME.lock``: never read as a glossary, git-ignored, harmless when left behind)."""
    import contextlib

    from filelock import FileLock, Timeout

    p = Path(path)
    if not p.parent.is_dir():   # FileLock would create the directory
        raise GlossaError(f"no such directory {str(p.parent)!r}; nothing changed", path)
    lock = FileLock(str(p.with_name(f".{p.name}.lock")), timeout=GLOSSARY_LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise GlossaError(f"another glossa has been changing this file for {GLOSSARY_LOCK_TIMEOUT} s; "
                          "nothing changed", path) from None
    except OSError as exc:
        raise GlossaError(f"cannot lock the file for the change: {exc.strerror or exc}; nothing changed",
                          path) from None

    @contextlib.contextmanager
    def held():
        try:
            yield
        finally:
            lock.release()

    return held()


def _refuse_read_only(path: str) -> None:
    """A glossary someone made read-only (chmod 444) is not replaced behind their back:
    the atomic rename would succeed, as it needs only the directory to be writable."""
    import os

    p = Path(path)
    if p.exists() and not p.is_dir() and (not os.access(p, os.W_OK) or not p.stat().st_mode & 0o222):
        raise GlossaError("the file is read-only (no write permission); nothing changed", path)


def _refuse_output_onto_input(output: str | None, inputs: list[str]) -> None:
    """Writing -o over an input would destroy it: refuse when OUT is one of the inputs
    (the same file by any name: symlinks resolved, hard links compared by inode)."""
    import os

    if output in (None, "-"):
        return
    out = Path(output)
    for name in inputs:
        same = out.resolve() == Path(name).resolve()
        if not same and out.exists():
            try:
                same = os.path.samefile(out, name)
            except OSError:
                same = False
        if same:
            raise GlossaError(f"the output is the same file as the input {name}; refusing to "
                              "overwrite it (write to another path)", output)


@glossary_app.command("export")
def glossary_export(
    paths: Annotated[list[str], typer.Argument(help="Glossary files or directories")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.po,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Default: stdout")] = None,
    header: Annotated[TableHeader | None, typer.Option(
        "--header", help="CSV/TSV: 'amazon' writes the language-code row (ru,en) Amazon Translate "
                         "custom terminology needs; 'none' for DeepL and Google")] = None,
) -> None:
    """Export for translators (PO) or for DeepL / Google / Amazon glossaries (CSV, TSV).

    CSV and TSV carry what a service accepts: the first entry of each source and no
    proposed entries; what is left out is named on stderr."""
    from glossa.glossary import po_store, table_store
    from glossa.glossary.yaml_store import glossary_files, load_all
    from glossa.io import write_output

    _refuse_output_onto_input(output, glossary_files(paths))
    if fmt is ExportFormat.po and header is not None:
        raise GlossaError("--header is for --format csv or tsv; a PO file has its own header")
    glossary = load_all(paths)
    if fmt is ExportFormat.po:
        text = po_store.export(glossary)
    else:
        text, left_out = table_store.export(glossary, "," if fmt is ExportFormat.csv else "\t",
                                            header=header is TableHeader.amazon)
        for line in left_out:
            _say(f"glossa: {line}")
        if left_out:
            _say(f"glossa: {len(left_out)} of {len(glossary)} entries left out of the "
                 f"{fmt.value.upper()} (duplicate sources, proposed entries)")
    write_output(output, text)


def _pair_key(pair) -> tuple[str, ...]:
    return tuple(code.lower().replace("_", "-") for code in pair)


@glossary_app.command("import")
def glossary_import(
    source: Annotated[str, typer.Argument(help="A .po, .csv or .tsv file")],
    into: Annotated[str, typer.Option("--into", help="Glossary YAML file to update (created if missing)")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change, write nothing")] = False,
    from_code: Annotated[str | None, typer.Option(
        "--from", help="CSV/TSV: source language, when the file names none (e.g. ru)")] = None,
    to_code: Annotated[str | None, typer.Option(
        "--to", help="CSV/TSV: target language, when the file names none (e.g. en)")] = None,
) -> None:
    """Merge a translator's edits back into the YAML: changed targets, notes, new entries.

    A changed target keeps the old one as a variant. A CSV/TSV names its languages in
    DeepL's language columns or Amazon's header row; otherwise give --from and --to."""
    from glossa.glossary import po_store, table_store, updates

    suffix = Path(source).suffix.lower()
    _refuse_output_onto_input(into, [source])
    skipped: list[str] = []
    given: tuple[str, str] | None = None
    if from_code or to_code:
        if not (from_code and to_code):
            raise GlossaError("give both --from and --to (e.g. --from ru --to en)")
        given = (from_code, to_code)
    langs: tuple[str, str] | None
    if suffix in (".po", ".pot"):
        if given:
            raise GlossaError("--from and --to are for CSV/TSV files; a PO names its languages in "
                              "its header", source)
        langs, incoming, skipped = po_store.read(source)
        stated = None
    elif suffix in (".csv", ".tsv"):
        stated, incoming = table_store.read(source, "," if suffix == ".csv" else "\t")
        if stated and given and _pair_key(stated) != _pair_key(given):
            raise GlossaError(f"the file says {stated[0]}→{stated[1]} but --from/--to say "
                              f"{given[0]}→{given[1]}", source)
        stated = stated or given
        if stated is None and not Path(into).exists():
            raise GlossaError("the file names no languages (no language columns, no header row "
                              "such as ru,en); give --from and --to for the new glossary", source)
        langs = stated
    else:
        raise GlossaError("unknown format; expected a .po, .csv or .tsv file", source)
    report = updates.Report(skipped=skipped)

    def change(doc):
        pair = (str(doc.get("source_lang")), str(doc.get("target_lang")))
        if stated and _pair_key(pair) != _pair_key(stated):
            raise GlossaError(f"{source} is {stated[0]}→{stated[1]} but the glossary is "
                              f"{doc.get('source_lang')}→{doc.get('target_lang')}; nothing changed", into)
        updates.apply(doc, incoming, into, report)

    _change_document(into, change, dry_run=dry_run, new_langs=langs)
    for line in report.lines():
        print(line)
    verb = "would change" if dry_run else "changed"
    _say(f"glossa: {into}: {len(report.added)} added, {len(report.changed)} {verb}, "
         f"{len(report.skipped)} skipped" + (" (dry run, nothing written)" if dry_run else ""))


class TermsFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("terms")
def terms(
    file: Annotated[str, typer.Argument(help="Russian text, or - for stdin")],
    glossary: GlossaryOption = None,
    fmt: Annotated[TermsFormat, typer.Option("--format", "-f")] = TermsFormat.table,
    no_glossary: NoGlossaryOption = False,
) -> None:
    """Find every occurrence of every glossary term, in any inflected form."""
    from glossa.glossary.model import Glossary
    from glossa.glossary.yaml_store import load_all
    from glossa.io import read_text, split_lines
    from glossa.match.matcher import matcher_for

    text = read_text(file)
    matcher = matcher_for(Glossary("ru", "en") if _no_glossary(glossary, no_glossary) else load_all(glossary))
    occurrences = [(n, line, m) for n, line in enumerate(split_lines(text), 1) for m in matcher.find(line)]
    if fmt is TermsFormat.json:
        from glossa.render.terms_view import occurrences_json

        sys.stdout.write(occurrences_json(occurrences))
    else:
        from glossa.render.terms_view import occurrences_table

        _console().print(occurrences_table(occurrences))


@glossary_app.command("suggest")
def glossary_suggest(
    file: Annotated[str, typer.Argument(help="Russian text, or - for stdin")],
    glossary: GlossaryOption = None,
    into: Annotated[str | None, typer.Option("--into", help="Append the proposals to this glossary")] = None,
) -> None:
    """Propose entries for names, «quoted» names and abbreviations not yet in the glossary."""
    from glossa.glossary import edit
    from glossa.glossary.suggest import suggest
    from glossa.glossary.yaml_store import dump, load_all, new_document, new_entry
    from glossa.io import read_text

    candidates = suggest(read_text(file), load_all(glossary, missing_ok=True))
    if into:
        def append(doc):
            for c in candidates:
                try:
                    edit.add(doc, into, c.term())
                except GlossaError:
                    continue  # already there under this kind
        _change_document(into, append)
        _say(f"glossa: {len(candidates)} proposed entries appended to {into}; review them, then "
             "'glossa glossary edit --reviewed'")
        return
    doc = new_document("ru", "en")
    for c in candidates:
        entry = new_entry(c.term())
        forms = ", ".join(c.forms)
        entry.yaml_add_eol_comment(f"{c.count}× in text: {forms}", "source")
        doc["terms"].append(entry)
    text = dump(doc)
    sys.stdout.write(text[text.index("terms:\n") + len("terms:\n"):] if candidates else "")
    _say(f"glossa: {len(candidates)} candidate(s)")


# ---------------------------------------------------------------- translation

class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"


REPORT_ONLY_HELP = "Change no text: report kept / would replace / flagged / missing, as term QA does"


class EnforceFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _glossary_for(paths, from_code: str, to_code: str, no_glossary: bool = False):
    from glossa.glossary.model import Glossary
    from glossa.glossary.yaml_store import load_all

    if _no_glossary(paths, no_glossary):
        return Glossary(from_code, to_code)
    glossary = load_all(paths, pair=(from_code, to_code))
    if not glossary.paths:
        return Glossary(from_code, to_code)
    if (glossary.source_lang, glossary.target_lang) != (from_code, to_code):
        raise GlossaError(f"the glossary is {glossary.source_lang}→{glossary.target_lang}, "
                          f"not {from_code}→{to_code}", glossary.paths[0])
    return glossary


def _emit(placed_items, fmt, output, review: bool, only_changed: bool):
    """Write the result in the chosen format to OUT or stdout (text, json and jsonl stream) and,
    with ``review``, show the review on the terminal (stderr, or the pager), never in the
    output; returns the Tally: the counts and the open occurrences with their lines."""
    from glossa.io import AtomicOutput
    from glossa.pipeline import Tally
    from glossa.render import formats

    tally = Tally()
    streamed = {"text": formats.write_text, "jsonl": formats.write_jsonl, "json": formats.write_json}
    if fmt in streamed and not review:
        with AtomicOutput(output) as out:
            streamed[fmt](placed_items, out, tally)
        return tally
    placed = [tally.add(p) for p in placed_items]
    segments = [p.segment for p in placed]
    writers = {"text": lambda out: formats.write_text(placed, out),
               "jsonl": lambda out: formats.write_jsonl(placed, out),
               "json": lambda out: formats.write_json(placed, out),
               "markdown": lambda out: out.write(formats.to_markdown(placed)),
               "html": lambda out: out.write(formats.to_html(segments))}
    with AtomicOutput(output) as out:
        writers[fmt](out)
    if review:
        from glossa.render.review import show

        show(segments, only_changed, console=_console(stderr=True))
    return tally


STRICT_LISTED = 10   # open occurrences --strict names one by one


def _strict_exit(tally, strict: bool) -> None:
    """With --strict, any occurrence the output does not render as the glossary says fails
    the run: each is named with its line (the first few), then the counts."""
    from glossa.pipeline import UNRESOLVED

    open_counts = {a: tally.counts[a] for a in UNRESOLVED if tally.counts[a]}
    if strict and open_counts:
        for line, d in tally.open[:STRICT_LISTED]:
            _say(f"glossa: line {line}: {d.term.source} → {d.term.target}: {d.action.replace('_', ' ')}"
                 + (f" ({d.why})" if d.why else ""))
        if len(tally.open) > STRICT_LISTED:
            _say(f"glossa: … and {len(tally.open) - STRICT_LISTED} more")
        what = ", ".join(f"{n} {a.replace('_', ' ')}" for a, n in open_counts.items())
        _say(f"glossa: term occurrences not rendered as the glossary says: {what} (--strict)")
        raise typer.Exit(1)


@app.command("translate")
def translate_command(
    file: Annotated[str, typer.Argument(help="Russian text (one paragraph per line), or - for stdin")],
    output: Annotated[str | None, typer.Option("--output", "-o", help="Default: stdout")] = None,
    glossary: GlossaryOption = None,
    from_code: Annotated[str, typer.Option("--from")] = "ru",
    to_code: Annotated[str, typer.Option("--to")] = "en",
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
    review: Annotated[bool, typer.Option("--review", help="Show the side-by-side review")] = False,
    only_changed: Annotated[bool, typer.Option("--only-changed", help="Review: changed segments only")] = False,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a term is flagged, missing or would be replaced")] = False,
    report_only: Annotated[bool, typer.Option("--report-only", help=REPORT_ONLY_HELP)] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Allow downloading a missing package")] = False,
    threads: Annotated[int, typer.Option(help="CPU threads for the model (0: all)")] = 0,
    device: Annotated[str | None, typer.Option(
        "--device", help="auto|cpu|cuda; default: $GLOSSA_DEVICE, else $ARGOS_DEVICE_TYPE, else auto "
                         "(CUDA when CTranslate2 sees a GPU, else the CPU)")] = None,
    compute_type: Annotated[str | None, typer.Option(
        "--compute-type", help="CTranslate2 compute type (int8, float16, …); default: the best the "
                               "device supports (int8 on the CPU)")] = None,
    beam_size: Annotated[int, typer.Option("--beam-size", help="Beam size for decoding")] = 4,
    no_glossary: NoGlossaryOption = False,
) -> None:
    """Translate with the glossary enforced; paragraphs kept, sentences batched, output streamed."""
    from glossa.engine.options import EngineOptions
    from glossa.io import read_text
    from glossa.pipeline import load_translator, translate

    options = EngineOptions.resolve(device=device, compute_type=compute_type, beam_size=beam_size,
                                    threads=threads)
    text = read_text(file)
    terms = _glossary_for(glossary, from_code, to_code, no_glossary)
    translator = load_translator(from_code, to_code, allow_install=yes,
                                 interactive=sys.stdin.isatty() and sys.stderr.isatty(), options=options)
    items = translate(text, terms, translator, progress=_progress(text), edit=not report_only)
    _strict_exit(_emit(items, fmt.value, output, review, only_changed), strict)


def _progress(text: str):
    """A progress callback drawing a bar on stderr for long inputs on a terminal."""
    if not sys.stderr.isatty() or len(text) < 5000:
        return None
    from rich.progress import Progress

    progress = Progress(transient=True, console=_console(stderr=True))
    task = progress.add_task("translating", total=None)
    progress.start()

    def advance(done: int, total: int) -> None:
        progress.update(task, advance=done, total=total)
        if progress.finished:
            progress.stop()

    return advance


@app.command("enforce")
def enforce_command(
    source: Annotated[str, typer.Option("--source", help="Source text, one segment per line")],
    mt: Annotated[str, typer.Option("--mt", help="MT output made elsewhere, line-aligned with --source")],
    glossary: GlossaryOption = None,
    output: Annotated[str | None, typer.Option("--output", "-o")] = None,
    fmt: Annotated[EnforceFormat, typer.Option("--format", "-f")] = EnforceFormat.text,
    review: Annotated[bool, typer.Option("--review")] = False,
    only_changed: Annotated[bool, typer.Option("--only-changed")] = False,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a term is flagged, missing or would be replaced")] = False,
    report_only: Annotated[bool, typer.Option("--report-only", help=REPORT_ONLY_HELP)] = False,
    no_glossary: NoGlossaryOption = False,
) -> None:
    """Apply the glossary to an existing MT output (DeepL, Google, a human draft)."""
    from glossa.glossary.model import Glossary
    from glossa.glossary.yaml_store import load_all
    from glossa.io import read_text, split_lines
    from glossa.langscript import check_script
    from glossa.pipeline import enforce_lines

    source_text, mt_text = read_text(source), read_text(mt)
    terms = Glossary("ru", "en") if _no_glossary(glossary, no_glossary) else load_all(glossary)
    if terms.paths:
        check_script(source_text, terms.source_lang, source, "--source", other=terms.target_lang)
        check_script(mt_text, terms.target_lang, mt, "--mt", other=terms.source_lang)
    source_lines = split_lines(source_text)
    mt_lines = split_lines(mt_text)
    items = enforce_lines(source_lines, mt_lines, terms, source, mt, edit=not report_only)
    _strict_exit(_emit(items, fmt.value, output, review, only_changed), strict)


@app.command("review")
def review_command(
    result: Annotated[str, typer.Argument(help="A saved --format json result")],
    only_changed: Annotated[bool, typer.Option("--only-changed")] = False,
) -> None:
    """Show the side-by-side review of a saved JSON result."""
    import json

    from glossa.io import TEXT_LIMIT, read_utf8
    from glossa.render.formats import from_json
    from glossa.render.review import show

    text = read_utf8(result, TEXT_LIMIT, regular_only=False)
    try:
        segments = from_json(json.loads(text))
    except json.JSONDecodeError as exc:
        raise GlossaError(f"not valid JSON: {exc.msg}", result, exc.lineno) from None
    except RecursionError:
        raise GlossaError("JSON nested too deeply", result) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        why = f" ({exc})" if isinstance(exc, ValueError) and str(exc) else " (no segments with decisions)"
        raise GlossaError(f"not a glossa JSON result{why}", result) from None
    show(segments, only_changed, console=_console())


# ---------------------------------------------------------------- models

@models_app.command("list")
def models_list(fmt: Annotated[TermsFormat, typer.Option("--format", "-f")] = TermsFormat.table) -> None:
    """Installed packages: pair, version, size, path."""
    from glossa.engine import packages

    found = packages.installed()
    if fmt is TermsFormat.json:
        import json

        print(json.dumps([p.as_json() for p in found], ensure_ascii=False, indent=2))
    else:
        from glossa.render.models_view import packages_table

        _console().print(packages_table(found, packages.packages_dir()))


@models_app.command("install")
def models_install(what: Annotated[list[str], typer.Argument(
        help="FILE.argosmodel, or the two language codes (ru en) to fetch from the Argos index")]) -> None:
    """Install a package from a file (validated, atomic) or from the Argos package index."""
    from glossa.engine.translator import check_model_loads

    if len(what) == 1:
        from glossa.engine.packages import install_file

        package = install_file(Path(what[0]), check_model=check_model_loads)
    elif len(what) == 2:
        from glossa.engine.index import available, download_and_install

        package = download_and_install(available(*what), check_model=check_model_loads)
    else:
        raise GlossaError("give FILE.argosmodel or two language codes, e.g. 'ru en'")
    _say(f"glossa: installed {package.pair} {package.version} in {package.path}")


@models_app.command("remove")
def models_remove(pair: Annotated[str, typer.Argument(help="Language pair, e.g. ru-en")]) -> None:
    """Remove an installed package."""
    from glossa.engine.packages import remove

    package = remove(pair)
    _say(f"glossa: removed {package.pair} from {package.path.parent}")


def main() -> None:
    interrupt.install()
    try:
        try:
            app()
        except _Stopped as stopped:
            raise (stopped.__cause__ or stopped) from None
        except SystemExit:
            interrupt.stop_if_interrupted()
            _flush_stdout()
            raise
    except KeyboardInterrupt:
        _say("glossa: interrupted")   # any -o file is left as it was (AtomicOutput)
        sys.exit(130)
    except BrokenPipeError:
        # The reader of stdout has gone (glossa … | head -1): stop quietly, as Unix tools do.
        _drop_stdout()
        sys.exit(0)


def _flush_stdout() -> None:
    """Flush stdout now, so a reader that has gone shows here and not as an "Exception
    ignored" message at interpreter exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()


def _drop_stdout() -> None:
    """Point stdout at /dev/null: what a closed pipe did not take is dropped when the
    interpreter flushes at exit (the note on SIGPIPE in Python's signal docs)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
