"""Glossary ⇄ TBX term bases: ISO 30042:2019 TBX-Basic (``<tbx>``, ``conceptEntry``,
``langSec``, ``termSec``) written and read, TBX 2 / TBX-Basic (``<martif>``, ``termEntry``,
``langSet``, ``tig``/``ntig``) read.

One concept entry is one glossa entry. In the source language the preferred (else the first
usable) term is the entry's source, and each other usable source term an entry of its own with
the same rendering. In the target language the terms map by ``administrativeStatus``:
preferred → the target (the first; later ones are forms), admitted → forms (right renderings,
kept), superseded → variants (replaced), deprecated or forbidden → forbidden renderings. Notes
and definitions become the entry's note; part of speech is written (properNoun for names)
and, for an entry from another tool, a proper noun is matched case-sensitively. What TBX has
no place for (kind, id, match, enforce, status) travels in a concept-level note beginning
``glossa:``, so YAML → TBX → YAML gives back the same glossary.

XML is read as ``xml_input`` reads any outside XML: a file that declares entities (billion
laughs), nests deeper than libxml2 allows or is not well-formed is refused in one line. lxml
is used rather than translate-toolkit's TBX class: the latter reads TBX 2 only and is GPL,
while glossa is MIT.
"""

from __future__ import annotations

import re

from lxml import etree

from glossa.errors import GlossaError
from glossa.glossary.exchange import Exported, Read, pair_key
from glossa.glossary.model import PROPER_KINDS, Glossary, Term
from glossa.glossary.updates import Incoming
from glossa.languages import takes
from glossa.xml_input import local_name, parse_xml

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPTIONS_NOTE = "glossa:"           # a concept note that carries the fields TBX has no place for
OPTION_FIELDS = ("kind", "id", "match", "case_sensitive", "enforce", "status")
STATED = re.compile(r"glossa glossary: ([\w-]+)→([\w-]+)")
STATUS_SUFFIX = "-admn-sts"
STATUS_FIELD = {"preferredTerm": "target", "admittedTerm": "forms", "supersededTerm": "variants",
                "deprecatedTerm": "forbidden", "forbiddenTerm": "forbidden"}
FIELD_STATUS = {"forms": "admittedTerm", "variants": "supersededTerm", "forbidden": "deprecatedTerm"}


# --- export

def export(glossary: Glossary, header: bool = False) -> Exported:
    """Every entry as a TBX-Basic concept entry (``header``: a TBX names its languages itself)."""
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS},
                         attrib={"type": "TBX-Basic", "style": "dca", XML_LANG: glossary.target_lang})
    description = _sub(_sub(_sub(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    _sub(description, "p", f"glossa glossary: {glossary.source_lang}→{glossary.target_lang}")
    body = _sub(_sub(root, "text"), "body")
    for n, term in enumerate(glossary.terms, 1):
        body.append(_concept(term, f"c{n}", glossary))
    return Exported('<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode",
                                                                               pretty_print=True))


def _concept(term: Term, ident: str, glossary: Glossary) -> etree._Element:
    concept = etree.Element(f"{{{TBX_NS}}}conceptEntry", id=ident)
    options = [f"{name}={_option(getattr(term, name))}" for name in OPTION_FIELDS
               if name == "kind" or not term.is_default(name)]
    _sub(concept, "note", f"{OPTIONS_NOTE} " + "; ".join(options))
    if term.note:
        _sub(concept, "note", term.note)
    speech = "properNoun" if term.kind in PROPER_KINDS else "noun"
    _lang_section(concept, glossary.source_lang, [(term.source, "preferredTerm")], speech)
    target_terms = [(term.target, "preferredTerm")] + [
        (text, FIELD_STATUS[name]) for name in ("forms", "variants", "forbidden") for text in getattr(term, name)]
    _lang_section(concept, glossary.target_lang, target_terms, speech)
    return concept


def _lang_section(concept, lang: str, terms: list[tuple[str, str]], speech: str) -> None:
    section = _sub(concept, "langSec", attrib={XML_LANG: lang})
    for text, status in terms:
        term_section = _sub(section, "termSec")
        _sub(term_section, "term", text)
        _sub(term_section, "termNote", speech, {"type": "partOfSpeech"})
        _sub(term_section, "termNote", status + STATUS_SUFFIX, {"type": "administrativeStatus"})


def _sub(parent, tag: str, text: str | None = None, attrib: dict | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", attrib=attrib or {})
    element.text = text
    return element


def _option(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


# --- import

def read(path: str, wanted: tuple[str, str] | None = None) -> Read:
    """The entries for the pair the file states (a glossa export names it in its header),
    else for the language pair ``wanted`` (the import's --from/--to, or the pair of the
    glossary imported into): a term base may hold any number of languages, and which is the
    source is not written in it."""
    root = parse(path)
    concepts = _concepts(root)
    languages = _stated(root) or wanted
    if languages is None:
        present = sorted({lang for concept in concepts for lang, _ in concept.sections})
        raise GlossaError(f"the file has terms in {', '.join(present) or 'no language'} and does not say "
                          "which pair to take; give --from and --to", path)
    return _entries(path, concepts, languages)


def parse(path: str) -> etree._Element:
    """The root of a TBX file, parsed safely; one-line errors for what is not a TBX."""
    _, tree = parse_xml(path, "TBX")
    root = tree.getroot()
    if local_name(root) not in ("tbx", "martif"):
        raise GlossaError(f"not a TBX file (the root element is <{local_name(root)}>, "
                          "expected <tbx> or <martif>)", path, root.sourceline)
    return root


class _Concept:
    """One concept entry: its line, its concept-level notes, and (language, [(term, status,
    part of speech, line)]) per language section."""

    def __init__(self, element) -> None:
        self.line = element.sourceline
        self.notes = [_note_text(n) for n in _children(element, "note")]
        self.definitions = [(_language_of(d), _note_text(d)) for d in _descendants(element, "descrip")
                            if d.get("type") == "definition"]
        self.sections = []
        for section in _children(element, "langSec", "langSet"):
            lang = section.get(XML_LANG) or section.get("lang") or ""
            terms = []
            for holder in _descendants(section, "termSec", "tig", "ntig"):
                term = next(_descendants(holder, "term"), None)
                if term is None or not _text(term):
                    continue
                notes = {n.get("type"): _text(n) for n in _descendants(holder, "termNote")}
                status = (notes.get("administrativeStatus") or "").removesuffix(STATUS_SUFFIX)
                terms.append((_text(term), status, notes.get("partOfSpeech"), term.sourceline))
            self.sections.append((lang, terms))
            self.notes += [_note_text(n) for n in _children(section, "note")]


def _concepts(root) -> list[_Concept]:
    return [_Concept(e) for e in _descendants(root, "conceptEntry", "termEntry")]


def _stated(root) -> tuple[str, str] | None:
    for p in _descendants(root, "p"):
        found = STATED.fullmatch(_text(p))
        if found:
            return found.group(1), found.group(2)
    return None


def _entries(path: str, concepts: list[_Concept], languages: tuple[str, str]) -> Read:
    source_lang, target_lang = pair_key(languages)
    incoming: list[Incoming] = []
    skipped: list[str] = []
    for concept in concepts:
        sources = _terms_in(concept, source_lang)
        targets = _terms_in(concept, target_lang)
        usable = [t for t in sources if STATUS_FIELD.get(t[1], "target") in ("target", "forms")]
        if not usable or not targets:
            skipped.append(f"concept at {path}:{concept.line}: no {source_lang if not usable else target_lang} term")
            continue
        fields, kind, ident = _fields(concept, targets, path)
        target = fields.pop("target")
        if target is None:
            skipped.append(f"concept at {path}:{concept.line}: no preferred or admitted {target_lang} term")
            continue
        preferred = sorted(usable, key=lambda t: t[1] != "preferredTerm")
        for n, (text, _, _, line) in enumerate(preferred):
            incoming.append(Incoming(text, target, line or concept.line, kind=kind, id=ident if n == 0 else None,
                                     fields=dict(fields)))
    return Read(languages, incoming, skipped)


def _terms_in(concept: _Concept, lang: str) -> list[tuple[str, str, str | None, int]]:
    """The terms of the language sections in ``lang``: the code itself, or for a code with no
    region any region of it (en takes en-US and en-GB)."""
    return [t for code, terms in concept.sections if takes(code, lang) for t in terms]


def _fields(concept: _Concept, targets, path: str) -> tuple[dict, str, str | None]:
    """The entry's fields from its target terms and notes, its kind and its id."""
    lists: dict[str, list[str]] = {"target": [], "forms": [], "variants": [], "forbidden": []}
    for text, status, _, _ in targets:
        lists[STATUS_FIELD.get(status, "forms" if lists["target"] else "target")].append(text)
    target = lists["target"][0] if lists["target"] else (lists["forms"].pop(0) if lists["forms"] else None)
    forms = lists["target"][1:] + lists["forms"]
    options: dict[str, str] = {}
    notes = []
    for note in concept.notes:
        if note.startswith(OPTIONS_NOTE):
            for item in note[len(OPTIONS_NOTE):].split(";"):
                name, _, value = item.strip().partition("=")
                if name in OPTION_FIELDS:
                    options[name] = value
                elif item.strip():
                    raise GlossaError(f"unknown glossa option {item.strip()!r}", path, concept.line)
        elif note:
            notes.append(note)
    notes += [f"Definition ({lang}): {text}" if lang else f"Definition: {text}"
              for lang, text in concept.definitions if text]
    case_sensitive: bool | None = None
    if "case_sensitive" in options:
        case_sensitive = options["case_sensitive"] == "true"
    elif "kind" not in options and any(speech == "properNoun" for _, _, speech, _ in targets):
        case_sensitive = True   # another tool's proper noun: its capitals are part of it
    fields = {"target": target, "variants": tuple(lists["variants"]), "forms": tuple(forms),
              "forbidden": tuple(lists["forbidden"]), "note": "\n".join(notes) or None,
              "match": options.get("match"), "enforce": options.get("enforce"), "status": options.get("status"),
              "case_sensitive": case_sensitive}
    return fields, options.get("kind", "term"), options.get("id")


def _language_of(element) -> str:
    """The xml:lang of the nearest language section around an element, "" outside one."""
    for above in element.iterancestors():
        if local_name(above) in ("langSec", "langSet"):
            return above.get(XML_LANG) or above.get("lang") or ""
    return ""


def _children(element, *names: str):
    return (child for child in element if local_name(child) in names)


def _descendants(element, *names: str):
    return (e for e in element.iter() if local_name(e) in names)


def _text(element) -> str:
    """An element's text, its runs of white space one space (XML indents and wraps terms)."""
    return " ".join("".join(element.itertext()).split())


def _note_text(element) -> str:
    """A note's text, its lines kept but for the breaks an XML editor wrapped and indented
    it with, which are one space."""
    return re.sub(r"[ \t]*\n[ \t]+", " ", "".join(element.itertext())).strip()
