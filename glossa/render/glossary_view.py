"""Terminal tables for glossary listing and statistics."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from glossa.glossary.model import KINDS, Glossary, normalise
from glossa.render import cell


def term_table(glossary: Glossary, kind: str | None = None, text: str | None = None) -> Table:
    needle = normalise(text) if text else None
    table = Table(title=f"{len(glossary)} terms, {cell(glossary.source_lang)}→{cell(glossary.target_lang)}",
                  title_justify="left")
    for column in ("source", "target", "kind", "variants", "note"):
        table.add_column(column, overflow="fold")
    shown = 0
    for term in glossary.terms:
        if kind and term.kind != kind:
            continue
        haystack = [term.source, term.target, *term.variants, term.note or ""]
        if needle and not any(needle in normalise(h) for h in haystack):
            continue
        status = " [yellow](proposed)[/]" if term.status == "proposed" else ""
        table.add_row(cell(term.source) + status, cell(term.target), cell(term.kind),
                      cell(", ".join(term.variants)), cell(term.note or ""))
        shown += 1
    if shown != len(glossary):
        table.caption = f"{shown} shown"
    return table


def stats_table(glossary: Glossary) -> Table:
    kinds = Counter(t.kind for t in glossary.terms)
    table = Table(title=cell(', '.join(glossary.paths)), title_justify="left")
    table.add_column("measure")
    table.add_column("count", justify="right")
    table.add_row("terms", str(len(glossary)))
    for kind in KINDS:
        if kinds[kind]:
            table.add_row(f"  kind {kind}", str(kinds[kind]))
    table.add_row("with variants", str(sum(1 for t in glossary.terms if t.variants)))
    table.add_row("variants in all", str(sum(len(t.variants) for t in glossary.terms)))
    table.add_row("with a note", str(sum(1 for t in glossary.terms if t.note)))
    table.add_row("enforce: suggest", str(sum(1 for t in glossary.terms if t.enforce == "suggest")))
    table.add_row("proposed, unreviewed", str(sum(1 for t in glossary.terms if t.status == "proposed")))
    return table
