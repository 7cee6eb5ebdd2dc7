"""Two-column CSV/TSV glossaries, the layout DeepL and Google Cloud glossaries use.

Rows are ``source<sep>target``; DeepL's optional language columns are accepted on import.
Only source and target travel: kinds, variants and notes stay in the YAML.
"""

from __future__ import annotations

import csv
import io

from glossa.errors import GlossaError
from glossa.glossary.model import Glossary
from glossa.glossary.updates import Incoming
from glossa.io import read_utf8

HEADER_WORDS = {"source", "target", "term", "translation"}


def export(glossary: Glossary, delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n",
                        quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE,
                        escapechar=None if delimiter == "," else "\\")
    for term in glossary.terms:
        writer.writerow([term.source, term.target])
    return out.getvalue()


def read(path: str, delimiter: str) -> list[Incoming]:
    text = read_utf8(path)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter,
                      quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    incoming: list[Incoming] = []
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) not in (2, 4):
                raise GlossaError(f"expected 2 columns (source, target), found {len(row)}", path, line)
            source, target = row[0].strip(), row[1].strip()
            if line == 1 and {source.lower(), target.lower()} <= HEADER_WORDS | {"ru", "en"}:
                continue
            if not source or not target:
                raise GlossaError("empty source or target", path, line)
            incoming.append(Incoming(source, target, line))
    except csv.Error as exc:
        raise GlossaError(f"CSV error: {exc}", path, rows.line_num) from None
    return incoming
