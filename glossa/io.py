"""Reading input with clear errors and encoding detection; atomic writes."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from glossa.errors import GlossaError

# Encodings a Russian text file realistically comes in, besides UTF-8.
RUSSIAN_ENCODINGS = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5"]


def read_bytes(path: str) -> bytes:
    """Read a file (or stdin for ``-``), turning OS failures into one-line errors."""
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if p.is_dir():
        raise GlossaError("is a directory, expected a file", path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise GlossaError("no such file", path) from None
    except OSError as exc:
        raise GlossaError(exc.strerror or str(exc), path) from None


def decode_utf8(data: bytes, path: str) -> str:
    """Strict UTF-8 (BOM allowed), naming the first bad byte's line on failure."""
    if b"\x00" in data:
        raise GlossaError("binary file (contains NUL bytes), expected text", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", path, line) from None


def read_utf8(path: str) -> str:
    """Read a file that must be UTF-8, such as a glossary."""
    return decode_utf8(read_bytes(path), path)


def read_text(path: str) -> str:
    """Read a Russian text: UTF-8, or a detected legacy Cyrillic encoding with a notice."""
    data = read_bytes(path)
    if b"\x00" in data:
        raise GlossaError("binary file (contains NUL bytes), expected text", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=RUSSIAN_ENCODINGS).best()
    if best is None or best.chaos > 0.2:
        raise GlossaError("not UTF-8 and the encoding cannot be told with confidence; "
                          "convert it to UTF-8 first", path)
    print(f"glossa: {path}: not UTF-8, decoded as {best.encoding}", file=sys.stderr)
    return str(best)


def split_lines(text: str) -> list[str]:
    """The lines of a text split at "\n" only (a trailing "\r" dropped), as line-aligned
    files and line numbers count them: unlike ``str.splitlines``, a form feed, U+2028 or a
    lone "\r" inside a line does not start another line."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write via a temp file in the same directory, fsync, then rename over the target.

    A crash or a full disk leaves either the old file or the new one, never half of either.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(path: str | None, text: str) -> None:
    """Write a command's result to OUT atomically, or to stdout when no path is given."""
    if path is None or path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise GlossaError(exc.strerror or str(exc), str(path)) from None


class AtomicOutput:
    """A text stream to OUT that appears only when complete (stdout when OUT is None or -).

    Used as a context manager: on an exception the temporary file is removed and any
    existing OUT is left as it was.
    """

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else Path(path)
        self._tmp: str | None = None

    def __enter__(self):
        if self.path is None:
            return sys.stdout
        try:
            fd, self._tmp = tempfile.mkstemp(dir=self.path.parent or ".", prefix=f".{self.path.name}.",
                                             suffix=".tmp")
        except OSError as exc:
            raise GlossaError(exc.strerror or str(exc), str(self.path)) from None
        try:
            self._fh = os.fdopen(fd, "w", encoding="utf-8")
        except BaseException:   # Ctrl-C here too leaves no temporary file
            try:
                os.close(fd)
            except OSError:
                pass   # already closed by the failed fdopen
            Path(self._tmp).unlink(missing_ok=True)
            raise
        return self._fh

    def __exit__(self, kind, value, traceback) -> None:
        if self.path is None:
            sys.stdout.flush()
            return
        try:
            if kind is None:
                self._fh.flush()
                os.fsync(self._fh.fileno())
            self._fh.close()
            if kind is None:
                os.chmod(self._tmp, 0o666 & ~_umask())
                os.replace(self._tmp, self.path)
        finally:
            if kind is not None or Path(self._tmp).exists():
                Path(self._tmp).unlink(missing_ok=True)
