"""Finding, checking and loading glossary files into one merged Glossary, and choosing the
glossaries of a language pair."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from glossa.bulk import collector_paused
from glossa.errors import GlossaError
from glossa.glossary import cache as glossary_cache
from glossa.glossary.model import Glossary, MergeConflict, merge
from glossa.glossary.validate import EntryCheck, Problem, check_document, check_merge, usable_glossary
from glossa.glossary.yaml_store import parse_for_reading, parse_text_for_reading, to_glossary
from glossa.io import GLOSSARY_LIMIT, decode_utf8, read_bytes, read_utf8

DEFAULT_DIR = "glossaries"
NO_GLOSSARY_HINT = "give -g FILE|DIR, or --no-glossary to run without one"


def glossary_files(paths: list[str]) -> list[str]:
    """Expand directories to their *.yaml / *.yml files, sorted; files pass through; each
    file's ``include:`` files come before it (see ``with_includes``)."""
    return with_includes(_expanded(paths))


def with_includes(files: list[str]) -> list[str]:
    """The files with the glossaries each one includes (``include: [PATH, …]``, files or
    directories relative to the including file) put before it, recursively, each file once
    however often it is included (a house glossary shared by two projects; a cycle)."""
    seen: set[Path] = set()
    ordered: list[str] = []

    def visit(path: str) -> None:
        real = Path(path).resolve()
        if real in seen:
            return
        seen.add(real)
        for included in _includes(path):
            visit(included)
        ordered.append(path)

    for path in files:
        visit(path)
    return ordered


INCLUDE_KEY = re.compile(r"^include\s*:", re.MULTILINE)


def _includes(path: str) -> list[str]:
    """The files a glossary includes, its directories expanded; a path that is not there is
    an error at its line."""
    if not Path(path).is_file() or not INCLUDE_KEY.search(read_utf8(path)):
        return []   # most glossaries include nothing: no second parse for them
    doc = parse_for_reading(path)
    listed = doc.get("include") if isinstance(doc, CommentedMap) else None
    line = doc.lc.key("include")[0] + 1 if isinstance(doc, CommentedMap) and "include" in doc else None
    if not isinstance(listed, CommentedSeq) or not all(isinstance(item, str) and item.strip() for item in listed):
        raise GlossaError("include must be a list of glossary files or directories", path, line)
    found = []
    for n, item in enumerate(listed):
        target = Path(path).parent / item
        if not target.exists():
            raise GlossaError(f"included {item!r} not found (looked at {target})", path, listed.lc.item(n)[0] + 1)
        found.extend(_expanded([str(target)]))
    return found


def _expanded(paths: list[str]) -> list[str]:
    """Directories expanded to their *.yaml / *.yml files, sorted; files pass through."""
    files: list[str] = []
    for p in paths:
        pp = Path(p)
        if pp.is_dir():
            # hidden files are not glossaries: glossa's own temporary and lock files
            # (.NAME.yaml.XXXX.tmp, .NAME.yaml.lock) and editors' (.#NAME.yaml) among them
            found = [f for f in sorted(pp.glob("*.yaml")) + sorted(pp.glob("*.yml"))
                     if not f.name.startswith(".")]
            if not found:
                raise GlossaError("no *.yaml glossary files in this directory", p)
            files.extend(str(f) for f in found)
        elif not pp.exists():
            raise GlossaError("no such file", p)
        else:
            files.append(p)
    return files


@collector_paused()
def load(path: str) -> Glossary:
    """Load one glossary, refusing it with its first error when it has any; a large one comes
    from the cache while its file is unchanged (``glossary.cache``)."""
    kept, doc, data = _opened(path)
    return kept if kept is not None else _checked(path, doc, data)


def _opened(path: str) -> tuple[Glossary | None, CommentedMap, bytes]:
    """A glossary file's kept glossary, or its parsed document, and its bytes."""
    data = read_bytes(path, GLOSSARY_LIMIT, regular_only=True)
    kept = glossary_cache.read(path, data)
    if kept is not None:
        return kept, CommentedMap(), data
    return None, parse_text_for_reading(decode_utf8(data, path), path), data


def _checked(path: str, doc: CommentedMap, data: bytes) -> Glossary:
    errors = [p for p in check_document(doc, path) if p.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more; run 'glossa glossary check')" if len(errors) > 1 else ""
        raise GlossaError(errors[0].message + more, path, errors[0].line)
    glossary = to_glossary(doc, path)
    glossary_cache.write(path, data, glossary)
    return glossary


@collector_paused()
def load_all(paths: list[str] | None, pair: tuple[str, str] | None = None,
             hint: str = NO_GLOSSARY_HINT, otherwise: tuple[str, str] | None = None,
             notice: Callable[[str], None] | None = None) -> Glossary:
    """Load and merge the glossaries given (files or directories); with none given, the
    ``glossaries/`` directory under the current directory, whose missing is an error
    (saying where glossa looked and ``hint``) unless ``otherwise`` gives the pair of the
    empty glossary to use instead. With ``pair`` (from,
    to), only the default directory's glossaries of that pair are used, and how many were
    skipped is told to ``notice``; glossaries given explicitly are all used."""
    if paths:
        glossaries = [load(f) for f in glossary_files(paths)]
    elif not Path(DEFAULT_DIR).is_dir():
        if otherwise is not None:
            return Glossary(*otherwise)
        raise GlossaError(f"no glossary found: no --glossary given and no {DEFAULT_DIR}/ "
                          f"directory here; {hint}", str(Path.cwd() / DEFAULT_DIR))
    else:
        glossaries, skipped = [], 0
        for f in glossary_files([DEFAULT_DIR]):
            kept, doc, data = _opened(f)
            langs = (kept.source_lang, kept.target_lang) if kept else (str(doc.get("source_lang")),
                                                                       str(doc.get("target_lang")))
            if pair is not None and langs != pair:
                skipped += 1
                continue
            glossaries.append(kept if kept is not None else _checked(f, doc, data))
        if pair is not None and skipped and notice:
            notice(f"{DEFAULT_DIR}/: {skipped} glossary file(s) for other language pairs "
                   f"skipped (not {pair[0]}→{pair[1]})")
        if pair is not None and not glossaries:
            raise GlossaError(f"no {pair[0]}→{pair[1]} glossary found ({skipped} for other pairs "
                              f"skipped); {hint}", str(Path.cwd() / DEFAULT_DIR))
    try:
        return merge(glossaries)
    except MergeConflict as exc:
        path, line, message = exc.problems[0]
        raise GlossaError(message, path, line) from None


def for_pair(paths: list[str] | None, pair: tuple[str, str], none: bool = False,
             notice: Callable[[str], None] | None = None) -> Glossary:
    """The glossary for translating ``pair``: empty with ``none`` (--no-glossary) or when the
    default directory holds no glossary; a glossary given for another pair is refused."""
    if none and paths:
        raise GlossaError("--no-glossary and --glossary exclude each other; give one")
    if none:
        return Glossary(*pair)
    glossary = load_all(paths, pair=pair, notice=notice)
    if not glossary.paths:
        return Glossary(*pair)
    if (glossary.source_lang, glossary.target_lang) != pair:
        raise GlossaError(f"the glossary is {glossary.source_lang}→{glossary.target_lang}, "
                          f"not {pair[0]}→{pair[1]}", glossary.paths[0])
    return glossary


def check_paths(paths: list[str], entry_checks: tuple[EntryCheck, ...] = ()) -> tuple[list[Problem], bool]:
    """Check files and directories of glossaries as they would be used together, each entry
    also by ``entry_checks``. Returns the problems and whether some file could not be read
    or parsed at all."""
    problems: list[Problem] = []
    unreadable = False
    glossaries: list[Glossary] = []
    try:
        files = glossary_files(paths)
    except GlossaError as exc:
        return [Problem(exc.path or "?", exc.line or 0, "error", exc.message)], True
    for path in files:
        try:
            doc = parse_for_reading(path)
        except GlossaError as exc:
            problems.append(Problem(path, exc.line or 0, "error", exc.message))
            unreadable = True
            continue
        problems.extend(check_document(doc, path, entry_checks))
        usable = usable_glossary(doc, path)
        if usable is not None:
            glossaries.append(usable)
    problems.extend(check_merge(glossaries))
    return problems, unreadable
