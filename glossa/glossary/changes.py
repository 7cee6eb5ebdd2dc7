"""The write step of every change to a glossary file: under a lock, parse, change, re-check
and save atomically; a change that would leave the file with errors is refused and nothing
is written."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from glossa.errors import GlossaError
from glossa.glossary.validate import check_document
from glossa.glossary.yaml_store import dump, new_document, parse, parse_text, require_entries
from glossa.writing import atomic_write

LOCK_TIMEOUT = 60   # seconds to wait for another glossa changing the same file


def change_document(path: str, change: Callable[[CommentedMap], None], dry_run: bool = False,
                    new_langs: tuple[str, str] | None = None) -> None:
    """Parse, change, re-check and atomically save a glossary; refuse a change that would
    leave the file with errors. With ``new_langs`` a missing file starts empty; with
    ``dry_run`` everything but the write is done."""
    if not dry_run:
        refuse_read_only(path)
    # the whole read-change-check-write holds the lock: two concurrent adds both land
    with contextlib.nullcontext() if dry_run else locked(path):
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


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """An exclusive lock for changing a glossary, held in a hidden file beside it
    (``.NAME.lock``: never read as a glossary, git-ignored, harmless when left behind)."""
    from filelock import FileLock, Timeout

    p = Path(path)
    if not p.parent.is_dir():   # FileLock would create the directory
        raise GlossaError(f"no such directory {str(p.parent)!r}; nothing changed", path)
    lock = FileLock(str(p.with_name(f".{p.name}.lock")), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise GlossaError(f"another glossa has been changing this file for {LOCK_TIMEOUT} s; "
                          "nothing changed", path) from None
    except OSError as exc:
        raise GlossaError(f"cannot lock the file for the change: {exc.strerror or exc}; nothing changed",
                          path) from None
    try:
        yield
    finally:
        lock.release()


def refuse_read_only(path: str) -> None:
    """A glossary someone made read-only (chmod 444) is not replaced behind their back:
    the atomic rename would succeed, as it needs only the directory to be writable."""
    p = Path(path)
    if p.exists() and not p.is_dir() and (not os.access(p, os.W_OK) or not p.stat().st_mode & 0o222):
        raise GlossaError("the file is read-only (no write permission); nothing changed", path)
