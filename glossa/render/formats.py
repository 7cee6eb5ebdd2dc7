"""The output formats, in one registry: each declares its name, whether it streams (writes
each segment as it is done, so a long input is never held whole) and its writer. The
``--format`` choices of ``glossa translate`` and ``glossa enforce`` are this registry's names;
adding a format is adding a writer and its entry here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from glossa.records import Placed, SegmentResult, Tally
from glossa.render import proposed
from glossa.writing import AtomicOutput

Writer = Callable[[Iterable[Placed], TextIO, Tally], None]


@dataclass(frozen=True)
class OutputFormat:
    name: str
    streams: bool       # written segment by segment; else the writer is handed the whole list
    write: Writer       # writes the placed segments to the stream, each counted in the tally
    help: str


def paragraphs(placed: Iterable[Placed]) -> Iterator[str]:
    """Final text per paragraph, sentences joined by a space, as soon as each is complete."""
    current, parts = None, []
    for item in placed:
        if current is not None and item.paragraph != current:
            yield " ".join(p for p in parts if p)
            parts = []
        current = item.paragraph
        parts.append(item.segment.final)
    if current is not None:
        yield " ".join(p for p in parts if p)


def write_text(placed: Iterable[Placed], out: TextIO, tally: Tally) -> None:
    """The final text, paragraph by paragraph as each is complete."""
    for paragraph in paragraphs(tally.add(item) for item in placed):
        out.write(paragraph + "\n")


def jsonl_line(item: Placed) -> str:
    return json.dumps({"paragraph": item.paragraph, **item.segment.as_json()}, ensure_ascii=False) + "\n"


def write_jsonl(placed: Iterable[Placed], out: TextIO, tally: Tally) -> None:
    """One JSON object per segment per line, written as each is done."""
    for item in placed:
        out.write(jsonl_line(tally.add(item)))


def write_json(placed: Iterable[Placed], out: TextIO, tally: Tally) -> None:
    """The JSON document, written segment by segment as each is done (the bytes
    ``json.dumps(document, indent=2)`` would give), so a long input's result is never held
    in memory whole."""
    out.write('{\n  "segments": [')
    separator = "\n"
    for item in placed:
        segment = json.dumps({"paragraph": tally.add(item).paragraph, **item.segment.as_json()},
                             ensure_ascii=False, indent=2)
        out.write(separator + "    " + segment.replace("\n", "\n    "))
        separator = ",\n"
    summary_json = json.dumps(tally.summary(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out.write(("\n  ]" if separator == ",\n" else "]") + ',\n  "summary": ' + summary_json + "\n}\n")


def write_markdown(placed: Iterable[Placed], out: TextIO, tally: Tally) -> None:
    out.write(to_markdown([tally.add(item) for item in placed]))


def to_markdown(placed: list[Placed], with_decisions: bool = True) -> str:
    """The final text, one paragraph each, and a table of what the glossary changed."""
    text = "\n\n".join(paragraphs(placed)) + "\n"
    changed = [(i, d) for i, item in enumerate(placed) for d in item.segment.decisions
               if d.action != "kept" or d.form not in (None, "exact")]
    if not (with_decisions and changed):
        return text
    rows = ["", "## Glossary decisions", "",
            "| # | term | rendering | action | method | MT had | why / form | proposal |",
            "|---|---|---|---|---|---|---|---|"]
    for i, d in changed:
        mt_had = placed[i].segment.mt[d.mt_span[0]:d.mt_span[1]] if d.mt_span else ""
        cells = [str(i + 1), d.term.source, d.term.target, d.action.replace("_", " "), d.method or "", mt_had,
                 d.why or (d.form or "" if d.action == "kept" else ""), proposed(d, placed[i].segment.final)]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return text + "\n".join(rows) + "\n"


def write_html(placed: Iterable[Placed], out: TextIO, tally: Tally) -> None:
    from glossa.render.html import to_html

    out.write(to_html([tally.add(item).segment for item in placed]))


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("text", True, write_text, "the final text, one paragraph per line"),
    OutputFormat("json", True, write_json, "segments with every decision, and the summary"),
    OutputFormat("jsonl", True, write_jsonl, "one JSON segment per line"),
    OutputFormat("markdown", False, write_markdown, "the final text and a table of the glossary's decisions"),
    OutputFormat("html", False, write_html, "a self-contained side-by-side review page"),
)}


def emit(placed: Iterable[Placed], name: str, output: str | None,
         review: Callable[[list[SegmentResult]], None] | None = None) -> Tally:
    """Write the result in the named format to OUT (stdout when None or -), atomically;
    streaming formats write as segments come. With ``review``, it is handed every segment
    after the output is written (a review is never part of the output). Returns the tally:
    the counts and the open occurrences with their lines."""
    fmt, tally = FORMATS[name], Tally()
    if fmt.streams and review is None:
        with AtomicOutput(output) as out:
            fmt.write(placed, out, tally)
        return tally
    items = [tally.add(item) for item in placed]
    with AtomicOutput(output) as out:
        fmt.write(items, out, Tally())
    if review is not None:
        review([item.segment for item in items])
    return tally
