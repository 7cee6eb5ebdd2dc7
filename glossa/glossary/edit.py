"""Adding, removing and editing entries of a parsed glossary document in place."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from glossa.errors import GlossaError
from glossa.glossary.model import Term, normalise
from glossa.glossary.yaml_store import new_entry, set_field


def find(doc: CommentedMap, path: str, source: str, kind: str | None = None,
         ident: str | None = None) -> int:
    """Index of the one entry named by source (and kind) or id; an error if none or several."""
    entries = doc["terms"]
    hits = [i for i, e in enumerate(entries)
            if (ident is not None and e.get("id") == ident)
            or (ident is None and normalise(str(e.get("source", ""))) == normalise(source)
                and (kind is None or e.get("kind") == kind))]
    what = f"id {ident!r}" if ident else repr(source) + (f" ({kind})" if kind else "")
    if not hits:
        raise GlossaError(f"no entry {what}", path)
    if len(hits) > 1:
        kinds = ", ".join(str(entries[i].get("kind")) for i in hits)
        raise GlossaError(f"{what} names {len(hits)} entries (kinds: {kinds}); add --kind", path)
    return hits[0]


def add(doc: CommentedMap, path: str, term: Term) -> None:
    for e in doc["terms"]:
        same = (term.id and e.get("id") == term.id) or (
            not term.id and normalise(str(e.get("source", ""))) == normalise(term.source)
            and e.get("kind") == term.kind)
        if same:
            raise GlossaError(f"{term.source!r} ({term.kind}) is already in the glossary at line "
                              f"{e.lc.line + 1}; use 'glossa glossary edit'", path)
    doc["terms"].append(new_entry(term))


def remove(doc: CommentedMap, index: int) -> None:
    """Delete an entry, handing the comment that trails it (a heading for the next
    entries, as ruamel attaches it) to the entry before, so headings survive."""
    entries = doc["terms"]
    entry = entries[index]
    trailing = entry.ca.items.get(list(entry)[-1]) if len(entry) else None
    if trailing and trailing[2] is not None and index > 0:
        previous = entries[index - 1]
        last = list(previous)[-1]
        slot = previous.ca.items.setdefault(last, [None, None, None, None])
        if slot[2] is None:
            slot[2] = trailing[2]
    del entries[index]


def edit(entry: CommentedMap, changes: dict) -> list[str]:
    """Apply field changes: None leaves a field as it is, "" or [] removes it.
    Returns the names that changed."""
    return [name for name, value in changes.items()
            if value is not None and set_field(entry, name, value)]
