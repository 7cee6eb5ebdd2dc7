"""The side-by-side review in the terminal: source left, final English right, every glossary
term highlighted, each replaced or forced span shown with what the MT had and why, each
flagged span shown for a person to decide, and the form found for kept terms."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from glossa.records import SegmentResult, action_columns, per_term, summary
from glossa.render import cell, note, proposed, visible

STYLES = {"kept": "green", "replaced": "bold yellow", "would_replace": "bold yellow", "forced": "bold magenta",
          "flagged": "bold red reverse", "missing": "bold red", "suggested": "cyan"}
def source_text(s: SegmentResult) -> Text:
    text = Text(visible(s.source))
    for d in s.decisions:
        if d.source_span:
            text.stylize("underline " + STYLES[d.action], *d.source_span)
    return text


def final_text(s: SegmentResult) -> Text:
    """Final text with decisions highlighted; replaced spans preceded by the MT's words
    struck through and followed by the method, so plain text still shows the change."""
    out = Text()
    cursor = 0
    for d in sorted((d for d in s.decisions if d.final_span), key=lambda d: d.final_span or (0, 0)):
        start, end = d.final_span or (0, 0)
        if start < cursor:
            continue
        out.append(visible(s.final[cursor:start]))
        if d.action == "replaced" and d.mt_span:
            out.append(visible(f"[{s.mt[d.mt_span[0]:d.mt_span[1]]}→]"), style="strike dim red")
        out.append(visible(s.final[start:end]), style=STYLES[d.action])
        out.append(visible(note(d)), style="dim")
        cursor = end
    out.append(visible(s.final[cursor:]))
    for d in s.decisions:
        if d.final_span is None:
            out.append(visible(f" ⟨{d.action.replace('_', ' ')}: {d.term.target}"
                               + (f"; {d.why}" if d.why else "") + "⟩"), style=STYLES[d.action])
    for d in s.decisions:
        if d.proposal is not None:
            out.append("\n")
            out.append(visible(f"⟨proposal for {d.term.target}: {proposed(d, s.final)}⟩"), style="italic")
    return out


def review(segments: list[SegmentResult], only_changed: bool = False) -> Group:
    table = Table(show_lines=True, expand=True, title="glossa review", title_justify="left")
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("source", ratio=1)
    table.add_column("final", ratio=1)
    for n, s in enumerate(segments, 1):
        if not s.source:
            continue
        if only_changed and all(d.action == "kept" for d in s.decisions):
            continue
        table.add_row(str(n), source_text(s), final_text(s))
    terms = Table(title="terms", title_justify="left")
    counts = per_term(segments)
    columns = ["occurrences", *action_columns(counts)]
    for column in ("term", "target", *columns):
        terms.add_column(column.replace("_", " "), justify="left" if column in ("term", "target") else "right")
    for term, c in counts:
        terms.add_row(cell(term.source), cell(term.target), *(str(c[a]) for a in columns))
    totals = summary(segments)
    line = Text(" · ".join(f"{k.replace('_', ' ')} {v}" for k, v in totals.items()), style="bold")
    return Group(table, terms, line)


def show(segments: list[SegmentResult], only_changed: bool = False, console: Console | None = None) -> None:
    """Print the review; page it when it is long and the output is a terminal.

    The pager is pydoc's, which writes to stdout and pages only when stdin and stdout are
    terminals (else it prints to stdout): so a review whose stdout is taken (``glossa
    translate --review > out.txt``) is printed on the console unpaged instead."""
    console = console or Console(stderr=False)
    view = review(segments, only_changed)
    if console.is_terminal and len(segments) > 20 and sys.stdin.isatty() and sys.stdout.isatty():
        with _less_shows_colours(), console.pager(styles=True):
            console.print(view)
    else:
        console.print(view)


@contextmanager
def _less_shows_colours():
    """While paging, LESS includes -R, so less shows the review's colours rather than raw
    escape codes (it has no -R by default; a user's LESS keeps its other options)."""
    before = os.environ.get("LESS")
    options = (before or "").split()
    if not any("R" in o if not o.startswith("--") else o.lower() == "--raw-control-chars" for o in options):
        os.environ["LESS"] = " ".join([*options, "-R"])
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("LESS", None)
        else:
            os.environ["LESS"] = before
