"""Schema and semantic checks of glossary files, each problem located at file:line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from glossa.glossary.exchange import FORMULA_STARTS
from glossa.glossary.model import (
    ENFORCE_MODES,
    FIELD_ORDER,
    KINDS,
    MATCH_MODES,
    STATUSES,
    Glossary,
    MergeConflict,
    entry_key,
    merge,
)
from glossa.glossary.yaml_store import entry_line, term_from_entry

TOP_KEYS = ("source_lang", "target_lang", "include", "terms")
STRING_FIELDS = ("source", "target", "kind", "note", "match", "enforce", "id", "status")
CHOICES = {"kind": KINDS, "match": MATCH_MODES, "enforce": ENFORCE_MODES, "status": STATUSES}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    severity: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


EntryCheck = Callable[[CommentedMap, str, int, object], list[Problem]]


def check_document(doc: CommentedMap, path: str, entry_checks: tuple[EntryCheck, ...] = ()) -> list[Problem]:
    """Every schema and entry-level problem of one parsed glossary file; each of
    ``entry_checks`` (entry, path, line, source language) adds its own problems of each
    entry (the linguistic ones live with the language's analyser, see ``match.lemma_forms``)."""
    problems = _check_header(doc, path)
    if "terms" not in doc:
        return [*problems, Problem(path, 1, "error", "missing terms")]
    terms = doc["terms"]
    if terms is None:
        return problems
    if not isinstance(terms, CommentedSeq):
        return [*problems, Problem(path, doc.lc.key("terms")[0] + 1, "error", "terms must be a list of entries")]
    seen: dict[tuple, int] = {}
    for i, entry in enumerate(terms):
        line = terms.lc.item(i)[0] + 1
        if not isinstance(entry, CommentedMap):
            problems.append(Problem(path, line, "error", "an entry must be a mapping with source, target and kind"))
            continue
        problems += _check_entry(entry, path, line)
        problems += _check_in_file(entry, path, line, seen)
        for check in entry_checks:
            problems += check(entry, path, line, doc.get("source_lang"))
    return problems


def _check_header(doc: CommentedMap, path: str) -> list[Problem]:
    """The top-level keys and the language pair."""
    problems = [Problem(path, doc.lc.key(key)[0] + 1, "error",
                        f"unknown key {key!r} (expected one of {', '.join(TOP_KEYS)})")
                for key in doc if key not in TOP_KEYS]
    listed = doc.get("include", [])
    if not isinstance(listed, list) or not all(isinstance(item, str) and item.strip() for item in listed):
        problems.append(Problem(path, doc.lc.key("include")[0] + 1, "error",
                                "include must be a list of glossary files or directories"))
    for key in ("source_lang", "target_lang"):
        if key not in doc:
            problems.append(Problem(path, 1, "error", f"missing {key}"))
        elif not isinstance(doc[key], str) or not doc[key].strip():
            problems.append(Problem(path, doc.lc.key(key)[0] + 1, "error",
                                    f"{key} must be a language code such as 'ru'"))
    return problems


def _check_in_file(entry: CommentedMap, path: str, line: int, seen: dict[tuple, int]) -> list[Problem]:
    """What an entry means beside the others (duplicates, first line in ``seen``) and to a
    reviewer (proposals)."""
    problems = []
    source, kind, ident = entry.get("source"), entry.get("kind"), entry.get("id")
    if isinstance(source, str) and isinstance(kind, str):
        key = entry_key(source, kind, ident)
        if key in seen:
            what = f"id {ident!r}" if ident else f"{source!r} ({kind})"
            problems.append(Problem(path, line, "error", f"duplicate entry {what}, first at line {seen[key]}"))
        else:
            seen[key] = line
    if entry.get("status") == "proposed":
        to_fill = ", its target is to fill" if entry.get("target") == "" else ""
        problems.append(Problem(path, line, "warning", f"proposed entry {source!r} not yet reviewed{to_fill}"))
    return problems


def _check_entry(entry: CommentedMap, path: str, line: int) -> list[Problem]:
    checker = _EntryChecker(entry, path, line)
    checker.fields()
    checker.strings()
    checker.lists()
    checker.control_characters()
    checker.formulas()
    return checker.problems


class _EntryChecker:
    """The checks of one entry, each aspect in its own method, problems at the line of the
    field concerned."""

    def __init__(self, entry: CommentedMap, path: str, line: int) -> None:
        self.entry, self.path, self.line = entry, path, line
        self.problems: list[Problem] = []

    def error(self, key: str | None, message: str, severity: str = "error") -> None:
        at = self.entry.lc.key(key)[0] + 1 if key in self.entry else self.line
        self.problems.append(Problem(self.path, at, severity, message))

    def fields(self) -> None:
        for key in self.entry:
            if key not in FIELD_ORDER:
                self.error(key, f"unknown field {key!r}")
        for key in ("source", "target", "kind"):
            if key not in self.entry:
                self.error(None, f"entry lacks required field {key!r}")
        if "case_sensitive" in self.entry and not isinstance(self.entry["case_sensitive"], bool):
            self.error("case_sensitive", "case_sensitive must be true or false")

    def strings(self) -> None:
        for key in STRING_FIELDS:
            if key in self.entry:
                message = self._string_problem(key, self.entry[key])
                if message:
                    self.error(key, message)

    def _string_problem(self, key: str, value) -> str | None:
        if not isinstance(value, str):
            return f"{key} must be a string, got {_type_name(value)}"
        if not value.strip():
            # only a proposal may leave its target to fill
            to_fill = key == "target" and value == "" and self.entry.get("status") == "proposed"
            return None if to_fill else f"{key} is empty"
        if key == "source" and not any(ch.isalnum() for ch in value):
            return f"source {value!r} has no letters or digits"
        if value != value.strip() and key in ("source", "target"):
            return f"{key} {value!r} has leading or trailing whitespace"
        if key in CHOICES and value not in CHOICES[key]:
            return f"{key} {value!r} is not one of {', '.join(CHOICES[key])}"
        return None

    def lists(self) -> None:
        for name, one in (("variants", "variant"), ("forms", "form"), ("forbidden", "forbidden rendering")):
            if name not in self.entry:
                continue
            values = self.entry[name]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                self.error(name, f"{name} must be a list of strings")
                continue
            target = self.entry.get("target")
            for v in values:
                if not v.strip():
                    self.error(name, f"a {one} is empty")
                elif isinstance(target, str) and v.strip() == target.strip():
                    self.error(name, f"{one} {v!r} equals the target")
            if len({v.strip() for v in values}) != len(values):
                self.error(name, f"a {one} is listed twice")
        if isinstance(self.entry.get("variants"), list) and isinstance(self.entry.get("forms"), list):
            for v in set(self.entry["variants"]) & set(self.entry["forms"]):
                self.error("forms", f"{v!r} is both a variant (replaced) and a form (kept)")
        if isinstance(self.entry.get("forbidden"), list) and isinstance(self.entry.get("forms"), list):
            for v in set(self.entry["forbidden"]) & set(self.entry["forms"]):
                self.error("forbidden", f"{v!r} is both a form (kept) and forbidden")

    def formulas(self) -> None:
        """A source or target a spreadsheet would run as a formula once exported to CSV/TSV."""
        for key in ("source", "target"):
            value = self.entry.get(key)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                self.error(key, f"{key} {value!r} starts with {value[:1]!r}: a spreadsheet opening a CSV/TSV "
                                "export may run it as a formula", "warning")

    def control_characters(self) -> None:
        for key in ("source", "target", "variants", "forms", "forbidden", "note"):
            values = self.entry.get(key)
            for v in values if isinstance(values, list) else [values]:
                # a note may run over several lines (a block scalar): line breaks and tabs pass there
                if isinstance(v, str) and CONTROL_CHARS.search(v.replace("\n", "").replace("\t", "")
                                                               if key == "note" else v):
                    self.error(key, f"{key.rstrip('s')} {v!r} contains a control character (a line "
                                    "break would split the term; an escape would reach the terminal)")


CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _type_name(value) -> str:
    if value is None:
        return "nothing"
    return {"bool": "a boolean", "int": "a number", "float": "a number", "CommentedSeq": "a list",
            "CommentedMap": "a mapping"}.get(type(value).__name__, type(value).__name__)


def check_merge(glossaries: list[Glossary]) -> list[Problem]:
    """Conflicts and language mismatches between files that are used together."""
    if not glossaries:
        return []
    try:
        merge(glossaries)
    except MergeConflict as exc:
        return [Problem(path, line, "error", message) for path, line, message in exc.problems]
    return []


def usable_glossary(doc: CommentedMap, path: str) -> Glossary | None:
    """The entries of a file that pass their own checks, so conflicts between files are
    reported in the same pass as a file's schema errors; None when the file's language pair
    is unusable (its own errors say why)."""
    langs = [doc.get("source_lang"), doc.get("target_lang")]
    if not all(isinstance(code, str) and code.strip() for code in langs):
        return None
    entries = doc.get("terms")
    terms = []
    seen: set[tuple[str, str]] = set()
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        line = entry_line(doc, i)
        if not isinstance(entry, CommentedMap) or any(
                p.severity == "error" for p in _check_entry(entry, path, line)):
            continue
        term = term_from_entry(entry, path, line)
        if term.key not in seen:  # a duplicate within the file is reported as such already
            seen.add(term.key)
            terms.append(term)
    return Glossary(langs[0], langs[1], tuple(terms), (path,))
