"""Ctrl-C that cannot be lost.

Python raises KeyboardInterrupt wherever the interpreter is when SIGINT arrives; when that is
a finaliser (``__del__``, a weakref callback run by the garbage collector) the exception is
reported as "ignored" and the run goes on to finish and commit its output. The handler here
also records the signal, so the commit points (an atomic rename) and ``main`` still stop.
"""

from __future__ import annotations

import signal
import sys

_received = False


def install() -> None:
    """Take over SIGINT for this process (called once by the command-line entry point)."""
    signal.signal(signal.SIGINT, _on_sigint)
    default_hook = sys.unraisablehook

    def hook(unraisable) -> None:
        # The interrupt is recorded and acted on at the next commit point; no stray report.
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            default_hook(unraisable)

    sys.unraisablehook = hook


def install_at_start() -> None:
    """Until ``install`` takes over, Ctrl-C ends the process at once with the usual answer:
    nothing has been written yet, so there is nothing to keep or clean up."""
    signal.signal(signal.SIGINT, _on_sigint_at_start)


def _on_sigint_at_start(signum, frame) -> None:
    sys.stderr.write("glossa: interrupted\n")
    sys.stderr.flush()
    raise SystemExit(130)


def _on_sigint(signum, frame) -> None:
    global _received
    _received = True
    raise KeyboardInterrupt


def stop_if_interrupted() -> None:
    """Raise KeyboardInterrupt if Ctrl-C came at any time, even where it could not be raised."""
    if _received:
        raise KeyboardInterrupt
