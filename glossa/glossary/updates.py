"""Merging entries that come back from translators (PO, CSV, TSV) into a YAML glossary.

Only the fields that really changed are written, so untouched entries keep their layout,
quoting and comments, and an unedited exchange file changes nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap

from glossa.glossary.model import LIST_FIELDS, Term, normalise
from glossa.glossary.yaml_store import new_entry, set_field

# Fields an exchange format may carry besides source and target; None means "not carried".
OPTIONAL_FIELDS = ("kind", "variants", "forms", "forbidden", "note", "match", "case_sensitive", "enforce", "status")


@dataclass
class Incoming:
    """One entry as read from an exchange file; fields left None are not in that format."""

    source: str
    target: str
    line: int
    kind: str | None = None
    id: str | None = None
    fields: dict = field(default_factory=dict)


@dataclass
class Report:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([f"added   {s}" for s in self.added] + [f"changed {s}" for s in self.changed]
                + [f"skipped {s}" for s in self.skipped])


def apply(doc: CommentedMap, incoming: list[Incoming], path: str,
          report: Report | None = None) -> Report:
    """Apply incoming entries to a parsed glossary document in place, noting them in
    ``report`` (a new one when none is given)."""
    report = report if report is not None else Report()
    entries = _Entries(doc["terms"])
    for item in incoming:
        entry = _find(entries, item)
        ambiguous = entries.with_source(item.source) if entry is None and item.kind is None else []
        if len(ambiguous) > 1:
            kinds = ", ".join(str(e.get("kind")) for e in ambiguous)
            report.skipped.append(f"{item.source!r} → {item.target!r} (line {item.line}): {len(ambiguous)} "
                                  f"entries have this source ({kinds}) and the file does not say which; "
                                  "use 'glossa glossary edit --kind'")
            continue
        if entry is None:
            fields = {k: v for k, v in item.fields.items() if v is not None}
            if item.kind is None:  # the format carries no kind: someone must review it
                fields.setdefault("status", "proposed")
            term = Term(source=item.source, target=item.target, kind=item.kind or "term",
                        id=item.id, **fields)
            entries.add(new_entry(term))
            report.added.append(f"{item.source!r} → {item.target!r}")
            continue
        if item.fields.get("status") == "proposed" and entry.get("status", "reviewed") != "proposed":
            # gettext's fuzzy: a translation nobody has reviewed, never used in place of one
            # somebody has (nor demoting it to proposed, which would stop its enforcement)
            report.skipped.append(f"{item.source!r} → {item.target!r} (line {item.line}): unreviewed (fuzzy); "
                                  f"the glossary's reviewed entry {entry.get('target')!r} stays")
            continue
        fields, moved = _keep_old_target(entry, item)
        changed = []
        if set_field(entry, "target", item.target):
            changed.append("target")
        for name, value in fields.items():
            if set_field(entry, name, value) and not (moved and name in moved["quiet"]):
                changed.append(name)
        if changed:
            line = entry.lc.line + 1 if entry.lc.line is not None else "new"
            report.changed.append(f"{item.source!r} ({', '.join(changed)}) at {path}:{line}"
                                  + (moved["why"] if moved else ""))
    return report


def _keep_old_target(entry: CommentedMap, item: Incoming) -> tuple[dict, dict | None]:
    """The fields to set when the target changes: the old target becomes a variant (the
    rendering it replaces), and a new target taken from the variants or forms leaves them.

    Returns the fields and, when the target moved, which list fields changed only because
    of that (not worth naming in the report) and the note for the report line.
    """
    fields = dict(item.fields)
    old = entry.get("target")
    if not isinstance(old, str) or old == item.target:
        return fields, None
    lists = {}
    for name in LIST_FIELDS:
        given = fields.get(name)
        lists[name] = list(given) if given is not None else [str(v) for v in entry.get(name) or []]
    before = {name: list(values) for name, values in lists.items()}
    taken_from = [name for name in LIST_FIELDS if item.target in lists[name]]
    for name in taken_from:
        lists[name] = [v for v in lists[name] if v != item.target]
    kept = old not in lists["variants"] and old not in lists["forms"]
    if kept:
        lists["variants"].append(old)
    quiet = set()
    for name in LIST_FIELDS:
        if lists[name] != before[name]:
            fields[name] = tuple(lists[name])
            current = [str(v) for v in entry.get(name) or []]
            if before[name] == current:  # the exchange file did not change this list itself
                quiet.add(name)
    why = []
    if kept:
        why.append(f"old target {old!r} kept as a variant")
    if taken_from:
        why.append(f"{item.target!r} taken out of the {' and '.join(taken_from)}")
    return fields, {"quiet": quiet, "why": ("; " + ", ".join(why)) if why else ""}


class _Entries:
    """A glossary's entries indexed by id and by normalised source, so that merging a file
    of thousands of rows looks each one up instead of passing over every entry for it."""

    def __init__(self, entries) -> None:
        self._entries = entries
        self._by_source: dict[str, list[CommentedMap]] = {}
        self._by_id: dict[str, CommentedMap] = {}
        for entry in entries:
            self._index(entry)

    def _index(self, entry: CommentedMap) -> None:
        self._by_source.setdefault(normalise(str(entry.get("source", ""))), []).append(entry)
        if isinstance(entry.get("id"), str):   # ids read from a file are strings
            self._by_id.setdefault(entry["id"], entry)

    def add(self, entry: CommentedMap) -> None:
        self._entries.append(entry)
        self._index(entry)

    def with_id(self, ident: str) -> CommentedMap | None:
        return self._by_id.get(ident)

    def with_source(self, source: str) -> list[CommentedMap]:
        return self._by_source.get(normalise(source), [])


def _find(entries: _Entries, item: Incoming) -> CommentedMap | None:
    """The entry an incoming row updates: by id, else by source and kind, else by source alone
    when the format carries no kind and the source is unambiguous."""
    if item.id:
        return entries.with_id(item.id)
    same_source = entries.with_source(item.source)
    if item.kind is not None:  # PO without an id: the entry is the one without an id either
        return next((e for e in same_source if not e.get("id") and e.get("kind") == item.kind), None)
    if len(same_source) > 1:  # CSV/TSV export one row per source: the entry with that target
        return next((e for e in same_source if e.get("target") == item.target), None)
    return same_source[0] if same_source else None
