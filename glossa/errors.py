"""The one exception type the CLI turns into a one-line message and exit code 2."""

from __future__ import annotations


class GlossaError(Exception):
    """Bad input or usage: reported as ``glossa: <where>: <message>`` without a traceback."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [str(p) for p in (self.path, self.line, self.column) if p is not None]
        return ":".join(where + [" " + self.message]) if where else self.message
