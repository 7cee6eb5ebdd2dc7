"""What the sub-apps share: the glossary options, the consoles, one-line messages, and
choices built from a registry."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from glossa.errors import GlossaError

GlossaryOption = Annotated[list[str] | None, typer.Option(
    "--glossary", "-g", help="Glossary file or directory (repeatable); default: ./glossaries/")]
NoGlossaryOption = Annotated[bool, typer.Option(
    "--no-glossary", help="Run without any glossary (no -g and no ./glossaries/ needed)")]


def one_of(names, what: str = "a choice"):
    """An option callback accepting only the names (a registry's keys), so the choices
    offered are always the registry's."""
    def check(value: str | None) -> str | None:
        if value is not None and value not in names:
            raise typer.BadParameter(f"{value!r} is not {what}; choose from {', '.join(names)}")
        return value
    return check


def choice_help(text: str, names) -> str:
    return f"{text} ({'|'.join(names)})"


def console(stderr: bool = False):
    """A rich console that ends a closed pipe quietly (``main`` handles it) instead of
    exiting 1 as rich would."""
    from rich.console import Console

    class GlossaConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return GlossaConsole(stderr=stderr, highlight=False)


def say(message: str) -> None:
    """A message for the user on stderr, never in the output."""
    print(message, file=sys.stderr)


def notice(message: str) -> None:
    say(f"glossa: {message}")


HOME_PAIR = ("ru", "en")   # the pair a command given no glossary reads its input as: the seed's


def no_glossary(paths, none: bool) -> bool:
    if none and paths:
        raise GlossaError("--no-glossary and --glossary exclude each other; give one")
    return none


def glossary_or_none(paths, none: bool):
    """The glossaries given (or the default directory's), or with ``--no-glossary`` an empty
    glossary of HOME_PAIR."""
    from glossa.glossary.loading import load_all
    from glossa.glossary.model import Glossary

    return Glossary(*HOME_PAIR) if no_glossary(paths, none) else load_all(paths)
