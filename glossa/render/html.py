"""The HTML review: one self-contained page (styles inline, no scripts), safe to mail or archive."""

from __future__ import annotations

import html

from glossa.records import SegmentResult, action_columns, per_term, summary
from glossa.render import note, proposed

HTML_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}
td,th{border-top:1px solid #ddd;padding:.5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}td.n{color:#999;width:2em}td.src{width:45%}
mark{padding:0 .15em;border-radius:3px}mark.term{background:#e3ecff}mark.kept{background:#dff3df}
mark.replaced,mark.would_replace{background:#fff0b3}mark.forced{background:#ffd8b0}mark.missing{background:#ffc9c9}
mark.flagged{background:#ff9d9d;outline:2px solid #c00}mark.suggested{background:#d6f3f7}
del{color:#a33}.method{font-size:75%;color:#666;margin-left:.2em}.proposal{font-style:italic;color:#555}
"""


def to_html(segments: list[SegmentResult], title: str = "glossa review") -> str:
    """A self-contained page: source and final text side by side, terms marked, and the
    per-term table."""
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


def _marked_source(s: SegmentResult) -> str:
    return _spans_html(s.source, [(a, b, "<mark class=term>", "</mark>") for d in s.decisions
                                  if d.source_span for a, b in [d.source_span]])


def _marked_final(s: SegmentResult) -> str:
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
    tail += "".join(f"<div class=proposal>proposal for {html.escape(d.term.target)}: "
                    f"{html.escape(proposed(d, s.final))}</div>" for d in s.decisions if d.proposal)
    return _spans_html(s.final, spans) + tail


def _term_table_html(segments: list[SegmentResult]) -> str:
    counts = per_term(segments)
    columns = ["occurrences", *action_columns(counts)]
    rows = "".join(
        f"<tr><td>{html.escape(t.source)}</td><td>{html.escape(t.target)}</td>"
        + "".join(f"<td>{c[a]}</td>" for a in columns)
        + "</tr>" for t, c in counts)
    head = "".join(f"<th>{a.replace('_', ' ')}</th>" for a in columns)
    return ("<h2>Terms</h2><table><thead><tr><th>term</th><th>target</th>"
            f"{head}</tr></thead><tbody>{rows}</tbody></table>")
