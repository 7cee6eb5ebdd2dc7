"""Glossary YAML syntax through ruamel.yaml round-trip (comments, order and layout survive
edits): parsing, writing, and the entry of a document as a Term. Checking is ``validate``'s,
loading checked files is ``loading``'s."""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from glossa.errors import GlossaError
from glossa.glossary.model import DEFAULT_TERM, FIELD_ORDER, LIST_FIELDS, Glossary, Origin, Term
from glossa.io import read_utf8


def _yaml() -> YAML:
    yaml = YAML()  # round-trip mode; duplicate keys are an error
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


def parse(path: str) -> CommentedMap:
    """Parse a glossary file; syntax errors become one-line errors with file:line:column."""
    return parse_text(read_utf8(path), path)


MAX_FLOW_DEPTH = 200   # brackets nested deeper are no glossary; ruamel would take seconds to refuse them


def parse_for_reading(path: str) -> CommentedMap:
    """Parse a glossary to use it, not to edit it: libyaml (``fast_yaml``) gives the same
    document, line numbers included, without ruamel's comments, many times faster."""
    return parse_text_for_reading(read_utf8(path), path)


def parse_text_for_reading(text: str, path: str) -> CommentedMap:
    from glossa.glossary.fast_yaml import compose

    _refuse_deep_flow(text, path)
    return _a_mapping(compose(text, path), path)


def _refuse_deep_flow(text: str, path: str) -> None:
    if text.count("[") + text.count("{") > MAX_FLOW_DEPTH and flow_depth(text) > MAX_FLOW_DEPTH:
        raise GlossaError("YAML nested too deeply", path)


def _a_mapping(doc, path: str) -> CommentedMap:
    if doc is None:
        return CommentedMap()
    if not isinstance(doc, CommentedMap):
        raise GlossaError("expected a mapping with source_lang, target_lang and terms", path, 1)
    return doc


def parse_text(text: str, path: str) -> CommentedMap:
    _refuse_deep_flow(text, path)
    try:
        doc = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in str(exc):
            problem = "duplicate key " + problem.split('"')[1] if '"' in problem else problem
        raise GlossaError(problem, path, mark.line + 1 if mark else None,
                          mark.column + 1 if mark else None) from None
    except YAMLError as exc:
        raise GlossaError(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        raise GlossaError("YAML nested too deeply", path) from None
    return _a_mapping(doc, path)


def flow_depth(text: str) -> int:
    """The deepest nesting of flow brackets ([ and {) outside quoted scalars and comments,
    counted in one pass (an apostrophe in a plain scalar can only make it count fewer)."""
    depth = deepest = 0
    quote = ""
    for line in text.splitlines():
        for ch in line:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in "]}":
                depth = max(depth - 1, 0)
    return deepest


def require_entries(doc: CommentedMap, path: str) -> None:
    """Refuse a document without a ``terms`` list of mappings, the shape every change to a
    glossary works on (an empty ``terms:`` becomes an empty list); other errors a change
    may mend, and its result is checked."""
    if "terms" not in doc:
        raise GlossaError("not a glossary: no terms list; nothing changed", path, 1)
    terms = doc["terms"]
    if terms is None:
        doc["terms"] = CommentedSeq()
        return
    if not isinstance(terms, CommentedSeq):
        raise GlossaError("terms must be a list of entries; nothing changed", path, doc.lc.key("terms")[0] + 1)
    for i, entry in enumerate(terms):
        if not isinstance(entry, CommentedMap):
            raise GlossaError("an entry must be a mapping with source, target and kind; nothing changed",
                              path, terms.lc.item(i)[0] + 1)


def dump(doc: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def entry_line(doc: CommentedMap, index: int) -> int:
    """1-based line of the index-th entry of ``terms``."""
    return doc["terms"].lc.item(index)[0] + 1


def to_glossary(doc: CommentedMap, path: str) -> Glossary:
    """Build the immutable Glossary from a document that passed the schema checks."""
    terms = [term_from_entry(entry, path, entry_line(doc, i))
             for i, entry in enumerate(doc.get("terms") or [])]
    return Glossary(str(doc.get("source_lang", "ru")), str(doc.get("target_lang", "en")),
                    tuple(terms), (path,))


def term_from_entry(entry: CommentedMap, path: str, line: int) -> Term:
    """The Term of one entry that passed the schema checks."""
    fields = {k: entry[k] for k in FIELD_ORDER if k in entry}
    for name in LIST_FIELDS:
        if name in fields:
            fields[name] = tuple(str(v) for v in fields[name])
    for k in ("source", "target", "kind", "note", "match", "enforce", "id", "status"):
        if k in fields and fields[k] is not None:
            fields[k] = str(fields[k])
    return Term(**fields, origin=Origin(path, line))


def new_entry(term: Term) -> CommentedMap:
    """A YAML entry for a term, in glossa's field order, variants as a flow list."""
    entry = CommentedMap()
    for name, value in term.as_mapping().items():
        entry[name] = flow_list(value) if name in LIST_FIELDS else value
    return entry


PLAIN_IN_FLOW = re.compile(r"[^\W_][\w .'’()-]*", re.UNICODE)


def flow_list(values) -> CommentedSeq:
    """A one-line list; items that are not plain words are double-quoted, since the emitter
    leaves some flow indicators (a leading '?') unquoted."""
    seq = CommentedSeq(v if PLAIN_IN_FLOW.fullmatch(v) else DoubleQuotedScalarString(v)
                       for v in values)
    seq.fa.set_flow_style()
    return seq


def new_document(source_lang: str, target_lang: str) -> CommentedMap:
    doc = CommentedMap()
    doc["source_lang"] = source_lang
    doc["target_lang"] = target_lang
    doc["terms"] = CommentedSeq()
    return doc


DEFAULTS_LEFT_OUT = ("match", "enforce")


def set_field(entry: CommentedMap, name: str, value) -> bool:
    """Set, replace or drop one field of an entry, keeping its place; True if it changed."""
    current = entry.get(name)
    if isinstance(current, list):
        current = list(current)
    if value in (None, "", [], ()) or (name in DEFAULTS_LEFT_OUT and value == getattr(DEFAULT_TERM, name)):
        if name in entry:
            del entry[name]
            return True
        return False
    if isinstance(value, tuple):
        value = list(value)
    if current == value:
        return False
    if name in LIST_FIELDS:
        block = isinstance(entry.get(name), CommentedSeq) and not entry[name].fa.flow_style()
        value = CommentedSeq(value) if block else flow_list(value)
    if name in entry:
        entry[name] = value
    else:
        later = [k for k in FIELD_ORDER[FIELD_ORDER.index(name) + 1:] if k in entry]
        position = list(entry).index(later[0]) if later else len(entry)
        entry.insert(position, name, value)
    return True
