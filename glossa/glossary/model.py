"""Term and Glossary: immutable values, and the merging of several glossary files."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("person", "place", "org", "title", "product", "term")
# Kinds whose matches must be capitalised in the text unless the entry says otherwise.
PROPER_KINDS = frozenset({"person", "place", "org", "product"})
MATCH_MODES = ("lemma", "exact")
LIST_FIELDS = ("variants", "forms", "forbidden")
ENFORCE_MODES = ("always", "suggest")
STATUSES = ("proposed",)

# Field order of an entry as glossa writes it.
FIELD_ORDER = ("id", "source", "target", "kind", "variants", "forms", "forbidden", "note", "match", "case_sensitive",
               "enforce", "status")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry was read from, for messages; never part of a term's identity."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Term:
    source: str
    target: str
    kind: str = "term"
    variants: tuple[str, ...] = ()      # other renderings, replaced by the target
    forms: tuple[str, ...] = ()         # other right renderings (France → French), kept
    forbidden: tuple[str, ...] = ()     # renderings that must never stand in a translation (Kiev)
    note: str | None = None
    match: str = "lemma"
    case_sensitive: bool | None = None
    enforce: str = "always"
    id: str | None = None
    status: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def is_proper(self) -> bool:
        return self.kind in PROPER_KINDS

    @property
    def key(self) -> tuple[str, str]:
        """Identity within a glossary (``entry_key``)."""
        return entry_key(self.source, self.kind, self.id)

    def is_default(self, name: str) -> bool:
        """Whether the field holds the value an entry may leave out."""
        return getattr(self, name) == getattr(DEFAULT_TERM, name)

    def where(self) -> str:
        return f"{self.origin.path}:{self.origin.line}" if self.origin else "<glossary>"

    def brief(self) -> dict:
        return {"source": self.source, "target": self.target, "kind": self.kind}

    def as_mapping(self) -> dict:
        """The entry's fields in file order, defaults left out."""
        out: dict = {}
        for name in FIELD_ORDER:
            value = getattr(self, name)
            if name in ("source", "target", "kind") or not self.is_default(name):
                out[name] = list(value) if isinstance(value, tuple) else value
        return out


DEFAULT_TERM = Term("", "")   # the defaults an entry may leave out


def entry_key(source: str, kind: str, ident: str | None) -> tuple[str, str]:
    """An entry's identity within a glossary: its id when it has one, else its source as
    matching compares it (``normalise``) and its kind. Checks, edits and merges all ask this."""
    return ("id", ident) if ident else (normalise(source), kind)


def normalise(text: str) -> str:
    """Comparison form: case-folded, ё as е, quotes dropped, spaces collapsed."""
    text = text.casefold().replace("ё", "е").replace("\u00a0", " ")
    text = "".join(ch for ch in text if ch not in QUOTES)
    return " ".join(text.split())


QUOTES = "«»„“”\"'‘’‹›"


@dataclass(frozen=True)
class Glossary:
    source_lang: str
    target_lang: str
    terms: tuple[Term, ...] = ()
    paths: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.terms)

    def renderable(self) -> Glossary:
        """The entries with a target: a proposed entry whose target is still to fill (an
        abbreviation nobody has expanded yet) has nothing to render or check."""
        return Glossary(self.source_lang, self.target_lang, tuple(t for t in self.terms if t.target),
                        self.paths)


class MergeConflict(Exception):
    """Problems as (path, line, message) triples, the first one as the exception text."""

    def __init__(self, problems: list[tuple[str, int, str]]) -> None:
        self.problems = problems
        path, line, message = problems[0]
        super().__init__(f"{path}:{line}: {message}")


def _forbidden_conflicts(terms: list[Term]) -> list[tuple[str, int, str]]:
    """A rendering one entry forbids that another entry (in any file) writes or keeps as
    right: the glossary would replace it and flag it at once."""
    right: dict[str, Term] = {}
    for term in terms:
        for rendering in (term.target, *term.forms):
            right.setdefault(rendering.casefold(), term)
    problems = []
    for term in terms:
        for rendering in term.forbidden:
            other = right.get(rendering.casefold())
            if other is not None and other is not term:
                problems.append((term.origin.path if term.origin else "<glossary>",
                                 term.origin.line if term.origin else 0,
                                 f"conflict: {term.source!r} forbids {rendering!r}, which {other.source!r} "
                                 f"({other.kind}) renders as right at {other.where()}"))
    return problems


def merge(glossaries: list[Glossary]) -> Glossary:
    """Merge glossaries (at least one) for one language pair.

    An entry repeated identically in another file is taken once; the same source and kind
    with another target (or other languages) is a conflict naming both places.
    """
    first = glossaries[0]
    problems: list[tuple[str, int, str]] = []
    seen: dict[tuple[str, str], Term] = {}
    terms: list[Term] = []
    for g in glossaries:
        if (g.source_lang, g.target_lang) != (first.source_lang, first.target_lang):
            problems.append((
                g.paths[0] if g.paths else "<glossary>", 1,
                f"language pair {g.source_lang}→{g.target_lang} differs from "
                f"{first.source_lang}→{first.target_lang} in "
                f"{first.paths[0] if first.paths else '<glossary>'}"))
            continue
        for term in g.terms:
            earlier = seen.get(term.key)
            if earlier is None:
                seen[term.key] = term
                terms.append(term)
            elif earlier.target != term.target:
                problems.append((
                    term.origin.path if term.origin else "<glossary>",
                    term.origin.line if term.origin else 0,
                    f"conflict: {term.source!r} ({term.kind}) → {term.target!r} here but "
                    f"→ {earlier.target!r} at {earlier.where()}"))
    problems += _forbidden_conflicts(terms)
    if problems:
        raise MergeConflict(problems)
    paths = tuple(p for g in glossaries for p in g.paths)
    return Glossary(first.source_lang, first.target_lang, tuple(terms), paths)
