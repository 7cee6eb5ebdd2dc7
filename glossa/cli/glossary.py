"""``glossa glossary …``: check, list, edit and exchange glossaries."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from glossa.cli.common import HOME_PAIR, GlossaryOption, choice_help, console, notice, one_of
from glossa.errors import GlossaError
from glossa.glossary.exchange import FORMATS as EXCHANGE_FORMATS
from glossa.profiles import profile

app = typer.Typer(help="Check, list, edit and exchange glossaries.", no_args_is_help=True)

LIST_HINT = "give a glossary file or directory"
TABLE_HEADERS = ("none", "amazon")
IMPORTABLE = ", ".join(s for f in EXCHANGE_FORMATS.values() for s in f.suffixes)


@app.command("check")
def check(paths: Annotated[list[str] | None, typer.Argument(
        help="Glossary files or directories; default: ./glossaries/")] = None) -> None:
    """Report schema errors, duplicates, conflicts and doubtful entries as file:line lines."""
    from glossa.glossary.loading import check_paths
    from glossa.match.lemma_forms import check_dictionary_form

    problems, unreadable = check_paths(paths or ["glossaries"], entry_checks=(check_dictionary_form,))
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.severity == "error")
    notice(f"{errors} error(s), {len(problems) - errors} warning(s)")
    if unreadable:
        raise typer.Exit(2)
    if errors:
        raise typer.Exit(1)


@app.command("list")
def list_terms(
    paths: Annotated[list[str] | None, typer.Argument(help="Glossary files or directories")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind")] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Only terms containing this text")] = None,
) -> None:
    """Show the terms as a table."""
    from glossa.glossary.loading import load_all
    from glossa.glossary.model import KINDS
    from glossa.render.glossary_view import term_table

    if kind is not None and kind not in KINDS:
        raise GlossaError(f"--kind {kind!r} is not a kind; the kinds are {', '.join(KINDS)}")
    console().print(term_table(load_all(paths, hint=LIST_HINT), kind=kind, text=search))


@app.command("stats")
def stats(paths: Annotated[list[str] | None, typer.Argument(help="Glossary files or directories")] = None) -> None:
    """Count terms by kind, variants, notes and unreviewed entries."""
    from glossa.glossary.loading import load_all
    from glossa.render.glossary_view import stats_table

    console().print(stats_table(load_all(paths, hint=LIST_HINT)))


@app.command("add")
def add(
    glossary: Annotated[str, typer.Argument(help="Glossary YAML file to change")],
    source: Annotated[str, typer.Argument(help="Russian term in dictionary form")],
    target: Annotated[str, typer.Argument(help="English rendering")],
    kind: Annotated[str, typer.Option(help="person|place|org|title|product|term")] = "term",
    variant: Annotated[list[str] | None, typer.Option(help="Other rendering to replace (repeatable)")] = None,
    forbidden: Annotated[list[str] | None, typer.Option(
        help="Rendering that must never stand in a translation (repeatable)")] = None,
    note: Annotated[str | None, typer.Option()] = None,
    match: Annotated[str | None, typer.Option(help="lemma|exact")] = None,
    case_sensitive: Annotated[bool | None, typer.Option("--case-sensitive/--case-insensitive")] = None,
    enforce: Annotated[str | None, typer.Option(help="always|suggest")] = None,
    term_id: Annotated[str | None, typer.Option("--id")] = None,
) -> None:
    """Add an entry; comments and layout of the file are kept."""
    from glossa.glossary import edit
    from glossa.glossary.changes import change_document
    from glossa.glossary.model import Term

    defaults = Term(source, target)   # the one source of the defaults
    term = Term(source=source, target=target, kind=kind, variants=tuple(variant or ()),
                forbidden=tuple(forbidden or ()), note=note,
                match=match or defaults.match, case_sensitive=case_sensitive,
                enforce=enforce or defaults.enforce, id=term_id)
    change_document(glossary, lambda doc: edit.add(doc, glossary, term))
    notice(f"added {source!r} → {target!r} to {glossary}")


@app.command("remove")
def remove(
    glossary: Annotated[str, typer.Argument(help="Glossary YAML file to change")],
    source: Annotated[str, typer.Argument(help="Source of the entry to remove")],
    kind: Annotated[str | None, typer.Option(help="Kind, when the source has several entries")] = None,
    term_id: Annotated[str | None, typer.Option("--id", help="Remove by id instead")] = None,
) -> None:
    """Remove one entry."""
    from glossa.glossary import edit
    from glossa.glossary.changes import change_document

    change_document(glossary, lambda doc: edit.remove(doc, edit.find(doc, glossary, source, kind, term_id)))
    notice(f"removed {source!r} from {glossary}")


@app.command("edit")
def edit_entry(
    glossary: Annotated[str, typer.Argument(help="Glossary YAML file to change")],
    source: Annotated[str, typer.Argument(help="Source of the entry to edit")],
    kind: Annotated[str | None, typer.Option(help="Kind, when the source has several entries")] = None,
    term_id: Annotated[str | None, typer.Option("--id")] = None,
    target: Annotated[str | None, typer.Option()] = None,
    new_source: Annotated[str | None, typer.Option()] = None,
    new_kind: Annotated[str | None, typer.Option()] = None,
    variant: Annotated[list[str] | None, typer.Option(help="Replace the variants (repeatable)")] = None,
    add_variant: Annotated[list[str] | None, typer.Option()] = None,
    add_forbidden: Annotated[list[str] | None, typer.Option(
        help="Add a rendering that must never stand in a translation (repeatable)")] = None,
    note: Annotated[str | None, typer.Option(help="New note; '' removes it")] = None,
    match: Annotated[str | None, typer.Option(help="lemma|exact")] = None,
    case_sensitive: Annotated[bool | None, typer.Option("--case-sensitive/--case-insensitive")] = None,
    enforce: Annotated[str | None, typer.Option(help="always|suggest")] = None,
    reviewed: Annotated[bool, typer.Option(help="Clear the 'proposed' status")] = False,
) -> None:
    """Change fields of one entry; untouched fields and entries keep their layout."""
    from glossa.glossary import edit
    from glossa.glossary.changes import change_document

    changed: list[str] = []

    def apply(doc):
        entry = doc["terms"][edit.find(doc, glossary, source, kind, term_id)]
        variants = list(variant) if variant else None
        if add_variant:
            variants = list(variants or entry.get("variants") or []) + list(add_variant)
        forbidden = list(entry.get("forbidden") or []) + list(add_forbidden) if add_forbidden else None
        changed.extend(edit.edit(entry, {
            "source": new_source, "target": target, "kind": new_kind, "variants": variants, "forbidden": forbidden,
            "note": note, "match": match, "case_sensitive": case_sensitive, "enforce": enforce,
            "status": "" if reviewed else None}))

    change_document(glossary, apply)
    notice(f"{source!r}: " + (f"changed {', '.join(changed)}" if changed else "nothing changed"))


@app.command("export")
def export(
    paths: Annotated[list[str], typer.Argument(help="Glossary files or directories")],
    fmt: Annotated[str, typer.Option("--format", "-f", callback=one_of(EXCHANGE_FORMATS, "an exchange format"),
                                     help=choice_help("Exchange format", EXCHANGE_FORMATS))] = "po",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Default: stdout")] = None,
    header: Annotated[str | None, typer.Option(
        "--header", callback=one_of(TABLE_HEADERS, "a header style"),
        help="CSV/TSV: 'amazon' writes the language-code row (ru,en) Amazon Translate custom "
             "terminology needs; 'none' for DeepL and Google")] = None,
) -> None:
    """Export for translators (PO) or for DeepL / Google / Amazon glossaries (CSV, TSV).

    CSV and TSV carry what a service accepts: the first entry of each source and no
    proposed entries; what is left out is named on stderr."""
    from glossa.glossary.loading import glossary_files, load_all
    from glossa.writing import refuse_output_onto_input, write_output

    exchange = EXCHANGE_FORMATS[fmt]
    refuse_output_onto_input(output, glossary_files(paths))
    if header is not None and not exchange.header_row:
        with_rows = " or ".join(f.name for f in EXCHANGE_FORMATS.values() if f.header_row)
        raise GlossaError(f"--header is for --format {with_rows}; a {fmt.upper()} file has its own header")
    glossary = load_all(paths)
    exported = exchange.export(glossary, header=header == "amazon")
    for line in exported.left_out + exported.warnings:
        notice(line)
    if exported.left_out:
        notice(f"{len(exported.left_out)} of {len(glossary)} entries left out of the "
               f"{fmt.upper()} (duplicate sources, proposed entries)")
    write_output(output, exported.text)


@app.command("import")
def import_file(
    source: Annotated[str, typer.Argument(help=f"An exchange file ({IMPORTABLE})")],
    into: Annotated[str, typer.Option("--into", help="Glossary YAML file to update (created if missing)")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change, write nothing")] = False,
    from_code: Annotated[str | None, typer.Option(
        "--from", help="Source language, when the file names none (e.g. ru)")] = None,
    to_code: Annotated[str | None, typer.Option(
        "--to", help="Target language, when the file names none (e.g. en)")] = None,
) -> None:
    """Merge a translator's edits back into the YAML: changed targets, notes, new entries.

    A changed target keeps the old one as a variant. A file names its languages in PO
    headers, DeepL's language columns or Amazon's header row; otherwise give --from and --to."""
    from glossa.glossary.exchange import import_into

    if (from_code or to_code) and not (from_code and to_code):
        raise GlossaError("give both --from and --to (e.g. --from ru --to en)")
    given = (from_code, to_code) if from_code and to_code else None
    report = import_into(source, into, given, dry_run)
    for line in report.lines():
        print(line)
    verb = "would change" if dry_run else "changed"
    notice(f"{into}: {len(report.added)} added, {len(report.changed)} {verb}, "
           f"{len(report.skipped)} skipped" + (" (dry run, nothing written)" if dry_run else ""))


@app.command("suggest")
def suggest(
    file: Annotated[str, typer.Argument(help="Russian text, or - for stdin")],
    glossary: GlossaryOption = None,
    into: Annotated[str | None, typer.Option("--into", help="Append the proposals to this glossary")] = None,
) -> None:
    """Propose entries for names, «quoted» names and abbreviations not yet in the glossary."""
    from glossa.glossary import edit
    from glossa.glossary.changes import change_document
    from glossa.glossary.loading import load_all
    from glossa.glossary.yaml_store import dump, new_document, new_entry
    from glossa.io import read_text
    from glossa.match.suggest import suggest as propose

    terms = load_all(glossary, otherwise=HOME_PAIR)
    candidates = propose(read_text(file, notice, profile(terms.source_lang).legacy_encodings), terms)
    if into:
        def append(doc):
            for c in candidates:
                try:
                    edit.add(doc, into, c.term())
                except GlossaError:
                    continue  # already there under this kind
        change_document(into, append)
        notice(f"{len(candidates)} proposed entries appended to {into}; review them, then "
               "'glossa glossary edit --reviewed'")
        return
    doc = new_document("ru", "en")
    for c in candidates:
        entry = new_entry(c.term())
        entry.yaml_add_eol_comment(f"{c.count}× in text: {', '.join(c.forms)}", "source")
        doc["terms"].append(entry)
    text = dump(doc)
    sys.stdout.write(text[text.index("terms:\n") + len("terms:\n"):] if candidates else "")
    notice(f"{len(candidates)} candidate(s)")
