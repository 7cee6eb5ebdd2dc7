"""Reading input with clear errors, bounded sizes and encoding detection."""

from __future__ import annotations

import codecs
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from glossa.errors import GlossaError

MB = 1 << 20
TEXT_LIMIT = 64 * MB       # input texts, MT output, saved JSON results: far above real documents
GLOSSARY_LIMIT = 64 * MB   # glossary files (YAML, PO, CSV/TSV, TBX): a term base of 100,000s of entries


def _too_large(limit: int, path: str) -> GlossaError:
    return GlossaError(f"larger than the {limit // MB} MB limit for this input", path)


def refuse_binary(data: bytes, path: str) -> None:
    """A NUL byte marks a binary file: no text format glossa reads holds one."""
    if b"\x00" in data:
        raise GlossaError("binary file (contains NUL bytes), expected text", path)


def _read_limited(stream, limit: int, path: str) -> bytes:
    """Read in chunks up to ``limit`` + 1 bytes; refuse anything larger."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise _too_large(limit, path)
    return b"".join(chunks)


def read_bytes(path: str, limit: int = TEXT_LIMIT, regular_only: bool = False) -> bytes:
    """Read a file (or stdin for ``-``) of at most ``limit`` bytes, turning OS failures into
    one-line errors. With ``regular_only`` a device, FIFO or socket is refused unopened."""

    if path == "-":
        if sys.stdin is None:   # started with standard input closed (<&-)
            raise GlossaError("standard input is closed", "<stdin>")
        try:
            return _read_limited(sys.stdin.buffer, limit, "<stdin>")
        except OSError as exc:
            raise GlossaError(exc.strerror or str(exc), "<stdin>") from None
    p = Path(path)
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise GlossaError("is a directory, expected a file", path)
        if regular_only and not stat.S_ISREG(mode):
            raise GlossaError("not a regular file (a device, FIFO or socket), expected a file", path)
        with p.open("rb") as fh:
            return _read_limited(fh, limit, path)
    except FileNotFoundError:
        raise GlossaError("no such file", path) from None
    except OSError as exc:
        raise GlossaError(exc.strerror or str(exc), path) from None


def decode_utf8(data: bytes, path: str) -> str:
    """Strict UTF-8 (BOM allowed), naming the first bad byte's line on failure."""
    refuse_binary(data, path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", path, line) from None


def read_utf8(path: str, limit: int = GLOSSARY_LIMIT, regular_only: bool = True) -> str:
    """Read a file that must be UTF-8, such as a glossary (by default: a regular file of at
    most GLOSSARY_LIMIT bytes)."""
    return decode_utf8(read_bytes(path, limit, regular_only), path)


def read_text(path: str, notice: Callable[[str], None] | None = None, encodings: tuple[str, ...] = ()) -> str:
    """Read a text: UTF-8, or one of the legacy ``encodings`` of its language (its profile's)
    told from the bytes with confidence, which is told to ``notice``."""
    data = read_bytes(path)
    refuse_binary(data, path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(encodings)).best() if encodings else None
    if best is None or best.chaos > 0.2:
        raise GlossaError("not UTF-8 and the encoding cannot be told with confidence; "
                          "convert it to UTF-8 first", path)
    if notice:
        notice(f"{path}: not UTF-8, decoded as {best.encoding}")
    return str(best)


class FileLines:
    """The lines of a UTF-8 text file, decoded one at a time as they are asked for, so a long
    input is never held whole; split as ``split_lines`` splits (at "\n" only, a trailing
    "\r" dropped), a leading BOM dropped."""

    def __init__(self, path: Path, count: int) -> None:
        self.path, self.count = path, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[str]:
        try:
            with self.path.open("rb") as fh:
                for n, raw in enumerate(fh, 1):
                    if n == 1 and raw == codecs.BOM_UTF8:   # a BOM alone: an empty text
                        return
                    line = self._decode(raw, n)
                    yield line[1:] if n == 1 and line.startswith("\ufeff") else line
        except OSError as exc:
            raise GlossaError(exc.strerror or str(exc), str(self.path)) from None

    def _decode(self, raw: bytes, n: int) -> str:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:   # the file changed since it was checked
            raise GlossaError("not valid UTF-8", str(self.path), n) from None
        line = line[:-1] if line.endswith("\n") else line
        return line[:-1] if line.endswith("\r") else line


def read_lines(path: str, notice: Callable[[str], None] | None = None,
               encodings: tuple[str, ...] = ()) -> FileLines | list[str]:
    """The lines of a text as ``split_lines(read_text(path, notice, encodings))`` gives them. A regular UTF-8
    file is checked whole in chunks (size, NUL bytes, strict UTF-8) and then read line by
    line as the lines are used; stdin, a pipe or a legacy encoding is read whole (its
    encoding is told from all of it)."""
    if path == "-" or not Path(path).is_file():
        return split_lines(read_text(path, notice, encodings))
    try:
        count = _utf8_line_count(Path(path), TEXT_LIMIT)
    except OSError as exc:
        raise GlossaError(exc.strerror or str(exc), path) from None
    return split_lines(read_text(path, notice, encodings)) if count is None else FileLines(Path(path), count)


def opening(lines: Sequence[str] | FileLines, chars: int) -> str:
    """The first lines of a text, joined, up to about ``chars`` characters: enough to tell
    its script without reading it whole."""
    taken, size = [], 0
    for line in lines:
        if size >= chars:
            break
        taken.append(line)
        size += len(line) + 1
    return "\n".join(taken)


def _utf8_line_count(path: Path, limit: int) -> int | None:
    """The number of lines of a file of strict UTF-8 text, or None if it is not UTF-8;
    a file over ``limit`` bytes or with NUL bytes is refused as ``read_text`` refuses it."""
    if path.stat().st_size > limit:
        raise _too_large(limit, str(path))
    decoder = codecs.getincrementaldecoder("utf-8")()
    count, size, last, start = 0, 0, b"", b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            start = start or chunk[:3]
            size += len(chunk)
            if size > limit:
                raise _too_large(limit, str(path))
            refuse_binary(chunk, str(path))
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return None
            count, last = count + chunk.count(b"\n"), chunk[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    empty = size == (3 if start == codecs.BOM_UTF8 else 0)
    return count + (0 if empty or last == b"\n" else 1)


def split_lines(text: str) -> list[str]:
    """The lines of a text split at "\n" only (a trailing "\r" dropped), as line-aligned
    files and line numbers count them: unlike ``str.splitlines``, a form feed, U+2028 or a
    lone "\r" inside a line does not start another line."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]
