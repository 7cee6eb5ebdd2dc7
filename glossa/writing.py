"""Writing output that is never half-written: atomic replacement through symlinks, the
permissions of the file replaced kept, and no output onto one of the inputs."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from glossa.errors import GlossaError
from glossa.interrupt import stop_if_interrupted


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
