"""Output formats: text, JSON (the documented contract), Markdown and self-contained HTML."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from glossa.enforce import Segment
from glossa.pipeline import Placed, Tally, summary
from glossa.render.review import note


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


def write_text(placed: Iterable[Placed], out: TextIO, tally: Tally | None = None) -> dict:
    """Stream the final text paragraph by paragraph; returns the decision counts
    (``tally``, when given, also keeps the open occurrences for the caller)."""
    tally = Tally() if tally is None else tally
    for paragraph in paragraphs(tally.add(item) for item in placed):
        out.write(paragraph + "\n")
    return tally.summary()


def jsonl_line(item: Placed) -> str:
    return json.dumps({"paragraph": item.paragraph, **item.segment.as_json()}, ensure_ascii=False) + "\n"


def write_jsonl(placed: Iterable[Placed], out: TextIO, tally: Tally | None = None) -> dict:
    """One JSON object per segment per line, written as each is done; returns the counts
    (``tally``, when given, also keeps the open occurrences for the caller)."""
    tally = Tally() if tally is None else tally
    for item in placed:
        out.write(jsonl_line(tally.add(item)))
    return tally.summary()


def write_json(placed: Iterable[Placed], out: TextIO, tally: Tally | None = None) -> dict:
    """The JSON document, written segment by segment as each is done (the bytes
    ``json.dumps(document, indent=2)`` would give), so a long input's result is never held
    in memory whole; returns the counts (``tally`` as in ``write_text``)."""
    tally = Tally() if tally is None else tally
    out.write('{\n  "segments": [')
    separator = "\n"
    for item in placed:
        segment = json.dumps(tally.add(item).segment.as_json(), ensure_ascii=False, indent=2)
        out.write(separator + "    " + segment.replace("\n", "\n    "))
        separator = ",\n"
    counts = tally.summary()
    summary_json = json.dumps(counts, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out.write(("\n  ]" if separator == ",\n" else "]") + ',\n  "summary": ' + summary_json + "\n}\n")
    return counts


def from_json(data: dict) -> list[Segment]:
    """Segments back from a saved JSON result, for ``glossa review``."""
    from glossa.enforce import ACTIONS, Decision
    from glossa.glossary.model import Term

    def need(ok: bool, what: str) -> None:
        if not ok:
            raise ValueError(what)

    def text(value, what: str, optional: bool = False):
        need(isinstance(value, str) or (optional and value is None), f"{what} is not a string")
        return value

    def span(value, within: str, what: str, optional: bool = False):
        if optional and not value:
            return None
        need(isinstance(value, list) and len(value) == 2
             and all(type(v) is int for v in value) and 0 <= value[0] <= value[1] <= len(within),
             f"{what} is not a [start, end) span of its text")
        return tuple(value)

    need(isinstance(data, dict) and isinstance(data.get("segments"), list), "no list of segments")
    segments = []
    for n, s in enumerate(data["segments"], 1):
        need(isinstance(s, dict) and isinstance(s.get("decisions"), list), f"segment {n} is not an object "
             "with a list of decisions")
        source, mt, final = (text(s.get(k), f"segment {n}: {k}") for k in ("source", "mt", "final"))
        decisions = []
        for d in s["decisions"]:
            need(isinstance(d, dict) and isinstance(d.get("term"), dict), f"segment {n}: a decision "
                 "is not an object with a term")
            t = d["term"]
            term = Term(text(t.get("source"), f"segment {n}: term source"),
                        text(t.get("target"), f"segment {n}: term target"),
                        text(t.get("kind", "term"), f"segment {n}: term kind"))
            need(d.get("action") in ACTIONS, f"segment {n}: unknown action {str(d.get('action'))[:40]!r}")
            decisions.append(Decision(term, d["action"], text(d.get("method"), f"segment {n}: method", True),
                                      span(d.get("source_span"), source, f"segment {n}: source_span"),
                                      span(d.get("mt_span"), mt, f"segment {n}: mt_span", True),
                                      span(d.get("final_span"), final, f"segment {n}: final_span", True),
                                      text(d.get("form"), f"segment {n}: form", True),
                                      text(d.get("why"), f"segment {n}: why", True) or ""))
        segments.append(Segment(source, mt, final, tuple(decisions)))
    return segments


def to_markdown(placed: list[Placed], with_decisions: bool = True) -> str:
    """The final text, one paragraph each, and a table of what the glossary changed."""
    text = "\n\n".join(paragraphs(placed)) + "\n"
    changed = [(i, d) for i, item in enumerate(placed) for d in item.segment.decisions
               if d.action != "kept" or d.form not in (None, "exact")]
    if not (with_decisions and changed):
        return text
    rows = ["", "## Glossary decisions", "", "| # | term | rendering | action | method | MT had | why / form |",
            "|---|---|---|---|---|---|---|"]
    for i, d in changed:
        mt_had = placed[i].segment.mt[d.mt_span[0]:d.mt_span[1]] if d.mt_span else ""
        cells = [str(i + 1), d.term.source, d.term.target, d.action.replace("_", " "), d.method or "", mt_had,
                 d.why or (d.form or "" if d.action == "kept" else "")]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return text + "\n".join(rows) + "\n"


HTML_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}
td,th{border-top:1px solid #ddd;padding:.5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}td.n{color:#999;width:2em}td.src{width:45%}
mark{padding:0 .15em;border-radius:3px}mark.term{background:#e3ecff}mark.kept{background:#dff3df}
mark.replaced,mark.would_replace{background:#fff0b3}mark.forced{background:#ffd8b0}mark.missing{background:#ffc9c9}
mark.flagged{background:#ff9d9d;outline:2px solid #c00}mark.suggested{background:#d6f3f7}
del{color:#a33}.method{font-size:75%;color:#666;margin-left:.2em}
"""


def to_html(segments: list[Segment], title: str = "glossa review") -> str:
    rows = []
    for n, s in enumerate(segments, 1):
        if not s.source:
            continue
        rows.append(f"<tr><td class=n>{n}</td><td class=src>{_marked_source(s)}</td>"
                    f"<td>{_marked_final(s)}</td></tr>")
    stats = summary(segments)
    summary_row = " · ".join(f"{k.replace('_', ' ')}: {v}" for k, v in stats.items())
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{HTML_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
            f"<p id=summary>{summary_row}</p><table><thead><tr><th></th><th>Source</th>"
            f"<th>Final</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"{_term_table_html(segments)}</body></html>\n")


def _spans_html(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text escaped, each (start, end) span wrapped in its markup before and after
    (plain concatenation: user text may hold braces or anything else)."""
    out, cursor = [], 0
    for start, end, before, after in sorted(spans):
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append(before + html.escape(text[start:end]) + after)
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _marked_source(s: Segment) -> str:
    return _spans_html(s.source, [(a, b, "<mark class=term>", "</mark>") for d in s.decisions
                                  for a, b in [d.source_span]])


def _marked_final(s: Segment) -> str:
    spans = []
    for d in s.decisions:
        if not d.final_span:
            continue
        a, b = d.final_span
        had = ""
        if d.action == "replaced" and d.mt_span:
            had = f"<del>{html.escape(s.mt[d.mt_span[0]:d.mt_span[1]])}</del> "
        label = f"<span class=method>{html.escape(note(d))}</span>" if note(d) else ""
        title = html.escape(f"{d.term.source} → {d.term.target} ({d.action}, {d.method})", quote=True)
        spans.append((a, b, f"{had}<mark class={d.action} title=\"{title}\">", f"</mark>{label}"))
    tail = "".join(f" <mark class={d.action} title=\"{d.action}\">{html.escape(d.term.target)}?</mark>"
                   + (f"<span class=method>{html.escape(d.why)}</span>" if d.why else "")
                   for d in s.decisions if not d.final_span)
    return _spans_html(s.final, spans) + tail


def _term_table_html(segments: list[Segment]) -> str:
    from glossa.render.review import action_columns, per_term

    counts = per_term(segments)
    columns = ["occurrences", *action_columns(counts)]
    rows = "".join(
        f"<tr><td>{html.escape(t.source)}</td><td>{html.escape(t.target)}</td>"
        + "".join(f"<td>{c[a]}</td>" for a in columns)
        + "</tr>" for t, c in counts)
    head = "".join(f"<th>{a.replace('_', ' ')}</th>" for a in columns)
    return ("<h2>Terms</h2><table><thead><tr><th>term</th><th>target</th>"
            f"{head}</tr></thead><tbody>{rows}</tbody></table>")
