"""Bilingual documents glossa translates and enforces in place: XLIFF 1.2 and 2.x, TMX and
gettext PO, told by their file suffix. Each format's module reads a file into a ``Document``
(``model.py``); ``run.py`` translates or enforces its units."""

from __future__ import annotations

import importlib
from pathlib import Path

SUFFIXES = {".xlf": "glossa.documents.xml_documents", ".xliff": "glossa.documents.xml_documents",
            ".sdlxliff": "glossa.documents.xml_documents", ".mqxliff": "glossa.documents.xml_documents",
            ".tmx": "glossa.documents.xml_documents", ".po": "glossa.documents.po_document",
            ".pot": "glossa.documents.po_document"}


def is_document(path: str) -> bool:
    """Whether glossa reads the file as a bilingual document (by its suffix)."""
    return Path(path).suffix.lower() in SUFFIXES


def read_document(path: str):
    """The document at ``path``, read by its format's module."""
    return importlib.import_module(SUFFIXES[Path(path).suffix.lower()]).read(path)
