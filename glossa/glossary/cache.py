"""Large glossaries loaded once: a checked glossary file of CACHED_FROM_BYTES or more is kept
as JSON in the user's cache directory, keyed by a hash of its bytes, its path and glossa's
version, and read back instead of parsed and checked again while the file is unchanged (a
term base of 100,000 entries: seconds instead of tens of seconds). Only files that passed
every check are kept, so a cached glossary needs no check."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from glossa.glossary.model import Glossary, Origin, Term

CACHED_FROM_BYTES = 1 << 20


def cache_directory() -> Path:
    """``GLOSSA_CACHE_DIR``, else ``$XDG_CACHE_HOME/glossa``, else ``~/.cache/glossa``."""
    given = os.environ.get("GLOSSA_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "glossa"


def _entry(path: str, data: bytes) -> Path:
    from glossa import __version__

    digest = hashlib.sha256(b"\0".join([__version__.encode(), os.path.abspath(path).encode(), data])).hexdigest()
    return cache_directory() / f"glossary-{digest[:32]}.json"


def read(path: str, data: bytes) -> Glossary | None:
    """The glossary kept for these bytes of ``path``, or None."""
    if len(data) < CACHED_FROM_BYTES:
        return None
    try:
        kept = json.loads(_entry(path, data).read_text(encoding="utf-8"))
        terms = tuple(_term(fields, Origin(path, line)) for line, fields in kept["terms"])
        return Glossary(kept["source_lang"], kept["target_lang"], terms, (path,))
    except (OSError, ValueError, KeyError, TypeError):
        return None   # none kept, or one cut short: the file is parsed again


def _term(fields: dict, origin: Origin) -> Term:
    values: dict = {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}
    return Term(**values, origin=origin)


def write(path: str, data: bytes, glossary: Glossary) -> None:
    """Keep a checked glossary (a cache that cannot be written only costs the next run)."""
    if len(data) < CACHED_FROM_BYTES:
        return
    from glossa.writing import atomic_write

    kept = {"source_lang": glossary.source_lang, "target_lang": glossary.target_lang,
            "terms": [[t.origin.line if t.origin else 0, t.as_mapping()] for t in glossary.terms]}
    try:
        cache_directory().mkdir(parents=True, exist_ok=True)
        atomic_write(_entry(path, data), json.dumps(kept, ensure_ascii=False))
    except OSError:
        pass
