"""The root ``glossa`` app: its sub-apps and commands, ``--version`` and ``-h``, and the one
answer to bad input (one line on stderr, exit 2), Ctrl-C and a closed stdout.

Heavy libraries (ctranslate2, sentencepiece, torch) are imported only inside the commands
that translate, so ``glossa --help`` and the glossary commands start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from glossa import __version__, interrupt
from glossa.cli import glossary, models, review, translate
from glossa.cli.common import say
from glossa.errors import GlossaError


class _Stopped(BaseException):
    """Ctrl-C or a closed stdout, carried past typer (which would make the first a silent
    exit 130 and the second an exit 1) to ``main``, where each gets its one answer."""


class _Group(TyperGroup):
    """The one place where a command's failure on bad input becomes its answer: one line
    naming the file (and line) on stderr and exit code 2, wherever the app is invoked
    from (``main``, or a test's ``CliRunner``)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, BrokenPipeError) as exc:
            raise _Stopped() from exc
        except GlossaError as exc:
            say(f"glossa: {exc}")
            raise typer.Exit(2) from None


app = typer.Typer(help="Offline Russian→English translation with an enforced term glossary.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, cls=_Group,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _show_version(value: bool) -> None:
    if value:
        print(f"glossa {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True, help="Show the version and exit")] = False) -> None:
    """Offline Russian→English translation with an enforced term glossary."""


app.command("translate")(translate.translate)
app.command("enforce")(translate.enforce)
app.command("review")(review.review)
app.command("terms")(translate.terms)
app.add_typer(glossary.app, name="glossary")
app.add_typer(models.app, name="models")


def main() -> None:
    interrupt.install()
    try:
        try:
            app()
        except _Stopped as stopped:
            raise (stopped.__cause__ or stopped) from None
        except SystemExit:
            interrupt.stop_if_interrupted()
            _flush_stdout()
            raise
    except KeyboardInterrupt:
        say("glossa: interrupted")   # any -o file is left as it was (AtomicOutput)
        sys.exit(130)
    except BrokenPipeError:
        # The reader of stdout has gone (glossa … | head -1): stop quietly, as Unix tools do.
        _drop_stdout()
        sys.exit(0)


def _flush_stdout() -> None:
    """Flush stdout now, so a reader that has gone shows here and not as an "Exception
    ignored" message at interpreter exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()


def _drop_stdout() -> None:
    """Point stdout at /dev/null: what a closed pipe did not take is dropped when the
    interpreter flushes at exit (the note on SIGPIPE in Python's signal docs)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
