"""Term occurrences as a JSON document (for tools) or a table (for people)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from rich.table import Table

from glossa.render import cell


def occurrences_json(occurrences) -> str:
    """occurrences: (line number, text of the line, Match) triples."""
    matches = [{"line": n, "start": m.start, "end": m.end, "surface": m.surface(text),
                "term": m.term.brief()} for n, text, m in occurrences]
    by_term = Counter(m["term"]["source"] for m in matches)
    summary = {"matches": len(matches), "terms": len(by_term), "by_term": dict(by_term)}
    return json.dumps({"matches": matches, "summary": summary}, ensure_ascii=False, indent=2) + "\n"


def occurrences_table(occurrences) -> Table:
    counts: Counter = Counter()
    forms: dict = defaultdict(Counter)
    terms = {}
    for _, text, m in occurrences:
        key = (m.term.source, m.term.kind)
        terms[key] = m.term
        counts[key] += 1
        forms[key][m.surface(text)] += 1
    table = Table(title=f"{sum(counts.values())} occurrences of {len(counts)} terms", title_justify="left")
    for column in ("term", "target", "kind", "count", "forms seen"):
        table.add_column(column, justify="right" if column == "count" else "left", overflow="fold")
    for key, count in counts.most_common():
        term = terms[key]
        seen = ", ".join(f"{form} ×{n}" if n > 1 else form for form, n in forms[key].most_common())
        table.add_row(cell(term.source), cell(term.target), cell(term.kind), str(count), cell(seen))
    return table
