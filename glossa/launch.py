"""The process entry point (``glossa`` and ``python -m glossa``): Ctrl-C is answered from the
first instant, before the command line's libraries are imported, which takes a few tenths of
a second in which Python would otherwise print a KeyboardInterrupt traceback."""

from __future__ import annotations


def main() -> None:
    from glossa import interrupt

    interrupt.install_at_start()
    from glossa.cli import main as run

    run()
