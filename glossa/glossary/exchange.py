"""The glossary exchange formats, in one registry keyed by file suffix: gettext PO for
translators, CSV and TSV for DeepL, Google and Amazon glossaries.

Each format is a store module with ``read(path, **options) -> Read`` and
``export(glossary, header, **options) -> Exported``, imported when first used; adding a
format is adding its store and its entry in ``FORMATS``. ``glossa glossary export
--format`` and ``glossa glossary import`` take their choices from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from glossa.errors import GlossaError
from glossa.glossary.model import Glossary
from glossa.languages import normalised

if TYPE_CHECKING:
    from glossa.glossary.updates import Incoming, Report


@dataclass(frozen=True)
class Read:
    """What a store reads from an exchange file."""

    languages: tuple[str, str] | None   # as the file states them; None when it names none
    entries: list[Incoming]
    skipped: list[str] = field(default_factory=list)   # entries not taken, each with its place and why


# A cell a spreadsheet reads as a formula (=HYPERLINK(…), +, -, @, and a leading tab or
# carriage return, which some strip first): named on export, never changed, since it is the data.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Exported:
    text: str
    left_out: list[str] = field(default_factory=list)  # entries the format cannot carry, each with why
    warnings: list[str] = field(default_factory=list)  # what the file carries that may do harm, each with where


class Store(Protocol):
    """A store module: ``read(path, **options) -> Read`` and ``export(glossary, header,
    **options) -> Exported``, the options being its format's."""

    read: Callable[..., Read]
    export: Callable[..., Exported]


@dataclass(frozen=True)
class ExchangeFormat:
    name: str
    suffixes: tuple[str, ...]
    store: str                                   # the module with read() and export()
    options: tuple[tuple[str, str], ...] = ()    # keyword arguments for the store
    header_row: bool = False                     # export can write a language-code row (--header)
    many_languages: bool = False                 # a file may hold more than one pair: its read()
                                                 # takes the pair wanted

    def read(self, path: str, wanted: tuple[str, str] | None = None) -> Read:
        options = dict(self.options, **({"wanted": wanted} if self.many_languages else {}))
        return self._store().read(path, **options)

    def export(self, glossary: Glossary, header: bool = False) -> Exported:
        return self._store().export(glossary, header, **dict(self.options))

    def _store(self) -> Store:
        return cast(Store, importlib.import_module(self.store))


FORMATS: dict[str, ExchangeFormat] = {f.name: f for f in (
    ExchangeFormat("po", (".po", ".pot"), "glossa.glossary.po_store"),
    ExchangeFormat("csv", (".csv",), "glossa.glossary.table_store", (("delimiter", ","),), header_row=True),
    ExchangeFormat("tsv", (".tsv",), "glossa.glossary.table_store", (("delimiter", "\t"),), header_row=True),
    ExchangeFormat("tbx", (".tbx",), "glossa.glossary.tbx_store", many_languages=True),
)}


if TYPE_CHECKING:   # every store module is a Store
    from glossa.glossary import po_store, table_store, tbx_store

    _STORES: tuple[Store, ...] = (po_store, table_store, tbx_store)


def by_suffix(path: str) -> ExchangeFormat:
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
    raise GlossaError(f"unknown format; expected a file ending in {known}", path)


def pair_key(pair: tuple[str, str]) -> tuple[str, ...]:
    """A language pair compared as codes are meant: pt_BR is pt-br."""
    return tuple(normalised(code) for code in pair)


def read_for_import(path: str, given: tuple[str, str] | None, new_glossary: bool,
                    glossary_pair: tuple[str, str] | None = None) -> Read:
    """Read an exchange file for import, its language pair settled: the pair the file states,
    which ``given`` (--from/--to) must agree with, else ``given``; a file that names none can
    start a new glossary only with ``given``. A file of many languages (TBX) is read for
    ``given``, else for the pair of the glossary imported into."""
    read = by_suffix(path).read(path, given or glossary_pair)
    if read.languages and given and pair_key(read.languages) != pair_key(given):
        raise GlossaError(f"the file says {read.languages[0]}→{read.languages[1]} but --from/--to say "
                          f"{given[0]}→{given[1]}", path)
    languages = read.languages or given
    if languages is None and new_glossary:
        raise GlossaError("the file names no languages (no language columns, header row or PO "
                          "language headers); give --from and --to for the new glossary", path)
    return replace(read, languages=languages)


def glossary_pair(path: str) -> tuple[str, str] | None:
    """The language pair a YAML glossary's header names, None when it names none."""
    from glossa.glossary.yaml_store import parse

    doc = parse(path)
    if not isinstance(doc, dict):
        return None
    pair = (doc.get("source_lang"), doc.get("target_lang"))
    return (str(pair[0]), str(pair[1])) if all(isinstance(code, str) for code in pair) else None


def import_into(source: str, into: str, given: tuple[str, str] | None = None,
                dry_run: bool = False) -> Report:
    """Merge an exchange file into a YAML glossary (created when missing) and report what
    was added, changed and skipped; the file's pair must be the glossary's."""
    from glossa.glossary import updates
    from glossa.glossary.changes import change_document
    from glossa.writing import refuse_output_onto_input

    refuse_output_onto_input(into, [source])
    exists = Path(into).exists()
    read = read_for_import(source, given, new_glossary=not exists,
                           glossary_pair=glossary_pair(into) if exists else None)
    report = updates.Report(skipped=list(read.skipped))

    def change(doc) -> None:
        pair = (str(doc.get("source_lang")), str(doc.get("target_lang")))
        if read.languages and pair_key(pair) != pair_key(read.languages):
            raise GlossaError(f"{source} is {read.languages[0]}→{read.languages[1]} but the glossary is "
                              f"{pair[0]}→{pair[1]}; nothing changed", into)
        updates.apply(doc, read.entries, into, report)

    change_document(into, change, dry_run=dry_run, new_langs=read.languages)
    return report
