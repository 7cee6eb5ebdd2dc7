"""Reading input with clear errors and encoding detection; atomic writes."""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from glossa.errors import GlossaError
from glossa.interrupt import stop_if_interrupted

# Encodings a Russian text file realistically comes in, besides UTF-8.


MB = 1 << 20
TEXT_LIMIT = 64 * MB       # input texts, MT output, saved JSON results: far above real documents
GLOSSARY_LIMIT = 64 * MB   # glossary files (YAML, PO, CSV/TSV, TBX): a term base of 100,000s of entries


def _too_large(limit: int, path: str) -> GlossaError:
    return GlossaError(f"larger than the {limit // MB} MB limit for this input", path)


def _refuse_binary(data: bytes, path: str) -> None:
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
    import stat

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
    _refuse_binary(data, path)
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
    _refuse_binary(data, path)
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
            _refuse_binary(chunk, str(path))
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


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write via a temp file in the same directory, fsync, then rename over the target.

    A crash or a full disk leaves either the old file or the new one, never half of either.
    """
    target = through_links(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        stop_if_interrupted()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)


def through_links(path: str | os.PathLike) -> Path:
    """The file a write to ``path`` must replace: a symlink's target (a team's shared
    glossary linked into a project gets the change, and the link stays a link), else the
    path itself."""
    given = Path(path)
    return Path(os.path.realpath(given)) if given.is_symlink() else given


def _fsync_directory(directory: Path) -> None:
    """Make a rename in DIRECTORY durable (a power cut after it keeps the new file). Some
    file systems cannot fsync a directory; the rename has happened either way."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(target: Path) -> int:
    """The permissions a file replacing ``target`` gets: the old file's (a private 0600
    output stays private), else what a new file gets under the umask."""
    return target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(path: str | None, text: str | bytes) -> None:
    """Write a command's result (text, or a document's bytes) to OUT atomically, or to
    stdout when no path is given."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path is None or path == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        if _written_in_place(Path(path)):
            with open(path, "wb") as fh:
                fh.write(data)
        else:
            atomic_write(path, text)
    except OSError as exc:
        raise GlossaError(exc.strerror or str(exc), str(path)) from None


def _written_in_place(path: Path) -> bool:
    """Whether OUT is a device or a pipe (/dev/null, /dev/stdout, a FIFO), which is written
    to as it is: renaming a temporary file over it would replace the device itself. A
    directory is refused."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if stat.S_ISDIR(mode):
        raise GlossaError("is a directory, expected a file", str(path))
    return not stat.S_ISREG(mode)


class _OutputStream:
    """The stream AtomicOutput hands out: a failed write (a full disk, an I/O error) is one
    GlossaError naming OUT rather than a traceback."""

    def __init__(self, fh, path: Path) -> None:
        self._fh = fh
        self._path = path

    def write(self, text: str) -> int:
        try:
            return self._fh.write(text)
        except OSError as exc:
            raise GlossaError(f"cannot write: {exc.strerror or exc}", str(self._path)) from None

    def __getattr__(self, name):
        return getattr(self._fh, name)


class AtomicOutput:
    """A text stream to OUT that appears only when complete (stdout when OUT is None or -).

    Used as a context manager: on an exception the temporary file is removed and any
    existing OUT is left as it was.
    """

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else through_links(path)
        self._tmp: str | None = None

    def __enter__(self):
        if self.path is None:
            return sys.stdout
        if _written_in_place(self.path):
            try:
                self._fh = open(self.path, "w", encoding="utf-8")
            except OSError as exc:
                raise GlossaError(exc.strerror or str(exc), str(self.path)) from None
            return _OutputStream(self._fh, self.path)
        try:
            fd, self._tmp = tempfile.mkstemp(dir=self.path.parent or ".", prefix=f".{self.path.name}.",
                                             suffix=".tmp")
        except OSError as exc:
            raise GlossaError(exc.strerror or str(exc), str(self.path)) from None
        try:
            self._fh = os.fdopen(fd, "w", encoding="utf-8")
        except BaseException:   # Ctrl-C here too leaves no temporary file
            with contextlib.suppress(OSError):   # already closed by the failed fdopen
                os.close(fd)
            Path(self._tmp).unlink(missing_ok=True)
            raise
        return _OutputStream(self._fh, self.path)

    def __exit__(self, kind, value, traceback) -> None:
        if self.path is None:
            sys.stdout.flush()
            return
        if self._tmp is None:   # a device or a pipe, written in place
            try:
                self._fh.close()
            except OSError as exc:
                if kind is None:
                    raise GlossaError(f"cannot write: {exc.strerror or exc}", str(self.path)) from None
            return
        try:
            if kind is None:
                self._fh.flush()
                os.fsync(self._fh.fileno())
            try:
                self._fh.close()
            except OSError:
                if kind is None:
                    raise
            if kind is None:
                os.chmod(self._tmp, _mode_for(self.path))
                stop_if_interrupted()
                os.replace(self._tmp, self.path)
        except OSError as exc:   # a full disk, say: OUT is left as it was
            raise GlossaError(f"cannot write: {exc.strerror or exc}; nothing written", str(self.path)) from None
        finally:
            if kind is not None or Path(self._tmp).exists():
                Path(self._tmp).unlink(missing_ok=True)
        if kind is None:
            _fsync_directory(self.path.parent)


def refuse_output_onto_input(output: str | None, inputs: list[str]) -> None:
    """Writing -o over an input would destroy it: refuse when OUT is one of the inputs
    (the same file by any name: symlinks resolved, hard links compared by inode)."""
    if output in (None, "-"):
        return
    out = Path(output)
    for name in inputs:
        same = out.resolve() == Path(name).resolve()
        if not same and out.exists():
            try:
                same = os.path.samefile(out, name)
            except OSError:
                same = False
        if same:
            raise GlossaError(f"the output is the same file as the input {name}; refusing to "
                              "overwrite it (write to another path)", output)
