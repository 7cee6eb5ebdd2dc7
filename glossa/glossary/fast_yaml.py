"""Reading a glossary for use, not for editing: libyaml (PyYAML's C parser) composes the
document, and its nodes become the same CommentedMap / CommentedSeq, line numbers included,
that ruamel's round-trip parse gives ``validate`` and ``to_glossary`` — many times faster on
a term base of 100,000 entries. Edits keep ruamel, which keeps comments and layout.

Scalars are resolved by the YAML 1.2 core schema, as ruamel resolves them (``no`` and ``on``
stay strings, not YAML 1.1 booleans); a repeated key is an error at its line, as in ruamel;
a node that several aliases name is made once, so aliases cannot blow a document up.
"""

from __future__ import annotations

import re

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from glossa.errors import GlossaError

NULL = re.compile(r"~|null|Null|NULL|")
BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64   # a glossary is four levels deep; deeper nesting is refused, as ruamel refuses it


def compose(text: str, path: str):
    """The document of ``text`` as CommentedMap / CommentedSeq / scalars, with line info."""
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise GlossaError(problem, path, mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise GlossaError(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        raise GlossaError("YAML nested too deeply", path) from None
    try:
        return None if node is None else _Builder(path).build(node)
    except RecursionError:
        raise GlossaError("YAML nested too deeply", path) from None


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.made: dict[int, object] = {}

    def build(self, node, depth: int = 0):
        known = self.made.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise GlossaError("YAML nested too deeply", self.path, node.start_mark.line + 1)
        made: object
        if isinstance(node, yaml.MappingNode):
            made = self._mapping(node, depth)
        elif isinstance(node, yaml.SequenceNode):
            made = self._sequence(node, depth)
        else:
            made = self._scalar(node)
        self.made[id(node)] = made
        return made

    def _sequence(self, node, depth: int) -> CommentedSeq:
        made = CommentedSeq()
        made.lc.line, made.lc.col = node.start_mark.line, node.start_mark.column
        self.made[id(node)] = made
        for i, item in enumerate(node.value):
            made.append(self.build(item, depth + 1))
            made.lc.add_kv_line_col(i, [item.start_mark.line, item.start_mark.column])
        return made

    def _mapping(self, node, depth: int) -> CommentedMap:
        made = CommentedMap()
        made.lc.line, made.lc.col = node.start_mark.line, node.start_mark.column
        self.made[id(node)] = made
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise GlossaError("a mapping key must be a plain value", self.path, key_node.start_mark.line + 1)
            if key in made:
                raise GlossaError(f"duplicate key {key}", self.path, key_node.start_mark.line + 1,
                                  key_node.start_mark.column + 1)
            made[key] = self.build(value_node, depth + 1)
            made.lc.add_kv_line_col(key, [key_node.start_mark.line, key_node.start_mark.column,
                                          value_node.start_mark.line, value_node.start_mark.column])
        return made

    @staticmethod
    def _scalar(node):
        value = node.value
        if node.style:                      # quoted or a block scalar: always a string (libyaml
            return value                    # gives a plain one the style "", PyYAML None)
        if NULL.fullmatch(value):
            return None
        if value in BOOL:
            return BOOL[value]
        if INT.fullmatch(value):
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if FLOAT.fullmatch(value):
            return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                         .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
        return value
