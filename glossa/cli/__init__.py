"""The ``glossa`` command line: one module per sub-app (``glossary``, ``models``), the
translation commands in ``translate``, the root app and ``main`` in ``app``. Commands parse
options and hand over to the modules that do the work."""

from glossa.cli.app import app, main

__all__ = ["app", "main"]
