"""``glossa review``: a saved JSON result shown side by side again, or, with --interactive,
settled decision by decision, the text written and the glossary taught what was decided."""

from __future__ import annotations

import os
import stat
import sys
from typing import Annotated

import typer

from glossa.cli.common import console, notice, say
from glossa.cli.translate import OnlyChangedOption, OutputOption
from glossa.errors import GlossaError


def review(
    result: Annotated[str, typer.Argument(help="A saved --format json result")],
    only_changed: OnlyChangedOption = False,
    interactive: Annotated[bool, typer.Option(
        "--interactive", "-i", help="Settle each replaced, forced or flagged decision with one key, as git add -p "
                                    "does (keys from the terminal, or one per line from a pipe or --keys)")] = False,
    output: OutputOption = None,
    teach: Annotated[str | None, typer.Option(
        "--teach", help="Interactive: the glossary to add what was decided to (rejected replacements as forms, "
                        "taken proposals as variants), each after a confirm")] = None,
    keys: Annotated[str | None, typer.Option("--keys", help="Interactive: a file of answers, one per line")] = None,
) -> None:
    """Show the side-by-side review of a saved JSON result, or act on it (--interactive)."""
    from glossa.render.review import show

    placed = _read_result(result)
    if not interactive:
        if output or teach or keys:
            raise GlossaError("-o, --teach and --keys go with --interactive")
        show([item.segment for item in placed], only_changed, console=console())
        return
    from glossa.writing import refuse_output_onto_input

    refuse_output_onto_input(output, [result, *([teach] if teach else [])])
    answers = _answers(keys)
    decided, lessons = _settled(placed, answers)
    _write(decided, output)
    _teach(lessons, teach, answers)


def act_on(placed, keys: str | None):
    """``translate --review --interactive``: the placed segments as the person settled them
    (what they decided could teach the glossary is named, not written: review a saved
    result with --teach for that)."""
    decided, lessons = _settled(placed, _answers(keys))
    _teach(lessons, None, None)
    return decided


def _settled(placed, answers):
    from glossa.records import Placed
    from glossa.review_session import run

    session = run([item.segment for item in placed], answers, say)
    notice("review: " + (", ".join(f"{n} {what}" for what, n in session.counts.items()) or "nothing to decide"))
    return [Placed(item.paragraph, segment) for item, segment in zip(placed, session.segments)], session.lessons


def _read_result(path: str):
    import json

    from glossa.io import TEXT_LIMIT, read_utf8
    from glossa.records import placed_from_json

    text = read_utf8(path, TEXT_LIMIT, regular_only=False)
    try:
        return placed_from_json(json.loads(text))
    except json.JSONDecodeError as exc:
        raise GlossaError(f"not valid JSON: {exc.msg}", path, exc.lineno) from None
    except RecursionError:
        raise GlossaError("JSON nested too deeply", path) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        why = f" ({exc})" if isinstance(exc, ValueError) and str(exc) else " (no segments with decisions)"
        raise GlossaError(f"not a glossa JSON result{why}", path) from None


def _answers(keys: str | None):
    """The way answers come: the lines of --keys, the terminal, or the lines of a pipe or
    file on stdin; with none of these (stdin closed, /dev/null) the review cannot ask."""
    if keys is not None:
        from glossa.io import TEXT_LIMIT, read_utf8, split_lines

        return _from_lines(iter(split_lines(read_utf8(keys, TEXT_LIMIT))))
    if sys.stdin is not None and sys.stdin.isatty():
        from rich.prompt import Prompt

        def ask(question: str, allowed: str) -> str:
            while True:
                answer = Prompt.ask(question, console=console(stderr=True)).strip()
                if not allowed or answer[:1].lower() in allowed:
                    return answer if not allowed else answer[:1].lower()
        return ask
    if _piped():
        return _from_lines(line.rstrip("\n") for line in sys.stdin)
    raise GlossaError("--interactive needs a terminal, or answers from a pipe, a file on stdin or --keys")


def _piped() -> bool:
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def _from_lines(lines):
    """Answers read one per line; a line that is no allowed key is skipped, and the end of
    the answers quits."""
    def ask(question: str, allowed: str) -> str:
        for line in lines:
            answer = line.strip()
            if not allowed:
                say(question + answer)
                return answer
            if answer[:1].lower() in allowed:
                say(question + answer[:1].lower())
                return answer[:1].lower()
        say(question + "(no more answers: quit)")
        return "q" if allowed else ""
    return ask


def _write(placed, output: str | None) -> None:
    """The decided result: JSON when OUT ends in .json, else the final text a paragraph a
    line (on stdout without -o)."""
    from glossa.render.formats import emit

    emit(iter(placed), "json" if output and output.lower().endswith(".json") else "text", output)


def _teach(lessons, glossary: str | None, ask) -> None:
    if not lessons:
        return
    if glossary is None:
        notice(f"{len(lessons)} form(s) or variant(s) the glossary could learn; give --teach G.yaml to add them")
        return
    from glossa.glossary import edit
    from glossa.glossary.changes import change_document
    from glossa.glossary.yaml_store import set_field

    for lesson in lessons:
        what = "a form (right, kept)" if lesson.field == "forms" else "a variant (wrong, replaced)"
        if ask(f"add {lesson.text!r} to {lesson.source!r} in {glossary} as {what} [y,n]? ", "yn") != "y":
            continue

        def change(doc, lesson=lesson) -> None:
            """The text joins the list the reviewer put it in and leaves the other: a variant
            the reviewer kept is a right form now, and the other way round."""
            entry = doc["terms"][edit.find(doc, glossary, lesson.source, lesson.kind)]
            other = "variants" if lesson.field == "forms" else "forms"
            current = [str(v) for v in entry.get(lesson.field) or []]
            set_field(entry, other, [str(v) for v in entry.get(other) or [] if str(v) != lesson.text])
            if lesson.text not in current:
                set_field(entry, lesson.field, current + [lesson.text])

        change_document(glossary, change)
        notice(f"{lesson.source!r}: {lesson.text!r} added to its {lesson.field}")
