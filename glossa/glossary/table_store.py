"""Two-column CSV/TSV glossaries, the layout DeepL and Google Cloud glossaries use.

Rows are ``source<sep>target``; DeepL's optional language columns and Amazon Translate's
language header row are accepted on import and name the file's languages. Only source and
target travel: kinds, variants and notes stay in the YAML.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache

from glossa.errors import GlossaError
from glossa.glossary.exchange import FORMULA_STARTS, Exported, Read
from glossa.glossary.model import Glossary, Term, normalise
from glossa.glossary.updates import Incoming
from glossa.glossary.validate import CONTROL_CHARS
from glossa.io import read_utf8, split_lines

HEADER_WORDS = {"source", "target", "term", "translation"}
REGION = re.compile(r"(?:[-_](?:[A-Za-z]{2}|[A-Za-z]{4}|\d{3}))?")
# What a TSV field cannot hold: the row and column separators (TSV has no quoting).
TSV_BREAKS = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


def is_language_code(text: str) -> bool:
    """ru, en, zh-TW, pt_BR: an ISO 639-1 code with an optional region or script (a first
    row of two of them, ru,en, is Amazon Translate's language header)."""
    return text[:2].lower() in _iso_639_1() and REGION.fullmatch(text[2:]) is not None


@lru_cache(maxsize=1)
def _iso_639_1() -> frozenset[str]:
    """The two-letter language codes CLDR (babel) names."""
    from babel import Locale

    return frozenset(code for code in Locale("en").languages if isinstance(code, str) and len(code) == 2)


def export(glossary: Glossary, header: bool = False, delimiter: str = ",") -> Exported:
    """The rows a glossary service accepts, and one message for each entry left out.

    DeepL refuses a glossary with a source twice, and an unreviewed (``status: proposed``)
    entry is not the desk's rendering yet: the first entry of each source goes out, no
    proposed entry does. ``header`` writes the language-code row Amazon Translate's custom
    terminology needs (``ru,en``). A TSV field cannot hold a tab or a line break (TSV has no
    quoting): such an entry is refused with its place, as a CSV can carry it.
    """
    rows: list[list[str]] = [[glossary.source_lang, glossary.target_lang]] if header else []
    left_out: list[str] = []
    warnings: list[str] = []
    first: dict[str, Term] = {}
    for term in glossary.terms:
        if term.status == "proposed":
            left_out.append(f"{term.where()}: left out {term.source!r} → {term.target!r}: "
                            "proposed, not yet reviewed")
            continue
        earlier = first.get(term.source)
        if earlier is not None:
            left_out.append(f"{term.where()}: left out {term.source!r} ({term.kind}) → {term.target!r}: "
                            f"the source is already exported, as {earlier.target!r} from {earlier.where()}")
            continue
        first[term.source] = term
        if delimiter == "\t":
            for name in ("source", "target"):
                value = getattr(term, name)
                for char, what in TSV_BREAKS.items():
                    if char in value:
                        raise GlossaError(f"{name} {value!r} contains {what}, which a TSV field cannot "
                                          "hold; export --format csv instead",
                                          *((term.origin.path, term.origin.line) if term.origin else ()))
        rows.append([term.source, term.target])
        warnings += [f"{term.where()}: {name} {value!r} starts with {value[:1]!r}: a spreadsheet opening "
                     "the file may run it as a formula" for name, value in (("source", term.source),
                                                                           ("target", term.target))
                     if value.startswith(FORMULA_STARTS)]
    if delimiter == "\t":
        return Exported("".join("\t".join(row) + "\n" for row in rows), left_out, warnings)
    out = io.StringIO()
    plain = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    quoted = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:  # a lone carriage return must be quoted too, or it ends the row
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)
    return Exported(out.getvalue(), left_out, warnings)


def read(path: str, delimiter: str = ",") -> Read:
    """The language pair the file names (DeepL's language columns or Amazon's header row),
    None when it names none, and the entries.

    TSV is read as it is written: fields split at tabs, nothing unquoted or unescaped.
    """
    text = read_utf8(path)
    incoming: list[Incoming] = []
    langs: tuple[str, str] | None = None
    langs_line = 0
    seen: dict[str, int] = {}   # each source's first line
    first_row = True
    for line, row in _rows(text, delimiter, path):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) not in (2, 4):
            raise GlossaError(f"expected 2 columns (source, target) or 4 (source, target, source "
                              f"language, target language), found {len(row)}", path, line)
        source, target = row[0].strip(), row[1].strip()
        if first_row:
            first_row = False
            if (len(row) == 2 and source != target and is_language_code(source)
                    and is_language_code(target)):
                langs, langs_line = (source, target), line  # Amazon Translate's header
                continue
            if {source.lower(), target.lower()} <= HEADER_WORDS:
                continue
        if len(row) == 4:
            pair = (row[2].strip(), row[3].strip())
            if not all(is_language_code(code) for code in pair):
                raise GlossaError(f"columns 3 and 4 must be language codes such as ru, en; found "
                                  f"{pair[0]!r}, {pair[1]!r}", path, line)
            if langs is None:
                langs, langs_line = pair, line
            elif [c.lower() for c in pair] != [c.lower() for c in langs]:
                raise GlossaError(f"language pair {pair[0]}→{pair[1]} differs from "
                                  f"{langs[0]}→{langs[1]} at line {langs_line}", path, line)
        if not source or not target:
            raise GlossaError("empty source or target", path, line)
        _check_cells(source, target, seen, path, line)
        incoming.append(Incoming(source, target, line))
    if not incoming:
        raise GlossaError("no entries to import (an empty file, or only a header row)", path)
    return Read(langs, incoming)


def _check_cells(source: str, target: str, seen: dict[str, int], path: str, line: int) -> None:
    """A row's terms hold no control character, and no source comes twice (which one would
    win?); ``seen`` maps each source to its first line."""
    for name, value in (("source", source), ("target", target)):
        if CONTROL_CHARS.search(value):
            raise GlossaError(f"the {name} {value!r} contains a control character (a line break "
                              "inside a quoted cell, a tab, an escape)", path, line)
    if normalise(source) in seen:
        raise GlossaError(f"{source!r} is given twice (line {seen[normalise(source)]} and here); "
                          "keep one row per source", path, line)
    seen[normalise(source)] = line


def _rows(text: str, delimiter: str, path: str):
    """(line number, cells) of each row."""
    if delimiter == "\t":
        for number, line in enumerate(split_lines(text), 1):
            yield number, line.split("\t")
        return
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in rows:
            yield rows.line_num, row
    except csv.Error as exc:
        raise GlossaError(f"CSV error: {exc}", path, rows.line_num) from None
