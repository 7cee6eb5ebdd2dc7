"""The process entry point (``glossa`` and ``python -m glossa``): Ctrl-C is answered from the
first instant, before the command line's libraries are imported, which takes a few tenths of
a second in which Python would otherwise print a KeyboardInterrupt traceback."""

from __future__ import annotations


def main() -> None:
    try:
        from glossa import interrupt  # its signal module imports enum: some milliseconds

        interrupt.install_at_start()
    except KeyboardInterrupt:
        import sys

        sys.stderr.write("glossa: interrupted\n")
        raise SystemExit(130) from None
    from glossa.cli import main as run

    run()
